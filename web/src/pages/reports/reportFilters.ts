// The report's filters live in the address bar, so a report can be bookmarked and shared as a link.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { DateTime } from 'luxon';
import type { CompareBy, TrendInterval } from './types.js';

export const PERIODS = [
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
  { value: 'quarter', label: 'This quarter' },
  { value: '12m', label: 'Last 12 months' },
  { value: 'custom', label: 'Custom dates' },
] as const;
export type PeriodPreset = (typeof PERIODS)[number]['value'];

export const DIMENSION_KEYS = ['departmentId', 'providerId', 'locationId', 'channel'] as const;
export type DimensionKey = (typeof DIMENSION_KEYS)[number];

/** Everything a report's numbers depend on: the period and the four dimension filters. */
export interface ReportFilters {
  from: string;
  to: string;
  departmentId?: string;
  providerId?: string;
  locationId?: string;
  channel?: string;
}

/** The dates a preset covers, ending today on the clinic's clock (both ends included). */
export function presetRange(preset: Exclude<PeriodPreset, 'custom'>, zone: string): { from: string; to: string } {
  const today = DateTime.now().setZone(zone).startOf('day');
  const iso = (d: DateTime) => d.toISODate() ?? '';
  switch (preset) {
    case '7d': return { from: iso(today.minus({ days: 6 })), to: iso(today) };
    case '30d': return { from: iso(today.minus({ days: 29 })), to: iso(today) };
    case '90d': return { from: iso(today.minus({ days: 89 })), to: iso(today) };
    case 'quarter': return { from: iso(today.startOf('quarter')), to: iso(today) };
    case '12m': return { from: iso(today.minus({ months: 12 }).plus({ days: 1 })), to: iso(today) };
  }
}

const isDate = (value: string | null): value is string => value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value);
const INTERVALS: TrendInterval[] = ['day', 'week', 'month'];
const BYS: CompareBy[] = ['department', 'provider', 'location', 'channel'];

/** The report's state read from and written to the query string. */
export function useReportState(zone: string) {
  const [params, setParams] = useSearchParams();
  const rawPeriod = params.get('period');
  const period: PeriodPreset = PERIODS.some((p) => p.value === rawPeriod) ? (rawPeriod as PeriodPreset) : '30d';

  const filters = useMemo<ReportFilters>(() => {
    const fallback = presetRange('30d', zone);
    const range = period === 'custom'
      ? { from: isDate(params.get('from')) ? params.get('from')! : fallback.from, to: isDate(params.get('to')) ? params.get('to')! : fallback.to }
      : presetRange(period, zone);
    const chosen: ReportFilters = { ...range };
    for (const key of DIMENSION_KEYS) {
      const value = params.get(key);
      if (value) chosen[key] = value;
    }
    return chosen;
  }, [params, period, zone]);

  const update = useCallback((changes: Record<string, string | null | undefined>) => {
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === undefined || value === '') next.delete(key);
        else next.set(key, value);
      }
      return next;
    }, { replace: true });
  }, [setParams]);

  const rawInterval = params.get('interval') as TrendInterval | null;
  const rawBy = params.get('by') as CompareBy | null;
  return {
    period,
    filters,
    trendKpi: params.get('trend') ?? 'nps',
    interval: rawInterval && INTERVALS.includes(rawInterval) ? rawInterval : 'week',
    compareKpi: params.get('compare') ?? 'nps',
    by: rawBy && BYS.includes(rawBy) ? rawBy : 'department',
    /** The KPI whose rows are open in the drill-down, if any. */
    rowsKpi: params.get('rows'),
    rowsPage: Math.max(1, Number(params.get('page')) || 1),
    update,
  };
}
export type ReportState = ReturnType<typeof useReportState>;

/** A query string with the filters and the extra parameters, leaving out the empty ones. */
export function reportQuery(filters: ReportFilters, extra: Record<string, string | number | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  return `?${search.toString()}`;
}

/** The CSV export of one part of the report, with the same filters as the screen. */
export function exportUrl(filters: ReportFilters, what: 'summary' | 'trend' | 'compare' | 'rows', extra: Record<string, string | number | undefined> = {}): string {
  return `/api/reports/export.csv${reportQuery(filters, { what, ...extra })}`;
}
