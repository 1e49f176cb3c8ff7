import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, OneOf, Timestamp, Uuid } from '../../platform/schemas.js';
import { Priority, TaskKind, TaskPatient } from './schemas.js';
import { TRIGGER_EVENTS } from './task-rule-triggers.js';

export const TriggerEvent = Type.String({ enum: TRIGGER_EVENTS, description: 'the event that makes the task, e.g. visit.completed or referral.overdue' });
const Ids = Type.Array(Uuid, { minItems: 1, maxItems: 50, uniqueItems: true });

export const TaskRuleConditions = Type.Object({
  departmentIds: Type.Optional(Ids),
  serviceIds: Type.Optional(Ids),
  locationIds: Type.Optional(Ids),
  providerIds: Type.Optional(Ids),
  urgencies: Type.Optional(Type.Array(OneOf(['routine', 'urgent', 'emergency'] as const), { minItems: 1, uniqueItems: true })),
  referralKinds: Type.Optional(Type.Array(OneOf(['specialty', 'external', 'test'] as const), { minItems: 1, uniqueItems: true })),
}, { additionalProperties: false, description: 'each condition given must hold; absent: any' });

export const DueUnit = OneOf(['minutes', 'hours', 'days'] as const);
export const DueIn = Type.Object({
  amount: Type.Integer({ minimum: 0, maximum: 129_600 }),
  unit: DueUnit,
}, { additionalProperties: false, description: 'how long after the event the task is due (at most 90 days)' });

const Template = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'a title that is not only spaces; {{patient}}, {{service}}, ... are filled in' });

export const RuleTask = Type.Object({
  kind: TaskKind,
  title: Template,
  details: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  priority: Type.Optional(Priority),
  dueIn: DueIn,
}, { additionalProperties: false });

export const OwnerType = OneOf(['unassigned', 'staff', 'department_owner', 'round_robin'] as const);
export const RuleOwner = Type.Object({
  type: OwnerType,
  userId: Type.Optional(Uuid),
  departmentId: Type.Optional(Uuid),
}, { additionalProperties: false, description: "staff: userId; department_owner: departmentId, else the event's department; round_robin: departmentId" });

export const TaskRuleBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S', description: 'a name that is not only spaces' }),
  event: TriggerEvent,
  enabled: Type.Optional(Type.Boolean()),
  conditions: Type.Optional(TaskRuleConditions),
  task: RuleTask,
  owner: RuleOwner,
}, { additionalProperties: false });
export type TaskRuleBody = Static<typeof TaskRuleBody>;

export const TaskRuleChanges = Type.Partial(TaskRuleBody, { additionalProperties: false, minProperties: 1 });
export type TaskRuleChanges = Static<typeof TaskRuleChanges>;

export const PreviewBody = Type.Composite([Type.Omit(TaskRuleBody, ['name', 'enabled']), Type.Object({ name: Type.Optional(Type.String({ maxLength: 120 })), enabled: Type.Optional(Type.Boolean()) })], { additionalProperties: false });
export type PreviewBody = Static<typeof PreviewBody>;

export const TaskRule = Type.Object({
  id: Uuid,
  name: Type.String(),
  event: Type.String(),
  eventLabel: Type.String(),
  enabled: Type.Boolean(),
  conditions: TaskRuleConditions,
  task: Type.Object({ kind: TaskKind, title: Type.String(), details: Type.Union([Type.String(), Type.Null()]), priority: Priority, dueIn: DueIn }),
  owner: Type.Object({
    type: OwnerType, userId: Type.Union([Uuid, Type.Null()]), userName: Type.Union([Type.String(), Type.Null()]),
    departmentId: Type.Union([Uuid, Type.Null()]), departmentName: Type.Union([Type.String(), Type.Null()]),
  }),
  tasksMade: Type.Integer({ description: 'tasks this rule has made' }),
  lastTaskAt: NullableTimestamp,
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type TaskRule = Static<typeof TaskRule>;

export const TaskRuleList = Type.Object({ items: Type.Array(TaskRule) });

export const TriggerInfo = Type.Object({
  event: Type.String(), label: Type.String(), conditions: Type.Array(Type.String()), placeholders: Type.Array(Type.String()),
});
export const TriggerList = Type.Object({ items: Type.Array(TriggerInfo) });
export type TriggerInfo = Static<typeof TriggerInfo>;

export const PreviewMatch = Type.Object({
  at: Timestamp,
  patientId: Type.Union([Uuid, Type.Null()]),
  patient: Type.Union([TaskPatient, Type.Null()]),
  title: Type.String({ description: 'the title the task would have had' }),
  ownerName: Type.Union([Type.String(), Type.Null()], { description: 'who would own it (round robin: the next in turn)' }),
});
export const Preview = Type.Object({
  days: Type.Integer(),
  events: Type.Integer({ description: 'events of this kind in those days' }),
  matched: Type.Integer({ description: 'how many of them the conditions let through' }),
  sample: Type.Array(PreviewMatch, { description: 'the latest matches, at most 10' }),
});
export type Preview = Static<typeof Preview>;

export const EscalationStep = Type.Object({
  afterMinutes: Type.Integer({ minimum: 5, maximum: 43_200, description: 'overdue by this many minutes (5 minutes to 30 days)' }),
  action: OneOf(['notify', 'reassign'] as const),
  target: OneOf(['department_owner', 'staff'] as const),
  targetUserId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: "staff: the person; department_owner: whom to turn to when the department has no owner" })),
}, { additionalProperties: false });
export const EscalationLadderBody = Type.Object({
  steps: Type.Array(EscalationStep, { maxItems: 5, description: 'in order of afterMinutes, each later than the one before' }),
}, { additionalProperties: false });
export type EscalationLadderBody = Static<typeof EscalationLadderBody>;
export const EscalationLadder = Type.Object({
  steps: Type.Array(Type.Object({
    position: Type.Integer(), afterMinutes: Type.Integer(), action: OneOf(['notify', 'reassign'] as const), target: OneOf(['department_owner', 'staff'] as const),
    targetUserId: Type.Union([Uuid, Type.Null()]), targetUserName: Type.Union([Type.String(), Type.Null()]),
  })),
});
export type EscalationLadder = Static<typeof EscalationLadder>;
