import type { TaskRuleConditions } from '../../db/schema-task-rules.js';
import { invalid, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { iso } from '../../platform/schemas.js';
import { findDepartmentById, findStaffMember } from '../identity/service.js';
import { getPatient } from '../patients/service.js';
import { getLocation, getProvider, getService } from '../scheduling/setup-service.js';
import { chooseOwner, placeholderValues } from './task-rule-engine.js';
import type { PreviewBody, TaskRule, TaskRuleBody, TaskRuleChanges, TriggerInfo, Preview } from './task-rule-schemas.js';
import * as ruleStore from './task-rule-store.js';
import { conditionsHold, fillTemplate, triggerOf, TRIGGERS, unknownPlaceholders, type ConditionName, type Trigger } from './task-rule-triggers.js';

const MINUTES_PER = { minutes: 1, hours: 60, days: 1440 } as const;
const MAX_DUE_MINUTES = 129_600;
const PREVIEW_DAYS = 7;
const PREVIEW_EVENTS = 5000;

/** The events a rule can start from, with the conditions and placeholders each offers. */
export const listTriggers = (): TriggerInfo[] => TRIGGERS.map((t) => ({ event: t.event, label: t.label, conditions: t.conditions, placeholders: t.placeholders }));

function dueInOf(minutes: number): TaskRule['task']['dueIn'] {
  if (minutes > 0 && minutes % 1440 === 0) return { amount: minutes / 1440, unit: 'days' };
  if (minutes > 0 && minutes % 60 === 0) return { amount: minutes / 60, unit: 'hours' };
  return { amount: minutes, unit: 'minutes' };
}

async function presentRules(platform: Platform, actor: Actor, rows: ruleStore.TaskRuleRow[]): Promise<TaskRule[]> {
  const stats = await ruleStore.ruleStats(platform.db, actor.organizationId);
  const result: TaskRule[] = [];
  for (const row of rows) {
    const user = row.owner_user_id ? await findStaffMember(platform, actor.organizationId, row.owner_user_id) : undefined;
    const department = row.owner_department_id ? await findDepartmentById(platform, actor.organizationId, row.owner_department_id) : undefined;
    result.push({
      id: row.id, name: row.name, event: row.event_type, eventLabel: triggerOf(row.event_type)?.label ?? row.event_type, enabled: row.enabled,
      conditions: row.conditions,
      task: { kind: row.task_kind, title: row.title_template, details: row.details_template, priority: row.priority, dueIn: dueInOf(row.due_in_minutes) },
      owner: {
        type: row.owner_type, userId: row.owner_user_id, userName: user?.display_name ?? null,
        departmentId: row.owner_department_id, departmentName: department?.name ?? null,
      },
      tasksMade: stats.get(row.id)?.made ?? 0, lastTaskAt: iso(stats.get(row.id)?.lastAt ?? null),
      createdBy: row.created_by_label, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
    });
  }
  return result;
}

const CONDITION_CHECKS: Partial<Record<ConditionName, { entity: string; exists(platform: Platform, actor: Actor, id: string): Promise<boolean> }>> = {
  departmentIds: { entity: 'department', exists: async (platform, actor, id) => (await findDepartmentById(platform, actor.organizationId, id)) !== undefined },
  serviceIds: { entity: 'service', exists: (platform, actor, id) => getService(platform, actor, id).then(() => true, () => false) },
  locationIds: { entity: 'location', exists: (platform, actor, id) => getLocation(platform, actor, id).then(() => true, () => false) },
  providerIds: { entity: 'provider', exists: (platform, actor, id) => getProvider(platform, actor, id).then(() => true, () => false) },
};

/** The rule as columns, once everything it names is checked: conditions the event carries, ids of this clinic, known placeholders, an owner that can be found. */
async function ruleColumns(platform: Platform, actor: Actor, body: Omit<TaskRuleBody, 'name'>) {
  const trigger = triggerOf(body.event) as Trigger;
  const conditions: TaskRuleConditions = body.conditions ?? {};
  for (const [condition, values] of Object.entries(conditions) as [ConditionName, string[]][]) {
    if (!trigger.conditions.includes(condition)) throw invalid(`conditions.${condition}`, `is not something ${body.event} carries; it can be tested on ${trigger.conditions.join(', ')}`);
    const check = CONDITION_CHECKS[condition];
    for (const id of check ? values : []) if (!await check!.exists(platform, actor, id)) throw notFound(check!.entity, id);
  }
  for (const field of ['title', 'details'] as const) {
    const unknown = unknownPlaceholders(body.task[field] ?? '', trigger);
    if (unknown.length > 0) throw invalid(`task.${field}`, `{{${unknown[0]}}} is not a placeholder of ${body.event}; use ${trigger.placeholders.map((p) => `{{${p}}}`).join(', ')}`);
  }
  const dueInMinutes = body.task.dueIn.amount * MINUTES_PER[body.task.dueIn.unit];
  if (dueInMinutes > MAX_DUE_MINUTES) throw invalid('task.dueIn', 'must be at most 90 days');
  const { type, userId, departmentId } = body.owner;
  if (type === 'staff') {
    if (!userId) throw invalid('owner.userId', 'is required when the owner is a named staff member');
    const user = await findStaffMember(platform, actor.organizationId, userId);
    if (!user) throw notFound('staff member', userId);
    if (!user.active) throw invalid('owner.userId', 'is a deactivated staff account');
  } else if (userId) {
    throw invalid('owner.userId', 'is only for an owner of type staff');
  }
  if (type === 'round_robin' && !departmentId) throw invalid('owner.departmentId', 'is required for round robin: the department whose staff take turns');
  if (type === 'unassigned' && departmentId) throw invalid('owner.departmentId', 'is not used when the task is left unassigned');
  if (type === 'staff' && departmentId) throw invalid('owner.departmentId', 'is not used when the owner is a named staff member');
  if (departmentId) {
    const department = await findDepartmentById(platform, actor.organizationId, departmentId);
    if (!department) throw notFound('department', departmentId);
    if (department.archived_at) throw invalid('owner.departmentId', 'is an archived department');
  }
  return {
    event_type: body.event, conditions: JSON.stringify(conditions), task_kind: body.task.kind, title_template: body.task.title.trim(),
    details_template: body.task.details?.trim() || null, priority: body.task.priority ?? 'normal', due_in_minutes: dueInMinutes,
    owner_type: type, owner_user_id: type === 'staff' ? userId! : null, owner_department_id: departmentId ?? null,
  };
}

/** Every rule of the clinic, by name. */
export async function listTaskRules(platform: Platform, actor: Actor): Promise<TaskRule[]> {
  return presentRules(platform, actor, await ruleStore.listRules(platform.db, actor.organizationId));
}

export async function getTaskRule(platform: Platform, actor: Actor, id: string): Promise<TaskRule> {
  const row = await ruleStore.findRule(platform.db, actor.organizationId, id);
  if (!row) throw notFound('task rule', id);
  return (await presentRules(platform, actor, [row]))[0]!;
}

/** Creates a rule (enabled unless said otherwise); it acts on events from now on. */
export async function createTaskRule(platform: Platform, actor: Actor, body: TaskRuleBody): Promise<TaskRule> {
  const columns = await ruleColumns(platform, actor, body);
  const row = await ruleStore.insertRule(platform.db, {
    ...columns, organization_id: actor.organizationId, name: body.name.trim(), enabled: body.enabled ?? true, created_by_label: actor.label,
  });
  return (await presentRules(platform, actor, [row]))[0]!;
}

/** Changes a rule: any part of it (task and owner are replaced whole), or just enables or disables it. */
export async function updateTaskRule(platform: Platform, actor: Actor, id: string, changes: TaskRuleChanges): Promise<TaskRule> {
  const current = await getTaskRule(platform, actor, id);
  const merged: TaskRuleBody = {
    name: changes.name ?? current.name, event: changes.event ?? (current.event as TaskRuleBody['event']),
    conditions: changes.conditions ?? (changes.event && changes.event !== current.event ? {} : current.conditions),
    task: changes.task ?? { ...current.task, details: current.task.details },
    owner: changes.owner ?? { type: current.owner.type, ...(current.owner.userId && { userId: current.owner.userId }), ...(current.owner.departmentId && { departmentId: current.owner.departmentId }) },
  };
  const columns = await ruleColumns(platform, actor, merged);
  const row = await platform.db.transaction().execute(async (trx) => {
    if (!await ruleStore.lockRule(trx, actor.organizationId, id)) throw notFound('task rule', id);
    return ruleStore.updateRule(trx, actor.organizationId, id, { ...columns, name: merged.name.trim(), ...(changes.enabled !== undefined && { enabled: changes.enabled }) });
  });
  return (await presentRules(platform, actor, [row]))[0]!;
}

/** Deletes a rule; the tasks it made stay (and still name it). */
export async function deleteTaskRule(platform: Platform, actor: Actor, id: string): Promise<void> {
  if (!await ruleStore.deleteRule(platform.db, actor.organizationId, id)) throw notFound('task rule', id);
}

/** Which of the last seven days' events a rule (saved or not) would have turned into tasks, and what they would have read. */
export async function previewTaskRule(platform: Platform, actor: Actor, body: PreviewBody): Promise<Preview> {
  const columns = await ruleColumns(platform, actor, body);
  const trigger = triggerOf(body.event) as Trigger;
  const since = new Date(Date.now() - PREVIEW_DAYS * 86_400_000);
  const events = await ruleStore.recentEvents(platform.db, actor.organizationId, body.event, since, PREVIEW_EVENTS);
  const conditions = body.conditions ?? {};
  const matches = events.filter((event) => conditionsHold(conditions, event.facts));
  const rule = { ...columns, id: '', round_robin_turn: 0, conditions } as unknown as ruleStore.TaskRuleRow;
  const sample: Preview['sample'] = [];
  for (const [index, event] of matches.slice(0, 10).entries()) {
    const values = await placeholderValues(platform, actor, event.patient_id, event.facts, trigger);
    const owner = await chooseOwner(platform, actor, rule, event.facts, index);
    const patient = event.patient_id ? await getPatient(platform, actor, event.patient_id).catch(() => null) : null;
    sample.push({
      at: event.occurred_at.toISOString(), patientId: patient?.id ?? null,
      patient: patient ? { id: patient.id, name: `${patient.givenName} ${patient.familyName}`, mrn: patient.mrn } : null,
      title: fillTemplate(columns.title_template, values).slice(0, 200) || trigger.label, ownerName: owner?.name ?? null,
    });
  }
  return { days: PREVIEW_DAYS, events: events.length, matched: matches.length, sample };
}
