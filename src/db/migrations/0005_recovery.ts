import { sql, type Kysely } from 'kysely';

/** Recovery cases: an unhappy answer (detractor, low CSAT, complaint words) gets an owner, a deadline and an outcome. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The department's owner: who answers for it when a patient of that department is unhappy.
    alter table departments add column owner_id uuid references users;

    create table recovery_cases (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      patient_id uuid not null references patients,
      response_id uuid not null unique references survey_responses,
      department_id uuid references departments,
      owner_id uuid references users,
      reasons text[] not null,
      status text not null default 'open' check (status in ('open', 'closed')),
      due_at timestamptz not null,
      task_id uuid references follow_up_tasks,
      outcome text check (outcome in ('resolved', 'escalated', 'no_contact')),
      outcome_note text,
      resurvey_invitation_id uuid references survey_invitations,
      closed_at timestamptz,
      closed_by uuid references users,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((status = 'closed') = (outcome is not null))
    );
    create index recovery_cases_open on recovery_cases (organization_id, status, due_at);
    create index recovery_cases_patient on recovery_cases (organization_id, patient_id);
    create index recovery_cases_owner on recovery_cases (organization_id, owner_id, status);
  `.execute(db);
}
