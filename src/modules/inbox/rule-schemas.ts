import { Type, type Static } from '@sinclair/typebox';
import { OneOf, Timestamp, Uuid } from '../../platform/schemas.js';

/** Automation rules: when an event happens, if the conditions hold, do the actions. */
export const RULE_EVENTS = ['conversation.created', 'message.received', 'conversation.reopened', 'sla.breach_soon', 'sla.breached'] as const;
export type RuleEvent = (typeof RULE_EVENTS)[number];
export const RuleEventSchema = OneOf(RULE_EVENTS);

export const Condition = Type.Object({
  field: Type.String({ maxLength: 40, description: 'channel, priority, departmentId, assigneeId, labels, body, patientKnown, withinBusinessHours, contactAddress, slaTarget' }),
  operator: Type.String({ maxLength: 20, description: 'equals, not_equals, contains, not_contains, in, is_set, is_not_set' }),
  /** A string, boolean or list as the field and operator need; left out for is_set / is_not_set. */
  value: Type.Optional(Type.Unknown()),
}, { additionalProperties: false });
export type Condition = Static<typeof Condition>;

export const Action = Type.Object({
  type: Type.String({ maxLength: 40, description: 'assign_team, assign_agent, set_priority, add_label, send_canned_reply, escalate, send_webhook' }),
}, { additionalProperties: true, description: 'The action\'s parameters sit beside its type: { "type": "set_priority", "priority": "high" }' });
export type Action = Static<typeof Action> & Record<string, unknown>;

const ruleFields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  event: RuleEventSchema,
  conditions: Type.Array(Condition, { maxItems: 20 }),
  actions: Type.Array(Action, { minItems: 1, maxItems: 10 }),
  enabled: Type.Boolean(),
  /** Rules of one event run in this order (lowest first). */
  position: Type.Integer({ minimum: 0, maximum: 100_000 }),
};

export const NewRule = Type.Object({
  name: ruleFields.name,
  event: ruleFields.event,
  conditions: Type.Optional(ruleFields.conditions),
  actions: ruleFields.actions,
  enabled: Type.Optional(ruleFields.enabled),
  position: Type.Optional(ruleFields.position),
}, { additionalProperties: false });
export type NewRule = Static<typeof NewRule>;

export const RuleChanges = Type.Partial(Type.Object(ruleFields), { additionalProperties: false, minProperties: 1 });
export type RuleChanges = Static<typeof RuleChanges>;

export const Rule = Type.Object({
  id: Uuid,
  name: Type.String(),
  event: Type.String(),
  conditions: Type.Array(Condition),
  actions: Type.Array(Action),
  enabled: Type.Boolean(),
  position: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Rule = Static<typeof Rule>;

export const PreviewBody = Type.Object({
  rule: NewRule,
  /** How many of the most recent conversations to try the rule on. */
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
}, { additionalProperties: false });
export type PreviewBody = Static<typeof PreviewBody>;

export const PreviewResult = Type.Object({
  examined: Type.Integer(),
  matched: Type.Array(Type.Object({
    conversationId: Uuid,
    number: Type.Integer(),
    patientName: Type.Union([Type.String(), Type.Null()]),
    /** What the rule would do, in words. */
    actions: Type.Array(Type.String()),
  })),
});
export type PreviewResult = Static<typeof PreviewResult>;
