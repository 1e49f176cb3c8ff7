import { sql } from 'kysely';
import type { RollupDim } from '../../db/schema-analytics.js';
import type { Platform } from '../../platform/platform.js';
import { invalid } from '../../platform/errors.js';
import { inboxFactRows, inboxRowColumns } from '../inbox/facts.js';
import { surveyFactRows, surveyRowColumns } from '../feedback/facts.js';
import { visitFactRows, visitRowColumns } from '../scheduling/facts.js';
import { referralFactRows, referralRowColumns } from '../care/referral-facts.js';
import { FAMILIES, FAMILY_METRICS, familyOf } from './metrics.js';
import { recomputeClinic, refreshDirtyDays } from './refresh.js';
import { aggregateFacts, clinicDays, dayFacts } from './rollups.js';

/** A report's filter: days inclusive (YYYY-MM-DD, the clinic's time zone) and dimension values. */
export interface FactFilter { from: string; to: string; departmentId?: string; providerId?: string; locationId?: string; channel?: string }

/** One rollup row's sums (or the same sums computed straight from the facts). */
export interface Sums { metric: string; day: string; dim: RollupDim; dimValue: string; n: number; total: number; totalBusiness: number; hits: number; misses: number; hist: number[] | null }

export interface FactPage {
  total: number;
  columns: { key: string; label: string }[];
  rows: Record<string, string | number | boolean | null>[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
// Rows one page of the drill-down may hold (a CSV export pages through them).
const MAX_PAGE = 10_000;

function checkDays(range: { from: string; to: string }) {
  for (const field of ['from', 'to'] as const) {
    const value = range[field];
    if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
      throw invalid(field, 'must be a date YYYY-MM-DD');
    }
  }
  if (range.from > range.to) throw invalid('from', 'must not be after to');
}

/** Recomputes the dirty days (of one clinic, or all) from the facts; returns days refreshed. Bounded work per call. */
export async function refreshDirty(platform: Platform, organizationId?: string): Promise<number> {
  return refreshDirtyDays(platform.db, organizationId);
}

/** Full recomputation of a clinic's rollups over [from, to] (or everything). */
export async function recomputeAll(platform: Platform, organizationId: string, range?: { from: string; to: string }): Promise<void> {
  if (range) checkDays(range);
  await recomputeClinic(platform.db, organizationId, range);
}

/**
 * Sums straight from the fact tables (no rollups), per day, dim 'all', every filter applied: the
 * same aggregation the rollups are computed with, so the two cannot drift apart.
 */
export async function sumsFromFacts(platform: Platform, organizationId: string, filter: FactFilter, metrics?: string[]): Promise<Sums[]> {
  checkDays(filter);
  const days = await clinicDays(platform.db, organizationId, filter.from, filter.to);
  const sums: Sums[] = [];
  for (const family of FAMILIES) {
    const wanted = metrics?.filter((metric) => familyOf(metric) === family);
    if (wanted && wanted.length === 0) continue;
    sums.push(...await aggregateFacts(platform.db, family, days, ['all'], filter, wanted));
  }
  return sums;
}

/** The rows behind a metric's number for a filter, newest first: what the Reports page links to and exports. */
export async function factRows(platform: Platform, organizationId: string, metric: string, filter: FactFilter, page: { limit: number; offset: number }): Promise<FactPage> {
  const family = familyOf(metric);
  if (!family) throw invalid('metric', `is not one of ${FAMILIES.flatMap((f) => FAMILY_METRICS[f]).join(', ')}`);
  checkDays(filter);
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE) throw invalid('limit', `must be a whole number from 1 to ${MAX_PAGE}`);
  if (!Number.isInteger(page.offset) || page.offset < 0) throw invalid('offset', 'must be a whole number, 0 or more');
  const days = await clinicDays(platform.db, organizationId, filter.from, filter.to);
  const facts = dayFacts(family, days, filter, [metric]);
  // The page and the count in one read of the facts; a page past the end has no row to carry the count.
  const ids = await sql<{ id: string; total: string | number }>`
    select f.fact_id::text as id, count(*) over () as total from (${facts}) f order by f.at desc, f.fact_id desc
    limit ${page.limit} offset ${page.offset}`.execute(platform.db);
  const factIds = ids.rows.map((row) => row.id);
  const total = ids.rows.length > 0
    ? Number(ids.rows[0]!.total)
    : Number((await sql<{ total: string | number }>`select count(*) as total from (${facts}) f`.execute(platform.db)).rows[0]?.total ?? 0);
  if (family === 'inbox') return { total, columns: inboxRowColumns(metric), rows: await inboxFactRows(platform.db, organizationId, metric, factIds) };
  if (family === 'visits') return { total, columns: visitRowColumns(), rows: await visitFactRows(platform.db, organizationId, factIds) };
  if (family === 'referrals') return { total, columns: referralRowColumns(), rows: await referralFactRows(platform.db, organizationId, factIds) };
  return { total, columns: surveyRowColumns(metric), rows: await surveyFactRows(platform.db, organizationId, metric, factIds) };
}
