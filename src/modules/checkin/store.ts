import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { QuestionnaireTable } from '../../db/schema-scheduling.js';
import type { Answers } from './schemas.js';

type Db = Kysely<Database>;
export type QuestionnaireRow = Selectable<QuestionnaireTable>;

export function listQuestionnaires(db: Db, organizationId: string, filter: { active?: boolean | undefined; serviceId?: string | undefined }) {
  let query = db.selectFrom('questionnaires').selectAll().where('organization_id', '=', organizationId);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  if (filter.serviceId) query = query.where('service_id', '=', filter.serviceId);
  return query.orderBy('title').orderBy('id').execute();
}

export const findQuestionnaire = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('questionnaires').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** The active questionnaires a visit of this service asks for: the service's own and the ones for every service. */
export const questionnairesForService = (db: Db, organizationId: string, serviceId: string) =>
  db.selectFrom('questionnaires').selectAll()
    .where('organization_id', '=', organizationId).where('active', '=', true)
    .where((eb) => eb.or([eb('service_id', '=', serviceId), eb('service_id', 'is', null)]))
    .orderBy('created_at').orderBy('id').execute();

export const insertQuestionnaire = (db: Db, row: Insertable<QuestionnaireTable>) =>
  db.insertInto('questionnaires').values(row).returningAll().executeTakeFirstOrThrow();

export const updateQuestionnaire = (db: Db, organizationId: string, id: string, changes: Updateable<QuestionnaireTable>) =>
  db.updateTable('questionnaires').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();

export const listResponses = (db: Db, organizationId: string, appointmentIds: string[]) =>
  appointmentIds.length === 0 ? Promise.resolve([]) : db.selectFrom('questionnaire_responses')
    .select(['questionnaire_id', 'appointment_id', 'answers', 'submitted_at'])
    .where('organization_id', '=', organizationId).where('appointment_id', 'in', appointmentIds)
    .orderBy('submitted_at').execute();

/**
 * Saves a visit's answers to one questionnaire; a second submission replaces the first (and gets a
 * new submission time). Of two at the same moment one is kept. Says whether it replaced answers.
 */
export async function saveResponse(db: Db, row: { organization_id: string; questionnaire_id: string; appointment_id: string; patient_id: string; answers: Answers }) {
  return db.transaction().execute(async (trx) => {
    const earlier = await trx.deleteFrom('questionnaire_responses')
      .where('organization_id', '=', row.organization_id).where('appointment_id', '=', row.appointment_id).where('questionnaire_id', '=', row.questionnaire_id)
      .returning('id').executeTakeFirst();
    const saved = await trx.insertInto('questionnaire_responses').values({ ...row, answers: JSON.stringify(row.answers) })
      .onConflict((oc) => oc.columns(['appointment_id', 'questionnaire_id']).doNothing())
      .returning('submitted_at').executeTakeFirst();
    return { submittedAt: saved?.submitted_at ?? new Date(), replaced: earlier !== undefined };
  });
}

/** Follows a patient merge: the answers go with the record that survives. */
export const repointPatient = (db: Db, organizationId: string, fromId: string, toId: string) =>
  db.updateTable('questionnaire_responses').set({ patient_id: toId })
    .where('organization_id', '=', organizationId).where('patient_id', '=', fromId).execute();
