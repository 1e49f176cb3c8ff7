// How report numbers read: durations in words people use ("4 min", "2 h 5 min"), percents with one
// decimal, NPS as a signed whole number (its interval with one decimal).
import type { ConfidenceInterval, Kpi, KpiUnit } from './types.js';

/** Seconds as a short human duration: "45 s", "4 min", "2 h 5 min", "3 d 4 h". */
export function formatDuration(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  if (hours < 24) return restMinutes ? `${hours} h ${restMinutes} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours ? `${days} d ${restHours} h` : `${days} d`;
}

const signed = (value: number, digits: number) => {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return `${value < 0 ? '−' : '+'}${text}`;
};

/** A KPI's value in its unit; "—" when there is nothing to measure. */
export function formatValue(kpi: string, unit: KpiUnit, value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (kpi === 'nps') return signed(value, 0);
  switch (unit) {
    case 'percent': return `${value.toFixed(1)}%`;
    case 'seconds': return formatDuration(value);
    case 'count': return Math.round(value).toLocaleString('en-US');
    default: return value.toFixed(1);
  }
}

/** A 95% interval as "−11.7 to +55.2" (NPS), "61.2% to 80.4%" (proportions), in the KPI's unit. */
export function formatInterval(kpi: string, unit: KpiUnit, ci: ConfidenceInterval | null | undefined): string | null {
  if (!ci) return null;
  if (kpi === 'nps') return `${signed(ci.low, 1)} to ${signed(ci.high, 1)}`;
  return `${formatValue(kpi, unit, ci.low)} to ${formatValue(kpi, unit, ci.high)}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "n = 1,204 answers" with the word that fits what a KPI counts. */
export function countNoun(kpi: Kpi | { kpi: string; family?: string }): [string, string] {
  const key = kpi.kpi;
  if (key === 'response_rate') return ['invitation', 'invitations'];
  if (key === 'nps' || key === 'csat' || key === 'ces' || key.startsWith('cahps:')) return ['answer', 'answers'];
  if (key.startsWith('first_response') || key.startsWith('next_response')) return ['reply', 'replies'];
  if (key === 'unanswered') return ['wait', 'waits'];
  if (key.startsWith('resolution')) return ['conversation', 'conversations'];
  if (key === 'no_show_rate') return ['visit', 'visits'];
  if (key.startsWith('wait_')) return ['visit', 'visits'];
  if (key === 'referral_closure') return ['referral', 'referrals'];
  if (key === 'referral_days_to_close') return ['result', 'results'];
  return ['row', 'rows'];
}

export function plural(n: number, [one, many]: [string, string]): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Targets are typed in minutes for durations and stored in seconds, in the API's unit otherwise. */
export function targetInputUnit(unit: KpiUnit): string {
  if (unit === 'seconds') return 'minutes';
  if (unit === 'percent') return '%';
  return '';
}
export const toTargetInput = (unit: KpiUnit, value: number) => (unit === 'seconds' ? Math.round((value / 60) * 10) / 10 : value);
export const fromTargetInput = (unit: KpiUnit, value: number) => (unit === 'seconds' ? Math.round(value * 60) : value);

export const RAG_LABELS = { green: 'On target', amber: 'Near target', red: 'Off target' } as const;
export const RAG_COLORS = { green: 'green', amber: 'orange', red: 'red' } as const;
export const DIFFERENCE_LABELS = { higher: 'Higher', lower: 'Lower', within_noise: 'Within noise', not_tested: 'Not tested' } as const;
