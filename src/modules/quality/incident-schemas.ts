import { Type, type Static } from '@sinclair/typebox';
import { CAPA_KINDS, CAPA_STATUSES, FISHBONE_CATEGORIES, HARM_LEVELS, INCIDENT_CATEGORIES, INCIDENT_SOURCES, INCIDENT_STATUSES } from '../../db/schema-quality.js';
import { NullableTimestamp, OneOf, Paging, Timestamp, Uuid } from '../../platform/schemas.js';

/** Request and response schemas of incident reports and their analysis. */
const NullableUuid = Type.Union([Uuid, Type.Null()]);
const NullableText = Type.Union([Type.String(), Type.Null()]);
const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', description: description ?? 'text that is not only spaces' });
const Time = Type.String({ format: 'date-time', description: 'an ISO 8601 time with its offset, e.g. 2025-03-04T15:00:00Z' });

export const HarmLevel = OneOf(HARM_LEVELS, { description: 'AHRQ Common Formats harm scale: near_miss (did not reach the patient), none, mild, moderate, severe, death' });
export const IncidentCategory = OneOf(INCIDENT_CATEGORIES);
export const IncidentStatus = OneOf(INCIDENT_STATUSES);

const ReportFields = {
  title: Text(200, 'a one-line summary'),
  description: Text(8000, 'what happened'),
  occurredAt: Time,
  locationId: Type.Optional(Uuid),
  departmentId: Type.Optional(Uuid),
  category: IncidentCategory,
  harmLevel: HarmLevel,
  patientId: Type.Optional(Uuid),
  immediateActions: Type.Optional(Type.String({ maxLength: 4000, description: 'what was done at once to make the patient or the place safe' })),
};

export const NewIncident = Type.Object({
  ...ReportFields,
  conversationId: Type.Optional(Type.String({ format: 'uuid', description: 'the complaint conversation this incident comes from' })),
}, { additionalProperties: false });
export type NewIncident = Static<typeof NewIncident>;

/** An anonymous report: no reporter is stored, and nothing in the incident names them. */
export const NewAnonymousIncident = Type.Object(ReportFields, { additionalProperties: false });
export type NewAnonymousIncident = Static<typeof NewAnonymousIncident>;

export const IncidentChanges = Type.Object({
  title: Type.Optional(Text(200)),
  description: Type.Optional(Text(8000)),
  occurredAt: Type.Optional(Time),
  locationId: Type.Optional(NullableUuid),
  departmentId: Type.Optional(NullableUuid),
  category: Type.Optional(IncidentCategory),
  harmLevel: Type.Optional(HarmLevel),
  patientId: Type.Optional(NullableUuid),
  immediateActions: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
}, { additionalProperties: false, minProperties: 1 });
export type IncidentChanges = Static<typeof IncidentChanges>;

export const StatusChange = Type.Object({
  status: IncidentStatus,
  note: Type.Optional(Type.String({ maxLength: 4000, description: 'why; required to close or to reopen' })),
}, { additionalProperties: false });
export type StatusChange = Static<typeof StatusChange>;

export const IncidentQuery = Type.Object({
  status: Type.Optional(Type.Union([IncidentStatus, Type.Literal('open', { description: 'every status but closed' })])),
  harmLevel: Type.Optional(HarmLevel),
  category: Type.Optional(IncidentCategory),
  departmentId: Type.Optional(Uuid),
  locationId: Type.Optional(Uuid),
  patientId: Type.Optional(Uuid),
  mine: Type.Optional(Type.Boolean({ description: 'only the incidents I reported (never anonymous ones: they name nobody)' })),
  from: Type.Optional(Type.String({ format: 'date', description: 'occurred on or after this date (YYYY-MM-DD, a day in the clinic\'s time zone)' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'occurred on or before this date (YYYY-MM-DD, a day in the clinic\'s time zone)' })),
  ...Paging,
}, { additionalProperties: false });
export type IncidentQuery = Static<typeof IncidentQuery>;

const Named = Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]);

export const Incident = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  reference: Type.String({ description: 'INC-<number>, as staff say it' }),
  title: Type.String(),
  description: Type.String(),
  occurredAt: Timestamp,
  location: Named,
  department: Named,
  category: IncidentCategory,
  harmLevel: HarmLevel,
  patientId: NullableUuid,
  patient: Type.Union([Type.Object({ id: Uuid, name: Type.String(), mrn: Type.String() }), Type.Null()]),
  immediateActions: NullableText,
  source: OneOf(INCIDENT_SOURCES),
  sourceId: NullableUuid,
  anonymous: Type.Boolean(),
  reporter: Type.Union([Type.String({ description: 'who reported it; null when anonymous' }), Type.Null()]),
  reportedByMe: Type.Boolean(),
  status: IncidentStatus,
  statusNote: NullableText,
  nextStatuses: Type.Array(IncidentStatus, { description: 'the statuses it may move to now' }),
  openActions: Type.Integer(),
  overdueActions: Type.Integer(),
  closedAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Incident = Static<typeof Incident>;

export const IncidentList = Type.Object({ items: Type.Array(Incident), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

/** What an anonymous reporter gets back: a receipt, nothing more (no patient data, no reporter). */
export const AnonymousReceipt = Type.Object({ id: Uuid, reference: Type.String(), status: IncidentStatus, anonymous: Type.Literal(true) });

export const FishboneCategory = OneOf(FISHBONE_CATEGORIES);

export const AnalysisBody = Type.Object({
  problemStatement: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  whys: Type.Array(Text(1000), { maxItems: 10, description: 'the 5-whys chain in order: each answer asks the next why' }),
  causes: Type.Array(Type.Object({ category: FishboneCategory, text: Text(1000) }, { additionalProperties: false }), { maxItems: 60, description: 'fishbone causes by category' }),
  contributingFactors: Type.Array(Text(1000), { maxItems: 30 }),
  rootCause: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  completed: Type.Optional(Type.Boolean({ description: 'the team has finished the analysis (needs a root cause)' })),
}, { additionalProperties: false });
export type AnalysisBody = Static<typeof AnalysisBody>;

export const Analysis = Type.Object({
  incidentId: Uuid,
  problemStatement: NullableText,
  whys: Type.Array(Type.String()),
  causes: Type.Array(Type.Object({ category: FishboneCategory, text: Type.String() })),
  contributingFactors: Type.Array(Type.String()),
  rootCause: NullableText,
  completedAt: NullableTimestamp,
  updatedBy: NullableText,
  updatedAt: NullableTimestamp,
});
export type Analysis = Static<typeof Analysis>;

export const CapaKind = OneOf(CAPA_KINDS);
export const CapaStatus = OneOf(CAPA_STATUSES);
const DueDate = Type.String({ format: 'date', description: 'the due date, YYYY-MM-DD (due by the end of that day in the clinic\'s time zone)' });

export const NewAction = Type.Object({
  kind: CapaKind,
  title: Text(200),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  ownerId: Uuid,
  dueDate: DueDate,
}, { additionalProperties: false });
export type NewAction = Static<typeof NewAction>;

export const ActionChanges = Type.Object({
  title: Type.Optional(Text(200)),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
  ownerId: Type.Optional(Uuid),
  dueDate: Type.Optional(DueDate),
  status: Type.Optional(Type.Literal('cancelled', { description: 'cancel an open action (a note says why)' })),
  note: Type.Optional(Type.String({ maxLength: 4000 })),
}, { additionalProperties: false, minProperties: 1 });
export type ActionChanges = Static<typeof ActionChanges>;

export const CompleteAction = Type.Object({ note: Text(4000, 'what was done') }, { additionalProperties: false });
export type CompleteAction = Static<typeof CompleteAction>;

export const VerifyAction = Type.Object({
  effective: Type.Boolean({ description: 'did the action work (the problem did not come back)?' }),
  note: Text(4000, 'how effectiveness was checked'),
  then: Type.Optional(Type.Union([Type.Literal('reopen'), Type.Literal('new_action')], { description: 'not effective: reopen this action, or close it and start a new one' })),
  dueDate: Type.Optional(DueDate),
  newAction: Type.Optional(NewAction),
}, { additionalProperties: false });
export type VerifyAction = Static<typeof VerifyAction>;

export const ActionQuery = Type.Object({
  status: Type.Optional(Type.Union([CapaStatus, Type.Literal('pending', { description: 'open, or completed and waiting for verification' })])),
  overdue: Type.Optional(Type.Boolean({ description: 'true: open actions past their due date' })),
  ownerId: Type.Optional(Uuid),
  mine: Type.Optional(Type.Boolean({ description: 'actions I own' })),
  incidentId: Type.Optional(Uuid),
  ...Paging,
}, { additionalProperties: false });
export type ActionQuery = Static<typeof ActionQuery>;

export const CapaAction = Type.Object({
  id: Uuid,
  incidentId: Uuid,
  incidentReference: Type.String(),
  incidentTitle: Type.String(),
  kind: CapaKind,
  title: Type.String(),
  description: NullableText,
  ownerId: Uuid,
  ownerName: NullableText,
  dueDate: Type.String(),
  dueAt: Timestamp,
  overdue: Type.Boolean({ description: 'open and past the end of its due date' }),
  status: CapaStatus,
  completedAt: NullableTimestamp,
  completedBy: NullableText,
  completionNote: NullableText,
  verifiedAt: NullableTimestamp,
  verifiedBy: NullableText,
  verificationNote: NullableText,
  reopenedCount: Type.Integer(),
  replacesActionId: NullableUuid,
  createdBy: Type.String(),
  createdAt: Timestamp,
});
export type CapaAction = Static<typeof CapaAction>;

export const ActionList = Type.Object({ items: Type.Array(CapaAction), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

export const IncidentDetail = Type.Object({ incident: Incident, analysis: Analysis, actions: Type.Array(CapaAction) });
export type IncidentDetail = Static<typeof IncidentDetail>;
