import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;

    create table organizations (
      organization_id uuid primary key default gen_random_uuid(),
      name text not null,
      slug text not null unique,
      time_zone text not null default 'UTC',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table departments (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      name text not null,
      description text,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index departments_name on departments (organization_id, lower(name));

    create table users (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      email text not null,
      display_name text not null,
      role text not null check (role in ('admin', 'agent', 'clinician', 'quality_manager', 'viewer')),
      department_id uuid references departments,
      password_hash text not null,
      active boolean not null default true,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      last_login_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index users_email on users (lower(email));
    create index users_organization on users (organization_id);

    create table sessions (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      user_id uuid not null references users,
      token_hash text not null unique,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create index sessions_user on sessions (user_id);

    create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      name text not null,
      token_prefix text not null,
      token_hash text not null unique,
      role text not null check (role in ('admin', 'agent', 'clinician', 'quality_manager', 'viewer')),
      created_by uuid references users,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      expires_at timestamptz,
      revoked_at timestamptz
    );
    create index api_tokens_organization on api_tokens (organization_id);

    -- organization_id is null when the e-mail matched no account.
    create table login_attempts (
      id bigserial primary key,
      organization_id uuid references organizations,
      ip text not null,
      email text not null,
      succeeded boolean not null,
      created_at timestamptz not null default now()
    );
    create index login_attempts_ip on login_attempts (ip, created_at);
    create index login_attempts_email on login_attempts (email, created_at);

    create sequence patient_mrn_seq start 100001;

    create table patients (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      mrn text not null,
      given_name text not null,
      family_name text not null,
      preferred_name text,
      date_of_birth date not null,
      sex text not null default 'unknown' check (sex in ('female', 'male', 'other', 'unknown')),
      language text not null default 'en',
      preferred_channel text not null default 'sms' check (preferred_channel in ('sms', 'email', 'phone', 'none')),
      address jsonb,
      tags text[] not null default '{}',
      status text not null default 'active' check (status in ('active', 'merged')),
      replaced_by uuid references patients,
      -- lower case, without accents: 'Ramírez' is found by 'ramirez' (written by the patients store)
      search_name text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    -- MRNs are compared without regard to case: 'a-100' and 'A-100' are one record number.
    create unique index patients_mrn on patients (organization_id, lower(mrn));
    create index patients_search_trgm on patients using gin (search_name gin_trgm_ops);
    create index patients_family_name on patients (organization_id, lower(family_name));
    create index patients_birth on patients (organization_id, date_of_birth);
    create index patients_tags on patients using gin (tags);

    create table patient_contact_points (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      patient_id uuid not null references patients,
      kind text not null check (kind in ('phone', 'email')),
      value text not null,
      label text,
      is_primary boolean not null default false,
      consent_care boolean not null default true,
      consent_marketing boolean not null default false,
      consent_updated_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (patient_id, kind, value)
    );
    create index contact_points_value on patient_contact_points (organization_id, kind, value);

    create table patient_timeline (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      patient_id uuid not null references patients,
      event_type text not null,
      summary text not null,
      actor_label text,
      data jsonb not null default '{}',
      occurred_at timestamptz not null,
      created_at timestamptz not null default now()
    );
    create index patient_timeline_patient on patient_timeline (patient_id, occurred_at desc);

    create table patient_imports (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      created_by uuid not null,
      file_name text,
      csv text not null,
      status text not null check (status in ('queued', 'running', 'done', 'failed')),
      total_rows integer not null default 0,
      processed_rows integer not null default 0,
      created_rows integer not null default 0,
      failed_rows integer not null default 0,
      errors jsonb not null default '[]',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table audit_log (
      id bigserial primary key,
      organization_id uuid not null references organizations,
      seq bigint not null,
      at timestamptz not null,
      actor_type text not null,
      actor_id uuid,
      actor_label text not null,
      action text not null,
      entity_type text not null,
      entity_id text,
      patient_id uuid,
      source text not null,
      details jsonb not null default '{}',
      prev_hash text not null,
      hash text not null,
      unique (organization_id, seq)
    );
    create index audit_log_patient on audit_log (organization_id, patient_id, at desc) where patient_id is not null;

    create table audit_heads (
      organization_id uuid primary key references organizations,
      seq bigint not null,
      hash text not null
    );

    create function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end $$;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_is_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_is_append_only();
    -- A chain's head only moves forward; it is never removed.
    create trigger audit_heads_kept before delete or truncate on audit_heads
      for each statement execute function audit_log_is_append_only();
  `.execute(db);
}
