import { sql, type Kysely } from 'kysely';

/** Referrals: a patient sent to a specialty, an external provider or a test, followed until the result is back. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table referrals (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      patient_id uuid not null references patients,
      kind text not null check (kind in ('specialty', 'external', 'test')),
      urgency text not null check (urgency in ('routine', 'urgent', 'emergency')),
      status text not null default 'sent' check (status in ('sent', 'scheduled', 'completed', 'result_received', 'declined', 'cancelled')),
      -- What or whom the patient is sent to: "Cardiology", "Dr. Lee, St. Mary's", "Echocardiogram".
      destination text not null,
      reason text not null,
      notes text,
      department_id uuid references departments,
      referred_by uuid references users,
      referred_by_label text not null,
      due_at timestamptz not null,
      -- The visit booked for it: a visit of this clinic (appointment_id) or one arranged elsewhere (only its time).
      appointment_id uuid references appointments,
      appointment_at timestamptz,
      provider_id uuid references providers,
      location_id uuid references locations,
      result_summary text,
      close_reason text,
      sent_at timestamptz not null default now(),
      scheduled_at timestamptz,
      completed_at timestamptz,
      result_received_at timestamptz,
      closed_at timestamptz,
      overdue_notified_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((status in ('declined', 'cancelled')) = (close_reason is not null)),
      check ((status = 'result_received') = (result_summary is not null))
    );
    -- The worklist: open referrals of a clinic by due time; a patient's referrals; the visit behind one.
    create index referrals_open on referrals (organization_id, status, due_at);
    create index referrals_patient on referrals (organization_id, patient_id);
    create index referrals_appointment on referrals (appointment_id) where appointment_id is not null;
    -- The facts are read by the day a referral was sent and the day its result came back.
    create index referrals_sent on referrals (organization_id, sent_at);
    create index referrals_result on referrals (organization_id, result_received_at) where result_received_at is not null;
    -- The overdue job's scan: open, past due, not yet announced.
    create index referrals_overdue on referrals (due_at) where overdue_notified_at is null and status in ('sent', 'scheduled', 'completed');

    -- Every move of a referral, with who made it and why: the detail page's history.
    create table referral_status_changes (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      referral_id uuid not null references referrals,
      from_status text,
      to_status text not null,
      note text,
      actor_label text not null,
      at timestamptz not null default now()
    );
    create index referral_status_changes_referral on referral_status_changes (referral_id, at);

    -- Referrals are a KPI family of their own (closure rate, days to close).
    alter table kpi_dirty_days drop constraint kpi_dirty_days_family_check;
    alter table kpi_dirty_days add constraint kpi_dirty_days_family_check check (family in ('inbox', 'visits', 'surveys', 'referrals'));
  `.execute(db);
}
