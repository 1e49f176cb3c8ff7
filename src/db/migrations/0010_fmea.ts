import { sql, type Kysely } from 'kysely';

/** FMEA worksheets: a process's steps, failure modes with severity, occurrence and detection, and their RPN. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table fmea_worksheets (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      title text not null,
      process text not null default '',
      scope text not null default '',
      team text[] not null default '{}',
      status text not null default 'draft' check (status in ('draft', 'in_review', 'completed', 'archived')),
      created_by uuid references users,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index fmea_worksheets_org on fmea_worksheets (organization_id, status, updated_at);

    -- The process's steps, in order. The position is unique per worksheet but checked at commit,
    -- so a move can renumber the steps in one transaction.
    create table fmea_steps (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      worksheet_id uuid not null references fmea_worksheets on delete cascade,
      position integer not null check (position >= 1),
      name text not null,
      description text not null default '',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint fmea_steps_position unique (worksheet_id, position) deferrable initially deferred
    );
    create index fmea_steps_org on fmea_steps (organization_id, worksheet_id);

    -- A way a step can fail. The RPN (severity x occurrence x detection) is computed here, never
    -- taken from a client; so is the RPN after the recommended action, once all three are scored again.
    create table fmea_failure_modes (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      worksheet_id uuid not null references fmea_worksheets on delete cascade,
      step_id uuid not null references fmea_steps,
      failure_mode text not null,
      effect text not null default '',
      cause text not null default '',
      current_controls text not null default '',
      severity smallint not null check (severity between 1 and 10),
      occurrence smallint not null check (occurrence between 1 and 10),
      detection smallint not null check (detection between 1 and 10),
      rpn integer generated always as (severity * occurrence * detection) stored,
      recommended_action text,
      action_owner_id uuid references users,
      action_due_on date,
      action_status text check (action_status in ('planned', 'in_progress', 'completed', 'cancelled')),
      action_taken text,
      action_completed_at timestamptz,
      severity_after smallint check (severity_after between 1 and 10),
      occurrence_after smallint check (occurrence_after between 1 and 10),
      detection_after smallint check (detection_after between 1 and 10),
      rpn_after integer generated always as (severity_after * occurrence_after * detection_after) stored,
      created_by uuid references users,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((recommended_action is null) = (action_status is null)),
      check ((severity_after is null) = (occurrence_after is null) and (occurrence_after is null) = (detection_after is null))
    );
    create index fmea_failure_modes_worksheet on fmea_failure_modes (organization_id, worksheet_id, rpn desc, severity desc);
    create index fmea_failure_modes_ranking on fmea_failure_modes (organization_id, rpn desc, severity desc);
    create index fmea_failure_modes_step on fmea_failure_modes (step_id);
  `.execute(db);
}
