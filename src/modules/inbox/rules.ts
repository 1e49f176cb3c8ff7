import { AsyncLocalStorage } from 'node:async_hooks';
import type { DomainEvent } from '../../platform/events.js';
import type { Platform } from '../../platform/platform.js';
import { automationActor, systemActor } from '../../platform/permissions.js';
import { listDepartments, listUsers } from '../identity/service.js';
import { rulesOf } from './automation-cache.js';
import { performAction, type ActionOutcome, type Names } from './actions.js';
import { isOpen } from './business-hours.js';
import { calendarFor } from './calendar.js';
import { listCanned } from './canned-store.js';
import { endpointNames } from '../webhooks/service.js';
import { matches, type Facts } from './conditions.js';
import { RULE_EVENTS, type Action, type Condition } from './rule-schemas.js';
import * as rulesStore from './rules-store.js';
import * as store from './store.js';
import type { ConversationRow } from './store.js';

/**
 * The automation engine. Rules of an event run in position order, each at most once per event.
 * Loop safety, twice over: events caused by a rule's actions carry actor type 'automation' and are
 * ignored here; and while the rules of one event run, no event they cause (however indirectly) is
 * evaluated, so one event is one pass.
 */
const inRulePass = new AsyncLocalStorage<string>();

/** What a conversation looks like to a rule's conditions. */
export async function factsOf(platform: Platform, conversation: ConversationRow, context: { body: string | null; slaTarget: string | null; at: Date }): Promise<Facts> {
  const calendar = await calendarFor(platform, conversation.organization_id, conversation.department_id);
  return {
    channel: conversation.channel, priority: conversation.priority, departmentId: conversation.department_id, assigneeId: conversation.assignee_id,
    labels: conversation.labels, body: context.body, patientKnown: conversation.patient_id !== null,
    withinBusinessHours: isOpen(calendar, context.at), contactAddress: conversation.contact_address, slaTarget: context.slaTarget,
  };
}

/** Names of teams, staff and canned replies, for descriptions of what rules do. */
export async function namesOf(platform: Platform, organizationId: string): Promise<Names> {
  const actor = systemActor(organizationId);
  const [departments, staff, canned, webhooks] = await Promise.all([
    listDepartments(platform, actor, true), listUsers(platform, actor), listCanned(platform.db, organizationId, {}), endpointNames(platform, organizationId),
  ]);
  return {
    webhooks,
    departments: new Map(departments.map((d) => [d.id, d.name])),
    staff: new Map(staff.map((u) => [u.id, u.display_name])),
    canned: new Map(canned.map((c) => [c.id, c.title])),
  };
}

async function messageText(platform: Platform, organizationId: string, conversationId: string, messageId: string | undefined) {
  if (messageId) {
    const message = await store.findMessage(platform.db, organizationId, messageId);
    if (message) return message.body;
  }
  return (await rulesStore.latestPatientMessages(platform.db, organizationId, [conversationId])).get(conversationId) ?? null;
}

export interface RuleRun { ruleId: string; ruleName: string; outcomes: ActionOutcome[] }

/** Runs the enabled rules of an event against its conversation. Returns what each matching rule did. */
export async function runRules(platform: Platform, event: DomainEvent): Promise<RuleRun[]> {
  if (event.actor.type === 'automation' || inRulePass.getStore()) return [];
  const data = event.data as { conversationId?: string; messageId?: string; target?: string };
  if (!data.conversationId) return [];
  const rules = await rulesOf(platform, event.organizationId, event.type);
  if (rules.length === 0) return [];
  return inRulePass.run(event.type, async () => {
    let conversation = await store.findConversation(platform.db, event.organizationId, data.conversationId!);
    if (!conversation || conversation.status === 'merged') return [];
    const context = { body: await messageText(platform, event.organizationId, conversation.id, data.messageId), slaTarget: data.target ?? null, at: new Date() };
    const runs: RuleRun[] = [];
    let names: Names | undefined;
    for (const rule of rules) {
      // Later rules see what earlier ones changed (a rule that sets the team lets the next assign within it).
      if (!matches(rule.conditions as Condition[], await factsOf(platform, conversation, context))) continue;
      names ??= await namesOf(platform, event.organizationId);
      const actor = automationActor(event.organizationId, `Automation: ${rule.name}`);
      const outcomes: ActionOutcome[] = [];
      for (const action of rule.actions as Action[]) {
        const result = await performAction(platform, actor, action, conversation, names, { ruleId: rule.id, ruleName: rule.name, event });
        outcomes.push(result.outcome);
        conversation = result.conversation;
      }
      runs.push({ ruleId: rule.id, ruleName: rule.name, outcomes });
      await record(platform, conversation, rule.id, rule.name, event.type, outcomes);
    }
    return runs;
  });
}

/**
 * What a rule did goes out as `conversation.automated` (live screens refresh; kept off the patient's
 * timeline); what it could not do is also written in the thread, for the agents.
 */
async function record(platform: Platform, conversation: ConversationRow, ruleId: string, ruleName: string, eventType: string, outcomes: ActionOutcome[]) {
  const label = `Automation: ${ruleName}`;
  const skipped = outcomes.filter((o) => o.skipped);
  if (skipped.length > 0) {
    await store.insertMessage(platform.db, {
      organization_id: conversation.organization_id, conversation_id: conversation.id, patient_id: conversation.patient_id,
      channel: conversation.channel, direction: 'event', author_type: 'automation', author_id: null, author_label: label,
      sender_address: null, subject: null, external_id: null,
      body: skipped.map((o) => `${label} could not ${o.action.charAt(0).toLowerCase()}${o.action.slice(1)}: ${o.skipped}.`).join('\n'),
    });
  }
  await platform.events.publish({
    type: 'conversation.automated', version: 1, organizationId: conversation.organization_id,
    actor: { type: 'automation', id: null, label }, at: new Date().toISOString(),
    data: {
      conversationId: conversation.id, patientId: conversation.patient_id, conversationNumber: conversation.number, status: conversation.status,
      priority: conversation.priority, assigneeId: conversation.assignee_id, departmentId: conversation.department_id,
      channel: conversation.channel, labels: conversation.labels,
      ruleId, ruleName, event: eventType, outcomes, summary: `${label}: ${outcomes.map((o) => o.action).join('; ')}`,
    },
  });
}

/** The engine listens to the rule events once, in the publishing process (not everyProcess: rules run once). */
export function subscribeRules(platform: Platform) {
  const unsubscribers = RULE_EVENTS.map((type) => platform.events.subscribe(type, async (event) => { await runRules(platform, event); }));
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
