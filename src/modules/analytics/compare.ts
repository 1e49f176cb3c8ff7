import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import type { KpiDefinition } from './catalogue.js';
import { round } from './catalogue.js';
import { sumsFromFacts } from './facts.js';
import { hasHistogram, loadTotals, resolveScope, withoutFilter, type ReportScope } from './report-scope.js';
import { dimensionNames, requireKpi } from './report.js';
import * as store from './reports-store.js';
import type { CompareBy, CompareQuery, CompareRow, Comparison } from './schemas.js';
import { histogramMoments, meanDifference, MIN_SAMPLE, npsDifference, proportionDifference, type DifferenceTest } from './stats.js';
import { addTotals, emptyTotals, subtractTotals, type Totals } from './totals.js';

const FILTER_OF: Record<CompareBy, 'departmentId' | 'providerId' | 'locationId' | 'channel'> = { department: 'departmentId', provider: 'providerId', location: 'locationId', channel: 'channel' };
const NONE_NAMES: Record<CompareBy, string> = { department: 'No department', provider: 'No provider', location: 'No location', channel: 'No channel' };

const TEST_SENTENCE: Record<NonNullable<KpiDefinition['difference']>, string> = {
  nps: 'Each row is compared with the rest of the clinic: the difference of the two adjusted Wald NPS estimates (variances summed).',
  proportion: 'Each row is compared with the rest of the clinic: Newcombe\'s hybrid score interval of the difference of two proportions.',
  mean: 'Each row is compared with the rest of the clinic: a t interval of the difference of two means (Welch), the spread of durations taken from the whole clinic\'s histogram for both sides.',
};

/** Tests a group against the rest of the clinic with the KPI's method. */
export function testDifference(kpi: KpiDefinition, group: Totals, rest: Totals): DifferenceTest | null {
  if (kpi.difference === 'proportion') return proportionDifference(group.hits, group.n, rest.hits, rest.n);
  if (kpi.difference === 'nps') {
    const counts = (t: Totals) => ({ promoters: t.hits, passives: t.n - t.hits - t.misses, detractors: t.misses });
    return npsDifference(counts(group), counts(rest));
  }
  if (kpi.difference === 'mean') {
    const sample = (t: Totals) => {
      const moments = t.hist ? histogramMoments(t.hist) : null;
      return moments && t.n ? { n: t.n, mean: t.total / t.n, variance: moments.variance } : { n: t.n, mean: 0, variance: 0 };
    };
    return meanDifference(sample(group), sample(rest));
  }
  return null;
}

/** Sums per dimension value: from the rollups when they can answer, else from the facts, one value at a time. */
async function groupTotals(platform: Platform, scope: ReportScope, by: CompareBy, metric: string, values: string[], withHistograms: boolean): Promise<Map<string, Totals>> {
  const groups = new Map<string, Totals>();
  const of = (value: string) => groups.get(value) ?? groups.set(value, emptyTotals()).get(value)!;
  if (scope.rollup && (scope.rollup.dim === 'all' || scope.rollup.dim === by)) {
    const rollupScope = {
      organizationId: scope.organizationId, from: scope.filter.from, to: scope.filter.to, dim: by, metrics: [metric],
      ...(scope.rollup.dim === by && { dimValue: scope.rollup.dimValue }),
    };
    const [sums, hists] = await Promise.all([
      store.sumsByGroup(platform.db, rollupScope),
      withHistograms ? store.histograms(platform.db, rollupScope) : Promise.resolve([]),
    ]);
    for (const row of sums) addTotals(of(row.dimValue), row);
    for (const row of hists) addTotals(of(row.dimValue), { n: 0, total: 0, totalBusiness: 0, hits: 0, misses: 0, hist: row.hist });
    return groups;
  }
  for (const value of values) {
    const filter = { ...scope.filter, [FILTER_OF[by]]: value };
    for (const sums of await sumsFromFacts(platform, scope.organizationId, filter, [metric])) addTotals(of(value), sums);
  }
  return groups;
}

/**
 * A KPI per department, provider, location or channel, each against the rest of the clinic: a row
 * is 'higher' or 'lower' only when the 95% interval of the difference excludes 0.
 */
export async function compare(platform: Platform, actor: Actor, query: CompareQuery): Promise<Comparison> {
  const kpi = requireKpi(query.kpi);
  const by = query.by;
  const filterKey = FILTER_OF[by];
  // The compared dimension's own filter picks the row shown; the whole (and so the rest) is every value of it.
  const onlyValue = query[filterKey];
  const scope = withoutFilter(await resolveScope(platform, actor, query), filterKey);
  const names = await dimensionNames(platform, actor, by);
  const metric = kpi.metric;
  const overallTotals = metric ? (await loadTotals(platform, scope, [metric])).get(metric) : emptyTotals();
  // Percentiles need each group's histogram. Means do not: every group's spread is taken to be the
  // whole clinic's (one histogram), since reading a histogram per group and day is too slow at scale.
  const perGroupHistograms = metric !== null && hasHistogram(metric) && kpi.difference !== 'mean';
  const groups = metric ? await groupTotals(platform, scope, by, metric, onlyValue ? [onlyValue] : [...names.keys()], perGroupHistograms) : new Map<string, Totals>();
  const overall = kpi.measure(overallTotals);
  const spread = (totals: Totals): Totals => (kpi.difference === 'mean' ? { ...totals, hist: overallTotals.hist } : totals);

  const rows: CompareRow[] = [...groups].filter(([value]) => !onlyValue || value === onlyValue).map(([value, totals]) => {
    const measure = kpi.measure(spread(totals));
    const test = testDifference(kpi, spread(totals), spread(subtractTotals(overallTotals, totals)));
    return {
      id: value, name: value === 'none' ? NONE_NAMES[by] : names.get(value) ?? `Removed (${value.slice(0, 8)})`,
      value: measure.value, n: measure.n, ci: measure.ci,
      difference: test ? test.difference : 'not_tested',
      differenceCi: test?.interval ? { low: round(test.interval.low), high: round(test.interval.high) } : null,
      note: test ? test.note ?? null : 'this KPI is not tested for differences',
    };
  });
  const sign = kpi.better === 'higher' ? -1 : 1;
  rows.sort((a, b) => (a.value === null ? 1 : b.value === null ? -1 : sign * (a.value - b.value)) || a.name.localeCompare(b.name));
  return {
    kpi: kpi.kpi, label: kpi.label, unit: kpi.unit, better: kpi.better, by, period: scope.period,
    overall: { value: overall.value, n: overall.n, ci: overall.ci },
    test: kpi.difference
      ? `${TEST_SENTENCE[kpi.difference]} A row is higher or lower only when the 95% interval of the difference excludes 0; otherwise it is within noise. With fewer than ${MIN_SAMPLE} answers in the row or in the rest, it is never called different.`
      : 'This KPI (a percentile or a count) is not tested for differences between groups.',
    rows,
  };
}
