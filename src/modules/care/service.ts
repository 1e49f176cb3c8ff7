import type { Priority, TaskKind } from '../../db/schema-inbox.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { iso } from '../../platform/schemas.js';
// The identity service has no single-record lookups; its store's read-only finders are used instead.
import { findDepartmentById, findStaffMember, listUsers, type StaffMember } from '../identity/service.js';
import { getPatient } from '../patients/service.js';
import type { Assignee, BulkReassignBody, BulkReassignResult, Task, TaskChanges, TaskQuery } from './schemas.js';
import * as store from './store.js';
import * as ruleStore from './task-rule-store.js';

export type { Priority, TaskKind };

/** A follow-up task to create: what any module or automation rule passes to createTask. */
export interface NewTask {
  patientId?: string;
  kind: TaskKind;
  title: string;
  details?: string;
  priority?: Priority;
  ownerId?: string;
  departmentId?: string;
  /** ISO 8601; default: in an hour for a callback, in a day otherwise. A time already past is accepted. */
  dueAt?: string;
  /** What the task is about (a missed call, a survey answer): a second task for the same source is never made. */
  source?: { type: string; id: string };
}

const HOUR = 3_600_000;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export const KIND_LABELS: Record<TaskKind, string> = {
  callback: 'Callback', post_visit_call: 'Post-visit call', lab_result: 'Lab result',
  recovery_call: 'Recovery call', referral_follow_up: 'Referral follow-up', other: 'Follow-up',
};

function parseTime(field: string, value: string): Date {
  const time = new Date(value);
  if (!ISO_TIME.test(value) || Number.isNaN(time.getTime())) throw invalid(field, 'must be an ISO 8601 time with its offset, e.g. 2025-03-04T15:00:00Z');
  return time;
}

function cleanTitle(title: string): string {
  const trimmed = title.trim();
  if (!trimmed) throw invalid('title', 'is required');
  if (trimmed.length > 200) throw invalid('title', 'must be 200 characters or fewer');
  return trimmed;
}

type TaskIdentity = Pick<store.TaskRow, 'id' | 'organization_id' | 'patient_id' | 'kind' | 'title'>;

/** Publishes a task event in the one envelope; the patient's timeline shows data.summary. */
export async function publishTaskEvent(platform: Platform, actor: Actor, type: string, task: TaskIdentity, summary: string, data: Record<string, unknown> = {}) {
  await platform.events.publish({
    type, version: 1, organizationId: task.organization_id, ...(task.patient_id && { patientId: task.patient_id }),
    actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(),
    data: { summary, taskId: task.id, kind: task.kind, title: task.title, ...data },
  });
}

const kindLabel = (task: store.TaskRow) => KIND_LABELS[task.kind];

async function checkPatient(platform: Platform, actor: Actor, patientId: string) {
  const patient = await getPatient(platform, actor, patientId);
  if (patient.status === 'merged') {
    throw conflict('patient_merged', 'This record was merged into another; make the task for that one.', { replacedBy: patient.replacedBy });
  }
}

async function checkOwner(platform: Platform, actor: Actor, ownerId: string): Promise<StaffMember> {
  const user = await findStaffMember(platform, actor.organizationId, ownerId);
  if (!user) throw notFound('staff member', ownerId);
  if (!user.active) throw invalid('ownerId', 'is a deactivated staff account');
  return user;
}

async function checkDepartment(platform: Platform, actor: Actor, departmentId: string) {
  const department = await findDepartmentById(platform, actor.organizationId, departmentId);
  if (!department) throw notFound('department', departmentId);
  if (department.archived_at) throw invalid('departmentId', 'is an archived department');
}

/** Tasks as the API shows them: with the patient's name and MRN and the owner's name. */
async function presentTasks(platform: Platform, actor: Actor, rows: store.TaskRow[]): Promise<Task[]> {
  const now = Date.now();
  const patients = new Map<string, Task['patient']>();
  for (const id of new Set(rows.map((row) => row.patient_id).filter((id) => id !== null))) {
    const patient = await getPatient(platform, actor, id);
    patients.set(id, { id, name: `${patient.givenName} ${patient.familyName}`, mrn: patient.mrn });
  }
  const taskIds = rows.map((row) => row.id);
  const [rules, escalations] = await Promise.all([
    ruleStore.rulesOfTasks(platform.db, actor.organizationId, taskIds), store.escalationsOf(platform.db, actor.organizationId, taskIds),
  ]);
  const owners = new Map<string, string>();
  const people = [...rows.map((row) => row.owner_id), ...escalations.map((step) => step.target_user_id)];
  for (const id of new Set(people.filter((id) => id !== null))) {
    const user = await findStaffMember(platform, actor.organizationId, id);
    if (user) owners.set(id, user.display_name);
  }
  return rows.map((row) => ({
    id: row.id,
    patientId: row.patient_id,
    patient: row.patient_id ? patients.get(row.patient_id) ?? null : null,
    kind: row.kind,
    title: row.title,
    details: row.details,
    priority: row.priority,
    status: row.status,
    ownerId: row.owner_id,
    ownerName: row.owner_id ? owners.get(row.owner_id) ?? null : null,
    departmentId: row.department_id,
    dueAt: row.due_at.toISOString(),
    overdue: row.status === 'open' && row.due_at.getTime() < now,
    outcome: row.outcome,
    source: row.source_type && row.source_id ? { type: row.source_type, id: row.source_id } : null,
    createdBy: row.created_by_label,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    completedAt: iso(row.completed_at),
    rule: rules.get(row.id) ?? null,
    escalations: escalations.filter((step) => step.task_id === row.id).map((step) => ({
      step: step.step_position, action: step.action, targetId: step.target_user_id,
      targetName: step.target_user_id ? owners.get(step.target_user_id) ?? null : null, note: step.note,
      dueAt: step.due_at.toISOString(), at: step.escalated_at.toISOString(),
    })),
  }));
}

const presentTask = async (platform: Platform, actor: Actor, row: store.TaskRow) => (await presentTasks(platform, actor, [row]))[0]!;

/**
 * Creates a follow-up task. Idempotent on source: a second call with the same {type, id} returns
 * the task the first one made (and publishes nothing).
 */
export async function createTask(platform: Platform, actor: Actor, input: NewTask): Promise<Task> {
  const organizationId = actor.organizationId;
  if (input.source) {
    const existing = await store.findTaskBySource(platform.db, organizationId, input.source.type, input.source.id);
    if (existing) return presentTask(platform, actor, existing);
  }
  const title = cleanTitle(input.title);
  const dueAt = input.dueAt ? parseTime('dueAt', input.dueAt) : new Date(Date.now() + (input.kind === 'callback' ? HOUR : 24 * HOUR));
  if (input.patientId) await checkPatient(platform, actor, input.patientId);
  if (input.ownerId) await checkOwner(platform, actor, input.ownerId);
  if (input.departmentId) await checkDepartment(platform, actor, input.departmentId);
  const inserted = await store.insertTask(platform.db, {
    organization_id: organizationId,
    patient_id: input.patientId ?? null,
    kind: input.kind,
    title,
    details: input.details?.trim() || null,
    priority: input.priority ?? 'normal',
    owner_id: input.ownerId ?? null,
    department_id: input.departmentId ?? null,
    due_at: dueAt,
    source_type: input.source?.type ?? null,
    source_id: input.source?.id ?? null,
    created_by_label: actor.label,
  });
  if (!inserted) {
    // Another call with the same source won the race: its task is this one.
    const existing = input.source && await store.findTaskBySource(platform.db, organizationId, input.source.type, input.source.id);
    if (!existing) throw new Error('a task insert conflicted without a task of the same source');
    return presentTask(platform, actor, existing);
  }
  await publishTaskEvent(platform, actor, 'task.created', inserted, `${kindLabel(inserted)} task: ${title}`, {
    priority: inserted.priority, dueAt: inserted.due_at.toISOString(), ownerId: inserted.owner_id, ...(input.source && { source: input.source }),
  });
  return presentTask(platform, actor, inserted);
}

/** One task of the actor's organization. */
export async function getTask(platform: Platform, actor: Actor, id: string): Promise<Task> {
  const row = await store.findTask(platform.db, actor.organizationId, id);
  if (!row) throw notFound('task', id);
  return presentTask(platform, actor, row);
}

/** The worklist: open tasks by default, soonest due first, filtered by owner, kind, patient, department or lateness. */
export async function listTasks(platform: Platform, actor: Actor, query: TaskQuery) {
  if (query.owner === 'me' && query.ownerId) throw invalid('owner', 'give owner=me or ownerId, not both');
  if (query.owner === 'me' && (actor.type !== 'user' || !actor.id)) throw invalid('owner', 'me means the signed-in staff member; an API token has no tasks of its own');
  if (query.escalatedTo === 'me' && (actor.type !== 'user' || !actor.id)) throw invalid('escalatedTo', 'me means the signed-in staff member; an API token is never escalated to');
  const limit = query.limit ?? 25;
  const offset = query.offset ?? 0;
  const { rows, total } = await store.listTasks(platform.db, actor.organizationId, {
    status: query.status ?? 'open',
    ownerId: query.owner === 'me' ? actor.id ?? undefined : query.ownerId,
    kind: query.kind, patientId: query.patientId, departmentId: query.departmentId, overdue: query.overdue,
    priority: query.priority, escalated: query.escalated, escalatedToUserId: query.escalatedTo === 'me' ? actor.id ?? undefined : undefined,
    titleContains: query.q?.trim() || undefined,
    now: new Date(), limit, offset,
  });
  return { items: await presentTasks(platform, actor, rows), total, limit, offset };
}

/**
 * Changes a task: title, details, priority, owner (null: nobody), due time, or closes it (done needs
 * an outcome). A done or cancelled task is history: it cannot be changed or reopened (409 task_closed).
 */
export async function updateTask(platform: Platform, actor: Actor, id: string, changes: TaskChanges): Promise<Task> {
  const closing = changes.status === 'done' || changes.status === 'cancelled';
  if (changes.outcome !== undefined && !closing) throw invalid('outcome', 'is recorded when the task is closed: send it with status done or cancelled');
  if (changes.status === 'done' && !changes.outcome?.trim()) throw invalid('outcome', 'is required to complete a task: say what was done');
  const title = changes.title !== undefined ? cleanTitle(changes.title) : undefined;
  const dueAt = changes.dueAt !== undefined ? parseTime('dueAt', changes.dueAt) : undefined;
  const owner = changes.ownerId ? await checkOwner(platform, actor, changes.ownerId) : undefined;
  const { before, after } = await platform.db.transaction().execute(async (trx) => {
    const current = await store.lockTask(trx, actor.organizationId, id);
    if (!current) throw notFound('task', id);
    if (current.status !== 'open') {
      throw conflict('task_closed', `This task was ${current.status === 'done' ? 'completed' : 'cancelled'}: a closed task cannot be changed or reopened. Create a new task instead.`, { status: current.status });
    }
    const updated = await store.updateTask(trx, actor.organizationId, id, {
      ...(title !== undefined && { title }),
      ...(changes.details !== undefined && { details: changes.details?.trim() || null }),
      ...(changes.priority !== undefined && { priority: changes.priority }),
      ...(changes.ownerId !== undefined && { owner_id: changes.ownerId }),
      ...(dueAt !== undefined && { due_at: dueAt }),
      ...(closing && { status: changes.status, outcome: changes.outcome?.trim() || null, completed_at: new Date() }),
    });
    return { before: current, after: updated };
  });
  if (before.owner_id !== after.owner_id) {
    const summary = owner ? `${kindLabel(after)} task given to ${owner.display_name}: ${after.title}` : `${kindLabel(after)} task unassigned: ${after.title}`;
    await publishTaskEvent(platform, actor, 'task.reassigned', after, summary, { ownerId: after.owner_id, previousOwnerId: before.owner_id });
  }
  if (after.status === 'done') {
    await publishTaskEvent(platform, actor, 'task.completed', after, `${kindLabel(after)} task done: ${after.title} (${after.outcome})`, { outcome: after.outcome });
  } else if (after.status === 'cancelled') {
    const reason = after.outcome ? ` (${after.outcome})` : '';
    await publishTaskEvent(platform, actor, 'task.cancelled', after, `${kindLabel(after)} task cancelled: ${after.title}${reason}`, { outcome: after.outcome });
  }
  return presentTask(platform, actor, after);
}

/**
 * Gives many open tasks to one owner (null: nobody) in one transaction: all or nothing for the open
 * ones; done or cancelled tasks are left as they were and named. An id of no task of the clinic is a 404
 * and changes nothing.
 */
export async function reassignTasks(platform: Platform, actor: Actor, body: BulkReassignBody): Promise<BulkReassignResult> {
  const owner = body.ownerId ? await checkOwner(platform, actor, body.ownerId) : undefined;
  const { changed, before, closed, unchanged } = await platform.db.transaction().execute(async (trx) => {
    const rows = await store.lockTasks(trx, actor.organizationId, body.taskIds);
    const missing = body.taskIds.find((id) => !rows.some((row) => row.id === id));
    if (missing) throw notFound('task', missing);
    const open = rows.filter((row) => row.status === 'open');
    const moving = open.filter((row) => row.owner_id !== body.ownerId);
    const changed = await store.reassignTasks(trx, actor.organizationId, moving.map((row) => row.id), body.ownerId);
    return { changed, before: new Map(moving.map((row) => [row.id, row.owner_id])), closed: rows.filter((row) => row.status !== 'open').map((row) => row.id), unchanged: open.length - moving.length };
  });
  for (const task of changed) {
    const summary = owner ? `${kindLabel(task)} task given to ${owner.display_name}: ${task.title}` : `${kindLabel(task)} task unassigned: ${task.title}`;
    await publishTaskEvent(platform, actor, 'task.reassigned', task, summary, { ownerId: task.owner_id, previousOwnerId: before.get(task.id) ?? null });
  }
  return { reassigned: changed.length, unchanged, closed };
}

/** Active staff a task can be given to (the worklist's reassign menu). */
export async function listAssignees(platform: Platform, actor: Actor): Promise<Assignee[]> {
  const users = await listUsers(platform, actor);
  return users.filter((user) => user.active).map((user) => ({ id: user.id, displayName: user.display_name, departmentId: user.department_id }));
}

/** On patient.merged, the duplicate's tasks move to the record that was kept. */
export function followPatientMerges(platform: Platform) {
  return platform.events.subscribe('patient.merged', async (event) => {
    const { survivorId, mergedId } = event.data;
    if (typeof survivorId !== 'string' || typeof mergedId !== 'string') return;
    await store.repointPatient(platform.db, event.organizationId, mergedId, survivorId);
  });
}
