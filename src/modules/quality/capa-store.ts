import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CapaActionTable, CapaStatus } from '../../db/schema-quality.js';

/** Every query of corrective and preventive actions. */
export type Db = Kysely<Database>;
export type ActionRow = Selectable<CapaActionTable> & { incident_number: number; incident_title: string; incident_patient_id: string | null };

const withIncident = (db: Db) =>
  db.selectFrom('capa_actions as a').innerJoin('incidents as i', 'i.id', 'a.incident_id')
    .selectAll('a').select(['i.number as incident_number', 'i.title as incident_title', 'i.patient_id as incident_patient_id']);

export const insertAction = (db: Db, row: Insertable<CapaActionTable>) =>
  db.insertInto('capa_actions').values(row).returning('id').executeTakeFirstOrThrow();

export const findAction = (db: Db, organizationId: string, id: string): Promise<ActionRow | undefined> =>
  withIncident(db).where('a.organization_id', '=', organizationId).where('a.id', '=', id).executeTakeFirst();

export const lockAction = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('capa_actions').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

export const updateAction = (db: Db, organizationId: string, id: string, changes: Updateable<CapaActionTable>) =>
  db.updateTable('capa_actions').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returning('id').executeTakeFirstOrThrow();

export const actionsOfIncident = (db: Db, organizationId: string, incidentId: string): Promise<ActionRow[]> =>
  withIncident(db).where('a.organization_id', '=', organizationId).where('a.incident_id', '=', incidentId).orderBy('a.created_at').orderBy('a.id').execute();

export interface ActionFilter {
  status?: CapaStatus | 'pending' | undefined;
  overdue?: boolean | undefined;
  ownerId?: string | undefined;
  incidentId?: string | undefined;
  now: Date;
  limit: number;
  offset: number;
}

/** A page of actions, soonest due first, and how many match. */
export async function listActions(db: Db, organizationId: string, filter: ActionFilter) {
  let query = db.selectFrom('capa_actions as a').where('a.organization_id', '=', organizationId);
  if (filter.status === 'pending') query = query.where('a.status', 'in', ['open', 'completed']);
  else if (filter.status) query = query.where('a.status', '=', filter.status);
  if (filter.overdue === true) query = query.where('a.status', '=', 'open').where('a.due_at', '<', filter.now);
  if (filter.overdue === false) query = query.where((eb) => eb.or([eb('a.status', '!=', 'open'), eb('a.due_at', '>=', filter.now)]));
  if (filter.ownerId) query = query.where('a.owner_id', '=', filter.ownerId);
  if (filter.incidentId) query = query.where('a.incident_id', '=', filter.incidentId);
  const [rows, counted] = await Promise.all([
    query.innerJoin('incidents as i', 'i.id', 'a.incident_id').selectAll('a')
      .select(['i.number as incident_number', 'i.title as incident_title', 'i.patient_id as incident_patient_id'])
      .orderBy(sql`a.status = 'open'`, 'desc').orderBy('a.due_at').orderBy('a.id').limit(filter.limit).offset(filter.offset).execute(),
    query.select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as ActionRow[], total: Number(counted.count) };
}

/** Open and overdue actions per incident, for the incident list. */
export const actionCountsByIncident = (db: Db, organizationId: string, incidentIds: string[], now: Date) =>
  incidentIds.length === 0 ? Promise.resolve([]) : db.selectFrom('capa_actions')
    .select([
      'incident_id',
      sql<string>`count(*) filter (where status in ('open', 'completed'))`.as('open'),
      sql<string>`count(*) filter (where status = 'open' and due_at < ${now})`.as('overdue'),
    ])
    .where('organization_id', '=', organizationId).where('incident_id', 'in', incidentIds).groupBy('incident_id').execute();

/** Open, waiting-for-verification and overdue actions of the clinic. */
export const actionTotals = (db: Db, organizationId: string, now: Date) =>
  db.selectFrom('capa_actions')
    .select([
      sql<string>`count(*) filter (where status = 'open')`.as('open'),
      sql<string>`count(*) filter (where status = 'completed')`.as('awaiting_verification'),
      sql<string>`count(*) filter (where status = 'open' and due_at < ${now})`.as('overdue'),
      sql<string>`count(*) filter (where status = 'effective')`.as('effective'),
      sql<string>`count(*) filter (where status = 'not_effective')`.as('not_effective'),
    ])
    .where('organization_id', '=', organizationId).executeTakeFirstOrThrow();

/**
 * Marks, in every clinic, up to `batch` open actions that passed their due time and were not yet
 * announced as overdue; rows are locked with skip locked, so two runs at once mark disjoint actions.
 */
export async function markOverdue(db: Db, now: Date, batch: number) {
  const due = db.selectFrom('capa_actions').select('id')
    .where('status', '=', 'open').where('due_at', '<', now).where('overdue_notified_at', 'is', null)
    .orderBy('due_at').limit(batch).forUpdate().skipLocked();
  return db.with('due', () => due).updateTable('capa_actions as a').set({ overdue_notified_at: now })
    .from('due').whereRef('a.id', '=', 'due.id')
    .returning(['a.id', 'a.organization_id', 'a.incident_id', 'a.title', 'a.owner_id', 'a.due_date']).execute();
}
