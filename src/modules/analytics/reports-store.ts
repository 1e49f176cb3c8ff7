import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { RollupDim } from '../../db/schema-analytics.js';

/** The Reports API's reads of kpi_rollups (reads only: the rollups are written by the refresh). */

type Db = Kysely<Database>;

export interface RollupScope {
  organizationId: string;
  from: string;
  to: string;
  dim: RollupDim;
  /** One dimension value ('' for dim 'all'); undefined reads every value of the dim. */
  dimValue?: string;
  metrics: string[];
}

export interface GroupSums { metric: string; dimValue: string; n: number; total: number; totalBusiness: number; hits: number; misses: number }
export interface DaySums extends GroupSums { day: string; hist: number[] | null }

function scoped(db: Db, scope: RollupScope) {
  let query = db.selectFrom('kpi_rollups')
    .where('organization_id', '=', scope.organizationId)
    .where('metric', 'in', scope.metrics)
    .where('dim', '=', scope.dim)
    .where('day', '>=', scope.from)
    .where('day', '<=', scope.to);
  if (scope.dimValue !== undefined) query = query.where('dim_value', '=', scope.dimValue);
  return query;
}

/** Every metric's sums over the days, per dimension value (one query; the histograms come separately). */
export async function sumsByGroup(db: Db, scope: RollupScope): Promise<GroupSums[]> {
  if (scope.metrics.length === 0) return [];
  const rows = await scoped(db, scope)
    .select(['metric', 'dim_value'])
    .select([
      sql<number>`sum(n)::float8`.as('n'),
      sql<number>`sum(total)::float8`.as('total'),
      sql<number>`sum(total_business)::float8`.as('total_business'),
      sql<number>`sum(hits)::float8`.as('hits'),
      sql<number>`sum(misses)::float8`.as('misses'),
    ])
    .groupBy(['metric', 'dim_value'])
    .execute();
  return rows.map((row) => ({ metric: row.metric, dimValue: row.dim_value, n: row.n, total: row.total, totalBusiness: row.total_business, hits: row.hits, misses: row.misses }));
}

// Histograms travel as comma-separated text: splitting it is about twice as fast as the driver's
// array parser, and over three years of days this transfer is most of a report's time.
const HIST_TEXT = sql<string | null>`array_to_string(hist, ',')`.as('hist_text');
const parseHistogram = (text: string | null): number[] | null => (text === null ? null : text === '' ? [] : text.split(',').map(Number));

/** The daily histograms of the metrics (to be summed by the caller: summing arrays in SQL was slower still). */
export async function histograms(db: Db, scope: RollupScope): Promise<{ metric: string; dimValue: string; hist: number[] }[]> {
  if (scope.metrics.length === 0) return [];
  const rows = await scoped(db, scope).select(['metric', 'dim_value', HIST_TEXT]).where('hist', 'is not', null).execute();
  return rows.map((row) => ({ metric: row.metric, dimValue: row.dim_value, hist: parseHistogram(row.hist_text) ?? [] }));
}

/** Day by day sums of the metrics for one dimension value (trends). */
export async function dailySums(db: Db, scope: RollupScope): Promise<DaySums[]> {
  if (scope.metrics.length === 0) return [];
  const rows = await scoped(db, scope)
    .select(['metric', 'dim_value', 'n', 'total', 'total_business', 'hits', 'misses', HIST_TEXT, sql<string>`day::text`.as('day_text')])
    .orderBy('day')
    .execute();
  return rows.map((row) => ({
    metric: row.metric, dimValue: row.dim_value, day: row.day_text, n: Number(row.n), total: row.total, totalBusiness: row.total_business,
    hits: Number(row.hits), misses: Number(row.misses), hist: parseHistogram(row.hist_text),
  }));
}

/**
 * The metric names a clinic has rollups of (CAHPS items appear by their keys), found by skipping
 * through the primary key from one name to the next instead of reading every row.
 */
export async function metricNames(db: Db, organizationId: string): Promise<string[]> {
  const result = await sql<{ metric: string | null }>`
    with recursive names(metric) as (
      (select metric from kpi_rollups where organization_id = ${organizationId} order by metric limit 1)
      union all
      select (select r.metric from kpi_rollups r where r.organization_id = ${organizationId} and r.metric > names.metric order by r.metric limit 1)
      from names where names.metric is not null
    )
    select metric from names where metric is not null`.execute(db);
  return result.rows.flatMap((row) => (row.metric ? [row.metric] : []));
}
