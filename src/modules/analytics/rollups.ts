import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { KpiFamily, RollupDim } from '../../db/schema-analytics.js';
import type { Database } from '../../db/schema.js';
import { inboxFacts } from '../inbox/facts.js';
import { surveyFacts } from '../feedback/facts.js';
import { visitFacts } from '../scheduling/facts.js';
import { referralFacts } from '../care/referral-facts.js';
import type { FactQuery, FactWindow } from './fact-source.js';
import { EDGES } from './histogram.js';
import type { FactFilter, Sums } from './facts.js';

export const FACT_QUERIES: Record<KpiFamily, FactQuery> = { inbox: inboxFacts, visits: visitFacts, surveys: surveyFacts, referrals: referralFacts };

// The bucket edges as a constant array literal (numbers only), so width_bucket matches bucketOf.
const EDGES_LITERAL = sql.raw(`'{${EDGES.join(',')}}'::float8[]`);

/** The histogram bucket of a duration in SQL: the same as histogram.ts's bucketOf (null stays null). */
export function bucketInSql(seconds: RawBuilder<unknown>): RawBuilder<number | null> {
  return sql<number | null>`case when ${seconds} is null then null else greatest(width_bucket(${seconds}, ${EDGES_LITERAL}) - 1, 0) end`;
}

/** A clinic's days [from, to] as instants in its time zone, with the zone. */
export interface ClinicDays {
  timeZone: string;
  window: FactWindow;
}

/** Turns a clinic's local days into the instants that bound them (its zone from organizations). */
export async function clinicDays(db: Kysely<Database>, organizationId: string, from: string, to: string): Promise<ClinicDays> {
  const result = await sql<{ time_zone: string; start: Date; end: Date }>`
    select o.time_zone, (${from}::date::timestamp at time zone o.time_zone) as start,
      ((${to}::date + 1)::timestamp at time zone o.time_zone) as "end"
    from organizations o where o.organization_id = ${organizationId}`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error(`organization ${organizationId} not found`);
  return { timeZone: row.time_zone, window: { organizationId, start: row.start, end: row.end } };
}

/** The facts of a family in a window, each with its clinic-local day and histogram bucket, filtered. */
export function dayFacts(family: KpiFamily, days: ClinicDays, filter: Omit<FactFilter, 'from' | 'to'> = {}, metrics?: string[]): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [sql`true`];
  if (filter.departmentId !== undefined) conditions.push(sql`f.department = ${filter.departmentId}`);
  if (filter.providerId !== undefined) conditions.push(sql`f.provider = ${filter.providerId}`);
  if (filter.locationId !== undefined) conditions.push(sql`f.location = ${filter.locationId}`);
  if (filter.channel !== undefined) conditions.push(sql`f.channel = ${filter.channel}`);
  if (metrics) conditions.push(sql`f.metric = any(${metrics}::text[])`);
  return sql`
    select f.*, (f.at at time zone ${days.timeZone})::date as day,
      ${bucketInSql(sql`f.hist_seconds`)} as bucket
    from (${FACT_QUERIES[family](days.window)}) f
    where ${sql.join(conditions, sql` and `)}`;
}

interface AggregateRow {
  metric: string;
  day: string;
  dim: RollupDim;
  dim_value: string;
  n: string | number;
  total: number;
  total_business: number;
  hits: string | number;
  misses: string | number;
  hist: number[] | null;
}

/**
 * The one aggregation behind both the rollups and the naive path: per metric, day and dimension
 * value, counts and sums of the facts and the histogram of durations (counts per bucket, up to the
 * last bucket used). The rollups ask for every dimension of the family; sumsFromFacts asks for
 * 'all' with its filters applied.
 */
export function aggregation(family: KpiFamily, days: ClinicDays, dims: readonly RollupDim[], filter: Omit<FactFilter, 'from' | 'to'> = {}, metrics?: string[]): RawBuilder<AggregateRow> {
  return sql<AggregateRow>`
    with per_bucket as (
      select f.metric, f.day, d.dim, d.dim_value, f.bucket, count(*) as n, sum(f.value) as total, sum(f.business) as total_business,
        sum(f.hit) as hits, sum(f.miss) as misses
      from (${dayFacts(family, days, filter, metrics)}) f
      cross join lateral (values ('all', ''), ('department', f.department), ('provider', f.provider), ('location', f.location), ('channel', f.channel),
        ('department_channel', f.department || '|' || f.channel), ('provider_location', f.provider || '|' || f.location)) as d (dim, dim_value)
      where d.dim_value is not null and d.dim = any(${[...dims]}::text[])
      group by f.metric, f.day, d.dim, d.dim_value, f.bucket
    ), per_day as (
      select metric, day, dim, dim_value, sum(n)::bigint as n, coalesce(sum(total), 0)::float8 as total,
        coalesce(sum(total_business), 0)::float8 as total_business, sum(hits)::bigint as hits, sum(misses)::bigint as misses,
        array_agg(bucket order by bucket) filter (where bucket is not null) as buckets,
        array_agg(n order by bucket) filter (where bucket is not null) as counts
      from per_bucket
      group by metric, day, dim, dim_value
    )
    select metric, day, dim, dim_value, n, total, total_business, hits, misses,
      case when buckets is null then null else (
        select array_agg(coalesce(u.count, 0)::int order by g.bucket)
        from generate_series(0, buckets[array_length(buckets, 1)]) as g (bucket)
        left join unnest(buckets, counts) as u (bucket, count) on u.bucket = g.bucket) end as hist
    from per_day`;
}

/** The aggregation's rows as sums, in day, metric, dimension order. */
export async function aggregateFacts(db: Kysely<Database>, family: KpiFamily, days: ClinicDays, dims: readonly RollupDim[], filter: Omit<FactFilter, 'from' | 'to'> = {}, metrics?: string[]): Promise<Sums[]> {
  const result = await sql<AggregateRow>`
    select a.metric, a.day::text as day, a.dim, a.dim_value, a.n, a.total, a.total_business, a.hits, a.misses, a.hist
    from (${aggregation(family, days, dims, filter, metrics)}) a order by a.day, a.metric, a.dim, a.dim_value`.execute(db);
  return result.rows.map((row) => ({
    metric: row.metric, day: row.day, dim: row.dim, dimValue: row.dim_value, n: Number(row.n), total: row.total,
    totalBusiness: row.total_business, hits: Number(row.hits), misses: Number(row.misses), hist: row.hist,
  }));
}
