// What an automation rule is made of, in the words the rule editor shows (the API's field,
// operator and action names mirrored from the rules API; the server checks them again).
import type { Department } from '../../types.js';
import type { Agent, CannedReply } from './inboxAdmin.js';

export type RuleEvent = 'conversation.created' | 'message.received' | 'conversation.reopened' | 'sla.breach_soon' | 'sla.breached';
export type Operator = 'equals' | 'not_equals' | 'contains' | 'not_contains' | 'in' | 'is_set' | 'is_not_set';
export type FieldName = 'channel' | 'priority' | 'departmentId' | 'assigneeId' | 'labels' | 'body' | 'patientKnown' | 'withinBusinessHours' | 'contactAddress' | 'slaTarget';
export type ActionType = 'assign_team' | 'assign_agent' | 'set_priority' | 'add_label' | 'send_canned_reply' | 'escalate' | 'send_webhook';

export interface Condition { field: string; operator: string; value?: unknown }
export interface Action { type: string; [parameter: string]: unknown }
export interface Rule {
  id: string; name: string; event: string; conditions: Condition[]; actions: Action[]; enabled: boolean; position: number; createdAt: string; updatedAt: string;
}
export interface NewRule { name: string; event: RuleEvent; conditions: Condition[]; actions: Action[]; enabled: boolean; position?: number }
export interface PreviewResult { examined: number; matched: { conversationId: string; number: number; patientName: string | null; actions: string[] }[] }

export const EVENTS: { value: RuleEvent; label: string }[] = [
  { value: 'conversation.created', label: 'A new conversation starts' },
  { value: 'message.received', label: 'A patient message arrives' },
  { value: 'conversation.reopened', label: 'A conversation is reopened' },
  { value: 'sla.breach_soon', label: 'An SLA is about to breach' },
  { value: 'sla.breached', label: 'An SLA is breached' },
];
export const eventLabel = (event: string) => EVENTS.find((e) => e.value === event)?.label ?? event;

export type Kind = 'choice' | 'team' | 'agent' | 'labels' | 'text' | 'boolean';
interface FieldSpec { label: string; kind: Kind; operators: Operator[]; choices?: { value: string; label: string }[]; slaOnly?: boolean }

const ID_OPERATORS: Operator[] = ['equals', 'not_equals', 'in', 'is_set', 'is_not_set'];
const ALL_OPERATORS: Operator[] = ['equals', 'not_equals', 'contains', 'not_contains', 'in', 'is_set', 'is_not_set'];
export const FIELDS: Record<FieldName, FieldSpec> = {
  channel: {
    label: 'Channel', kind: 'choice', operators: ['equals', 'not_equals', 'in'],
    choices: [{ value: 'sms', label: 'SMS' }, { value: 'email', label: 'E-mail' }, { value: 'chat', label: 'Web chat' }, { value: 'voice', label: 'Phone' }, { value: 'portal', label: 'Patient page' }],
  },
  priority: {
    label: 'Priority', kind: 'choice', operators: ['equals', 'not_equals', 'in'],
    choices: [{ value: 'low', label: 'Low' }, { value: 'normal', label: 'Normal' }, { value: 'high', label: 'High' }, { value: 'urgent', label: 'Urgent' }],
  },
  departmentId: { label: 'Team', kind: 'team', operators: ID_OPERATORS },
  assigneeId: { label: 'Assignee', kind: 'agent', operators: ID_OPERATORS },
  labels: { label: 'Labels', kind: 'labels', operators: ['contains', 'not_contains', 'in', 'is_set', 'is_not_set'] },
  body: { label: 'Message text', kind: 'text', operators: ALL_OPERATORS },
  patientKnown: { label: 'Sender is a known patient', kind: 'boolean', operators: ['equals', 'not_equals'] },
  withinBusinessHours: { label: 'Within business hours', kind: 'boolean', operators: ['equals', 'not_equals'] },
  contactAddress: { label: 'Sender’s phone or e-mail', kind: 'text', operators: ALL_OPERATORS },
  slaTarget: {
    label: 'SLA target', kind: 'choice', operators: ['equals', 'not_equals', 'in'], slaOnly: true,
    choices: [{ value: 'first_response', label: 'First response' }, { value: 'next_response', label: 'Next response' }, { value: 'resolution', label: 'Resolution' }],
  },
};
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];
export const fieldsFor = (event: RuleEvent) => FIELD_NAMES.filter((f) => !FIELDS[f].slaOnly || event.startsWith('sla.'));

export const OPERATOR_LABELS: Record<Operator, string> = {
  equals: 'is', not_equals: 'is not', contains: 'contains', not_contains: 'does not contain', in: 'is one of', is_set: 'is set', is_not_set: 'is not set',
};
export const operatorLabel = (field: string, operator: string) =>
  field === 'labels' && operator === 'in' ? 'has any of' : OPERATOR_LABELS[operator as Operator] ?? operator;

export const ACTIONS: { value: ActionType; label: string }[] = [
  { value: 'assign_team', label: 'Assign to a team' },
  { value: 'assign_agent', label: 'Assign to an agent (round robin or least loaded, among those online)' },
  { value: 'set_priority', label: 'Set priority' },
  { value: 'add_label', label: 'Add a label' },
  { value: 'send_canned_reply', label: 'Send a canned reply' },
  { value: 'escalate', label: 'Escalate (priority, label, team or person)' },
  { value: 'send_webhook', label: 'Send a webhook' },
];

/** Names for the ids a rule holds, to describe it in words. */
export interface Names { teams: Department[]; agents: Agent[]; canned: CannedReply[]; webhooks?: { id: string; name: string }[] }

function valueText(field: string, value: unknown, names: Names): string {
  const one = (v: unknown) => {
    const text = String(v);
    if (field === 'departmentId') return names.teams.find((t) => t.id === text)?.name ?? 'unknown team';
    if (field === 'assigneeId') return names.agents.find((a) => a.id === text)?.name ?? 'unknown agent';
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    const spec = FIELDS[field as FieldName] as FieldSpec | undefined;
    return spec?.choices?.find((c) => c.value === text)?.label ?? `“${text}”`;
  };
  return Array.isArray(value) ? value.map(one).join(', ') : one(value);
}

export function describeCondition(condition: Condition, names: Names): string {
  const spec = FIELDS[condition.field as FieldName] as FieldSpec | undefined;
  const operator = operatorLabel(condition.field, condition.operator);
  if (condition.operator === 'is_set' || condition.operator === 'is_not_set') return `${spec?.label ?? condition.field} ${operator}`;
  return `${spec?.label ?? condition.field} ${operator} ${valueText(condition.field, condition.value, names)}`;
}

export function describeAction(action: Action, names: Names): string {
  const team = (id: unknown) => names.teams.find((t) => t.id === id)?.name ?? 'a team';
  switch (action.type) {
    case 'assign_team': return `Assign to ${team(action.departmentId)}`;
    case 'assign_agent': return `Assign to an agent (${action.strategy === 'least_loaded' ? 'least loaded' : 'round robin'}${action.departmentId ? ` in ${team(action.departmentId)}` : ''})`;
    case 'set_priority': return `Set priority ${String(action.priority)}`;
    case 'add_label': return `Add label “${String(action.label)}”`;
    case 'send_canned_reply': return `Send “${names.canned.find((c) => c.id === action.cannedReplyId)?.title ?? 'a canned reply'}”`;
    case 'escalate': {
      const parts = [
        action.priority && `priority ${String(action.priority)}`, action.label && `label “${String(action.label)}”`,
        action.departmentId && `to ${team(action.departmentId)}`, action.assigneeId && `to ${names.agents.find((a) => a.id === action.assigneeId)?.name ?? 'a person'}`,
      ].filter(Boolean);
      return `Escalate${parts.length ? `: ${parts.join(', ')}` : ''}`;
    }
    case 'send_webhook': return `Send a webhook to ${names.webhooks?.find((w) => w.id === action.endpointId)?.name ?? 'an endpoint'}`;
    default: return action.type;
  }
}
