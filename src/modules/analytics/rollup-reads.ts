import type { RollupDim } from '../../db/schema-analytics.js';
import type { Platform } from '../../platform/platform.js';
import type { Sums } from './facts.js';

export interface RollupQuery {
  from: string;
  to: string;
  /** 'all' (default) or one dimension, with the value to read (an id, a channel, or 'none'). */
  dim?: RollupDim;
  dimValue?: string;
  metrics?: string[];
}

/** A clinic's rollup rows for a day range and one dimension value, per metric and day. */
export async function rollupSums(platform: Platform, organizationId: string, query: RollupQuery): Promise<Sums[]> {
  let select = platform.db.selectFrom('kpi_rollups')
    .select(['metric', 'day', 'dim', 'dim_value', 'n', 'total', 'total_business', 'hits', 'misses', 'hist'])
    .where('organization_id', '=', organizationId)
    .where('dim', '=', query.dim ?? 'all').where('dim_value', '=', query.dim && query.dim !== 'all' ? query.dimValue ?? '' : '')
    .where('day', '>=', query.from).where('day', '<=', query.to);
  if (query.metrics) {
    if (query.metrics.length === 0) return [];
    select = select.where('metric', 'in', query.metrics);
  }
  const rows = await select.orderBy('day').orderBy('metric').execute();
  return rows.map((row) => ({
    metric: row.metric, day: String(row.day), dim: row.dim, dimValue: row.dim_value, n: Number(row.n), total: row.total,
    totalBusiness: row.total_business, hits: Number(row.hits), misses: Number(row.misses), hist: row.hist,
  }));
}
