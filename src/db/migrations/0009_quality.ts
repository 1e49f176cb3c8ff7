import { sql, type Kysely } from 'kysely';

/** Quality: incident reports, root cause analysis (5 whys, fishbone) and corrective and preventive actions. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- An incident: what happened, where, to whom, how badly (AHRQ Common Formats harm scale, plus near miss).
    -- An anonymous report stores no reporter at all (reporter_id and reporter_label are both null).
    create table incidents (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      number integer not null,
      title text not null,
      description text not null,
      occurred_at timestamptz not null,
      location_id uuid references locations,
      department_id uuid references departments,
      category text not null check (category in (
        'medication', 'fall', 'patient_identification', 'diagnostic_test', 'treatment_procedure', 'infection',
        'equipment', 'communication', 'access_scheduling', 'privacy', 'behaviour_security', 'facility', 'other')),
      harm_level text not null check (harm_level in ('near_miss', 'none', 'mild', 'moderate', 'severe', 'death')),
      patient_id uuid references patients,
      immediate_actions text,
      source text not null check (source in ('staff', 'complaint', 'recovery_case')),
      source_id uuid,
      anonymous boolean not null default false,
      reporter_id uuid references users,
      reporter_label text,
      status text not null default 'reported' check (status in ('reported', 'under_review', 'investigating', 'actions_open', 'closed')),
      status_note text,
      closed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organization_id, number),
      check (not anonymous or (reporter_id is null and reporter_label is null)),
      check ((source = 'staff') = (source_id is null)),
      check ((status = 'closed') = (closed_at is not null))
    );
    -- One incident per escalated recovery case.
    create unique index incidents_recovery_case on incidents (organization_id, source_id) where source = 'recovery_case';
    create index incidents_by_time on incidents (organization_id, occurred_at);
    create index incidents_by_status on incidents (organization_id, status, created_at);
    create index incidents_by_reporter on incidents (organization_id, reporter_id) where reporter_id is not null;
    create index incidents_by_patient on incidents (organization_id, patient_id) where patient_id is not null;

    -- The analysis of an incident: the problem as stated, the root cause found, and when the team called it done.
    create table incident_analyses (
      incident_id uuid primary key references incidents,
      organization_id uuid not null references organizations,
      problem_statement text,
      root_cause text,
      completed_at timestamptz,
      updated_by_label text not null,
      updated_at timestamptz not null default now()
    );

    -- The analysis' entries: the 5-whys chain (ordered), fishbone causes (by category) and contributing factors.
    create table incident_analysis_entries (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      incident_id uuid not null references incidents,
      kind text not null check (kind in ('why', 'cause', 'factor')),
      position integer not null check (position >= 0),
      category text check (category in ('people', 'process', 'equipment', 'environment', 'communication', 'policy')),
      text text not null,
      unique (incident_id, kind, position),
      check ((kind = 'cause') = (category is not null))
    );

    -- Corrective and preventive actions: an owner, a due date (due_at: the end of that day in the clinic's zone),
    -- completion, and the check that it worked.
    create table capa_actions (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      incident_id uuid not null references incidents,
      kind text not null check (kind in ('corrective', 'preventive')),
      title text not null,
      description text,
      owner_id uuid not null references users,
      due_date date not null,
      due_at timestamptz not null,
      status text not null default 'open' check (status in ('open', 'completed', 'effective', 'not_effective', 'cancelled')),
      completed_at timestamptz,
      completed_by_label text,
      completion_note text,
      verified_at timestamptz,
      verified_by_label text,
      verification_note text,
      reopened_count integer not null default 0,
      replaces_action_id uuid references capa_actions,
      overdue_notified_at timestamptz,
      created_by_label text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((status in ('open', 'cancelled')) or completed_at is not null),
      check ((status in ('effective', 'not_effective')) = (verified_at is not null))
    );
    create index capa_actions_by_incident on capa_actions (organization_id, incident_id, created_at);
    create index capa_actions_open on capa_actions (organization_id, status, due_at);
    create index capa_actions_overdue on capa_actions (due_at) where status = 'open' and overdue_notified_at is null;
    create index capa_actions_by_owner on capa_actions (organization_id, owner_id, status);
  `.execute(db);
}
