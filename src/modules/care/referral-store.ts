import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ReferralStatus, ReferralStatusChangeTable, ReferralTable, ReferralUrgency, ReferralKind } from '../../db/schema-referrals.js';

export type Db = Kysely<Database>;
export type ReferralRow = Selectable<ReferralTable>;
export type ReferralChangeRow = Selectable<ReferralStatusChangeTable>;

/** Statuses in which the loop is still open (the result is not back and nobody closed it). */
export const OPEN_STATUSES: ReferralStatus[] = ['sent', 'scheduled', 'completed'];
export const CLOSED_STATUSES: ReferralStatus[] = ['result_received', 'declined', 'cancelled'];

export const insertReferral = (db: Db, row: Insertable<ReferralTable>) =>
  db.insertInto('referrals').values(row).returningAll().executeTakeFirstOrThrow();

export const findReferral = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('referrals').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const lockReferral = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('referrals').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

export const updateReferral = (db: Db, organizationId: string, id: string, changes: Updateable<ReferralTable>) =>
  db.updateTable('referrals').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** Updates a referral only if it still has the status the caller saw; undefined when someone moved it first. */
export const updateReferralIfStatus = (db: Db, organizationId: string, id: string, status: ReferralStatus, changes: Updateable<ReferralTable>) =>
  db.updateTable('referrals').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).where('status', '=', status).returningAll().executeTakeFirst();

/** The referrals a visit of the schedule was booked for (normally one). */
export const referralsOfAppointment = (db: Db, organizationId: string, appointmentId: string) =>
  db.selectFrom('referrals').selectAll().where('organization_id', '=', organizationId).where('appointment_id', '=', appointmentId).execute();

export const recordChange = (db: Db, row: Insertable<ReferralStatusChangeTable>) =>
  db.insertInto('referral_status_changes').values(row).execute();

export const listChanges = (db: Db, organizationId: string, referralId: string) =>
  db.selectFrom('referral_status_changes').selectAll().where('organization_id', '=', organizationId).where('referral_id', '=', referralId)
    .orderBy('at').orderBy('id').execute();

export interface ReferralFilter {
  statuses?: ReferralStatus[];
  urgency?: ReferralUrgency;
  kind?: ReferralKind;
  overdue?: boolean;
  patientId?: string;
  departmentId?: string;
  now: Date;
  limit: number;
  offset: number;
}

/** A page of referrals, overdue ones first and then soonest due; how many match; how many of those are overdue. */
export async function listReferrals(db: Db, organizationId: string, filter: ReferralFilter) {
  const overdueCase = sql<boolean>`(status in ('sent', 'scheduled', 'completed') and due_at < ${filter.now})`;
  let query = db.selectFrom('referrals').where('organization_id', '=', organizationId);
  if (filter.statuses) query = query.where('status', 'in', filter.statuses);
  if (filter.urgency) query = query.where('urgency', '=', filter.urgency);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.patientId) query = query.where('patient_id', '=', filter.patientId);
  if (filter.departmentId) query = query.where('department_id', '=', filter.departmentId);
  const counted = query.select([sql<string>`count(*)`.as('count'), sql<string>`count(*) filter (where ${overdueCase})`.as('overdue')]);
  if (filter.overdue !== undefined) query = query.where(filter.overdue ? overdueCase : sql<boolean>`not ${overdueCase}`);
  const [rows, total, counts] = await Promise.all([
    query.selectAll().orderBy(sql`${overdueCase} desc`).orderBy('due_at').orderBy('created_at').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
    query.select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow(),
    counted.executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.count), overdue: Number(counts.overdue) };
}

/**
 * Marks, in every organization, up to `batch` open referrals that are past due and not yet
 * announced, and returns them; skip locked, so two runs at once take disjoint referrals and each
 * referral is announced once.
 */
export async function takeNewlyOverdue(db: Db, now: Date, batch: number) {
  const due = db.selectFrom('referrals').select('id')
    .where('overdue_notified_at', 'is', null).where('status', 'in', OPEN_STATUSES).where('due_at', '<', now)
    .orderBy('due_at').limit(batch).forUpdate().skipLocked();
  return db.with('due', () => due)
    .updateTable('referrals as r').set({ overdue_notified_at: now })
    .from('due').whereRef('r.id', '=', 'due.id')
    .returningAll('r').execute();
}

/** Moves a merged duplicate's referrals (and nothing else about them) to the record that was kept. */
export const repointPatient = (db: Db, organizationId: string, fromPatientId: string, toPatientId: string) =>
  db.updateTable('referrals').set({ patient_id: toPatientId })
    .where('organization_id', '=', organizationId).where('patient_id', '=', fromPatientId).returning('id').execute();
