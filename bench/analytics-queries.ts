/**
 * bench/analytics (c): the Reports page's queries over HTTP (one at a time, as a quality manager's
 * browser sends them), each beside the naive way to answer it without rollups: helper-free sums
 * straight from the fact tables (sumsFromFacts, the same aggregation the rollups are built with)
 * or, for a comparison across 50 departments or 200 providers, one plain GROUP BY over the fact
 * table. The naive path is slow, so it runs fewer times.
 */
import os from 'node:os';
import { sql } from 'kysely';
import { sumsFromFacts, type FactFilter } from '../src/modules/analytics/facts.js';
import type { Platform } from '../src/platform/platform.js';
import type { Marker } from './analytics-db.js';
import { ZONE, type Log } from './analytics-seed.js';
import { latency, timeRuns, type Latency } from './analytics-timing.js';

export interface QueryResult {
  key: string;
  label: string;
  path: string;
  /** Where the API reads its sums: the rollups (at most one dimension filtered) or the facts (two or more). */
  reads: 'rollups' | 'facts';
  latencyMs: Latency;
  responseKiB: number;
  /** A figure of the answer, so that the numbers are seen to be real (e.g. NPS and its n). */
  answer: string;
  naive: { label: string; latencyMs: Latency; runs: number; answer: string } | null;
  /** naive p50 / API p50 */
  ratio: number | null;
  /** The machine's 1-minute load average when the query's runs started (it is shared: high means slow). */
  loadAverageBefore: number;
}

interface QuerySpec {
  key: string;
  label: string;
  path: string;
  reads: QueryResult['reads'];
  answer(body: unknown): string;
  naive: { label: string; run(): Promise<string> } | null;
}

type Kpi = { kpi: string; value: number | null; n: number };
const npsOf = (body: unknown) => {
  const kpi = (body as { kpis: Kpi[] }).kpis.find((k) => k.kpi === 'nps');
  return `NPS ${kpi?.value ?? '-'} (n ${kpi?.n ?? 0})`;
};
const npsFromSums = (sums: { metric: string; n: number; hits: number; misses: number }[]) => {
  const nps = sums.filter((s) => s.metric === 'survey.nps');
  const n = nps.reduce((t, s) => t + s.n, 0);
  const score = n ? Math.round(((nps.reduce((t, s) => t + s.hits - s.misses, 0)) / n) * 10_000) / 100 : null;
  return `NPS ${score ?? '-'} (n ${n})`;
};
const query = (path: string, params: Record<string, string>) => `${path}?${new URLSearchParams(params).toString()}`;

function addDays(day: string, days: number) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The last whole calendar quarter before today. */
function lastQuarter(today: string): { from: string; to: string } {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const quarterStart = new Date(Date.UTC(year, Math.floor((month - 1) / 3) * 3, 1));
  const from = new Date(Date.UTC(quarterStart.getUTCFullYear(), quarterStart.getUTCMonth() - 3, 1)).toISOString().slice(0, 10);
  return { from, to: addDays(quarterStart.toISOString().slice(0, 10), -1) };
}

function specs(platform: Platform, marker: Marker, today: string): QuerySpec[] {
  const org = marker.dims.organizationId;
  const department = marker.dims.departmentIds[0]!;
  // Provider 1 works in department 1 (analytics-seed.ts).
  const provider = marker.dims.providerIds[0]!;
  const month = { from: addDays(today, -29), to: today };
  const quarter = lastQuarter(today);
  const year = { from: addDays(today, -364), to: today };
  const threeYears = { from: marker.report.period.from, to: today };
  const sums = (filter: FactFilter, metrics?: string[]) => async () => npsFromSums(await sumsFromFacts(platform, org, filter, metrics));
  const start = (day: string) => sql`(${day}::date::timestamp at time zone ${ZONE})`;
  return [
    {
      key: 'summary_30d', label: 'summary, last 30 days, every KPI', path: query('/api/reports/summary', month), reads: 'rollups', answer: npsOf,
      naive: { label: 'sumsFromFacts, 30 days, every metric', run: sums(month) },
    },
    {
      key: 'summary_quarter_department', label: `summary, last quarter (${quarter.from}..${quarter.to}), one department`, reads: 'rollups', answer: npsOf,
      path: query('/api/reports/summary', { ...quarter, departmentId: department }),
      naive: { label: 'sumsFromFacts, the quarter, that department, every metric', run: sums({ ...quarter, departmentId: department }) },
    },
    {
      key: 'trend_nps_3y_month', label: 'trend of NPS by month over 3 years', reads: 'rollups',
      path: query('/api/reports/trend', { ...threeYears, kpi: 'nps', interval: 'month' }),
      answer: (body) => {
        const points = (body as { points: { n: number }[] }).points;
        return `${points.length} months, n ${points.reduce((t, p) => t + p.n, 0)}`;
      },
      naive: { label: 'sumsFromFacts, 3 years, survey.nps', run: sums(threeYears, ['survey.nps']) },
    },
    {
      key: 'compare_nps_department_1y', label: 'compare NPS across the 50 departments over a year', reads: 'rollups',
      path: query('/api/reports/compare', { ...year, kpi: 'nps', by: 'department' }),
      answer: (body) => {
        const b = body as { overall: { value: number | null; n: number }; rows: { difference: string }[] };
        return `${b.rows.length} rows, overall NPS ${b.overall.value} (n ${b.overall.n}), ${b.rows.filter((r) => r.difference !== 'within_noise').length} differ`;
      },
      naive: {
        label: 'one GROUP BY department over survey_responses, the year',
        run: async () => {
          const rows = await sql<{ n: string }>`
            select department_id, count(*) as n, count(*) filter (where nps >= 9) as promoters, count(*) filter (where nps <= 6) as detractors
            from survey_responses where organization_id = ${org} and nps is not null
              and submitted_at >= ${start(year.from)} and submitted_at < ${start(addDays(year.to, 1))}
            group by department_id`.execute(platform.db);
          return `${rows.rows.length} rows, n ${rows.rows.reduce((t, r) => t + Number(r.n), 0)}`;
        },
      },
    },
    {
      key: 'compare_no_show_provider_1y', label: 'compare no-show rate across the 200 providers over a year', reads: 'rollups',
      path: query('/api/reports/compare', { ...year, kpi: 'no_show_rate', by: 'provider' }),
      answer: (body) => {
        const b = body as { overall: { value: number | null; n: number }; rows: unknown[] };
        return `${b.rows.length} rows, overall ${b.overall.value}% (n ${b.overall.n})`;
      },
      naive: {
        label: 'one GROUP BY provider over appointments, the year',
        run: async () => {
          const rows = await sql<{ n: string }>`
            select provider_id, count(*) as n, count(*) filter (where status = 'no_show') as no_shows
            from appointments where organization_id = ${org} and status in ('completed', 'arrived', 'in_room', 'no_show')
              and starts_at >= ${start(year.from)} and starts_at < ${start(addDays(year.to, 1))}
            group by provider_id`.execute(platform.db);
          return `${rows.rows.length} rows, n ${rows.rows.reduce((t, r) => t + Number(r.n), 0)}`;
        },
      },
    },
    {
      key: 'summary_30d_department_channel', label: 'summary, last 30 days, department + channel (a pair rollup)', reads: 'rollups', answer: npsOf,
      path: query('/api/reports/summary', { ...month, departmentId: department, channel: 'sms' }),
      naive: { label: 'sumsFromFacts, 30 days, department + channel', run: sums({ ...month, departmentId: department, channel: 'sms' }) },
    },
    {
      key: 'summary_30d_department_provider', label: 'summary, last 30 days, department + provider (no rollup: the facts path)', reads: 'facts', answer: npsOf,
      path: query('/api/reports/summary', { ...month, departmentId: department, providerId: provider }),
      naive: { label: 'sumsFromFacts, 30 days, department + provider (what the API calls itself)', run: sums({ ...month, departmentId: department, providerId: provider }) },
    },
    {
      key: 'rows_nps_30d', label: 'rows behind NPS, last 30 days, first page of 50', reads: 'facts',
      path: query('/api/reports/rows', { ...month, kpi: 'nps', limit: '50' }),
      answer: (body) => `${(body as { rows: unknown[] }).rows.length} of ${(body as { total: number }).total} rows`,
      naive: null,
    },
  ];
}

export async function measureQueries(platform: Platform, baseUrl: string, token: string, marker: Marker, options: { runs: number; naiveRuns: number }, log: Log): Promise<QueryResult[]> {
  const today = (await sql<{ d: string }>`select ((now() at time zone ${ZONE})::date)::text as d`.execute(platform.db)).rows[0]!.d;
  const results: QueryResult[] = [];
  for (const spec of specs(platform, marker, today)) {
    const loadAverageBefore = Math.round(os.loadavg()[0]! * 100) / 100;
    let lastBody: unknown;
    let bytes = 0;
    const get = async () => {
      const response = await fetch(baseUrl + spec.path, { headers: { authorization: `Bearer ${token}` } });
      const text = await response.text();
      if (!response.ok) throw new Error(`GET ${spec.path}: ${response.status} ${text.slice(0, 300)}`);
      bytes = text.length;
      lastBody = JSON.parse(text);
    };
    const apiMs = await timeRuns(get, options.runs, 3);
    const api = latency(apiMs);
    let naive: QueryResult['naive'] = null;
    if (spec.naive) {
      let answer = '';
      const naiveMs = await timeRuns(async () => { answer = await spec.naive!.run(); }, options.naiveRuns, 1);
      naive = { label: spec.naive.label, latencyMs: latency(naiveMs), runs: options.naiveRuns, answer };
    }
    const result: QueryResult = {
      key: spec.key, label: spec.label, path: spec.path, reads: spec.reads, latencyMs: api, responseKiB: Math.round(bytes / 102.4) / 10,
      answer: spec.answer(lastBody), naive, loadAverageBefore, ratio: naive && api.p50 > 0 ? Math.round((naive.latencyMs.p50 / api.p50) * 10) / 10 : null,
    };
    results.push(result);
    log(`(c) ${spec.label}: p50 ${api.p50} ms, p95 ${api.p95} ms, max ${api.max} ms [${result.answer}]${naive ? `; naive p50 ${naive.latencyMs.p50} ms [${naive.answer}], x${result.ratio}` : ''}`);
  }
  return results;
}
