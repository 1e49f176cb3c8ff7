/**
 * The statistics behind the Reports page: point estimates, 95% intervals and the test that says
 * whether a group differs from the rest of the clinic. Everything is computed from sums (counts,
 * totals, histograms), never from the rows, so the rollups answer it.
 */
import { EDGES } from './histogram.js';

/** z for a two-sided 95% interval, rounded to 1.96 as the published NPS and Wilson examples use it. */
export const Z95 = 1.96;

export interface Interval { low: number; high: number }

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

export interface NpsEstimate {
  /** %promoters - %detractors (-100..100); null when nobody answered. */
  value: number | null;
  /** The adjusted Wald point (Rocks 2016): 3/4 of a promoter and of a detractor added, n + 3. */
  adjusted: number;
  ci: Interval;
  /** Variance of the adjusted estimate (as a proportion difference, not x100): used by differences. */
  variance: number;
}

/**
 * NPS with the adjusted Wald interval of Rocks, "Interval estimation for the net promoter score"
 * (The American Statistician, 2016): n' = n + 3, p = (promoters + 3/4) / n', d = (detractors + 3/4) / n',
 * NPS' = p - d, NPS' +- z * sqrt((p + d - (p - d)^2) / n'); clamped to [-100, 100].
 */
export function npsEstimate(promoters: number, passives: number, detractors: number, z = Z95): NpsEstimate {
  const n = promoters + passives + detractors;
  const adjustedN = n + 3;
  const p = (promoters + 0.75) / adjustedN;
  const d = (detractors + 0.75) / adjustedN;
  const adjusted = p - d;
  const variance = (p + d - adjusted ** 2) / adjustedN;
  const half = z * Math.sqrt(variance);
  return {
    value: n === 0 ? null : ((promoters - detractors) / n) * 100,
    adjusted: adjusted * 100,
    ci: { low: clamp((adjusted - half) * 100, -100, 100), high: clamp((adjusted + half) * 100, -100, 100) },
    variance,
  };
}

/** Wilson score interval of a proportion hits/n, as fractions 0..1 (null when n is 0). */
export function wilson(hits: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  const p = hits / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: clamp(centre - half, 0, 1), high: clamp(centre + half, 0, 1) };
}

/** Mean and sample variance of the durations in a histogram (each counted at its bucket's middle). */
export function histogramMoments(histogram: readonly number[]): { n: number; mean: number; variance: number } | null {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i] ?? 0;
    n += count;
    sum += count * middleOf(i);
  }
  if (n === 0) return null;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < histogram.length; i++) squares += (histogram[i] ?? 0) * (middleOf(i) - mean) ** 2;
  return { n, mean, variance: n > 1 ? squares / (n - 1) : 0 };
}

function middleOf(bucket: number): number {
  const low = EDGES[bucket] ?? EDGES[EDGES.length - 1]!;
  const high = EDGES[bucket + 1];
  return high === undefined ? low : (low + high) / 2;
}

/** The 0.975 quantile of Student's t with df degrees of freedom (Cornish-Fisher expansion; exact enough for df >= 3). */
export function t975(df: number): number {
  if (!Number.isFinite(df) || df > 1e6) return Z95;
  const z = Z95;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** The 95% interval of a mean from its n, mean and sample variance (t interval). */
export function meanInterval(n: number, mean: number, variance: number): Interval | null {
  if (n < 2) return null;
  const half = t975(n - 1) * Math.sqrt(variance / n);
  return { low: Math.max(0, mean - half), high: mean + half };
}

export type Difference = 'higher' | 'lower' | 'within_noise';
export interface DifferenceTest {
  difference: Difference;
  /** The 95% interval of (group - rest), in the KPI's unit; null when too few answers to test. */
  interval: Interval | null;
  method: string;
  note?: string;
}

/** Below this many answers on either side a difference is never claimed. */
export const MIN_SAMPLE = 10;

const tooSmall = (method: string): DifferenceTest => ({ difference: 'within_noise', interval: null, method, note: `fewer than ${MIN_SAMPLE} answers on one side: not tested` });

function verdict(interval: Interval, method: string): DifferenceTest {
  const difference: Difference = interval.low > 0 ? 'higher' : interval.high < 0 ? 'lower' : 'within_noise';
  return { difference, interval, method };
}

/**
 * Difference of two proportions (group - rest, in percentage points): Newcombe's hybrid score
 * interval (method 10 of Newcombe 1998), built from the two Wilson intervals.
 */
export function proportionDifference(hits1: number, n1: number, hits2: number, n2: number): DifferenceTest {
  const method = 'Newcombe hybrid score interval of the difference of two proportions';
  if (n1 < MIN_SAMPLE || n2 < MIN_SAMPLE) return tooSmall(method);
  const p1 = hits1 / n1;
  const p2 = hits2 / n2;
  const w1 = wilson(hits1, n1)!;
  const w2 = wilson(hits2, n2)!;
  const d = p1 - p2;
  const low = d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2);
  const high = d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2);
  return verdict({ low: low * 100, high: high * 100 }, method);
}

export interface NpsCounts { promoters: number; passives: number; detractors: number }

/** Difference of two independent NPS (group - rest, in points): adjusted Wald estimates, variances summed. */
export function npsDifference(group: NpsCounts, rest: NpsCounts): DifferenceTest {
  const method = 'difference of two adjusted Wald NPS estimates (variances summed)';
  const n1 = group.promoters + group.passives + group.detractors;
  const n2 = rest.promoters + rest.passives + rest.detractors;
  if (n1 < MIN_SAMPLE || n2 < MIN_SAMPLE) return tooSmall(method);
  const a = npsEstimate(group.promoters, group.passives, group.detractors);
  const b = npsEstimate(rest.promoters, rest.passives, rest.detractors);
  const d = (a.adjusted - b.adjusted) / 100;
  const half = Z95 * Math.sqrt(a.variance + b.variance);
  return verdict({ low: (d - half) * 100, high: (d + half) * 100 }, method);
}

export interface MeanSample { n: number; mean: number; variance: number }

/** Welch's t interval of the difference of two means (group - rest, in the KPI's unit). */
export function meanDifference(group: MeanSample, rest: MeanSample): DifferenceTest {
  const method = 'Welch t interval of the difference of two means (variances from the duration histograms)';
  if (group.n < MIN_SAMPLE || rest.n < MIN_SAMPLE) return tooSmall(method);
  const a = group.variance / group.n;
  const b = rest.variance / rest.n;
  const se = Math.sqrt(a + b);
  const d = group.mean - rest.mean;
  if (se === 0) return verdict({ low: d, high: d }, method);
  const df = (a + b) ** 2 / (a ** 2 / (group.n - 1) + b ** 2 / (rest.n - 1));
  const half = t975(df) * se;
  return verdict({ low: d - half, high: d + half }, method);
}
