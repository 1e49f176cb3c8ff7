import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { FollowUpTaskTable, Priority, TaskKind } from '../../db/schema-inbox.js';

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
