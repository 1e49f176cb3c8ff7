import { sql, type ExpressionBuilder, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { FollowUpTaskTable, Priority, TaskKind } from '../../db/schema-inbox.js';
import type { TaskEscalationStepTable, TaskEscalationTable } from '../../db/schema-task-rules.js';

export type Db = Kysely<Database>;
export type TaskRow = Selectable<FollowUpTaskTable>;
export type TaskStatus = TaskRow['status'];

/** Inserts a task; with a source another task already has, inserts nothing and returns undefined. */
export const insertTask = (db: Db, row: Insertable<FollowUpTaskTable>) =>
  db.insertInto('follow_up_tasks').values(row)
    .onConflict((oc) => oc.columns(['organization_id', 'source_type', 'source_id']).where('source_id', 'is not', null).doNothing())
    .returningAll().executeTakeFirst();

export const findTask = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('follow_up_tasks').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const findTaskBySource = (db: Db, organizationId: string, sourceType: string, sourceId: string) =>
  db.selectFrom('follow_up_tasks').selectAll().where('organization_id', '=', organizationId)
    .where('source_type', '=', sourceType).where('source_id', '=', sourceId).executeTakeFirst();

export const lockTask = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('follow_up_tasks').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

export const updateTask = (db: Db, organizationId: string, id: string, changes: Updateable<FollowUpTaskTable>) =>
  db.updateTable('follow_up_tasks').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export interface TaskFilter {
  status: TaskStatus;
  ownerId?: string;
  kind?: TaskKind;
  patientId?: string;
  departmentId?: string;
  /** true: past due only; false: not yet due only. */
  overdue?: boolean;
  priority?: Priority;
  /** true: the ladder acted on the task; false: it has not. */
  escalated?: boolean;
  escalatedToUserId?: string;
  titleContains?: string;
  now: Date;
  limit: number;
  offset: number;
}

/** A page of tasks, soonest due first, and how many match. */
export async function listTasks(db: Db, organizationId: string, filter: TaskFilter) {
  let query = db.selectFrom('follow_up_tasks').where('organization_id', '=', organizationId).where('status', '=', filter.status);
  if (filter.ownerId) query = query.where('owner_id', '=', filter.ownerId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.patientId) query = query.where('patient_id', '=', filter.patientId);
  if (filter.departmentId) query = query.where('department_id', '=', filter.departmentId);
  if (filter.overdue !== undefined) query = query.where('due_at', filter.overdue ? '<' : '>=', filter.now);
  if (filter.priority) query = query.where('priority', '=', filter.priority);
  if (filter.titleContains) query = query.where('title', 'ilike', `%${filter.titleContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filter.escalated !== undefined) {
    const steps = ({ exists, selectFrom }: ExpressionBuilder<Database, 'follow_up_tasks'>) =>
      exists(selectFrom('task_escalations as e').select('e.id').whereRef('e.task_id', '=', 'follow_up_tasks.id'));
    query = query.where((eb) => (filter.escalated ? steps(eb) : eb.not(steps(eb))));
  }
  if (filter.escalatedToUserId) {
    const userId = filter.escalatedToUserId;
    query = query.where(({ exists, selectFrom }) => exists(selectFrom('task_escalations as e').select('e.id')
      .whereRef('e.task_id', '=', 'follow_up_tasks.id').where('e.target_user_id', '=', userId)));
  }
  const [rows, counted] = await Promise.all([
    query.selectAll().orderBy('due_at').orderBy('created_at').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
    query.select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(counted.count) };
}

const NEXT_PRIORITY = sql<Priority>`case priority when 'low' then 'normal' when 'normal' then 'high' else 'urgent' end`;

/**
 * Escalates, in every organization, up to `batch` open tasks that are past due and that nobody has
 * changed since they fell due (or since they were created, for a task created already late):
 * priority one step up, updated_at set to `now`, so the same task is not picked again. Rows are
 * locked with skip locked: two runs at once escalate disjoint tasks.
 */
export async function escalateOverdue(db: Db, now: Date, batch: number) {
  const due = db.selectFrom('follow_up_tasks').select(['id', 'priority as previous_priority'])
    .where('status', '=', 'open').where('due_at', '<', now)
    .where((eb) => eb.or([eb('updated_at', '<', eb.ref('due_at')), eb('updated_at', '=', eb.ref('created_at'))]))
    .orderBy('due_at').limit(batch).forUpdate().skipLocked();
  return db.with('due', () => due)
    .updateTable('follow_up_tasks as t')
    .set({ priority: NEXT_PRIORITY, updated_at: now })
    .from('due').whereRef('t.id', '=', 'due.id')
    .returning(['t.id', 't.organization_id', 't.patient_id', 't.kind', 't.title', 't.priority', 't.due_at', 't.owner_id', 'due.previous_priority'])
    .execute();
}

/** Moves a merged duplicate's tasks to the record that was kept (updated_at stays: no one worked on them). */
export const repointPatient = (db: Db, organizationId: string, fromPatientId: string, toPatientId: string) =>
  db.updateTable('follow_up_tasks').set({ patient_id: toPatientId })
    .where('organization_id', '=', organizationId).where('patient_id', '=', fromPatientId).execute();

// The escalation ladder (task_escalation_steps) and the steps taken on tasks (task_escalations).

export type EscalationStepRow = Selectable<TaskEscalationStepTable>;
export type EscalationRow = Selectable<TaskEscalationTable>;

export const listEscalationSteps = (db: Db, organizationId: string) =>
  db.selectFrom('task_escalation_steps').selectAll().where('organization_id', '=', organizationId).orderBy('position').execute();

/** Replaces a clinic's ladder (run it in a transaction). */
export async function replaceEscalationSteps(db: Db, organizationId: string, steps: Omit<Insertable<TaskEscalationStepTable>, 'organization_id'>[]) {
  await db.deleteFrom('task_escalation_steps').where('organization_id', '=', organizationId).execute();
  if (steps.length > 0) await db.insertInto('task_escalation_steps').values(steps.map((step) => ({ ...step, organization_id: organizationId }))).execute();
}

/** The clinics that have a ladder, with its steps. */
export async function allEscalationSteps(db: Db) {
  return db.selectFrom('task_escalation_steps').selectAll().orderBy('organization_id').orderBy('position').execute();
}

/** Open tasks overdue since before `overdueSince` that this step has not yet been taken on for their current due time. */
export const tasksPastStep = (db: Db, organizationId: string, position: number, overdueSince: Date, limit: number) =>
  db.selectFrom('follow_up_tasks as t').selectAll('t')
    .where('t.organization_id', '=', organizationId).where('t.status', '=', 'open').where('t.due_at', '<', overdueSince)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('task_escalations as e').select('e.id')
      .whereRef('e.task_id', '=', 't.id').where('e.step_position', '=', position).whereRef('e.due_at', '=', 't.due_at'))))
    .orderBy('t.due_at').limit(limit).execute();

/**
 * Takes one step on a task, once: records it (unique task + step + due time) and, for a reassign,
 * gives the task to the target. Nothing when the task was closed or given a new due time meanwhile,
 * or the step was already taken. updated_at stays: no person acted on the task.
 */
export async function takeEscalationStep(db: Db, organizationId: string, input: { taskId: string; dueAt: Date; position: number; action: EscalationStepRow['action']; targetUserId: string | null; note: string }) {
  const task = await db.selectFrom('follow_up_tasks').selectAll().where('organization_id', '=', organizationId).where('id', '=', input.taskId)
    .where('status', '=', 'open').where('due_at', '=', input.dueAt).forUpdate().executeTakeFirst();
  if (!task) return null;
  const escalation = await db.insertInto('task_escalations').values({
    organization_id: organizationId, task_id: task.id, step_position: input.position, due_at: task.due_at, action: input.action,
    target_user_id: input.targetUserId, previous_owner_id: task.owner_id, note: input.note,
  }).onConflict((oc) => oc.columns(['task_id', 'step_position', 'due_at']).doNothing()).returningAll().executeTakeFirst();
  if (!escalation) return null;
  const reassign = input.action === 'reassign' && input.targetUserId && input.targetUserId !== task.owner_id;
  const after = reassign
    ? await db.updateTable('follow_up_tasks').set({ owner_id: input.targetUserId }).where('id', '=', task.id).returningAll().executeTakeFirstOrThrow()
    : task;
  return { before: task, after, escalation };
}

/** The steps taken on these tasks, in order. */
export const escalationsOf = async (db: Db, organizationId: string, taskIds: string[]) =>
  taskIds.length === 0 ? [] : db.selectFrom('task_escalations').selectAll().where('organization_id', '=', organizationId)
    .where('task_id', 'in', taskIds).orderBy('escalated_at').orderBy('step_position').execute();

/** Locks open and closed tasks among these ids (missing ones are simply absent). */
export const lockTasks = (db: Db, organizationId: string, ids: string[]) =>
  db.selectFrom('follow_up_tasks').selectAll().where('organization_id', '=', organizationId).where('id', 'in', ids).orderBy('id').forUpdate().execute();

/** Gives open tasks to an owner (null: nobody), returning them as they now are. */
export const reassignTasks = (db: Db, organizationId: string, ids: string[], ownerId: string | null) =>
  ids.length === 0 ? Promise.resolve([]) : db.updateTable('follow_up_tasks').set({ owner_id: ownerId, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', 'in', ids).where('status', '=', 'open').returningAll().execute();
