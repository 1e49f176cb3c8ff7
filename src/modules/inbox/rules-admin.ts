import { AppError, invalidFields, notFound } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import { listDepartments, listUsers } from '../identity/service.js';
import { patientRefs } from '../patients/service.js';
import { actionProblems, describeAction } from './actions.js';
import { settingsChanged } from './automation-cache.js';
import { findCanned } from './canned-store.js';
import { endpointNames } from '../webhooks/service.js';
import { conditionProblems, matches, referencedIds } from './conditions.js';
import type { Action, NewRule, PreviewResult, Rule, RuleChanges, RuleEvent } from './rule-schemas.js';
import { factsOf, namesOf } from './rules.js';
import * as rulesStore from './rules-store.js';
import type { RuleRow } from './rules-store.js';
import { slaOf } from './present.js';
import type { ConversationRow } from './store.js';

/** Saving, listing and trying out automation rules. */
export const presentRule = (row: RuleRow): Rule => ({
  id: row.id, name: row.name, event: row.event, conditions: row.conditions as Rule['conditions'], actions: row.actions as Rule['actions'],
  enabled: row.enabled, position: row.position, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
});

export async function listRules(platform: Platform, actor: Actor) {
  return (await rulesStore.listRules(platform.db, actor.organizationId)).map(presentRule);
}

const normalizeConditions = (conditions: NewRule['conditions']) =>
  (conditions ?? []).map((c) => (c.operator === 'is_set' || c.operator === 'is_not_set' ? { field: c.field, operator: c.operator } : c));

/** Checks a rule whole: field/operator/value types (400 naming conditions.N.x / actions.N.x), then that every id is this clinic's (404). */
async function checkRule(platform: Platform, actor: Actor, rule: { event: RuleEvent; conditions?: NewRule['conditions']; actions: Action[] }) {
  const problems = [...conditionProblems(rule.conditions ?? [], rule.event), ...actionProblems(rule.actions)];
  if (problems.length > 0) throw invalidFields(problems);
  const departmentIds = [...referencedIds(rule.conditions ?? [], 'departmentId'), ...rule.actions.flatMap((a) => (typeof a.departmentId === 'string' ? [a.departmentId] : []))];
  const staffIds = [...referencedIds(rule.conditions ?? [], 'assigneeId'), ...rule.actions.flatMap((a) => (typeof a.assigneeId === 'string' ? [a.assigneeId] : []))];
  const cannedIds = rule.actions.flatMap((a) => (typeof a.cannedReplyId === 'string' ? [a.cannedReplyId] : []));
  const [departments, staff] = await Promise.all([listDepartments(platform, actor, true), listUsers(platform, actor)]);
  for (const id of departmentIds) {
    const department = departments.find((d) => d.id === id.toLowerCase());
    if (!department) throw notFound('department', id);
  }
  for (const id of rule.actions.flatMap((a) => (typeof a.departmentId === 'string' ? [a.departmentId] : []))) {
    const department = departments.find((d) => d.id === id.toLowerCase());
    if (department?.archived_at) throw new AppError(409, 'department_archived', `${department.name} is archived: a rule cannot send conversations there.`);
  }
  for (const id of staffIds) if (!staff.some((u) => u.id === id.toLowerCase())) throw notFound('staff member', id);
  for (const id of cannedIds) if (!(await findCanned(platform.db, actor.organizationId, id))) throw notFound('canned reply', id);
  const webhooks = rule.actions.some((a) => typeof a.endpointId === 'string') ? await endpointNames(platform, actor.organizationId) : new Map<string, string>();
  for (const id of rule.actions.flatMap((a) => (typeof a.endpointId === 'string' ? [a.endpointId] : []))) if (!webhooks.has(id.toLowerCase())) throw notFound('webhook endpoint', id);
}

export async function createRule(platform: Platform, actor: Actor, input: NewRule) {
  await checkRule(platform, actor, input);
  const row = await rulesStore.insertRule(platform.db, {
    organization_id: actor.organizationId, name: input.name.trim(), event: input.event,
    conditions: JSON.stringify(normalizeConditions(input.conditions)), actions: JSON.stringify(input.actions),
    enabled: input.enabled ?? true, position: input.position ?? (await rulesStore.nextPosition(platform.db, actor.organizationId)),
  });
  await settingsChanged(platform, actor.organizationId);
  return presentRule(row);
}

export async function updateRule(platform: Platform, actor: Actor, id: string, changes: RuleChanges) {
  const before = await rulesStore.findRule(platform.db, actor.organizationId, id);
  if (!before) throw notFound('automation rule', id);
  const current = presentRule(before);
  // The whole rule must still make sense (a new event may not suit the old conditions).
  await checkRule(platform, actor, {
    event: (changes.event ?? current.event) as RuleEvent, conditions: changes.conditions ?? current.conditions, actions: changes.actions ?? current.actions,
  });
  const row = await rulesStore.updateRule(platform.db, actor.organizationId, id, {
    ...(changes.name !== undefined && { name: changes.name.trim() }),
    ...(changes.event !== undefined && { event: changes.event }),
    ...(changes.conditions !== undefined && { conditions: JSON.stringify(normalizeConditions(changes.conditions)) }),
    ...(changes.actions !== undefined && { actions: JSON.stringify(changes.actions) }),
    ...(changes.enabled !== undefined && { enabled: changes.enabled }),
    ...(changes.position !== undefined && { position: changes.position }),
  });
  if (!row) throw notFound('automation rule', id);
  await settingsChanged(platform, actor.organizationId);
  return presentRule(row);
}

export async function deleteRule(platform: Platform, actor: Actor, id: string) {
  if (!(await rulesStore.deleteRule(platform.db, actor.organizationId, id))) throw notFound('automation rule', id);
  await settingsChanged(platform, actor.organizationId);
}

/** For a dry run of an SLA rule: the target whose due time comes first (what a warning would be about). */
function earliestTarget(conversation: ConversationRow) {
  const sla = slaOf(conversation);
  if (!sla.dueAt) return null;
  const targets = [['first_response', sla.firstResponseDueAt], ['next_response', sla.nextResponseDueAt], ['resolution', sla.resolutionDueAt]] as const;
  return targets.find(([, due]) => due === sla.dueAt)?.[0] ?? null;
}

/**
 * A dry run: the rule's conditions tried on the most recent conversations (their current state and
 * latest patient message) and what it would do to each. Nothing is changed, sent or recorded.
 */
export async function previewRule(platform: Platform, actor: Actor, rule: NewRule, limit = 50): Promise<PreviewResult & { patientIds: string[] }> {
  await checkRule(platform, actor, rule);
  const conditions = normalizeConditions(rule.conditions);
  const conversations = await rulesStore.recentConversations(platform.db, actor.organizationId, limit);
  const texts = await rulesStore.latestPatientMessages(platform.db, actor.organizationId, conversations.map((c) => c.id));
  const at = new Date();
  const sla = rule.event === 'sla.breach_soon' || rule.event === 'sla.breached';
  const matched: ConversationRow[] = [];
  for (const conversation of conversations) {
    const facts = await factsOf(platform, conversation, { body: texts.get(conversation.id) ?? null, slaTarget: sla ? earliestTarget(conversation) : null, at });
    if (matches(conditions, facts)) matched.push(conversation);
  }
  const [names, patients] = await Promise.all([
    namesOf(platform, actor.organizationId),
    patientRefs(platform, actor.organizationId, matched.flatMap((c) => (c.patient_id ? [c.patient_id] : []))),
  ]);
  return {
    examined: conversations.length,
    matched: matched.map((conversation) => ({
      conversationId: conversation.id, number: conversation.number,
      patientName: conversation.patient_id ? patients.get(conversation.patient_id)?.name ?? null : null,
      actions: rule.actions.map((action) => describeAction(action, names, conversation)),
    })),
    patientIds: [...patients.keys()],
  };
}
