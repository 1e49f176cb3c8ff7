import { Type, type Static } from '@sinclair/typebox';
import { OneOf, Timestamp, Uuid } from '../../platform/schemas.js';

/** Request and response schemas of the Reports API (src/modules/analytics/routes.ts). */

export const CHANNELS = ['sms', 'email', 'chat', 'voice', 'portal'] as const;
export const INTERVALS = ['day', 'week', 'month'] as const;
export const COMPARE_BY = ['department', 'provider', 'location', 'channel'] as const;
export const EXPORTS = ['summary', 'trend', 'compare', 'rows'] as const;
export type Interval = (typeof INTERVALS)[number];
export type CompareBy = (typeof COMPARE_BY)[number];

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a date as YYYY-MM-DD' });
const KpiKey = Type.String({ minLength: 1, maxLength: 120, pattern: '^[a-z0-9_:.-]+$', description: 'a KPI name such as nps, csat or cahps:courtesy' });

/** The filter every report takes: days inclusive in the clinic's time zone, and at most a few dimensions. */
const filterFields = {
  from: Type.Optional(LocalDate),
  to: Type.Optional(LocalDate),
  departmentId: Type.Optional(Uuid),
  providerId: Type.Optional(Uuid),
  locationId: Type.Optional(Uuid),
  channel: Type.Optional(OneOf(CHANNELS)),
};
export const FilterQuery = Type.Object(filterFields, { additionalProperties: false });
export type FilterQuery = Static<typeof FilterQuery>;

export const TrendQuery = Type.Object({ ...filterFields, kpi: KpiKey, interval: Type.Optional(OneOf(INTERVALS, { description: 'day, week (from Monday) or month' })) }, { additionalProperties: false });
export type TrendQuery = Static<typeof TrendQuery>;

export const CompareQuery = Type.Object({ ...filterFields, kpi: KpiKey, by: OneOf(COMPARE_BY) }, { additionalProperties: false });
export type CompareQuery = Static<typeof CompareQuery>;

export const RowsQuery = Type.Object({
  ...filterFields,
  kpi: KpiKey,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
}, { additionalProperties: false });
export type RowsQuery = Static<typeof RowsQuery>;

export const ExportQuery = Type.Object({
  ...filterFields,
  what: OneOf(EXPORTS),
  kpi: Type.Optional(KpiKey),
  interval: Type.Optional(OneOf(INTERVALS)),
  by: Type.Optional(OneOf(COMPARE_BY)),
}, { additionalProperties: false });
export type ExportQuery = Static<typeof ExportQuery>;

const Nullable = <T extends ReturnType<typeof Type.Number>>(schema: T) => Type.Union([schema, Type.Null()]);

export const Ci = Type.Union([Type.Object({ low: Type.Number(), high: Type.Number(), level: Type.Number(), method: Type.String() }), Type.Null()]);
export type Ci = Static<typeof Ci>;

export const Period = Type.Object({ from: Type.String(), to: Type.String(), timeZone: Type.String() });
export type Period = Static<typeof Period>;

const Unit = OneOf(['score', 'percent', 'seconds', 'count'] as const);
const Better = OneOf(['higher', 'lower'] as const);
const Rag = OneOf(['green', 'amber', 'red'] as const);

export const KpiTargetStatus = Type.Union([Type.Object({
  green: Type.Number(), amber: Type.Number(),
  /** null when the KPI has no value in the period (nothing to judge). */
  status: Type.Union([Rag, Type.Null()]),
  departmentId: Type.Union([Uuid, Type.Null()]),
}), Type.Null()]);

export const Kpi = Type.Object({
  kpi: Type.String(),
  label: Type.String(),
  family: OneOf(['surveys', 'inbox', 'visits', 'referrals'] as const),
  unit: Unit,
  value: Nullable(Type.Number()),
  n: Type.Integer(),
  ci: Ci,
  adjusted: Type.Optional(Type.Number()),
  detail: Type.Optional(Type.Record(Type.String(), Type.Number())),
  businessValue: Type.Optional(Nullable(Type.Number())),
  target: KpiTargetStatus,
  better: Better,
  definition: Type.String(),
  metric: Type.Union([Type.String(), Type.Null()]),
});
export type Kpi = Static<typeof Kpi>;

export const Summary = Type.Object({ period: Period, kpis: Type.Array(Kpi) });
export type Summary = Static<typeof Summary>;

export const TrendPoint = Type.Object({ start: Type.String(), value: Nullable(Type.Number()), n: Type.Integer(), ci: Ci });
export const Trend = Type.Object({ kpi: Type.String(), label: Type.String(), unit: Unit, interval: OneOf(INTERVALS), period: Period, points: Type.Array(TrendPoint) });
export type Trend = Static<typeof Trend>;

export const CompareRow = Type.Object({
  id: Type.String(),
  name: Type.String(),
  value: Nullable(Type.Number()),
  n: Type.Integer(),
  ci: Ci,
  /** Against the rest of the clinic: higher/lower only when the 95% interval of the difference excludes 0. */
  difference: OneOf(['higher', 'lower', 'within_noise', 'not_tested'] as const),
  /** The 95% interval of (this group - the rest), in the KPI's unit; null when not tested. */
  differenceCi: Type.Union([Type.Object({ low: Type.Number(), high: Type.Number() }), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
});
export type CompareRow = Static<typeof CompareRow>;

export const Comparison = Type.Object({
  kpi: Type.String(), label: Type.String(), unit: Unit, better: Better, by: OneOf(COMPARE_BY), period: Period,
  overall: Type.Object({ value: Nullable(Type.Number()), n: Type.Integer(), ci: Ci }),
  /** How a difference is tested, in a sentence for the page. */
  test: Type.String(),
  rows: Type.Array(CompareRow),
});
export type Comparison = Static<typeof Comparison>;

const Cell = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
export const Rows = Type.Object({
  kpi: Type.String(), metric: Type.String(), period: Period, total: Type.Integer(),
  columns: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })),
  rows: Type.Array(Type.Record(Type.String(), Cell)),
});
export type Rows = Static<typeof Rows>;

const Named = Type.Object({ id: Type.String(), name: Type.String() });
export const Dimensions = Type.Object({
  departments: Type.Array(Named), providers: Type.Array(Named), locations: Type.Array(Named), channels: Type.Array(Named),
  kpis: Type.Array(Type.Object({ kpi: Type.String(), label: Type.String(), family: Type.String(), unit: Unit, better: Better })),
});
export type Dimensions = Static<typeof Dimensions>;

export const Target = Type.Object({
  id: Uuid, kpi: Type.String(), label: Type.String(), departmentId: Type.Union([Uuid, Type.Null()]), departmentName: Type.Union([Type.String(), Type.Null()]),
  green: Type.Number(), amber: Type.Number(), better: Better, createdAt: Timestamp, updatedAt: Timestamp,
});
export type Target = Static<typeof Target>;
export const TargetList = Type.Object({ items: Type.Array(Target) });

export const TargetBody = Type.Object({
  kpi: KpiKey,
  departmentId: Type.Union([Uuid, Type.Null()], { default: null }),
  green: Type.Number({ minimum: -1e9, maximum: 1e9 }),
  amber: Type.Number({ minimum: -1e9, maximum: 1e9 }),
}, { additionalProperties: false });
export type TargetBody = Static<typeof TargetBody>;

export const RecomputeBody = Type.Object({ from: Type.Optional(LocalDate), to: Type.Optional(LocalDate) }, { additionalProperties: false });
export type RecomputeBody = Static<typeof RecomputeBody>;
export const Recomputed = Type.Object({ from: Type.Union([Type.String(), Type.Null()]), to: Type.Union([Type.String(), Type.Null()]), recomputedAt: Timestamp });
