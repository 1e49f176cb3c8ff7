import { sql, type Kysely } from 'kysely';

/** Scheduling (locations, providers, services, hours, appointments, waitlist, reminders) and check-in. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Equality on uuid inside a GiST exclusion constraint (no double booking) needs btree_gist.
    create extension if not exists btree_gist;

    create table locations (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      name text not null,
      time_zone text not null,
      address text,
      phone text,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index locations_org on locations (organization_id);

    create table providers (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      name text not null,
      title text,
      user_id uuid references users,
      department_id uuid references departments,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index providers_org on providers (organization_id);

    -- A visit type: how long it takes, the time kept free around it, who may book it, when reminders go.
    create table services (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      name text not null,
      description text,
      department_id uuid references departments,
      duration_minutes integer not null check (duration_minutes between 5 and 720),
      buffer_before_minutes integer not null default 0 check (buffer_before_minutes between 0 and 240),
      buffer_after_minutes integer not null default 0 check (buffer_after_minutes between 0 and 240),
      slot_step_minutes integer not null default 15 check (slot_step_minutes between 5 and 240),
      online_booking boolean not null default true,
      new_patients_online boolean not null default true,
      max_days_ahead integer not null default 90 check (max_days_ahead between 1 and 730),
      min_notice_minutes integer not null default 120 check (min_notice_minutes between 0 and 43200),
      max_per_day integer check (max_per_day > 0),
      reminder_offsets_minutes integer[] not null default '{10080,2880,120}',
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index services_org on services (organization_id);

    -- Which providers offer a service, and where.
    create table service_offerings (
      organization_id uuid not null references organizations,
      service_id uuid not null references services,
      provider_id uuid not null references providers,
      location_id uuid not null references locations,
      primary key (service_id, provider_id, location_id)
    );
    create index service_offerings_provider on service_offerings (provider_id);

    -- Weekly working hours, in the location's wall-clock time; several periods a day are several rows.
    create table working_hours (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      provider_id uuid not null references providers,
      location_id uuid not null references locations,
      weekday smallint not null check (weekday between 1 and 7),
      starts time not null,
      ends time not null check (ends > starts)
    );
    create index working_hours_provider on working_hours (provider_id);

    -- Time off and holidays remove time; extra hours add it. provider_id null: everyone (at location_id, or everywhere).
    create table schedule_exceptions (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      provider_id uuid references providers,
      location_id uuid references locations,
      kind text not null check (kind in ('time_off', 'holiday', 'extra_hours')),
      starts_at timestamptz not null,
      ends_at timestamptz not null check (ends_at > starts_at),
      reason text,
      created_at timestamptz not null default now(),
      check (kind <> 'extra_hours' or (provider_id is not null and location_id is not null))
    );
    create index schedule_exceptions_range on schedule_exceptions (organization_id, ends_at, starts_at);

    create table appointments (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      patient_id uuid not null references patients,
      provider_id uuid not null references providers,
      location_id uuid not null references locations,
      service_id uuid not null references services,
      starts_at timestamptz not null,
      ends_at timestamptz not null check (ends_at > starts_at),
      -- The time the visit keeps from others: its buffers around it (copied from the service when booked).
      blocked_from timestamptz not null,
      blocked_until timestamptz not null,
      status text not null default 'booked' check (status in ('booked', 'confirmed', 'arrived', 'in_room', 'completed', 'cancelled', 'no_show')),
      overbooked boolean not null default false,
      overbook_reason text,
      source text not null check (source in ('staff', 'online', 'api', 'waitlist', 'sms')),
      booked_by text not null,
      notes text,
      cancel_reason text check (cancel_reason in ('patient_request', 'clinic', 'provider_unavailable', 'weather', 'no_show', 'rescheduled', 'duplicate', 'other')),
      cancel_note text,
      cancelled_at timestamptz,
      cancelled_by text,
      confirmed_at timestamptz,
      reschedule_requested_at timestamptz,
      arrived_at timestamptz,
      in_room_at timestamptz,
      completed_at timestamptz,
      no_show_at timestamptz,
      rescheduled_from uuid references appointments,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (blocked_from <= starts_at and blocked_until >= ends_at),
      -- No double booking, ever: two live visits of one provider never share a moment (buffers included).
      -- An overbooking is an explicit, audited override and stands outside the rule.
      constraint appointments_no_double_booking exclude using gist (
        provider_id with =, tstzrange(blocked_from, blocked_until, '[)') with &&
      ) where (status in ('booked', 'confirmed', 'arrived', 'in_room', 'completed') and not overbooked)
    );
    create index appointments_calendar on appointments (organization_id, starts_at);
    create index appointments_provider on appointments (provider_id, starts_at);
    create index appointments_patient on appointments (organization_id, patient_id, starts_at);
    -- The no-show sweep looks across clinics for visits that never began.
    create index appointments_open_by_start on appointments (starts_at) where status in ('booked', 'confirmed');

    create table waitlist_entries (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      patient_id uuid not null references patients,
      service_id uuid not null references services,
      provider_id uuid references providers,
      location_id uuid references locations,
      earliest date not null,
      latest date not null check (latest >= earliest),
      priority smallint not null default 0,
      note text,
      status text not null default 'waiting' check (status in ('waiting', 'booked', 'removed')),
      appointment_id uuid references appointments,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index waitlist_waiting on waitlist_entries (organization_id, service_id) where status = 'waiting';

    -- A freed slot offered to waiting patients; offers of one slot share slot_key, and the first to accept wins.
    create table waitlist_offers (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      entry_id uuid not null references waitlist_entries,
      slot_key text not null,
      provider_id uuid not null references providers,
      location_id uuid not null references locations,
      service_id uuid not null references services,
      starts_at timestamptz not null,
      status text not null default 'open' check (status in ('open', 'accepted', 'gone', 'declined', 'expired')),
      expires_at timestamptz not null,
      appointment_id uuid references appointments,
      answered_at timestamptz,
      created_at timestamptz not null default now(),
      unique (entry_id, slot_key)
    );
    create index waitlist_offers_slot on waitlist_offers (slot_key);

    -- One row per reminder an appointment should get; sent at most once (idempotency key in the outbox).
    create table appointment_reminders (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      appointment_id uuid not null references appointments,
      offset_minutes integer not null,
      -- The start time the reminder was planned for: a moved appointment gets new rows, these are cancelled.
      planned_start timestamptz not null,
      due_at timestamptz not null,
      status text not null default 'scheduled' check (status in ('scheduled', 'sent', 'skipped', 'cancelled')),
      channel text,
      outbox_id uuid,
      skip_reason text,
      sent_at timestamptz,
      unique (appointment_id, offset_minutes, planned_start)
    );
    create index appointment_reminders_due on appointment_reminders (due_at) where status = 'scheduled';

    -- Check-in: the clinic's pre-visit questionnaires and the answers.
    create table questionnaires (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      title text not null,
      -- null: every service
      service_id uuid references services,
      items jsonb not null,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index questionnaires_org on questionnaires (organization_id);

    create table questionnaire_responses (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      questionnaire_id uuid not null references questionnaires,
      appointment_id uuid not null references appointments,
      patient_id uuid not null references patients,
      answers jsonb not null,
      submitted_at timestamptz not null default now(),
      unique (appointment_id, questionnaire_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table questionnaire_responses, questionnaires, appointment_reminders, waitlist_offers, waitlist_entries,
      appointments, schedule_exceptions, working_hours, service_offerings, services, providers, locations;
  `.execute(db);
}
