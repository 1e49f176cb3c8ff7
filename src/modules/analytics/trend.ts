import { DateTime } from 'luxon';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { loadDaily, resolveScope } from './report-scope.js';
import { requireKpi } from './report.js';
import type { Interval, Trend, TrendQuery } from './schemas.js';
import { addTotals, emptyTotals, type Totals } from './totals.js';

/** The first day of the day's week (Monday, ISO weeks) or month, as YYYY-MM-DD. */
export function periodStart(day: string, interval: Interval): string {
  if (interval === 'day') return day;
  const date = DateTime.fromISO(day, { zone: 'UTC' });
  return (interval === 'week' ? date.startOf('week') : date.startOf('month')).toISODate()!;
}

/** Every period start from the one holding `from` to the one holding `to`. */
export function periodStarts(from: string, to: string, interval: Interval): string[] {
  const starts: string[] = [];
  const step = interval === 'day' ? { days: 1 } : interval === 'week' ? { weeks: 1 } : { months: 1 };
  const last = DateTime.fromISO(periodStart(to, interval), { zone: 'UTC' });
  for (let at = DateTime.fromISO(periodStart(from, interval), { zone: 'UTC' }); at <= last; at = at.plus(step)) starts.push(at.toISODate()!);
  return starts;
}

/**
 * A KPI over time: one point per day, week (starting Monday) or month of the period, in the
 * clinic's time zone. A week or month cut by the period's ends counts only its days inside it.
 */
export async function trend(platform: Platform, actor: Actor, query: TrendQuery): Promise<Trend> {
  const kpi = requireKpi(query.kpi);
  const interval = query.interval ?? 'week';
  const scope = await resolveScope(platform, actor, query);
  const byPeriod = new Map<string, Totals>(periodStarts(scope.filter.from, scope.filter.to, interval).map((start) => [start, emptyTotals()]));
  if (kpi.metric) {
    for (const row of await loadDaily(platform, scope, [kpi.metric])) {
      const totals = byPeriod.get(periodStart(row.day, interval));
      if (totals) addTotals(totals, row);
    }
  }
  return {
    kpi: kpi.kpi, label: kpi.label, unit: kpi.unit, interval, period: scope.period,
    points: [...byPeriod].map(([start, totals]) => {
      const measure = kpi.measure(totals);
      return { start, value: measure.value, n: measure.n, ci: measure.ci };
    }),
  };
}
