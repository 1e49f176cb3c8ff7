import { DateTime } from 'luxon';
import type { TaskRuleFacts } from '../../db/schema-task-rules.js';
import type { DomainEvent } from '../../platform/events.js';
import { automationActor, systemActor, type Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findDepartmentById, findOrganization, findStaffMember, listUsers } from '../identity/service.js';
import { getPatient } from '../patients/service.js';
import { getLocation, getProvider, getService } from '../scheduling/setup-service.js';
import { createTask } from './service.js';
import * as ruleStore from './task-rule-store.js';
import { conditionsHold, factsOf, fillTemplate, subjectOf, TRIGGERS, type Placeholder, type Trigger } from './task-rule-triggers.js';

/**
 * Rules at work: every event a rule can start from is recorded (for previews) and, for each enabled
 * rule whose conditions hold, one task is made through createTask, with the rule and the event as
 * its source, so a repeated event makes nothing twice.
 */

const MINUTE = 60_000;

/** A visit's department comes from its service, else its provider (the event does not carry one). */
export async function completeFacts(platform: Platform, organizationId: string, facts: TaskRuleFacts): Promise<TaskRuleFacts> {
  if (facts.departmentId) return facts;
  const actor = systemActor(organizationId);
  const service = facts.serviceId ? await getService(platform, actor, facts.serviceId).catch(() => null) : null;
  if (service?.departmentId) return { ...facts, departmentId: service.departmentId };
  const provider = facts.providerId ? await getProvider(platform, actor, facts.providerId).catch(() => null) : null;
  return { ...facts, departmentId: provider?.departmentId ?? null };
}

const name = async <T>(id: string | null, find: (id: string) => Promise<T | null | undefined>, pick: (found: T) => string) => {
  if (!id) return null;
  const found = await find(id).catch(() => null);
  return found ? pick(found) : null;
};

/** The words a title's placeholders stand for, for one event. */
export async function placeholderValues(platform: Platform, actor: Actor, patientId: string | null, facts: TaskRuleFacts, trigger: Trigger): Promise<Record<Placeholder, string | null>> {
  const organization = await findOrganization(platform, actor.organizationId);
  const zone = organization?.time_zone ?? 'UTC';
  const when = facts.at ? DateTime.fromISO(facts.at, { zone }) : null;
  return {
    patient: await name(patientId, (id) => getPatient(platform, actor, id), (p) => `${p.givenName} ${p.familyName}`),
    summary: facts.summary ?? null,
    date: when?.isValid ? when.toFormat(trigger.subject === 'appointment' ? 'd LLL yyyy, HH:mm' : 'd LLL yyyy') : null,
    department: await name(facts.departmentId, (id) => findDepartmentById(platform, actor.organizationId, id), (d) => d.name),
    service: await name(facts.serviceId, (id) => getService(platform, actor, id), (s) => s.name),
    provider: await name(facts.providerId, (id) => getProvider(platform, actor, id), (p) => p.name),
    location: await name(facts.locationId, (id) => getLocation(platform, actor, id), (l) => l.name),
    urgency: facts.urgency,
    referralKind: facts.referralKind,
    destination: facts.destination ?? null,
  };
}

/** The active staff of a department, in a stable order (round robin walks it). */
export async function departmentMembers(platform: Platform, actor: Actor, departmentId: string) {
  const users = await listUsers(platform, actor);
  return users.filter((user) => user.active && user.department_id === departmentId).sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Who gets a rule's task: nobody, the named person (while active), the department's owner (the
 * rule's department, else the event's), or the next member of the department in turn. Whoever it
 * cannot find leaves the task unassigned. `turn` set: a preview's guess, nothing is handed out.
 */
export async function chooseOwner(platform: Platform, actor: Actor, rule: ruleStore.TaskRuleRow, facts: TaskRuleFacts, turn?: number): Promise<{ id: string; name: string } | null> {
  const active = async (id: string | null) => {
    const user = id ? await findStaffMember(platform, actor.organizationId, id) : undefined;
    return user?.active ? { id: user.id, name: user.display_name } : null;
  };
  if (rule.owner_type === 'staff') return active(rule.owner_user_id);
  const departmentId = rule.owner_department_id ?? facts.departmentId;
  if (!departmentId) return null;
  if (rule.owner_type === 'department_owner') {
    const department = await findDepartmentById(platform, actor.organizationId, departmentId);
    return active(department?.owner_id ?? null);
  }
  if (rule.owner_type === 'round_robin') {
    const members = await departmentMembers(platform, actor, departmentId);
    if (members.length === 0) return null;
    const next = turn ?? await ruleStore.takeRoundRobinTurn(platform.db, actor.organizationId, rule.id);
    const member = members[next % members.length]!;
    return { id: member.id, name: member.display_name };
  }
  return null;
}

/** The department a rule's task belongs to: the rule's, else the event's, if it is still in use. */
async function taskDepartment(platform: Platform, organizationId: string, rule: ruleStore.TaskRuleRow, facts: TaskRuleFacts) {
  const id = rule.owner_department_id ?? facts.departmentId;
  const department = id ? await findDepartmentById(platform, organizationId, id) : undefined;
  return department && !department.archived_at ? department.id : undefined;
}

export const ruleSource = (ruleId: string, eventType: string, subjectId: string) => ({ type: 'task_rule', id: `${ruleId}:${eventType}:${subjectId}` });

async function makeTask(platform: Platform, rule: ruleStore.TaskRuleRow, trigger: Trigger, event: DomainEvent, subjectId: string, facts: TaskRuleFacts) {
  const organizationId = event.organizationId;
  const source = ruleSource(rule.id, event.type, subjectId);
  const actor = automationActor(organizationId, `Task rule: ${rule.name}`);
  const values = await placeholderValues(platform, actor, event.patientId ?? null, facts, trigger);
  const title = fillTemplate(rule.title_template, values).slice(0, 200) || trigger.label;
  const details = rule.details_template ? fillTemplate(rule.details_template, values).slice(0, 4000) : undefined;
  const owner = await chooseOwner(platform, actor, rule, facts);
  const departmentId = await taskDepartment(platform, organizationId, rule, facts);
  const startedAt = Date.parse(event.at);
  const task = await createTask(platform, actor, {
    kind: rule.task_kind, title, ...(details && { details }), priority: rule.priority,
    ...(event.patientId && { patientId: event.patientId }), ...(owner && { ownerId: owner.id }), ...(departmentId && { departmentId }),
    dueAt: new Date((Number.isNaN(startedAt) ? Date.now() : startedAt) + rule.due_in_minutes * MINUTE).toISOString(),
    source,
  });
  await ruleStore.recordRun(platform.db, { organization_id: organizationId, rule_id: rule.id, rule_name: rule.name, event_type: event.type, subject_id: subjectId, task_id: task.id });
}

/** Records an event and runs every enabled rule of its type on it; one rule failing does not stop the others. */
export async function applyTaskRules(platform: Platform, trigger: Trigger, event: DomainEvent) {
  const subjectId = subjectOf(trigger, event);
  if (!subjectId) return;
  const facts = await completeFacts(platform, event.organizationId, factsOf(trigger, event));
  await ruleStore.recordEvent(platform.db, {
    organization_id: event.organizationId, event_type: event.type, subject_id: subjectId, patient_id: event.patientId ?? null,
    facts, occurred_at: Number.isNaN(Date.parse(event.at)) ? new Date() : new Date(event.at),
  });
  for (const rule of await ruleStore.enabledRulesFor(platform.db, event.organizationId, event.type)) {
    if (!conditionsHold(rule.conditions, facts)) continue;
    try {
      await makeTask(platform, rule, trigger, event, subjectId, facts);
    } catch (error) {
      platform.logger.warn({ ruleId: rule.id, event: event.type, code: (error as { code?: string }).code }, 'a task rule could not make its task');
    }
  }
}

/** Subscribes the rules to every event they can start from (in the publishing process only: they write). */
export function subscribeTaskRules(platform: Platform) {
  const unsubscribes = TRIGGERS.map((trigger) => platform.events.subscribe(trigger.event, (event) => applyTaskRules(platform, trigger, event)));
  unsubscribes.push(platform.events.subscribe('patient.merged', async (event) => {
    const { survivorId, mergedId } = event.data;
    if (typeof survivorId === 'string' && typeof mergedId === 'string') await ruleStore.repointEvents(platform.db, event.organizationId, mergedId, survivorId);
  }));
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}
