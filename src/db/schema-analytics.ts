import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Defaulted, Timestamp } from './columns.js';

/** Table types of the analytics module (migration 0006). */
/** A rollup's breakdown: one dimension, or the two pairs reports filter by together (values joined by '|'). */
export type RollupDim = 'all' | 'department' | 'provider' | 'location' | 'channel' | 'department_channel' | 'provider_location';
export type KpiFamily = 'inbox' | 'visits' | 'surveys' | 'referrals';
/** bigint columns come back as strings from node-postgres; the store converts them. */
type Count = ColumnType<string | number, number | undefined, number>;
type Day = ColumnType<string, string, string>;

export interface KpiRollupTable {
  organization_id: string;
  metric: string;
  day: Day;
  dim: RollupDim;
  dim_value: string;
  n: Count;
  total: Defaulted<number>;
  total_business: Defaulted<number>;
  hits: Count;
  misses: Count;
  hist: number[] | null;
}

export interface KpiDirtyDayTable {
  organization_id: string;
  family: KpiFamily;
  day: Day;
  marked_at: CreatedAt;
}

export interface KpiTargetTable {
  id: Generated<string>;
  organization_id: string;
  kpi: string;
  department_id: string | null;
  green: number;
  amber: number;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AnalyticsTables {
  kpi_rollups: KpiRollupTable;
  kpi_dirty_days: KpiDirtyDayTable;
  kpi_targets: KpiTargetTable;
}
