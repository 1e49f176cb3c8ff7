/**
 * The KPI list of the Reports page: what each KPI is called, which rollup metric it reads, which
 * direction is better, its definition in a sentence (the full ones are in docs/kpis.md), and how
 * its value and 95% interval follow from the metric's sums.
 */
import { percentile } from './histogram.js';
import { histogramMoments, meanInterval, npsEstimate, wilson } from './stats.js';
import type { Totals } from './totals.js';

export type Unit = 'score' | 'percent' | 'seconds' | 'count';
export type Better = 'higher' | 'lower';
export type Family = 'surveys' | 'inbox' | 'visits' | 'referrals';
/** How a group is tested against the rest of the clinic; null: not tested (percentiles, counts). */
export type DifferenceKind = 'nps' | 'proportion' | 'mean' | null;

export interface Ci { low: number; high: number; level: number; method: string }
export interface Measure {
  value: number | null;
  n: number;
  ci: Ci | null;
  adjusted?: number;
  detail?: Record<string, number>;
  businessValue?: number | null;
}

export interface KpiDefinition {
  kpi: string;
  label: string;
  family: Family;
  unit: Unit;
  better: Better;
  /** The rollup metric it is computed from (null: not measured yet). */
  metric: string | null;
  definition: string;
  difference: DifferenceKind;
  measure(totals: Totals): Measure;
}

export const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;
const ciOf = (low: number, high: number, method: string): Ci => ({ low: round(low), high: round(high), level: 0.95, method });

export const WILSON = 'Wilson score interval';
export const ADJUSTED_WALD = 'adjusted Wald (Rocks 2016)';
export const MEAN_T = 't interval (variance from the duration histogram)';

function percentOf(totals: Totals, names: [string, string]): Measure {
  const interval = wilson(totals.hits, totals.n);
  return {
    value: totals.n ? round((totals.hits / totals.n) * 100) : null,
    n: totals.n,
    ci: interval && ciOf(interval.low * 100, interval.high * 100, WILSON),
    detail: { [names[0]]: totals.hits, [names[1]]: totals.n },
  };
}

/** An average duration; business time only where the facts keep it (the inbox: visits have none). */
function meanOf(totals: Totals, business: boolean): Measure {
  if (!totals.n) return { value: null, n: 0, ci: null, businessValue: null };
  const mean = totals.total / totals.n;
  const moments = totals.hist ? histogramMoments(totals.hist) : null;
  const interval = moments && meanInterval(totals.n, mean, moments.variance);
  return {
    value: round(mean), n: totals.n, businessValue: business ? round(totals.totalBusiness / totals.n) : null,
    ci: interval && ciOf(interval.low, interval.high, MEAN_T),
  };
}

function p90Of(totals: Totals): Measure {
  const value = totals.hist ? percentile(totals.hist, 0.9) : null;
  return { value: value === null ? null : round(value), n: totals.n, ci: null };
}

type Shape = Omit<KpiDefinition, 'measure' | 'difference'>;
const rate = (shape: Omit<Shape, 'unit'>, names: [string, string]): KpiDefinition => ({ ...shape, unit: 'percent', difference: 'proportion', measure: (t) => percentOf(t, names) });
const mean = (shape: Omit<Shape, 'unit' | 'better'>): KpiDefinition => ({ ...shape, unit: 'seconds', better: 'lower', difference: 'mean', measure: (t) => meanOf(t, shape.family === 'inbox') });
const p90 = (shape: Omit<Shape, 'unit' | 'better'>): KpiDefinition => ({ ...shape, unit: 'seconds', better: 'lower', difference: null, measure: p90Of });

const nps: KpiDefinition = {
  kpi: 'nps', label: 'Net Promoter Score', family: 'surveys', unit: 'score', better: 'higher', metric: 'survey.nps', difference: 'nps',
  definition: 'Share of promoters (9-10) minus share of detractors (0-6) among answers to "how likely are you to recommend" (0-10), from -100 to 100. 95% interval: adjusted Wald (Rocks 2016).',
  measure(totals) {
    const passives = totals.n - totals.hits - totals.misses;
    const estimate = npsEstimate(totals.hits, passives, totals.misses);
    return {
      value: estimate.value === null ? null : round(estimate.value), n: totals.n,
      ci: totals.n ? ciOf(estimate.ci.low, estimate.ci.high, ADJUSTED_WALD) : null,
      ...(totals.n > 0 && { adjusted: round(estimate.adjusted) }),
      detail: { promoters: totals.hits, passives, detractors: totals.misses },
    };
  },
};

/** The fixed KPIs, in the order the page shows them. CAHPS items are added per item key (cahpsKpi). */
export const KPIS: readonly KpiDefinition[] = [
  nps,
  rate({ kpi: 'csat', label: 'CSAT (% satisfied)', family: 'surveys', better: 'higher', metric: 'survey.csat',
    definition: 'Share of 4 and 5 answers on the 1-5 satisfaction question (not the mean score). 95% interval: Wilson.' }, ['satisfied', 'answers']),
  rate({ kpi: 'ces', label: 'Customer effort (% easy)', family: 'surveys', better: 'higher', metric: 'survey.ces',
    definition: 'Share of 5-7 answers ("easy") on the 1-7 effort question. 95% interval: Wilson.' }, ['easy', 'answers']),
  rate({ kpi: 'response_rate', label: 'Survey response rate', family: 'surveys', better: 'higher', metric: 'survey.sent',
    definition: 'Share of survey invitations sent in the period (by the day sent) that were answered. 95% interval: Wilson.' }, ['answered', 'sent']),
  mean({ kpi: 'first_response_avg', label: 'First response time (average)', family: 'inbox', metric: 'inbox.first_response',
    definition: 'From the patient\'s first message (or a reopen, or a bot\'s hand-off) to the first human reply, by the day the patient wrote; bots and automatic replies never count. Calendar time; business hours beside it.' }),
  p90({ kpi: 'first_response_p90', label: 'First response time (90th percentile)', family: 'inbox', metric: 'inbox.first_response',
    definition: '90% of first responses came within this time (calendar time, from the minute histogram).' }),
  mean({ kpi: 'next_response_avg', label: 'Next response time (average)', family: 'inbox', metric: 'inbox.next_response',
    definition: 'From a patient\'s later message left waiting to the next human reply, by the day the patient wrote. Calendar time; business hours beside it.' }),
  mean({ kpi: 'resolution_avg', label: 'Resolution time (average)', family: 'inbox', metric: 'inbox.resolution',
    definition: 'From a conversation\'s opening (or reopening) to its resolution, by the day it was resolved; each resolution counts. Calendar time; business hours beside it.' }),
  rate({ kpi: 'resolution_rate', label: 'Resolution rate', family: 'inbox', better: 'higher', metric: 'inbox.cycles',
    definition: 'Share of conversation cycles opened in the period that have been resolved. 95% interval: Wilson.' }, ['resolved', 'opened']),
  { kpi: 'unanswered', label: 'Messages left unanswered', family: 'inbox', unit: 'count', better: 'lower', metric: 'inbox.unanswered', difference: null,
    definition: 'Patient waits that ended without a human reply (resolved or closed unanswered), by the day the patient wrote.',
    measure: (totals) => ({ value: totals.n, n: totals.n, ci: null }) },
  rate({ kpi: 'no_show_rate', label: 'No-show rate', family: 'visits', better: 'lower', metric: 'visit.outcome',
    definition: 'Share of visits due in the period that were no-shows, among attended visits and no-shows (cancelled and not yet resolved visits excluded). 95% interval: Wilson.' }, ['no_shows', 'visits']),
  mean({ kpi: 'wait_avg', label: 'Wait time (average)', family: 'visits', metric: 'visit.wait',
    definition: 'From check-in (arrived) to being roomed, for visits with both times, by the visit\'s day.' }),
  p90({ kpi: 'wait_p90', label: 'Wait time (90th percentile)', family: 'visits', metric: 'visit.wait',
    definition: '90% of patients waited less than this from check-in to being roomed.' }),
  rate({ kpi: 'referral_closure', label: 'Referral closure rate', family: 'referrals', better: 'higher', metric: 'referral.closure',
    definition: 'Share of referrals sent in the period (by the day sent; cancelled ones left out) whose result has been received: the loop is closed. Declined ones count as not closed. 95% interval: Wilson.' }, ['closed', 'referrals']),
  { kpi: 'referral_days_to_close', label: 'Days to close a referral (average)', family: 'referrals', unit: 'seconds', better: 'lower', metric: 'referral.days_to_close', difference: null,
    definition: 'From a referral being sent to its result being received, for results received in the period (by that day). Calendar time; no interval (durations run to weeks, past the histogram).',
    measure: (totals) => (totals.n ? { value: round(totals.total / totals.n), n: totals.n, ci: null } : { value: null, n: 0, ci: null }) },
];

export const CAHPS_PREFIX = 'survey.cahps:';

/** A CAHPS-style item's top-box KPI ("Always"), for the item key the surveys use. */
export function cahpsKpi(key: string, question?: string): KpiDefinition {
  return {
    kpi: `cahps:${key}`, label: `${question ?? key.replace(/[_-]+/g, ' ')} (% always)`, family: 'surveys', unit: 'percent', better: 'higher',
    metric: `${CAHPS_PREFIX}${key}`, difference: 'proportion',
    definition: 'Share of "Always" answers (top box) on a never/sometimes/usually/always item; the linear mean (0/33.3/66.7/100) is beside it. 95% interval: Wilson.',
    measure(totals) {
      const measure = percentOf(totals, ['always', 'answers']);
      if (totals.n) measure.detail = { ...measure.detail, linearMean: round(totals.total / totals.n) };
      return measure;
    },
  };
}

/** The KPI of a name (fixed, or cahps:<item key>), or undefined. */
export function kpiByName(name: string): KpiDefinition | undefined {
  if (name.startsWith('cahps:')) {
    const key = name.slice('cahps:'.length);
    return /^[a-z0-9_-]{1,80}$/i.test(key) ? cahpsKpi(key) : undefined;
  }
  return KPIS.find((kpi) => kpi.kpi === name);
}

/** RAG status of a value against a target, honouring which direction is better. */
export function ragStatus(value: number | null, target: { green: number; amber: number }, better: Better): 'green' | 'amber' | 'red' | null {
  if (value === null) return null;
  const atLeast = (threshold: number) => (better === 'higher' ? value >= threshold : value <= threshold);
  if (atLeast(target.green)) return 'green';
  if (atLeast(target.amber)) return 'amber';
  return 'red';
}
