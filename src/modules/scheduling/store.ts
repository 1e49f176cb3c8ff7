import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AppointmentStatus, AppointmentTable } from '../../db/schema-scheduling.js';

export type Db = Kysely<Database>;
export type AppointmentRow = Selectable<AppointmentTable>;
export type ServiceRow = Selectable<Database['services']>;
export type LocationRow = Selectable<Database['locations']>;

/** Statuses that hold the provider's time (the exclusion constraint's list). */
export const LIVE: AppointmentStatus[] = ['booked', 'confirmed', 'arrived', 'in_room', 'completed'];

export const findService = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('services').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const findLocation = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('locations').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** Who offers a service where (live providers and locations only), with each location's zone and names. */
export function listOfferings(db: Db, organizationId: string, serviceId: string, filter: { providerId?: string; locationId?: string }) {
  let query = db.selectFrom('service_offerings as o')
    .innerJoin('providers as p', 'p.id', 'o.provider_id')
    .innerJoin('locations as l', 'l.id', 'o.location_id')
    .select(['o.provider_id', 'o.location_id', 'l.time_zone', 'l.name as location_name', 'p.name as provider_name'])
    .where('o.organization_id', '=', organizationId).where('o.service_id', '=', serviceId)
    .where('p.archived_at', 'is', null).where('l.archived_at', 'is', null);
  if (filter.providerId) query = query.where('o.provider_id', '=', filter.providerId);
  if (filter.locationId) query = query.where('o.location_id', '=', filter.locationId);
  return query.orderBy('p.name').orderBy('l.name').execute();
}

export const listWorkingHours = (db: Db, organizationId: string, providerIds: string[]) =>
  providerIds.length === 0 ? Promise.resolve([]) : db.selectFrom('working_hours')
    .select(['provider_id', 'location_id', 'weekday', 'starts', 'ends'])
    .where('organization_id', '=', organizationId).where('provider_id', 'in', providerIds).execute();

export const listExceptions = (db: Db, organizationId: string, from: Date, until: Date) =>
  db.selectFrom('schedule_exceptions').select(['provider_id', 'location_id', 'kind', 'starts_at', 'ends_at'])
    .where('organization_id', '=', organizationId).where('ends_at', '>', from).where('starts_at', '<', until).execute();

// A visit lasts at most 12 hours and keeps at most 4 hours of buffer on each side (the services table's checks).
const LONGEST_BLOCK_MS = (720 + 240) * 60_000;
const LONGEST_BUFFER_MS = 240 * 60_000;

/**
 * Live visits of these providers whose blocked time touches [from, until). The bounds on starts_at
 * follow from the longest visit and buffers; they let the (provider, starts_at) index find the rows
 * instead of scanning the clinic's whole history.
 */
export const listBusy = (db: Db, organizationId: string, providerIds: string[], from: Date, until: Date) =>
  providerIds.length === 0 ? Promise.resolve([]) : db.selectFrom('appointments')
    .select(['id', 'provider_id', 'service_id', 'starts_at', 'blocked_from', 'blocked_until'])
    .where('organization_id', '=', organizationId).where('provider_id', 'in', providerIds)
    .where('starts_at', '>', new Date(from.getTime() - LONGEST_BLOCK_MS)).where('starts_at', '<', new Date(until.getTime() + LONGEST_BUFFER_MS))
    .where('status', 'in', LIVE).where('blocked_until', '>', from).where('blocked_from', '<', until)
    .execute();

/** Whether a live visit of the provider (overbooked ones included) holds any of [from, until). */
export async function overlapsLiveVisit(db: Db, organizationId: string, providerId: string, from: Date, until: Date, ignoreId?: string) {
  let query = db.selectFrom('appointments').select('id').where('organization_id', '=', organizationId).where('provider_id', '=', providerId)
    .where('status', 'in', LIVE).where('blocked_until', '>', from).where('blocked_from', '<', until);
  if (ignoreId) query = query.where('id', '<>', ignoreId);
  return (await query.limit(1).execute()).length > 0;
}

export const insertAppointment = (db: Db, row: Insertable<AppointmentTable>) =>
  db.insertInto('appointments').values(row).returningAll().executeTakeFirstOrThrow();

export const findAppointment = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('appointments').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const lockAppointment = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('appointments').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

export const updateAppointment = (db: Db, organizationId: string, id: string, changes: Updateable<AppointmentTable>) =>
  db.updateTable('appointments').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export interface AppointmentFilter {
  from?: Date;
  until?: Date;
  providerId?: string;
  locationId?: string;
  patientId?: string;
  statuses?: AppointmentStatus[];
  limit: number;
}

/** Appointments with the names a calendar shows (patient, provider, location and its zone, service). */
const withNames = (db: Db, organizationId: string) => db.selectFrom('appointments as a')
  .innerJoin('patients as pt', 'pt.id', 'a.patient_id')
  .innerJoin('providers as p', 'p.id', 'a.provider_id')
  .innerJoin('locations as l', 'l.id', 'a.location_id')
  .innerJoin('services as s', 's.id', 'a.service_id')
  .selectAll('a')
  .select(['pt.given_name', 'pt.family_name', 'pt.mrn', 'p.name as provider_name', 'l.name as location_name', 'l.time_zone', 's.name as service_name'])
  .where('a.organization_id', '=', organizationId);

export function listAppointments(db: Db, organizationId: string, filter: AppointmentFilter) {
  let query = withNames(db, organizationId);
  if (filter.from) query = query.where('a.ends_at', '>', filter.from);
  if (filter.until) query = query.where('a.starts_at', '<', filter.until);
  if (filter.providerId) query = query.where('a.provider_id', '=', filter.providerId);
  if (filter.locationId) query = query.where('a.location_id', '=', filter.locationId);
  if (filter.patientId) query = query.where('a.patient_id', '=', filter.patientId);
  if (filter.statuses?.length) query = query.where('a.status', 'in', filter.statuses);
  return query.orderBy('a.starts_at').orderBy('a.id').limit(filter.limit).execute();
}
export type AppointmentListRow = Awaited<ReturnType<typeof listAppointments>>[number];

export const findAppointmentDetail = (db: Db, organizationId: string, id: string) =>
  withNames(db, organizationId).where('a.id', '=', id).executeTakeFirst();

/** Re-points a merged patient's appointments to the record that survives (the waitlist follows on its own). */
export const repointPatient = (db: Db, organizationId: string, fromId: string, toId: string) =>
  db.updateTable('appointments').set({ patient_id: toId }).where('organization_id', '=', organizationId).where('patient_id', '=', fromId).execute();

/** Serializes bookings of one provider in a transaction (used before the daily-limit check). */
export const lockProviderDay = (db: Db, providerId: string, day: string) =>
  sql`select pg_advisory_xact_lock(hashtextextended(${`${providerId}|${day}`}, 7))`.execute(db);

/** Services patients may book online, with who offers them where (live providers and locations). */
export async function listOnlineOfferings(db: Db, organizationId: string) {
  return db.selectFrom('service_offerings as o')
    .innerJoin('services as s', 's.id', 'o.service_id')
    .innerJoin('providers as p', 'p.id', 'o.provider_id')
    .innerJoin('locations as l', 'l.id', 'o.location_id')
    .select(['s.id as service_id', 's.name as service_name', 's.description', 's.duration_minutes', 's.new_patients_online',
      'p.id as provider_id', 'p.name as provider_name', 'p.title', 'l.id as location_id', 'l.name as location_name', 'l.address', 'l.time_zone'])
    .where('o.organization_id', '=', organizationId).where('s.online_booking', '=', true)
    .where('s.archived_at', 'is', null).where('p.archived_at', 'is', null).where('l.archived_at', 'is', null)
    .orderBy('s.name').orderBy('p.name').execute();
}

export const findLocationContact = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('locations').select(['name', 'address', 'phone']).where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** Open visits (booked or confirmed, never arrived) that started before the cutoff, oldest first, across clinics (the no-show sweep). */
export function overdueVisits(db: Db, cutoff: Date, skip: string[], limit: number) {
  let query = db.selectFrom('appointments').select(['id', 'organization_id'])
    .where('status', 'in', ['booked', 'confirmed']).where('arrived_at', 'is', null).where('starts_at', '<=', cutoff);
  if (skip.length) query = query.where('id', 'not in', skip);
  return query.orderBy('starts_at').orderBy('id').limit(limit).execute();
}

/** A patient's next visits (for a reply by text): by status, starting (or, with endedAfter, ending) after `after` and starting before `before`. */
export function upcomingVisits(db: Db, organizationId: string, patientIds: string[], window: { statuses: AppointmentStatus[]; after: Date; endedAfter: boolean; before: Date }) {
  if (patientIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('appointments as a')
    .innerJoin('services as s', 's.id', 'a.service_id')
    .innerJoin('locations as l', 'l.id', 'a.location_id')
    .select(['a.id', 'a.patient_id', 'a.status', 'a.starts_at', 'a.ends_at', 's.name as service_name', 'l.time_zone'])
    .where('a.organization_id', '=', organizationId).where('a.patient_id', 'in', patientIds)
    .where('a.status', 'in', window.statuses)
    .where(window.endedAfter ? 'a.ends_at' : 'a.starts_at', '>', window.after)
    .where('a.starts_at', '<', window.before)
    .orderBy('a.starts_at').limit(10).execute();
}
