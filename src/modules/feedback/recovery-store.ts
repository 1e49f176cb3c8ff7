import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { RecoveryCaseTable } from '../../db/schema-recovery.js';

/** Every query of recovery cases (and the survey answer a case is opened from). */
export type Db = Kysely<Database>;
export type RecoveryCaseRow = Selectable<RecoveryCaseTable>;

/** The answer a case may be opened from, with its survey's questions. */
export const findAnsweredSurvey = (db: Db, responseId: string) =>
  db.selectFrom('survey_responses as r')
    .innerJoin('surveys as s', 's.id', 'r.survey_id')
    .select(['r.id', 'r.organization_id', 'r.patient_id', 'r.answers', 'r.nps', 'r.csat', 'r.comment', 'r.department_id', 'r.submitted_at',
      's.name as survey_name', 's.items', 's.department_id as survey_department_id'])
    .where('r.id', '=', responseId).executeTakeFirst();

/** Inserts a case; when the response has one already (unique response_id), inserts nothing and returns undefined. */
export const insertCase = (db: Db, row: Insertable<RecoveryCaseTable>) =>
  db.insertInto('recovery_cases').values(row).onConflict((oc) => oc.column('response_id').doNothing()).returningAll().executeTakeFirst();

export const findCase = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('recovery_cases').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const findCaseOfResponse = (db: Db, responseId: string) =>
  db.selectFrom('recovery_cases').selectAll().where('response_id', '=', responseId).executeTakeFirst();

export const lockCase = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('recovery_cases').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

export const updateCase = (db: Db, organizationId: string, id: string, changes: Updateable<RecoveryCaseTable>) =>
  db.updateTable('recovery_cases').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export interface CaseFilter {
  status?: 'open' | 'closed' | undefined;
  ownerId?: string | undefined;
  departmentId?: string | undefined;
  /** true: open cases past their due time only. */
  overdue?: boolean | undefined;
  now: Date;
  limit: number;
  offset: number;
}

/** A page of cases: open ones first, soonest due first; and how many match. */
export async function listCases(db: Db, organizationId: string, filter: CaseFilter) {
  let query = db.selectFrom('recovery_cases').where('organization_id', '=', organizationId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.ownerId) query = query.where('owner_id', '=', filter.ownerId);
  if (filter.departmentId) query = query.where('department_id', '=', filter.departmentId);
  if (filter.overdue === true) query = query.where('status', '=', 'open').where('due_at', '<', filter.now);
  if (filter.overdue === false) query = query.where((eb) => eb.or([eb('status', '=', 'closed'), eb('due_at', '>=', filter.now)]));
  const [rows, counted] = await Promise.all([
    query.selectAll().orderBy(sql`status = 'open'`, 'desc').orderBy('due_at').orderBy('created_at').orderBy('id')
      .limit(filter.limit).offset(filter.offset).execute(),
    query.select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(counted.count) };
}

/** Moves a merged duplicate's cases to the record that was kept. */
export const repointPatient = (db: Db, organizationId: string, fromPatientId: string, toPatientId: string) =>
  db.updateTable('recovery_cases').set({ patient_id: toPatientId })
    .where('organization_id', '=', organizationId).where('patient_id', '=', fromPatientId).execute();
