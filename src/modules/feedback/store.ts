import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SurveyInvitationTable, SurveyResponseTable, SurveyTable, SurveyTrigger } from '../../db/schema-feedback.js';

/** Every query of the feedback module's own tables (surveys, invitations, responses). */
export type Db = Kysely<Database>;
export type SurveyRow = Selectable<SurveyTable>;
export type InvitationRow = Selectable<SurveyInvitationTable>;
export type ResponseRow = Selectable<SurveyResponseTable>;

// Surveys

export function listSurveys(db: Db, organizationId: string, filter: { active?: boolean | undefined; trigger?: SurveyTrigger | undefined }) {
  let query = db.selectFrom('surveys').selectAll().where('organization_id', '=', organizationId);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  if (filter.trigger) query = query.where('trigger', '=', filter.trigger);
  return query.orderBy('name').orderBy('id').execute();
}

export const findSurvey = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('surveys').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const insertSurvey = (db: Db, row: Insertable<SurveyTable>) => db.insertInto('surveys').values(row).returningAll().executeTakeFirstOrThrow();

export const updateSurvey = (db: Db, organizationId: string, id: string, changes: Updateable<SurveyTable>) =>
  db.updateTable('surveys').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();

export const surveyNames = async (db: Db, organizationId: string, ids: string[]) => new Map(ids.length === 0 ? [] : (await db.selectFrom('surveys')
  .select(['id', 'name']).where('organization_id', '=', organizationId).where('id', 'in', [...new Set(ids)]).execute()).map((row) => [row.id, row.name]));

// Invitations

/** Inserts an invitation unless one exists for the same survey and source (a repeated event makes nothing twice). */
export const insertInvitation = (db: Db, row: Insertable<SurveyInvitationTable>) =>
  db.insertInto('survey_invitations').values(row)
    .onConflict((oc) => oc.columns(['survey_id', 'source_type', 'source_id', 'source_cycle']).doNothing())
    .returningAll().executeTakeFirst();

export const findInvitation = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('survey_invitations').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const findInvitations = async (db: Db, organizationId: string, ids: string[]) => new Map(ids.length === 0 ? [] : (await db.selectFrom('survey_invitations')
  .selectAll().where('organization_id', '=', organizationId).where('id', 'in', [...new Set(ids)]).execute()).map((row) => [row.id, row]));

export const findSurveys = async (db: Db, organizationId: string, ids: string[]) => new Map(ids.length === 0 ? [] : (await db.selectFrom('surveys')
  .selectAll().where('organization_id', '=', organizationId).where('id', 'in', [...new Set(ids)]).execute()).map((row) => [row.id, row]));

export const findInvitationBySource = (db: Db, organizationId: string, surveyId: string, sourceType: InvitationRow['source_type'], sourceId: string) =>
  db.selectFrom('survey_invitations').selectAll().where('organization_id', '=', organizationId).where('survey_id', '=', surveyId)
    .where('source_type', '=', sourceType).where('source_id', '=', sourceId).executeTakeFirst();

export const lockInvitation = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('survey_invitations').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

export const updateInvitation = (db: Db, id: string, changes: Updateable<SurveyInvitationTable>) =>
  db.updateTable('survey_invitations').set({ ...changes, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** Due invitations, claimed for this transaction (parallel senders skip each other's rows). */
export const claimDueInvitations = (db: Db, now: Date, limit: number) =>
  db.selectFrom('survey_invitations').selectAll().where('status', '=', 'scheduled').where('send_at', '<=', now)
    .orderBy('send_at').limit(limit).forUpdate().skipLocked().execute();

export const nextDueInvitation = async (db: Db) =>
  (await db.selectFrom('survey_invitations').select('send_at').where('status', '=', 'scheduled').orderBy('send_at').limit(1).executeTakeFirst())?.send_at;

/** Whether the patient was sent any survey since `since` (the throttle), other than the invitation being decided. */
/** Whether any patient has answered this survey. */
export async function hasResponses(db: Db, organizationId: string, surveyId: string): Promise<boolean> {
  const row = await db.selectFrom('survey_responses').select('id').where('organization_id', '=', organizationId).where('survey_id', '=', surveyId).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function surveyedSince(db: Db, organizationId: string, patientId: string, since: Date, exceptId: string) {
  const row = await db.selectFrom('survey_invitations').select('id')
    .where('organization_id', '=', organizationId).where('patient_id', '=', patientId)
    .where('sent_at', '>=', since).where('id', '!=', exceptId).limit(1).executeTakeFirst();
  return row !== undefined;
}

export interface InvitationFilter { surveyId?: string | undefined; patientId?: string | undefined; status?: string | undefined; limit: number; offset: number }

export async function listInvitations(db: Db, organizationId: string, filter: InvitationFilter) {
  let query = db.selectFrom('survey_invitations').where('organization_id', '=', organizationId);
  if (filter.surveyId) query = query.where('survey_id', '=', filter.surveyId);
  if (filter.patientId) query = query.where('patient_id', '=', filter.patientId);
  if (filter.status) query = query.where('status', '=', filter.status as InvitationRow['status']);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

// Responses

/** Inserts the answer of an invitation; undefined when it was answered already (unique invitation_id). */
export const insertResponse = (db: Db, row: Insertable<SurveyResponseTable>) =>
  db.insertInto('survey_responses').values(row).onConflict((oc) => oc.column('invitation_id').doNothing()).returningAll().executeTakeFirst();

export const findResponse = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('survey_responses').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export interface ResponseFilter {
  from?: Date | undefined; until?: Date | undefined; surveyId?: string | undefined; departmentId?: string | undefined; providerId?: string | undefined;
  locationId?: string | undefined; channel?: string | undefined; patientId?: string | undefined; group?: 'promoter' | 'passive' | 'detractor' | undefined;
  limit: number; offset: number;
}

export async function listResponses(db: Db, organizationId: string, filter: ResponseFilter) {
  let query = db.selectFrom('survey_responses').where('organization_id', '=', organizationId);
  if (filter.from) query = query.where('submitted_at', '>=', filter.from);
  if (filter.until) query = query.where('submitted_at', '<', filter.until);
  if (filter.surveyId) query = query.where('survey_id', '=', filter.surveyId);
  if (filter.departmentId) query = query.where('department_id', '=', filter.departmentId);
  if (filter.providerId) query = query.where('provider_id', '=', filter.providerId);
  if (filter.locationId) query = query.where('location_id', '=', filter.locationId);
  if (filter.channel) query = query.where('channel', '=', filter.channel);
  if (filter.patientId) query = query.where('patient_id', '=', filter.patientId);
  if (filter.group === 'promoter') query = query.where('nps', '>=', 9);
  if (filter.group === 'passive') query = query.where('nps', 'in', [7, 8]);
  if (filter.group === 'detractor') query = query.where('nps', '<=', 6);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('submitted_at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The recovery case opened for each response, if any (recovery cases belong to this module too). */
export const recoveryCaseIds = async (db: Db, organizationId: string, responseIds: string[]) => new Map(responseIds.length === 0 ? [] : (await db.selectFrom('recovery_cases')
  .select(['id', 'response_id']).where('organization_id', '=', organizationId).where('response_id', 'in', responseIds).execute()).map((row) => [row.response_id, row.id]));

/** Follows a patient merge: invitations and responses go with the record that survives. */
export async function repointPatient(db: Db, organizationId: string, fromId: string, toId: string) {
  await db.updateTable('survey_invitations').set({ patient_id: toId, updated_at: sql`now()` })
    .where('organization_id', '=', organizationId).where('patient_id', '=', fromId).execute();
  await db.updateTable('survey_responses').set({ patient_id: toId })
    .where('organization_id', '=', organizationId).where('patient_id', '=', fromId).execute();
}
