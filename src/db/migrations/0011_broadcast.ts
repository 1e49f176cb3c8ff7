import { sql, type Kysely } from 'kysely';

/** Broadcasts: one message to a segment of patients, each on a consented channel, sent once. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table broadcasts (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      title text not null,
      purpose text not null check (purpose in ('urgent_operational', 'operational', 'marketing')),
      status text not null default 'draft' check (status in ('draft', 'sending', 'sent', 'cancelled')),
      segment jsonb not null,
      segment_label text not null,
      sms_body text,
      email_subject text,
      email_body text,
      sms_per_minute integer not null default 600 check (sms_per_minute > 0),
      email_per_minute integer not null default 1200 check (email_per_minute > 0),
      -- Patients of the segment left out when the send started, by reason (noConsent, optedOut, ...).
      excluded jsonb not null default '{}',
      created_by uuid references users,
      created_by_name text,
      started_at timestamptz,
      started_by uuid references users,
      started_by_name text,
      finished_at timestamptz,
      cancelled_at timestamptz,
      -- The sender holding the broadcast: one at a time; a lapsed lease (a crashed worker) is taken over.
      lease_owner text,
      lease_until timestamptz,
      appointments_cancelled jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (sms_body is not null or email_body is not null),
      check ((email_body is null) = (email_subject is null))
    );
    create index broadcasts_list on broadcasts (organization_id, created_at desc);
    create index broadcasts_sending on broadcasts (status, lease_until) where status = 'sending';

    create table broadcast_recipients (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      broadcast_id uuid not null references broadcasts on delete cascade,
      patient_id uuid not null references patients,
      -- Appointment segments: the patient's visits in the segment (the first names the placeholders).
      appointment_ids uuid[] not null default '{}',
      -- What the placeholders need, read when the send started: {{firstName}}, {{appointmentDate}}.
      first_name text not null default '',
      visit_at timestamptz,
      channel text check (channel in ('sms', 'email')),
      address text,
      status text not null check (status in ('pending', 'queued', 'sent', 'delivered', 'failed', 'skipped', 'cancelled')),
      skip_reason text check (skip_reason in ('noConsent', 'optedOut', 'noContact', 'doNotContact')),
      outbox_id uuid,
      error text,
      queued_at timestamptz,
      sent_at timestamptz,
      delivered_at timestamptz,
      replied_at timestamptz,
      conversation_id uuid,
      created_at timestamptz not null default now(),
      -- Each patient once per broadcast.
      unique (broadcast_id, patient_id),
      check ((status = 'skipped') = (skip_reason is not null)),
      check (status = 'skipped' or channel is not null)
    );
    create index broadcast_recipients_pending on broadcast_recipients (broadcast_id, channel, id) where status = 'pending';
    create index broadcast_recipients_list on broadcast_recipients (broadcast_id, status, id);
    create index broadcast_recipients_outbox on broadcast_recipients (outbox_id) where outbox_id is not null;
    create index broadcast_recipients_reply on broadcast_recipients (organization_id, patient_id, queued_at desc) where queued_at is not null;
  `.execute(db);
}
