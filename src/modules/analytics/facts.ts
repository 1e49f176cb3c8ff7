import type { RollupDim } from '../../db/schema-analytics.js';
import type { Platform } from '../../platform/platform.js';

/** A report's filter: days inclusive (YYYY-MM-DD, the clinic's time zone) and dimension values. */
export interface FactFilter { from: string; to: string; departmentId?: string; providerId?: string; locationId?: string; channel?: string }

/** One rollup row's sums (or the same sums computed straight from the facts). */
export interface Sums { metric: string; day: string; dim: RollupDim; dimValue: string; n: number; total: number; totalBusiness: number; hits: number; misses: number; hist: number[] | null }

export interface FactPage {
  total: number;
  columns: { key: string; label: string }[];
  rows: Record<string, string | number | boolean | null>[];
}

const notYet = () => new Error('analytics facts are not built yet');

/** Recomputes the dirty days (of one clinic, or all) from the facts; returns days refreshed. */
export async function refreshDirty(_platform: Platform, _organizationId?: string): Promise<number> {
  return 0;
}

/** Full recomputation of a clinic's rollups over [from, to] (or everything). */
export async function recomputeAll(_platform: Platform, _organizationId: string, _range?: { from: string; to: string }): Promise<void> {
  throw notYet();
}

/** Sums straight from the fact tables (no rollups), per day, dim 'all', every filter applied. */
export async function sumsFromFacts(_platform: Platform, _organizationId: string, _filter: FactFilter, _metrics?: string[]): Promise<Sums[]> {
  throw notYet();
}

/** The rows behind a metric's number for a filter. */
export async function factRows(_platform: Platform, _organizationId: string, _metric: string, _filter: FactFilter, _page: { limit: number; offset: number }): Promise<FactPage> {
  throw notYet();
}
