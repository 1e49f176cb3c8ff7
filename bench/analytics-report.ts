/** bench/analytics: the printed table and the target check. */
import type { PhaseResults } from './analytics-phases.js';
import type { SeedReport } from './analytics-seed.js';

export const TARGET_P95_MS = 200;

const pad = (text: string | number, width: number) => String(text).padStart(width);
const padEnd = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));

/** Every Reports query's p95 under the target (the facts path included: it is a query the page sends). */
export function analyticsTargets(results: PhaseResults) {
  const worst = Math.max(...results.queries.map((q) => q.latencyMs.p95));
  return {
    reportsP95UnderMs: TARGET_P95_MS,
    worstP95Ms: worst,
    met: worst < TARGET_P95_MS,
    rollupsAgreeWithRecompute: results.incremental.agreement.equal,
    newFactsCounted: results.incremental.counted.visitOutcomesAdded === results.incremental.visits && results.incremental.counted.npsAnswersAdded === results.incremental.answers,
  };
}

export function printAnalytics(generation: { reused: boolean; generatedAt: string; seconds: Record<string, number>; rows: SeedReport['counts']; period: SeedReport['period'] }, results: PhaseResults) {
  const fmt = (n: number) => n.toLocaleString('en-US');
  console.log(`data: ${generation.period.from}..${generation.period.to} (${generation.period.days} days); ${Object.entries(generation.rows).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
  const steps = Object.entries(generation.seconds).filter(([k]) => k !== 'total').map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`generation: ${generation.seconds.total} s (${steps})${generation.reused ? `, measured when generated ${generation.generatedAt}; reused this run` : ''}`);
  const r = results.rollups;
  console.log(`rollups: recomputeAll of everything ${r.seconds} s, ${fmt(r.rows)} rows${r.rebuilt ? '' : ` (measured ${r.measuredAt}; kept this run: ${r.reason})`}`);
  const inc = results.incremental;
  const req = inc.requests.map((q) => `${q.label} p50 ${q.latencyMs.p50} / p95 ${q.latencyMs.p95} ms`).join('; ');
  console.log(`incremental: ${inc.visits} visits completed and ${inc.answers} surveys answered through the API (${req})`);
  console.log(`  refreshDirty: ${inc.refresh.ms} ms for ${inc.refresh.daysRefreshed} days marked (${Object.entries(inc.markedDays).map(([f, n]) => `${f} ${n}`).join(', ')}), ${inc.refresh.calls} calls`);
  console.log(`  counted: +${inc.counted.visitOutcomesAdded} visit outcomes, +${inc.counted.npsAnswersAdded} NPS answers; against recomputeAll(${inc.agreement.from}..${inc.agreement.to}): ${inc.agreement.rowsCompared} rollup rows, ${inc.agreement.mismatches} differ`);
  console.log('');
  console.log(`${padEnd('Reports query (HTTP, one at a time)', 62)} ${padEnd('reads', 7)} ${pad('p50', 8)} ${pad('p95', 8)} ${pad('max', 8)} | ${pad('naive p50', 10)} ${pad('p95', 9)} ${pad('naive/API', 9)} ${pad('load', 5)}`);
  for (const q of results.queries) {
    const n = q.naive;
    console.log(`${padEnd(q.label, 62)} ${padEnd(q.reads, 7)} ${pad(q.latencyMs.p50, 8)} ${pad(q.latencyMs.p95, 8)} ${pad(q.latencyMs.max, 8)} | ${pad(n ? n.latencyMs.p50 : '-', 10)} ${pad(n ? n.latencyMs.p95 : '-', 9)} ${pad(q.ratio === null ? '-' : `x${q.ratio}`, 9)} ${pad(q.loadAverageBefore, 5)}`);
  }
  console.log('(milliseconds; naive: the same sums straight from the fact tables, see the JSON for each one\'s query and answer; load: the 1-minute load average on this 2-core machine when the query started)');
  const t = analyticsTargets(results);
  console.log(`\ntarget: every Reports query p95 < ${t.reportsP95UnderMs} ms: ${t.met ? 'MET' : 'NOT MET'} (worst p95 ${t.worstP95Ms} ms); rollups agree with a recomputation: ${t.rollupsAgreeWithRecompute ? 'yes' : 'NO'}; every new fact counted: ${t.newFactsCounted ? 'yes' : 'NO'}`);
}
