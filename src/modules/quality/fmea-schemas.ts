import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, OneOf, Paging, Timestamp, Uuid } from '../../platform/schemas.js';

/** Request and response schemas of the FMEA API. */
export const WORKSHEET_STATUSES = ['draft', 'in_review', 'completed', 'archived'] as const;
export const ACTION_STATUSES = ['planned', 'in_progress', 'completed', 'cancelled'] as const;
export const PRIORITIES = ['high', 'medium', 'low'] as const;

const SCORE_WORDS = 'a whole number from 1 to 10';
/** Severity, occurrence or detection: an integer 1-10 (5.5, "5", 0 and 11 are refused, naming the field). */
const Score = (what: string) => Type.Integer({ minimum: 1, maximum: 10, description: `${what}: ${SCORE_WORDS}` });
/** A score after the action, or null to clear it. One JSON Schema type list, so a bad value gets one clear error. */
const ScoreOrNull = (what: string) =>
  Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1, maximum: 10, description: `${what} after the action: ${SCORE_WORDS}, or null` });
const TextOrNull = (maxLength: number, description: string) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength, description });
const DateOrNull = Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date', description: 'a date, YYYY-MM-DD, or null' });
const UuidOrNull = Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'uuid', description: 'a staff member\'s id, or null' });

const Team = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 40, description: 'the people on the FMEA team, with their role' });

export const WorksheetQuery = Type.Object({
  status: Type.Optional(OneOf(WORKSHEET_STATUSES, { description: 'without it: every worksheet that is not archived' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'words in the title or process' })),
  ...Paging,
}, { additionalProperties: false });
export type WorksheetQuery = Static<typeof WorksheetQuery>;

export const NewWorksheet = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200, description: 'the process analysed, e.g. "Appointment reminders"' }),
  process: Type.Optional(Type.String({ maxLength: 4000, description: 'what the process is for, where it starts and ends' })),
  scope: Type.Optional(Type.String({ maxLength: 4000, description: 'what is in and out of the analysis' })),
  team: Type.Optional(Team),
  status: Type.Optional(OneOf(WORKSHEET_STATUSES)),
}, { additionalProperties: false });
export type NewWorksheet = Static<typeof NewWorksheet>;

export const WorksheetChanges = Type.Partial(NewWorksheet, { additionalProperties: false, minProperties: 1 });
export type WorksheetChanges = Static<typeof WorksheetChanges>;

export const NewStep = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  position: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'where the step goes (1: first); without it, at the end' })),
}, { additionalProperties: false });
export type NewStep = Static<typeof NewStep>;

export const StepChanges = Type.Partial(NewStep, { additionalProperties: false, minProperties: 1 });
export type StepChanges = Static<typeof StepChanges>;

const failureModeFields = {
  failureMode: Type.String({ minLength: 1, maxLength: 1000, description: 'how the step can fail' }),
  effect: Type.String({ maxLength: 2000, description: 'what happens to the patient or the clinic when it does' }),
  cause: Type.String({ maxLength: 2000, description: 'why it would fail' }),
  currentControls: Type.String({ maxLength: 2000, description: 'what prevents or detects it today' }),
  severity: Score('severity'),
  occurrence: Score('occurrence'),
  detection: Score('detection'),
  recommendedAction: TextOrNull(2000, 'what to do to lower the risk; null: no action'),
  actionOwnerId: UuidOrNull,
  actionDueOn: DateOrNull,
  actionStatus: Type.Optional(OneOf(ACTION_STATUSES)),
  actionTaken: TextOrNull(2000, 'what was actually done'),
  severityAfter: ScoreOrNull('severity'),
  occurrenceAfter: ScoreOrNull('occurrence'),
  detectionAfter: ScoreOrNull('detection'),
};

/** A new failure mode. There is no rpn field: the RPN is computed by the database; sending one is refused. */
export const NewFailureMode = Type.Object({
  stepId: Uuid,
  failureMode: failureModeFields.failureMode,
  effect: Type.Optional(failureModeFields.effect),
  cause: Type.Optional(failureModeFields.cause),
  currentControls: Type.Optional(failureModeFields.currentControls),
  severity: failureModeFields.severity,
  occurrence: failureModeFields.occurrence,
  detection: failureModeFields.detection,
  recommendedAction: Type.Optional(failureModeFields.recommendedAction),
  actionOwnerId: Type.Optional(failureModeFields.actionOwnerId),
  actionDueOn: Type.Optional(failureModeFields.actionDueOn),
  actionStatus: failureModeFields.actionStatus,
  actionTaken: Type.Optional(failureModeFields.actionTaken),
  severityAfter: Type.Optional(failureModeFields.severityAfter),
  occurrenceAfter: Type.Optional(failureModeFields.occurrenceAfter),
  detectionAfter: Type.Optional(failureModeFields.detectionAfter),
}, { additionalProperties: false });
export type NewFailureMode = Static<typeof NewFailureMode>;

export const FailureModeChanges = Type.Partial(NewFailureMode, { additionalProperties: false, minProperties: 1 });
export type FailureModeChanges = Static<typeof FailureModeChanges>;

export const StepParams = Type.Object({ id: Uuid, stepId: Uuid }, { additionalProperties: false });
export const FailureModeParams = Type.Object({ id: Uuid, failureModeId: Uuid }, { additionalProperties: false });
export const TopQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })) }, { additionalProperties: false });

const NullableText = Type.Union([Type.String(), Type.Null()]);
const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

export const Step = Type.Object({
  id: Uuid, position: Type.Integer(), name: Type.String(), description: Type.String(), failureModeCount: Type.Integer(),
});
export type Step = Static<typeof Step>;

export const FailureMode = Type.Object({
  id: Uuid,
  worksheetId: Uuid,
  stepId: Uuid,
  stepName: Type.String(),
  stepPosition: Type.Integer(),
  rank: Type.Integer({ description: '1: the highest RPN of the worksheet (ties by severity, then occurrence)' }),
  failureMode: Type.String(),
  effect: Type.String(),
  cause: Type.String(),
  currentControls: Type.String(),
  severity: Type.Integer(),
  occurrence: Type.Integer(),
  detection: Type.Integer(),
  rpn: Type.Integer({ description: 'severity x occurrence x detection, computed by the database' }),
  priority: OneOf(PRIORITIES, { description: 'high: RPN 200 or more, or severity 9-10; medium: RPN 100-199; low: the rest' }),
  recommendedAction: NullableText,
  actionOwnerId: Type.Union([Uuid, Type.Null()]),
  actionOwnerName: NullableText,
  actionDueOn: NullableText,
  actionStatus: Type.Union([OneOf(ACTION_STATUSES), Type.Null()]),
  actionOverdue: Type.Boolean({ description: 'planned or in progress, and past its due date (clinic time)' }),
  actionTaken: NullableText,
  actionCompletedAt: NullableTimestamp,
  severityAfter: NullableInteger,
  occurrenceAfter: NullableInteger,
  detectionAfter: NullableInteger,
  rpnAfter: NullableInteger,
  priorityAfter: Type.Union([OneOf(PRIORITIES), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type FailureMode = Static<typeof FailureMode>;

const Summary = Type.Object({
  failureModes: Type.Integer(),
  high: Type.Integer(),
  medium: Type.Integer(),
  low: Type.Integer(),
  highestRpn: NullableInteger,
  totalRpn: Type.Integer({ description: 'the sum of the RPNs' }),
  totalRpnNow: Type.Integer({ description: 'the sum of the RPNs after action where scored again, else before' }),
  openActions: Type.Integer(),
  overdueActions: Type.Integer(),
});

export const WorksheetListItem = Type.Object({
  id: Uuid, title: Type.String(), process: Type.String(), status: OneOf(WORKSHEET_STATUSES), team: Type.Array(Type.String()),
  stepCount: Type.Integer(), failureModeCount: Type.Integer(), highestRpn: NullableInteger, openActionCount: Type.Integer(),
  highPriorityCount: Type.Integer({ description: 'failure modes of high priority: RPN 200 or more, or severity 9-10' }),
  createdAt: Timestamp, updatedAt: Timestamp,
});
export type WorksheetListItem = Static<typeof WorksheetListItem>;
export const WorksheetList = Type.Object({ items: Type.Array(WorksheetListItem), total: Type.Integer() });

export const Worksheet = Type.Object({
  id: Uuid,
  title: Type.String(),
  process: Type.String(),
  scope: Type.String(),
  team: Type.Array(Type.String()),
  status: OneOf(WORKSHEET_STATUSES),
  createdBy: Type.Union([Uuid, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  steps: Type.Array(Step),
  failureModes: Type.Array(FailureMode, { description: 'ranked: highest RPN first' }),
  summary: Summary,
});
export type Worksheet = Static<typeof Worksheet>;

export const TopFailureMode = Type.Object({
  worksheetId: Uuid, worksheetTitle: Type.String(), stepName: Type.String(), failureModeId: Uuid, failureMode: Type.String(),
  severity: Type.Integer(), rpn: Type.Integer(), rpnAfter: NullableInteger, actionStatus: NullableText,
});
export const TopFailureModes = Type.Object({ items: Type.Array(TopFailureMode) });

export const ActionOwners = Type.Object({ items: Type.Array(Type.Object({ id: Uuid, displayName: Type.String() })) });
