import { invalid, notFound } from '../../platform/errors.js';
import { systemActor, type Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findDepartmentById, findStaffMember } from '../identity/service.js';
import { KIND_LABELS, publishTaskEvent } from './service.js';
import * as store from './store.js';
import type { EscalationLadder, EscalationLadderBody } from './task-rule-schemas.js';

/**
 * The escalation ladder: a clinic's steps for tasks that stay overdue ("overdue by 30 minutes:
 * notify the department's owner; by 4 hours: hand it to them"). Each step is taken once per task
 * and due time, recorded on the task and announced as task.escalated.
 */

const BATCH = 200;
const MINUTE = 60_000;

/** "45 min", "2 h", "3 days": how long a step waits. */
export function overdueBy(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

export async function getEscalationLadder(platform: Platform, actor: Actor): Promise<EscalationLadder> {
  const steps = await store.listEscalationSteps(platform.db, actor.organizationId);
  const result: EscalationLadder['steps'] = [];
  for (const step of steps) {
    const user = step.target_user_id ? await findStaffMember(platform, actor.organizationId, step.target_user_id) : undefined;
    result.push({ position: step.position, afterMinutes: step.after_minutes, action: step.action, target: step.target, targetUserId: step.target_user_id, targetUserName: user?.display_name ?? null });
  }
  return { steps: result };
}

/** Replaces the ladder: steps in order, each overdue by longer than the one before; a named person must be active staff of the clinic. */
export async function replaceEscalationLadder(platform: Platform, actor: Actor, body: EscalationLadderBody): Promise<EscalationLadder> {
  for (const [index, step] of body.steps.entries()) {
    const previous = body.steps[index - 1];
    if (previous && step.afterMinutes <= previous.afterMinutes) throw invalid(`steps.${index}.afterMinutes`, `must be later than step ${index} (${previous.afterMinutes} minutes)`);
    if (step.target === 'staff' && !step.targetUserId) throw invalid(`steps.${index}.targetUserId`, 'is required: the person to turn to');
    if (step.targetUserId) {
      const user = await findStaffMember(platform, actor.organizationId, step.targetUserId);
      if (!user) throw notFound('staff member', step.targetUserId);
      if (!user.active) throw invalid(`steps.${index}.targetUserId`, 'is a deactivated staff account');
    }
  }
  await platform.db.transaction().execute((trx) => store.replaceEscalationSteps(trx, actor.organizationId, body.steps.map((step, index) => ({
    position: index + 1, after_minutes: step.afterMinutes, action: step.action, target: step.target, target_user_id: step.targetUserId ?? null,
  }))));
  return getEscalationLadder(platform, actor);
}

/** Whom a step turns to for a task: the named person, or the owner of the task's department (else of its owner's), else the step's fallback. */
async function stepTarget(platform: Platform, organizationId: string, step: store.EscalationStepRow, task: store.TaskRow): Promise<{ id: string; name: string; why: string } | null> {
  const active = async (id: string | null | undefined) => {
    const user = id ? await findStaffMember(platform, organizationId, id) : undefined;
    return user?.active ? user : undefined;
  };
  if (step.target === 'department_owner') {
    const owner = task.owner_id ? await findStaffMember(platform, organizationId, task.owner_id) : undefined;
    const departmentId = task.department_id ?? owner?.department_id ?? null;
    const department = departmentId ? await findDepartmentById(platform, organizationId, departmentId) : undefined;
    const head = await active(department?.owner_id);
    if (head && department) return { id: head.id, name: head.display_name, why: `owner of ${department.name}` };
  }
  const named = await active(step.target_user_id);
  return named ? { id: named.id, name: named.display_name, why: step.target === 'staff' ? 'named in the ladder' : 'no department owner: the ladder’s fallback' } : null;
}

/** Takes every ladder step that is due, in every clinic; safe to run twice or in two processes at once. Returns how many steps were taken. */
export async function escalateByLadder(platform: Platform, now = new Date()): Promise<number> {
  let taken = 0;
  for (const step of await store.allEscalationSteps(platform.db)) {
    const organizationId = step.organization_id;
    const tasks = await store.tasksPastStep(platform.db, organizationId, step.position, new Date(now.getTime() - step.after_minutes * MINUTE), BATCH);
    for (const task of tasks) {
      const target = await stepTarget(platform, organizationId, step, task);
      const late = `overdue by ${overdueBy(step.after_minutes)}`;
      const note = !target ? `Step ${step.position}, ${late}: nobody to turn to (no department owner, no one named)`
        : step.action === 'reassign' ? `Step ${step.position}, ${late}: handed to ${target.name} (${target.why})`
          : `Step ${step.position}, ${late}: ${target.name} notified (${target.why})`;
      const result = await platform.db.transaction().execute((trx) => store.takeEscalationStep(trx, organizationId, {
        taskId: task.id, dueAt: task.due_at, position: step.position, action: step.action, targetUserId: target?.id ?? null, note,
      }));
      if (!result) continue;
      taken += 1;
      await publishTaskEvent(platform, systemActor(organizationId, 'job'), 'task.escalated', result.after, `${KIND_LABELS[task.kind]} task escalated: ${task.title} (${note})`, {
        step: step.position, action: step.action, targetId: target?.id ?? null, ownerId: result.after.owner_id, previousOwnerId: result.before.owner_id, note,
      });
    }
  }
  return taken;
}
