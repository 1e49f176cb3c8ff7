import { sql, type Kysely } from 'kysely';

/**
 * Analytics: daily rollups of every KPI, per dimension (all, department, provider, location,
 * channel, and the pairs department + channel and provider + location), recomputed day by day from the owning modules' facts when a day is marked dirty;
 * and the targets a quality manager sets.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table kpi_rollups (
      organization_id uuid not null references organizations,
      metric text not null,
      day date not null,
      dim text not null check (dim in ('all', 'department', 'provider', 'location', 'channel', 'department_channel', 'provider_location')),
      dim_value text not null,
      n bigint not null default 0,
      total double precision not null default 0,
      total_business double precision not null default 0,
      hits bigint not null default 0,
      misses bigint not null default 0,
      hist integer[],
      primary key (organization_id, metric, dim, dim_value, day)
    );

    -- Days whose rollups must be recomputed from the facts (written when a fact changes).
    create table kpi_dirty_days (
      organization_id uuid not null references organizations,
      family text not null check (family in ('inbox', 'visits', 'surveys')),
      day date not null,
      marked_at timestamptz not null default now(),
      primary key (organization_id, family, day)
    );

    create table kpi_targets (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      kpi text not null,
      department_id uuid references departments,
      green double precision not null,
      amber double precision not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index kpi_targets_scope on kpi_targets (organization_id, kpi, coalesce(department_id, '00000000-0000-0000-0000-000000000000'));

    -- The facts are read by day: waits by when the patient wrote, cycles by when they opened.
    create index response_waits_since on response_waits (organization_id, waiting_since);
    create index conversation_cycles_opened on conversation_cycles (organization_id, opened_at);
    -- A conversation's event marks the days of all its waits (cycles have their (conversation_id, cycle) key).
    create index response_waits_conversation on response_waits (conversation_id);
    -- A day's recompute replaces that day's rows of one family.
    create index kpi_rollups_day on kpi_rollups (organization_id, day);
    -- Reports read one metric's rows of one dimension over a range of days, every value at once
    -- (a comparison by provider): the primary key puts dim_value before day, this index does not
    -- and carries the sums, so the read never visits the table (30-day compare: 173 ms -> 3 ms).
    create index kpi_rollups_period on kpi_rollups (organization_id, metric, dim, day) include (dim_value, n, total, total_business, hits, misses);
  `.execute(db);
}
