import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, Paging, Timestamp, Uuid } from '../../platform/schemas.js';

export const TaskKind = Type.Union([
  Type.Literal('callback'), Type.Literal('post_visit_call'), Type.Literal('lab_result'),
  Type.Literal('recovery_call'), Type.Literal('referral_follow_up'), Type.Literal('other'),
]);
export const Priority = Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high'), Type.Literal('urgent')]);
export const TaskStatus = Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('cancelled')]);

const Title = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'a title that is not only spaces' });
const Details = Type.String({ maxLength: 4000 });
const Outcome = Type.String({ minLength: 1, maxLength: 2000 });

/** Where a task came from (a missed call, a conversation, a detractor's answer): one task per source. */
export const TaskSource = Type.Object({
  type: Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,39}$', description: 'a lower-case name such as conversation or survey_response' }),
  id: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false });

export const NewTaskBody = Type.Object({
  patientId: Type.Optional(Uuid),
  kind: TaskKind,
  title: Title,
  details: Type.Optional(Details),
  priority: Type.Optional(Priority),
  ownerId: Type.Optional(Uuid),
  departmentId: Type.Optional(Uuid),
  dueAt: Type.Optional(Type.String({ format: 'date-time', description: 'an ISO 8601 time with its offset, e.g. 2025-03-04T15:00:00Z' })),
  source: Type.Optional(TaskSource),
}, { additionalProperties: false });

export const TaskChanges = Type.Partial(Type.Object({
  title: Title,
  details: Type.Union([Details, Type.Null()]),
  priority: Priority,
  ownerId: Type.Union([Uuid, Type.Null()], { description: 'null leaves the task unassigned' }),
  dueAt: Type.String({ format: 'date-time', description: 'an ISO 8601 time with its offset, e.g. 2025-03-04T15:00:00Z' }),
  status: TaskStatus,
  outcome: Outcome,
}), { additionalProperties: false, minProperties: 1 });
export type TaskChanges = Static<typeof TaskChanges>;

export const TaskQuery = Type.Object({
  status: Type.Optional(TaskStatus),
  owner: Type.Optional(Type.Literal('me', { description: 'the signed-in staff member' })),
  ownerId: Type.Optional(Uuid),
  kind: Type.Optional(TaskKind),
  patientId: Type.Optional(Uuid),
  departmentId: Type.Optional(Uuid),
  overdue: Type.Optional(Type.Boolean({ description: 'true: only tasks past their due time; false: only those not yet due' })),
  priority: Type.Optional(Priority),
  escalated: Type.Optional(Type.Boolean({ description: 'true: only tasks the escalation ladder has acted on; false: only those it has not' })),
  escalatedTo: Type.Optional(Type.Literal('me', { description: 'tasks the ladder notified the signed-in staff member of, or handed to them' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'words in the title' })),
  ...Paging,
}, { additionalProperties: false });
export type TaskQuery = Static<typeof TaskQuery>;

export const TaskPatient = Type.Object({ id: Uuid, name: Type.String(), mrn: Type.String() });

export const TaskEscalation = Type.Object({
  step: Type.Integer(),
  action: Type.Union([Type.Literal('notify'), Type.Literal('reassign')]),
  targetId: Type.Union([Uuid, Type.Null()]),
  targetName: Type.Union([Type.String(), Type.Null()]),
  note: Type.String(),
  dueAt: Timestamp,
  at: Timestamp,
});
export type TaskEscalation = Static<typeof TaskEscalation>;

export const Task = Type.Object({
  id: Uuid,
  patientId: Type.Union([Uuid, Type.Null()]),
  patient: Type.Union([TaskPatient, Type.Null()]),
  kind: TaskKind,
  title: Type.String(),
  details: Type.Union([Type.String(), Type.Null()]),
  priority: Priority,
  status: TaskStatus,
  ownerId: Type.Union([Uuid, Type.Null()]),
  ownerName: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Uuid, Type.Null()]),
  dueAt: Timestamp,
  overdue: Type.Boolean({ description: 'open and past its due time' }),
  outcome: Type.Union([Type.String(), Type.Null()]),
  source: Type.Union([Type.Object({ type: Type.String(), id: Type.String() }), Type.Null()]),
  createdBy: Type.String({ description: 'who created it (a staff member, an API token or Careloop itself)' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  completedAt: NullableTimestamp,
  rule: Type.Union([Type.Object({ id: Type.Union([Uuid, Type.Null()]), name: Type.String() }), Type.Null()], { description: 'the task rule that made it (id null: since deleted)' }),
  escalations: Type.Array(TaskEscalation, { description: 'the steps of the escalation ladder taken on it, oldest first' }),
});
export type Task = Static<typeof Task>;

export const TaskList = Type.Object({
  items: Type.Array(Task),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});
export type TaskList = Static<typeof TaskList>;

export const Assignee = Type.Object({ id: Uuid, displayName: Type.String(), departmentId: Type.Union([Uuid, Type.Null()]) });
export type Assignee = Static<typeof Assignee>;

export const BulkReassignBody = Type.Object({
  taskIds: Type.Array(Uuid, { minItems: 1, maxItems: 100, uniqueItems: true }),
  ownerId: Type.Union([Uuid, Type.Null()], { description: 'null leaves the tasks unassigned' }),
}, { additionalProperties: false });
export type BulkReassignBody = Static<typeof BulkReassignBody>;

export const BulkReassignResult = Type.Object({
  reassigned: Type.Integer({ description: 'tasks given to the new owner' }),
  unchanged: Type.Integer({ description: 'open tasks the owner already had' }),
  closed: Type.Array(Uuid, { description: 'tasks already done or cancelled: left as they were' }),
});
export type BulkReassignResult = Static<typeof BulkReassignResult>;
