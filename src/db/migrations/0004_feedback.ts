import { sql, type Kysely } from 'kysely';

/** Feedback: survey definitions, invitations (one signed one-time link each) and responses. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A survey and when it is sent. items: the questions (NPS, CSAT, effort, free text, CAHPS-style), English and Spanish.
    create table surveys (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      name text not null,
      trigger text not null check (trigger in ('visit_completed', 'conversation_resolved', 'referral_completed', 'manual')),
      delay_minutes integer not null default 120 check (delay_minutes between 0 and 43200),
      throttle_days integer not null default 30 check (throttle_days between 0 and 365),
      department_id uuid references departments,
      service_id uuid references services,
      intro text,
      intro_es text,
      items jsonb not null,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index surveys_trigger on surveys (organization_id, trigger) where active;

    -- One invitation per survey and thing surveyed (a visit, a conversation, a referral); manual ones have no source id.
    -- A conversation is surveyed once per cycle: a text thread reopened months later is a new matter.
    create table survey_invitations (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      survey_id uuid not null references surveys,
      patient_id uuid not null references patients,
      source_type text not null check (source_type in ('appointment', 'conversation', 'referral', 'manual', 'recovery')),
      source_id uuid,
      source_cycle integer not null default 0,
      department_id uuid references departments,
      provider_id uuid references providers,
      location_id uuid references locations,
      channel text,
      status text not null default 'scheduled' check (status in ('scheduled', 'sent', 'skipped', 'answered', 'cancelled')),
      send_at timestamptz not null,
      sent_at timestamptz,
      delivery_channel text check (delivery_channel in ('sms', 'email')),
      outbox_id uuid references outbox,
      skip_reason text,
      expires_at timestamptz,
      answered_at timestamptz,
      created_by_label text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (survey_id, source_type, source_id, source_cycle)
    );
    create index survey_invitations_due on survey_invitations (send_at) where status = 'scheduled';
    create index survey_invitations_patient on survey_invitations (organization_id, patient_id, sent_at);
    create index survey_invitations_sent on survey_invitations (organization_id, sent_at);

    -- The patient's answer: one per invitation. The scores are copied out of answers for the KPIs.
    create table survey_responses (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      invitation_id uuid not null unique references survey_invitations,
      survey_id uuid not null references surveys,
      patient_id uuid not null references patients,
      answers jsonb not null,
      nps smallint check (nps between 0 and 10),
      csat smallint check (csat between 1 and 5),
      ces smallint check (ces between 1 and 7),
      comment text,
      language text not null default 'en',
      department_id uuid references departments,
      provider_id uuid references providers,
      location_id uuid references locations,
      channel text,
      submitted_at timestamptz not null default now()
    );
    create index survey_responses_period on survey_responses (organization_id, submitted_at);
    create index survey_responses_patient on survey_responses (organization_id, patient_id, submitted_at);
  `.execute(db);
}
