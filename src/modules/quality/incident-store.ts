import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { IncidentAnalysisEntryTable, IncidentStatus, IncidentTable } from '../../db/schema-quality.js';

/** Every query of incidents and their analysis. */
export type Db = Kysely<Database>;
export type IncidentRow = Selectable<IncidentTable>;
export type AnalysisEntryRow = Selectable<IncidentAnalysisEntryTable>;

/**
 * Inserts an incident with the clinic's next number (numbers are taken under a transaction-scoped
 * advisory lock, so two reports at once never share one). With a recovery case that already has its
 * incident, inserts nothing and returns undefined. Call inside a transaction.
 */
export async function insertIncident(db: Db, row: Omit<Insertable<IncidentTable>, 'number'>) {
  await sql`select pg_advisory_xact_lock(hashtext(${`incident-number:${row.organization_id}`}))`.execute(db);
  const last = await db.selectFrom('incidents').select(sql<number>`coalesce(max(number), 0)`.as('number'))
    .where('organization_id', '=', row.organization_id).executeTakeFirstOrThrow();
  return db.insertInto('incidents').values({ ...row, number: Number(last.number) + 1 })
    .onConflict((oc) => oc.columns(['organization_id', 'source_id']).where('source', '=', 'recovery_case').doNothing())
    .returningAll().executeTakeFirst();
}

export const findIncident = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('incidents').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const findIncidentOfRecoveryCase = (db: Db, organizationId: string, caseId: string) =>
  db.selectFrom('incidents').selectAll().where('organization_id', '=', organizationId)
    .where('source', '=', 'recovery_case').where('source_id', '=', caseId).executeTakeFirst();

export const lockIncident = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('incidents').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

export const updateIncident = (db: Db, organizationId: string, id: string, changes: Updateable<IncidentTable>) =>
  db.updateTable('incidents').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export interface IncidentFilter {
  status?: IncidentStatus | 'open' | undefined;
  harmLevel?: string | undefined;
  category?: string | undefined;
  departmentId?: string | undefined;
  locationId?: string | undefined;
  patientId?: string | undefined;
  /** Only what this staff member reported under their name. */
  reporterId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

/** A page of incidents, newest report first, and how many match. */
export async function listIncidents(db: Db, organizationId: string, filter: IncidentFilter) {
  let query = db.selectFrom('incidents').where('organization_id', '=', organizationId);
  if (filter.status === 'open') query = query.where('status', '!=', 'closed');
  else if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.harmLevel) query = query.where('harm_level', '=', filter.harmLevel as IncidentRow['harm_level']);
  if (filter.category) query = query.where('category', '=', filter.category as IncidentRow['category']);
  if (filter.departmentId) query = query.where('department_id', '=', filter.departmentId);
  if (filter.locationId) query = query.where('location_id', '=', filter.locationId);
  if (filter.patientId) query = query.where('patient_id', '=', filter.patientId);
  if (filter.reporterId) query = query.where('reporter_id', '=', filter.reporterId).where('anonymous', '=', false);
  if (filter.from) query = query.where('occurred_at', '>=', filter.from);
  if (filter.to) query = query.where('occurred_at', '<', filter.to);
  const [rows, counted] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('number', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    query.select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(counted.count) };
}

/** Incidents per month (in the clinic's zone), harm level and category, from `since` on. */
export const incidentCounts = (db: Db, organizationId: string, since: Date, timeZone: string) =>
  db.selectFrom('incidents')
    .select([
      sql<string>`to_char(occurred_at at time zone ${timeZone}, 'YYYY-MM')`.as('month'),
      'harm_level', 'category', sql<string>`count(*)`.as('count'),
    ])
    .where('organization_id', '=', organizationId).where('occurred_at', '>=', since)
    .groupBy([sql`1`, 'harm_level', 'category']).execute();

/** How many incidents are in each status. */
export const statusCounts = (db: Db, organizationId: string) =>
  db.selectFrom('incidents').select(['status', sql<string>`count(*)`.as('count')])
    .where('organization_id', '=', organizationId).groupBy('status').execute();

export const findAnalysis = (db: Db, organizationId: string, incidentId: string) =>
  db.selectFrom('incident_analyses').selectAll().where('organization_id', '=', organizationId).where('incident_id', '=', incidentId).executeTakeFirst();

export const analysisEntries = (db: Db, organizationId: string, incidentId: string) =>
  db.selectFrom('incident_analysis_entries').selectAll().where('organization_id', '=', organizationId).where('incident_id', '=', incidentId)
    .orderBy('kind').orderBy('position').execute();

/** Replaces an incident's whole analysis (summary and entries). Call inside a transaction. */
export async function replaceAnalysis(db: Db, organizationId: string, incidentId: string, summary: {
  problem_statement: string | null; root_cause: string | null; completed_at: Date | null; updated_by_label: string;
}, entries: Omit<Insertable<IncidentAnalysisEntryTable>, 'organization_id' | 'incident_id'>[]) {
  await db.insertInto('incident_analyses').values({ incident_id: incidentId, organization_id: organizationId, ...summary, updated_at: new Date() })
    .onConflict((oc) => oc.column('incident_id').doUpdateSet({ ...summary, updated_at: new Date() })).execute();
  await db.deleteFrom('incident_analysis_entries').where('organization_id', '=', organizationId).where('incident_id', '=', incidentId).execute();
  if (entries.length > 0) {
    await db.insertInto('incident_analysis_entries').values(entries.map((entry) => ({ ...entry, organization_id: organizationId, incident_id: incidentId }))).execute();
  }
}

/** Moves a merged duplicate's incidents to the record that was kept. */
export const repointPatient = (db: Db, organizationId: string, fromPatientId: string, toPatientId: string) =>
  db.updateTable('incidents').set({ patient_id: toPatientId })
    .where('organization_id', '=', organizationId).where('patient_id', '=', fromPatientId).execute();
