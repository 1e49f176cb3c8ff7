import { sql, type Kysely } from 'kysely';

/** Follow-up task rules: events that open tasks by themselves, and the escalation ladder of overdue tasks. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A rule: when this event happens (and its conditions hold), make this task.
    create table task_rules (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      name text not null,
      event_type text not null,
      enabled boolean not null default true,
      conditions jsonb not null default '{}',
      task_kind text not null check (task_kind in ('callback', 'post_visit_call', 'lab_result', 'recovery_call', 'referral_follow_up', 'other')),
      title_template text not null,
      details_template text,
      priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
      due_in_minutes integer not null check (due_in_minutes between 0 and 129600),
      owner_type text not null check (owner_type in ('unassigned', 'staff', 'department_owner', 'round_robin')),
      owner_user_id uuid references users,
      owner_department_id uuid references departments,
      -- How many tasks round robin has handed out: the next goes to the member at this turn.
      round_robin_turn integer not null default 0,
      created_by_label text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((owner_type = 'staff') = (owner_user_id is not null)),
      check (owner_type <> 'round_robin' or owner_department_id is not null)
    );
    create index task_rules_by_event on task_rules (organization_id, event_type);

    -- The events rules look at, as facts (ids, no free text): previews read the last days of them.
    create table task_rule_events (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      event_type text not null,
      subject_id text not null,
      patient_id uuid,
      facts jsonb not null,
      occurred_at timestamptz not null,
      unique (organization_id, event_type, subject_id)
    );
    create index task_rule_events_recent on task_rule_events (organization_id, event_type, occurred_at);

    -- What a rule made: one task per rule and event (the unique key), kept when the rule is deleted.
    create table task_rule_runs (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      rule_id uuid references task_rules on delete set null,
      rule_name text not null,
      event_type text not null,
      subject_id text not null,
      task_id uuid not null references follow_up_tasks,
      created_at timestamptz not null default now()
    );
    create unique index task_rule_runs_once on task_rule_runs (rule_id, event_type, subject_id);
    create index task_rule_runs_task on task_rule_runs (task_id);

    -- The clinic's escalation ladder: overdue by so long -> notify or hand the task to someone.
    create table task_escalation_steps (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      position integer not null check (position between 1 and 5),
      after_minutes integer not null check (after_minutes between 5 and 43200),
      action text not null check (action in ('notify', 'reassign')),
      target text not null check (target in ('department_owner', 'staff')),
      -- The named person (target staff), or whom to turn to when the department has no owner.
      target_user_id uuid references users,
      created_at timestamptz not null default now(),
      unique (organization_id, position),
      check (target <> 'staff' or target_user_id is not null)
    );

    -- Each step taken on a task, once per step and due time (a new due time re-arms the ladder).
    create table task_escalations (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      task_id uuid not null references follow_up_tasks,
      step_position integer not null,
      due_at timestamptz not null,
      action text not null check (action in ('notify', 'reassign')),
      target_user_id uuid references users,
      previous_owner_id uuid references users,
      note text not null,
      escalated_at timestamptz not null default now(),
      unique (task_id, step_position, due_at)
    );
    create index task_escalations_by_target on task_escalations (organization_id, target_user_id);
  `.execute(db);
}
