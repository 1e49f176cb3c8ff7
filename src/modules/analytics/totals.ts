import { addHistogram } from './histogram.js';

/** A metric's sums over some days (of one group, or of all): what every KPI is computed from. */
export interface Totals { n: number; total: number; totalBusiness: number; hits: number; misses: number; hist: number[] | null }

export const emptyTotals = (): Totals => ({ n: 0, total: 0, totalBusiness: 0, hits: 0, misses: 0, hist: null });

/** Adds b into a (a is changed and returned). */
export function addTotals(a: Totals, b: Omit<Totals, 'hist'> & { hist?: readonly number[] | null }): Totals {
  a.n += Number(b.n);
  a.total += Number(b.total);
  a.totalBusiness += Number(b.totalBusiness);
  a.hits += Number(b.hits);
  a.misses += Number(b.misses);
  if (b.hist) a.hist = addHistogram(a.hist ?? [], b.hist);
  return a;
}

/** a - b: the rest of the clinic once a group is taken out of the whole. */
export function subtractTotals(a: Totals, b: Totals): Totals {
  const hist = a.hist ? a.hist.map((count, i) => Math.max(0, count - (b.hist?.[i] ?? 0))) : null;
  return {
    n: a.n - b.n, total: a.total - b.total, totalBusiness: a.totalBusiness - b.totalBusiness,
    hits: a.hits - b.hits, misses: a.misses - b.misses, hist,
  };
}

/** Totals per metric (a missing metric reads as empty). */
export class MetricTotals {
  private readonly byMetric = new Map<string, Totals>();

  add(metric: string, sums: Omit<Totals, 'hist'> & { hist?: readonly number[] | null }) {
    const current = this.byMetric.get(metric) ?? emptyTotals();
    this.byMetric.set(metric, addTotals(current, sums));
  }

  get(metric: string): Totals {
    return this.byMetric.get(metric) ?? emptyTotals();
  }

  metrics(): string[] {
    return [...this.byMetric.keys()];
  }
}
