import { sql, type Kysely } from 'kysely';

/** The self-service assistant: its settings per clinic and its dialog state per conversation. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table assistant_settings (
      organization_id uuid primary key references organizations,
      chat_enabled boolean not null default false,
      sms_enabled boolean not null default false,
      emergency_number text not null default '911',
      crisis_line text not null default '988',
      handoff_department_id uuid references departments,
      greeting text,
      llm_base_url text,
      llm_model text,
      -- Off: names, birth dates and phone numbers are stripped before anything reaches the model.
      llm_allow_phi boolean not null default false,
      on_duty_user_ids uuid[] not null default '{}',
      updated_by uuid references users,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table assistant_sessions (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      conversation_id uuid not null references conversations,
      cycle integer not null default 1,
      step text not null default 'idle' check (step in ('idle', 'verifying', 'choosing_service', 'choosing_slot', 'confirming_change', 'handed_off')),
      language text not null default 'en' check (language in ('en', 'es')),
      intent text check (intent in ('book', 'reschedule', 'confirm', 'cancel')),
      patient_id uuid references patients,
      verified_by text check (verified_by in ('name_and_birth_date', 'signed_link')),
      verify_attempts integer not null default 0,
      failed_answers integer not null default 0,
      service_id uuid,
      service_name text,
      appointment_id uuid,
      appointment_label text,
      offered jsonb not null default '[]',
      chosen_label text,
      booked_appointment_id uuid,
      red_flags jsonb not null default '[]',
      last_question text,
      last_article_title text,
      handed_off_at timestamptz,
      handoff_reason text,
      pending_message_ids uuid[] not null default '{}',
      lease_owner text,
      lease_until timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, conversation_id)
    );
    create index assistant_sessions_patient on assistant_sessions (organization_id, patient_id) where patient_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table assistant_sessions; drop table assistant_settings;`.execute(db);
}
