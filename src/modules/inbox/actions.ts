import { AppError, type FieldProblem } from '../../platform/errors.js';
import type { DomainEvent } from '../../platform/events.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import { pickAgent, type AssignStrategy } from './assignment.js';
import { renderTemplate, templateValues } from './canned.js';
import { findCanned } from './canned-store.js';
import { sendReply } from './reply.js';
import type { Action } from './rule-schemas.js';
import type { ConversationChanges } from './schemas.js';
import { updateConversation } from './service.js';
import { sendAutomationWebhook } from '../webhooks/service.js';
import type { ConversationRow } from './store.js';

/** What a rule can do to a conversation: check the parameters on save, describe, and perform. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const STRATEGIES = ['round_robin', 'least_loaded'];

type Check = (value: unknown) => string | null;
const id: Check = (v) => (typeof v === 'string' && UUID.test(v) ? null : 'must be an id (uuid)');
const optionalId: Check = (v) => (v === null ? null : id(v));
const oneOf = (values: string[]): Check => (v) => (typeof v === 'string' && values.includes(v) ? null : `must be one of ${values.join(', ')}`);
const label: Check = (v) => (typeof v === 'string' && /^[^,\s][^,]{0,39}$/.test(v) ? null : 'must be a label (1-40 characters, no commas, not starting with a space)');

const PARAMETERS: Record<string, Record<string, { required: boolean; check: Check }>> = {
  assign_team: { departmentId: { required: true, check: id } },
  assign_agent: { strategy: { required: true, check: oneOf(STRATEGIES) }, departmentId: { required: false, check: optionalId } },
  set_priority: { priority: { required: true, check: oneOf(PRIORITIES) } },
  add_label: { label: { required: true, check: label } },
  send_canned_reply: { cannedReplyId: { required: true, check: id } },
  escalate: { priority: { required: false, check: oneOf(PRIORITIES) }, label: { required: false, check: label }, departmentId: { required: false, check: id }, assigneeId: { required: false, check: id } },
  send_webhook: { endpointId: { required: true, check: id } },
};
export const ACTION_TYPES = Object.keys(PARAMETERS);

/** Checks each action's type and parameters; problems name actions.N.type / actions.N.<parameter>. */
export function actionProblems(actions: Action[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  actions.forEach((action, index) => {
    const at = `actions.${index}`;
    const parameters = PARAMETERS[action.type];
    if (!parameters) {
      problems.push({ field: `${at}.type`, message: `unknown action "${action.type}"; one of ${ACTION_TYPES.join(', ')}` });
      return;
    }
    for (const [name, value] of Object.entries(action)) {
      if (name === 'type') continue;
      const parameter = parameters[name];
      if (!parameter) problems.push({ field: `${at}.${name}`, message: `is not a parameter of ${action.type}` });
      else if (value !== undefined) {
        const problem = parameter.check(value);
        if (problem) problems.push({ field: `${at}.${name}`, message: problem });
      }
    }
    for (const [name, parameter] of Object.entries(parameters)) {
      if (parameter.required && action[name] === undefined) problems.push({ field: `${at}.${name}`, message: `is required for ${action.type}` });
    }
  });
  return problems;
}

/** Names of the teams, staff and canned replies a description mentions. */
export interface Names {
  departments: Map<string, string>;
  staff: Map<string, string>;
  canned: Map<string, string>;
  /** Webhook endpoints by id (absent: the description names the id). */
  webhooks?: Map<string, string>;
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const escalation = (action: Action) => ({
  priority: str(action.priority) ?? 'urgent', label: str(action.label) ?? 'escalated', departmentId: str(action.departmentId), assigneeId: str(action.assigneeId),
});

/** An action in words ("Set priority to high"), for the dry run and the record of what a rule did. */
export function describeAction(action: Action, names: Names, conversation?: ConversationRow): string {
  const team = (departmentId: string | null | undefined) => (departmentId ? `team ${names.departments.get(departmentId) ?? departmentId}` : 'the clinic');
  switch (action.type) {
    case 'assign_team': return `Assign to ${team(str(action.departmentId))}`;
    case 'assign_agent': {
      const departmentId = str(action.departmentId) ?? conversation?.department_id ?? null;
      return `Assign to the ${action.strategy === 'least_loaded' ? 'least-loaded' : 'next (round robin)'} online agent of ${team(departmentId)}`;
    }
    case 'set_priority': return `Set priority to ${str(action.priority)}`;
    case 'add_label': return `Add label "${str(action.label)}"`;
    case 'send_canned_reply': return `Send the canned reply "${names.canned.get(str(action.cannedReplyId) ?? '') ?? action.cannedReplyId}"`;
    case 'escalate': {
      const e = escalation(action);
      return [`Escalate: priority ${e.priority}, label "${e.label}"`, e.departmentId && `, to ${team(e.departmentId)}`, e.assigneeId && `, assign ${names.staff.get(e.assigneeId) ?? e.assigneeId}`].filter(Boolean).join('');
    }
    case 'send_webhook': return `Send a webhook to "${names.webhooks?.get(str(action.endpointId) ?? '') ?? action.endpointId}"`;
    default: return `Unknown action ${action.type}`;
  }
}

export interface ActionOutcome {
  action: string;
  /** The action changed something (false: nothing to change, or skipped). */
  done: boolean;
  /** Why it did nothing when it should have (nobody online, no consent to write). */
  skipped: string | null;
}

/** The changes an action makes to the conversation's fields (only those that differ). */
function changesFor(action: Action, conversation: ConversationRow): ConversationChanges {
  const labelsWith = (name: string) => (conversation.labels.includes(name.toLowerCase()) ? undefined : [...conversation.labels, name.toLowerCase()]);
  const differs = <T>(value: T | undefined, current: T) => (value !== undefined && value !== current ? value : undefined);
  const pick = (changes: Partial<ConversationChanges>) => Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as ConversationChanges;
  switch (action.type) {
    case 'assign_team': return pick({ departmentId: differs(str(action.departmentId), conversation.department_id) });
    case 'set_priority': return pick({ priority: differs(str(action.priority), conversation.priority) as ConversationChanges['priority'] });
    case 'add_label': return pick({ labels: labelsWith(str(action.label) ?? '') });
    case 'escalate': {
      const e = escalation(action);
      return pick({
        priority: differs(e.priority, conversation.priority) as ConversationChanges['priority'], labels: labelsWith(e.label),
        departmentId: differs(e.departmentId, conversation.department_id), assigneeId: differs(e.assigneeId, conversation.assignee_id),
      });
    }
    default: return {};
  }
}

/** The rule and event an action runs for (the "send webhook" action sends them). */
export interface RuleContext { ruleId: string; ruleName: string; event: DomainEvent }

/** The automation.webhook payload's data: the rule, its event, and the conversation as it is now (ids, no message text). */
const webhookData = (conversation: ConversationRow, context: RuleContext | undefined) => ({
  rule: context ? { id: context.ruleId, name: context.ruleName } : null,
  event: context ? { type: context.event.type, at: context.event.at, data: context.event.data } : null,
  conversation: {
    id: conversation.id, number: conversation.number, status: conversation.status, priority: conversation.priority, channel: conversation.channel,
    departmentId: conversation.department_id, assigneeId: conversation.assignee_id, labels: conversation.labels, patientId: conversation.patient_id,
  },
});

/** Performs one action as the rule's automation actor; returns what happened and the conversation after it. */
export async function performAction(platform: Platform, actor: Actor, action: Action, conversation: ConversationRow, names: Names, context?: RuleContext): Promise<{ outcome: ActionOutcome; conversation: ConversationRow }> {
  const description = describeAction(action, names, conversation);
  const result = (done: boolean, skipped: string | null, after = conversation) => ({ outcome: { action: description, done, skipped }, conversation: after });
  try {
    if (action.type === 'assign_agent') {
      const departmentId = str(action.departmentId) ?? conversation.department_id;
      const picked = await pickAgent(platform, actor, { strategy: action.strategy as AssignStrategy, departmentId, teamName: departmentId ? names.departments.get(departmentId) : undefined });
      if (!picked.agent) return result(false, `${picked.reason}; left unassigned`);
      if (picked.agent.id === conversation.assignee_id) return result(false, null);
      return result(true, null, await updateConversation(platform, actor, conversation.id, { assigneeId: picked.agent.id }));
    }
    if (action.type === 'send_canned_reply') {
      const canned = await findCanned(platform.db, actor.organizationId, str(action.cannedReplyId) ?? '');
      if (!canned) return result(false, 'the canned reply no longer exists');
      const body = renderTemplate(canned.body, await templateValues(platform, actor, conversation));
      await sendReply(platform, actor, conversation.id, { body }, 'automation');
      return result(true, null);
    }
    if (action.type === 'send_webhook') {
      const skipped = await sendAutomationWebhook(platform, actor, str(action.endpointId) ?? '', webhookData(conversation, context), conversation.patient_id);
      return result(skipped === null, skipped);
    }
    const { assigneeId, ...changes } = changesFor(action, conversation);
    let after = conversation;
    if (Object.keys(changes).length > 0) after = await updateConversation(platform, actor, conversation.id, changes);
    // An escalation still raises the priority when its assignee can no longer take conversations.
    if (assigneeId !== undefined) {
      try {
        after = await updateConversation(platform, actor, conversation.id, { assigneeId });
      } catch (error) {
        if (error instanceof AppError) return result(true, error.message, after);
        throw error;
      }
    }
    return result(after !== conversation, null, after);
  } catch (error) {
    // A refusal (no consent to write, a deactivated assignee, an archived team) is recorded, not thrown: the next actions still run.
    if (error instanceof AppError) return result(false, error.message);
    throw error;
  }
}
