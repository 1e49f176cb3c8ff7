// The Reports API's shapes, as the page reads them (the server's schemas are the source of truth).

export type KpiUnit = 'score' | 'percent' | 'seconds' | 'count';
export type RagStatus = 'green' | 'amber' | 'red';
export type CompareBy = 'department' | 'provider' | 'location' | 'channel';
export type TrendInterval = 'day' | 'week' | 'month';

export interface ConfidenceInterval {
  low: number;
  high: number;
  level: number;
  method: string;
}

export interface Kpi {
  kpi: string;
  label: string;
  family: string;
  unit: KpiUnit;
  value: number | null;
  n: number;
  ci: ConfidenceInterval | null;
  /** NPS only: the adjusted Wald point estimate the interval is centred on. */
  adjusted?: number;
  detail?: Record<string, number>;
  /** Durations only: the same measure counted in business hours. */
  businessValue?: number | null;
  /** status is null when the period has no value to judge. */
  target: { green: number; amber: number; status: RagStatus | null; departmentId: string | null } | null;
  better: 'higher' | 'lower';
  definition: string;
  metric: string | null;
}

export interface Summary {
  period: { from: string; to: string; timeZone: string };
  kpis: Kpi[];
}

export interface TrendPoint {
  start: string;
  value: number | null;
  n: number;
  ci: ConfidenceInterval | null;
}

export interface Trend {
  kpi: string;
  label: string;
  unit: KpiUnit;
  interval: TrendInterval;
  points: TrendPoint[];
}

export type Difference = 'higher' | 'lower' | 'within_noise' | 'not_tested';

export interface CompareRow {
  id: string;
  name: string;
  value: number | null;
  n: number;
  ci: ConfidenceInterval | null;
  difference: Difference;
  /** The 95% interval of (this group − the rest), in the KPI's unit. */
  differenceCi: { low: number; high: number } | null;
  note: string | null;
}

export interface Comparison {
  kpi: string;
  better: 'higher' | 'lower';
  overall: { value: number | null; n: number; ci: ConfidenceInterval | null };
  /** How a difference is tested, in a sentence for the page. */
  test: string;
  rows: CompareRow[];
}

export type RowValue = string | number | boolean | null;

export interface FactRows {
  total: number;
  columns: { key: string; label: string }[];
  rows: Record<string, RowValue>[];
}

export interface Option {
  id: string;
  name: string;
}

export interface Dimensions {
  departments: Option[];
  providers: Option[];
  locations: Option[];
  channels: Option[];
}

export interface Target {
  id: string;
  kpi: string;
  label: string;
  departmentId: string | null;
  departmentName: string | null;
  green: number;
  amber: number;
  better: 'higher' | 'lower';
}
