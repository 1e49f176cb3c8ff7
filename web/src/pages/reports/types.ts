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
  target: { green: number; amber: number; status: RagStatus } | null;
  better: 'higher' | 'lower';
  definition: string;
  metric: string;
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
  points: TrendPoint[];
}

export type Difference = 'higher' | 'lower' | 'within_noise';

export interface CompareRow {
  id: string;
  name: string;
  value: number | null;
  n: number;
  ci: ConfidenceInterval | null;
  difference: Difference;
}

export interface Comparison {
  kpi: string;
  overall: { value: number | null; n: number; ci: ConfidenceInterval | null };
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
  departmentId: string | null;
  green: number;
  amber: number;
}
