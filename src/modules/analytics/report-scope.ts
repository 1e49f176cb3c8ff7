import { DateTime } from 'luxon';
import type { RollupDim } from '../../db/schema-analytics.js';
import { invalid, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findDepartmentById, findOrganization } from '../identity/service.js';
import { getLocation, getProvider } from '../scheduling/setup-service.js';
import { refreshDirty, sumsFromFacts, type FactFilter } from './facts.js';
import * as store from './reports-store.js';
import type { FilterQuery, Period } from './schemas.js';
import { MetricTotals } from './totals.js';

/** What a report reads: the clinic's days and dimension filters, checked, and where the sums come from. */
export interface ReportScope {
  organizationId: string;
  period: Period;
  filter: FactFilter;
  /** The rollup row to read (at most one dimension filtered), or null: sum the facts (several filters). */
  rollup: { dim: RollupDim; dimValue: string } | null;
}

/** The longest period a report reads: three years and a month. */
const MAX_RANGE = { years: 3, days: 31 };
const DEFAULT_DAYS = 30;
/** Metrics whose rollups carry duration histograms. */
const HISTOGRAM_METRICS = new Set(['inbox.first_response', 'inbox.next_response', 'inbox.resolution', 'visit.wait']);

function realDate(field: string, value: string): DateTime {
  const date = DateTime.fromISO(value, { zone: 'UTC' });
  if (!date.isValid || date.toISODate() !== value) throw invalid(field, 'is not a real calendar date');
  return date;
}

/** Checks a report's filter (dates real and in order, ids of this clinic) and refreshes dirty days first. */
export async function resolveScope(platform: Platform, actor: Actor, query: FilterQuery): Promise<ReportScope> {
  const organization = await findOrganization(platform, actor.organizationId);
  if (!organization) throw notFound('organization', actor.organizationId);
  const timeZone = organization.time_zone;
  const today = DateTime.now().setZone(timeZone).toISODate()!;
  const to = realDate('to', query.to ?? today);
  const from = query.from ? realDate('from', query.from) : to.minus({ days: DEFAULT_DAYS - 1 });
  if (from > to) throw invalid('from', 'must not be after to');
  if (from < to.minus(MAX_RANGE)) throw invalid('from', 'the period may span at most 3 years and 31 days');

  if (query.departmentId && !(await findDepartmentById(platform, actor.organizationId, query.departmentId))) throw notFound('department', query.departmentId);
  if (query.providerId) await getProvider(platform, actor, query.providerId);
  if (query.locationId) await getLocation(platform, actor, query.locationId);

  const filter: FactFilter = {
    from: from.toISODate()!, to: to.toISODate()!,
    ...(query.departmentId && { departmentId: query.departmentId }),
    ...(query.providerId && { providerId: query.providerId }),
    ...(query.locationId && { locationId: query.locationId }),
    ...(query.channel && { channel: query.channel }),
  };
  // Fresh numbers: days whose facts changed since the last refresh are recomputed before reading.
  await refreshDirty(platform, actor.organizationId);
  return { organizationId: actor.organizationId, period: { from: filter.from, to: filter.to, timeZone }, filter, rollup: rollupOf(filter) };
}

/**
 * The rollup row that holds a filter's sums: 'all' with no dimension, the dimension's row with one,
 * the pair's row for department + channel or provider + location; none for other combinations
 * (those are summed from the facts).
 */
function rollupOf(filter: FactFilter): ReportScope['rollup'] {
  const dims: [RollupDim, string | undefined][] = [['department', filter.departmentId], ['provider', filter.providerId], ['location', filter.locationId], ['channel', filter.channel]];
  const chosen = dims.filter(([, value]) => value !== undefined) as [RollupDim, string][];
  if (chosen.length === 0) return { dim: 'all', dimValue: '' };
  if (chosen.length === 1) return { dim: chosen[0]![0], dimValue: chosen[0]![1] };
  const names = chosen.map(([dim]) => dim).join('+');
  if (names === 'department+channel') return { dim: 'department_channel', dimValue: `${filter.departmentId}|${filter.channel}` };
  if (names === 'provider+location') return { dim: 'provider_location', dimValue: `${filter.providerId}|${filter.locationId}` };
  return null;
}

/** The same scope without one dimension's filter (a comparison's whole is every value of what it compares). */
export function withoutFilter(scope: ReportScope, key: 'departmentId' | 'providerId' | 'locationId' | 'channel'): ReportScope {
  const filter = { ...scope.filter };
  delete filter[key];
  return { ...scope, filter, rollup: rollupOf(filter) };
}

/** Each metric's sums over the scope's period (rollups when one row answers, else the facts). */
export async function loadTotals(platform: Platform, scope: ReportScope, metrics: string[]): Promise<MetricTotals> {
  const totals = new MetricTotals();
  if (metrics.length === 0) return totals;
  if (!scope.rollup) {
    for (const sums of await sumsFromFacts(platform, scope.organizationId, scope.filter, metrics)) totals.add(sums.metric, sums);
    return totals;
  }
  const rollupScope = { organizationId: scope.organizationId, from: scope.filter.from, to: scope.filter.to, ...scope.rollup, metrics };
  const withHistograms = metrics.filter((metric) => HISTOGRAM_METRICS.has(metric));
  const [sums, hists] = await Promise.all([
    store.sumsByGroup(platform.db, rollupScope),
    store.histograms(platform.db, { ...rollupScope, metrics: withHistograms }),
  ]);
  for (const row of sums) totals.add(row.metric, row);
  for (const row of hists) totals.add(row.metric, { n: 0, total: 0, totalBusiness: 0, hits: 0, misses: 0, hist: row.hist });
  return totals;
}

/** Day by day sums of the metrics over the scope's period. */
export async function loadDaily(platform: Platform, scope: ReportScope, metrics: string[]): Promise<store.DaySums[]> {
  if (metrics.length === 0) return [];
  if (!scope.rollup) {
    const sums = await sumsFromFacts(platform, scope.organizationId, scope.filter, metrics);
    return sums.map((row) => ({ ...row, dimValue: '' }));
  }
  return store.dailySums(platform.db, { organizationId: scope.organizationId, from: scope.filter.from, to: scope.filter.to, ...scope.rollup, metrics });
}

/** Histogram metrics are the durations; the others have none. */
export const hasHistogram = (metric: string) => HISTOGRAM_METRICS.has(metric);

/** The CAHPS item metrics this clinic has answers to. */
export async function cahpsMetrics(platform: Platform, organizationId: string): Promise<string[]> {
  return (await store.metricNames(platform.db, organizationId)).filter((metric) => metric.startsWith('survey.cahps:'));
}
