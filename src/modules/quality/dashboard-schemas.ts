import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CapaAction, HarmLevel, IncidentCategory, IncidentStatus } from './incident-schemas.js';

/** The quality dashboard's query and answer. */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const DashboardQuery = Type.Object({
  months: Type.Optional(Type.Integer({ minimum: 1, maximum: 36, default: 12, description: 'how many calendar months, this one included' })),
}, { additionalProperties: false });
export type DashboardQuery = Static<typeof DashboardQuery>;

const Counts = Type.Record(Type.String(), Type.Integer());

export const Dashboard = Type.Object({
  timeZone: Type.String(),
  months: Type.Array(Type.Object({
    month: Type.String({ description: 'YYYY-MM in the clinic\'s time zone' }),
    total: Type.Integer(),
    byHarm: Counts,
    byCategory: Counts,
  })),
  byHarm: Type.Array(Type.Object({ harmLevel: HarmLevel, count: Type.Integer() })),
  byCategory: Type.Array(Type.Object({ category: IncidentCategory, count: Type.Integer() })),
  incidentsByStatus: Type.Array(Type.Object({ status: IncidentStatus, count: Type.Integer() })),
  openIncidents: Type.Integer(),
  actions: Type.Object({
    open: Type.Integer(), awaitingVerification: Type.Integer(), overdue: Type.Integer(), effective: Type.Integer(), notEffective: Type.Integer(),
  }),
  overdueActions: Type.Array(CapaAction, { description: 'the most overdue open actions, up to 10' }),
  topRisks: Type.Array(Type.Object({
    worksheetId: Type.String(), worksheetTitle: Type.String(), stepName: Type.String(), failureModeId: Type.String(),
    failureMode: Type.String(), severity: Type.Integer(), rpn: Type.Integer(), rpnAfter: Nullable(Type.Integer()), actionStatus: Nullable(Type.String()),
  }), { description: 'FMEA failure modes with the highest RPN' }),
});
export type Dashboard = Static<typeof Dashboard>;
