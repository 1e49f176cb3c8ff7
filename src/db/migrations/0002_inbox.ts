import { sql, type Kysely } from 'kysely';

/** The omnichannel inbox, the channels that feed it, patient links and follow-up tasks. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Signed patient links that work once record their use here (platform/links.ts).
    create table used_links (
      link_id text primary key,
      used_at timestamptz not null default now()
    );

    -- The clinic's own addresses: an SMS/voice number, an e-mail mailbox (local part), a chat widget key.
    create table channel_endpoints (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      channel text not null check (channel in ('sms', 'voice', 'email', 'chat')),
      address text not null,
      name text not null,
      department_id uuid references departments,
      created_at timestamptz not null default now()
    );
    create unique index channel_endpoints_address on channel_endpoints (channel, lower(address));

    -- Business hours per department (department_id null: the clinic's default); weekday 1 = Monday.
    create table business_hours (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      department_id uuid references departments,
      weekday smallint not null check (weekday between 1 and 7),
      opens time not null,
      closes time not null check (closes > opens)
    );
    create index business_hours_org on business_hours (organization_id, department_id);

    create table holidays (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      department_id uuid references departments,
      day date not null,
      name text not null
    );
    create unique index holidays_day on holidays (organization_id, coalesce(department_id, '00000000-0000-0000-0000-000000000000'), day);

    create table sla_policies (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      name text not null,
      department_id uuid references departments,
      priority text not null check (priority in ('low', 'normal', 'high', 'urgent')),
      first_response_minutes integer check (first_response_minutes > 0),
      next_response_minutes integer check (next_response_minutes > 0),
      resolution_minutes integer check (resolution_minutes > 0),
      business_hours boolean not null default true,
      warn_before_minutes integer not null default 15 check (warn_before_minutes >= 0),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index sla_policies_scope on sla_policies (organization_id, coalesce(department_id, '00000000-0000-0000-0000-000000000000'), priority);

    create sequence conversation_number_seq;
    create table conversations (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      number bigint not null default nextval('conversation_number_seq'),
      channel text not null check (channel in ('sms', 'email', 'chat', 'voice', 'portal')),
      -- the clinic's address the patient wrote to (number, mailbox, widget key)
      endpoint text,
      patient_id uuid references patients,
      -- the sender's address while no patient is linked (and kept after, for reference)
      contact_address text,
      contact_name text,
      subject text,
      status text not null default 'open' check (status in ('open', 'pending', 'snoozed', 'resolved', 'merged')),
      priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
      department_id uuid references departments,
      assignee_id uuid references users,
      labels text[] not null default '{}',
      snoozed_until timestamptz,
      merged_into uuid references conversations,
      -- the last patient message no human has answered yet (null: nothing is waiting)
      waiting_since timestamptz,
      reopen_count integer not null default 0,
      sla_policy_id uuid references sla_policies,
      first_response_due_at timestamptz,
      next_response_due_at timestamptz,
      resolution_due_at timestamptz,
      -- which SLA warnings were already raised for the current due times ('first_response', ...)
      sla_warned text[] not null default '{}',
      last_message_at timestamptz not null default now(),
      last_message_preview text,
      resolved_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, number)
    );
    create index conversations_list on conversations (organization_id, status, last_message_at desc);
    create index conversations_patient on conversations (organization_id, patient_id, channel);
    create index conversations_contact on conversations (organization_id, channel, lower(contact_address));
    create index conversations_assignee on conversations (organization_id, assignee_id) where status in ('open', 'pending');
    create index conversations_due on conversations (organization_id, first_response_due_at, next_response_due_at, resolution_due_at) where status in ('open', 'pending');
    create index conversations_snoozed on conversations (snoozed_until) where status = 'snoozed';

    create table messages (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      conversation_id uuid not null references conversations,
      patient_id uuid references patients,
      channel text not null check (channel in ('sms', 'email', 'chat', 'voice', 'portal')),
      -- in: from the patient; out: to the patient; note: internal, staff only; event: what happened (call, opt-out)
      direction text not null check (direction in ('in', 'out', 'note', 'event')),
      author_type text not null check (author_type in ('patient', 'staff', 'bot', 'automation', 'system')),
      author_id uuid,
      author_label text not null,
      sender_address text,
      body text not null,
      subject text,
      -- provider's id (Twilio MessageSid/CallSid, e-mail Message-ID, widget client id): a retry is not a second message
      external_id text,
      email_references text[] not null default '{}',
      mentions uuid[] not null default '{}',
      call jsonb,
      status text not null default 'received' check (status in ('received', 'scheduled', 'queued', 'sent', 'delivered', 'failed', 'test', 'cancelled')),
      send_at timestamptz,
      created_at timestamptz not null default now()
    );
    create unique index messages_external on messages (organization_id, channel, external_id) where external_id is not null;
    create index messages_conversation on messages (conversation_id, created_at);
    create index messages_scheduled on messages (send_at) where status = 'scheduled';

    create table attachments (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      message_id uuid not null references messages,
      file_name text not null,
      content_type text not null,
      size_bytes integer not null,
      content bytea not null,
      created_at timestamptz not null default now()
    );
    create index attachments_message on attachments (message_id);

    -- Every e-mail received, as it arrived, so a message the parser could not read is never lost.
    create table inbound_emails (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid references organizations,
      envelope_from text,
      envelope_to text[] not null,
      raw bytea not null,
      outcome text not null,
      message_id uuid references messages,
      created_at timestamptz not null default now()
    );

    -- Numbers that texted STOP: nothing but the STOP confirmation is sent to them until START.
    create table sms_opt_outs (
      organization_id uuid not null references organizations,
      phone text not null,
      opted_out_at timestamptz not null default now(),
      primary key (organization_id, phone)
    );

    -- Every message to a patient, on any channel, from any module. Delivered by the channels.deliver job.
    create table outbox (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      idempotency_key text not null,
      purpose text not null,
      channel text not null check (channel in ('sms', 'email', 'chat')),
      patient_id uuid references patients,
      conversation_id uuid references conversations,
      message_id uuid references messages,
      recipient text not null,
      sender text,
      subject text,
      body text not null,
      email_headers jsonb,
      status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'delivered', 'failed', 'undelivered', 'test', 'cancelled')),
      test_mode boolean not null default false,
      attempts integer not null default 0,
      last_error text,
      provider_id text,
      send_after timestamptz not null default now(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      sent_at timestamptz,
      delivered_at timestamptz,
      unique (organization_id, idempotency_key)
    );
    create index outbox_pending on outbox (send_after) where status in ('queued', 'sending');
    create index outbox_provider on outbox (provider_id) where provider_id is not null;
    create index outbox_list on outbox (organization_id, created_at desc);

    -- Report facts: one row per patient message a human answered (or still has to): first and next responses.
    create table response_waits (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      conversation_id uuid not null references conversations,
      cycle integer not null,
      kind text not null check (kind in ('first', 'next')),
      channel text not null,
      department_id uuid,
      waiting_since timestamptz not null,
      responded_at timestamptz,
      responder_id uuid,
      seconds integer,
      business_seconds integer,
      -- resolved, merged or moved away before anyone answered: counted as unanswered, never as a response
      unanswered boolean not null default false
    );
    create index response_waits_period on response_waits (organization_id, responded_at);
    create unique index response_waits_open on response_waits (conversation_id) where responded_at is null and not unanswered;

    -- Report facts: one row per open-to-resolved cycle of a conversation (a reopen starts a new cycle).
    create table conversation_cycles (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      conversation_id uuid not null references conversations,
      cycle integer not null,
      channel text not null,
      department_id uuid,
      opened_at timestamptz not null,
      reopened boolean not null,
      resolved_at timestamptz,
      resolved_by uuid,
      assignee_id uuid,
      seconds integer,
      business_seconds integer,
      unique (conversation_id, cycle)
    );
    create index conversation_cycles_period on conversation_cycles (organization_id, resolved_at);

    create table canned_replies (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      title text not null,
      shortcut text,
      body text not null,
      department_id uuid references departments,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index canned_replies_shortcut on canned_replies (organization_id, lower(shortcut)) where shortcut is not null;

    create table automation_rules (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      name text not null,
      event text not null,
      conditions jsonb not null default '[]',
      actions jsonb not null,
      enabled boolean not null default true,
      position integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index automation_rules_event on automation_rules (organization_id, event) where enabled;

    -- Where round-robin assignment left off, per team (department_id null: the whole clinic).
    create table assignment_cursors (
      organization_id uuid not null references organizations,
      scope text not null,
      last_user_id uuid,
      primary key (organization_id, scope)
    );

    -- Staff connected to the inbox's live updates (refreshed by their WebSocket's heartbeat).
    create table agent_presence (
      user_id uuid primary key references users,
      organization_id uuid not null references organizations,
      last_seen_at timestamptz not null
    );

    -- Web chat visitors: the widget's session, and the e-mail to continue on if they leave.
    create table chat_sessions (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      endpoint text not null,
      token_hash text not null unique,
      visitor_name text,
      visitor_email text,
      conversation_id uuid references conversations,
      -- The address that opened the session (the per-address limit on new sessions counts by it).
      client_ip text not null default '',
      last_seen_at timestamptz not null default now(),
      created_at timestamptz not null default now()
    );
    create index chat_sessions_conversation on chat_sessions (organization_id, conversation_id) where conversation_id is not null;
    create index chat_sessions_ip on chat_sessions (client_ip, created_at);

    -- Follow-up work for staff (callbacks, post-visit calls, ...): the care module's tasks.
    create table follow_up_tasks (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      patient_id uuid references patients,
      kind text not null check (kind in ('callback', 'post_visit_call', 'lab_result', 'recovery_call', 'referral_follow_up', 'other')),
      title text not null,
      details text,
      priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
      status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
      owner_id uuid references users,
      department_id uuid references departments,
      due_at timestamptz not null,
      outcome text,
      source_type text,
      source_id text,
      created_by_label text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      completed_at timestamptz
    );
    create index follow_up_tasks_open on follow_up_tasks (organization_id, status, due_at);
    create unique index follow_up_tasks_source on follow_up_tasks (organization_id, source_type, source_id) where source_id is not null;
  `.execute(db);
}
