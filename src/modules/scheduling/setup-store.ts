import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type {
  LocationTable, ProviderTable, ScheduleExceptionTable, ServiceTable, WorkingHoursTable,
} from '../../db/schema-scheduling.js';

/** Every query of the scheduling setup: locations, providers, services and offerings, weekly hours, exceptions. */
export type Db = Kysely<Database>;
export type LocationRow = Selectable<LocationTable>;
export type ProviderRow = Selectable<ProviderTable>;
export type ServiceRow = Selectable<ServiceTable>;
export type WorkingHoursRow = Selectable<WorkingHoursTable>;
export type ExceptionRow = Selectable<ScheduleExceptionTable>;
export interface OfferingRow { service_id: string; provider_id: string; location_id: string }

// Locations

export const listLocations = (db: Db, organizationId: string, includeArchived: boolean) =>
  db.selectFrom('locations').selectAll().where('organization_id', '=', organizationId)
    .$if(!includeArchived, (q) => q.where('archived_at', 'is', null)).orderBy('name').orderBy('id').execute();

export const findLocations = (db: Db, organizationId: string, ids: string[]) =>
  ids.length === 0 ? Promise.resolve([]) : db.selectFrom('locations').selectAll()
    .where('organization_id', '=', organizationId).where('id', 'in', ids).execute();

export const insertLocation = (db: Db, row: Insertable<LocationTable>) =>
  db.insertInto('locations').values(row).returningAll().executeTakeFirstOrThrow();

export const updateLocation = (db: Db, organizationId: string, id: string, changes: Updateable<LocationTable>) =>
  db.updateTable('locations').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();

// Providers

export const listProviders = (db: Db, organizationId: string, includeArchived: boolean) =>
  db.selectFrom('providers').selectAll().where('organization_id', '=', organizationId)
    .$if(!includeArchived, (q) => q.where('archived_at', 'is', null)).orderBy('name').orderBy('id').execute();

export const findProviders = (db: Db, organizationId: string, ids: string[]) =>
  ids.length === 0 ? Promise.resolve([]) : db.selectFrom('providers').selectAll()
    .where('organization_id', '=', organizationId).where('id', 'in', ids).execute();

/** Locks a provider row, so two replacements of the same week run one after the other. */
export const lockProvider = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('providers').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

/** The live provider already linked to a staff account, other than `exceptId`. */
export const findProviderOfUser = (db: Db, organizationId: string, userId: string, exceptId: string | null) =>
  db.selectFrom('providers').select(['id', 'name']).where('organization_id', '=', organizationId)
    .where('user_id', '=', userId).where('archived_at', 'is', null)
    .$if(exceptId !== null, (q) => q.where('id', '<>', exceptId!)).executeTakeFirst();

export const insertProvider = (db: Db, row: Insertable<ProviderTable>) =>
  db.insertInto('providers').values(row).returningAll().executeTakeFirstOrThrow();

export const updateProvider = (db: Db, organizationId: string, id: string, changes: Updateable<ProviderTable>) =>
  db.updateTable('providers').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();

// Services and who offers them where

export const listServices = (db: Db, organizationId: string, includeArchived: boolean) =>
  db.selectFrom('services').selectAll().where('organization_id', '=', organizationId)
    .$if(!includeArchived, (q) => q.where('archived_at', 'is', null)).orderBy('name').orderBy('id').execute();

export const findService = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('services').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const lockService = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('services').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

export const insertService = (db: Db, row: Insertable<ServiceTable>) =>
  db.insertInto('services').values(row).returningAll().executeTakeFirstOrThrow();

export const updateService = (db: Db, organizationId: string, id: string, changes: Updateable<ServiceTable>) =>
  db.updateTable('services').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** Offerings of these services; `liveOnly` leaves out archived providers and locations. */
export function listOfferingsOf(db: Db, organizationId: string, serviceIds: string[], liveOnly = false): Promise<OfferingRow[]> {
  if (serviceIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('service_offerings as o')
    .innerJoin('providers as p', 'p.id', 'o.provider_id')
    .innerJoin('locations as l', 'l.id', 'o.location_id')
    .select(['o.service_id', 'o.provider_id', 'o.location_id'])
    .where('o.organization_id', '=', organizationId).where('o.service_id', 'in', serviceIds)
    .$if(liveOnly, (q) => q.where('p.archived_at', 'is', null).where('l.archived_at', 'is', null))
    .orderBy('p.name').orderBy('l.name').orderBy('o.provider_id').orderBy('o.location_id').execute();
}

/** Replaces a service's offerings as a whole. */
export async function replaceOfferings(db: Db, organizationId: string, serviceId: string, offerings: { providerId: string; locationId: string }[]) {
  await db.deleteFrom('service_offerings').where('organization_id', '=', organizationId).where('service_id', '=', serviceId).execute();
  if (offerings.length === 0) return;
  await db.insertInto('service_offerings').values(offerings.map((o) => ({
    organization_id: organizationId, service_id: serviceId, provider_id: o.providerId, location_id: o.locationId,
  }))).execute();
}

// Weekly hours

export const listWeek = (db: Db, organizationId: string, providerId: string) =>
  db.selectFrom('working_hours').selectAll().where('organization_id', '=', organizationId).where('provider_id', '=', providerId)
    .orderBy('weekday').orderBy('starts').execute();

/** Replaces a provider's whole week. */
export async function replaceWeek(db: Db, organizationId: string, providerId: string, periods: Omit<Insertable<WorkingHoursTable>, 'organization_id' | 'provider_id'>[]) {
  await db.deleteFrom('working_hours').where('organization_id', '=', organizationId).where('provider_id', '=', providerId).execute();
  if (periods.length === 0) return;
  await db.insertInto('working_hours').values(periods.map((p) => ({ ...p, organization_id: organizationId, provider_id: providerId }))).execute();
}

// Exceptions

export interface ExceptionFilter {
  /** This provider's exceptions and those for every provider. */
  providerId?: string;
  /** This location's exceptions and those for every location. */
  locationId?: string;
  from: Date;
  to?: Date;
  limit: number;
}

/** Exceptions that overlap [from, to), soonest first. */
export const listExceptions = (db: Db, organizationId: string, filter: ExceptionFilter) =>
  db.selectFrom('schedule_exceptions').selectAll().where('organization_id', '=', organizationId)
    .where('ends_at', '>', filter.from)
    .$if(filter.to !== undefined, (q) => q.where('starts_at', '<', filter.to!))
    .$if(filter.providerId !== undefined, (q) => q.where((eb) => eb.or([eb('provider_id', '=', filter.providerId!), eb('provider_id', 'is', null)])))
    .$if(filter.locationId !== undefined, (q) => q.where((eb) => eb.or([eb('location_id', '=', filter.locationId!), eb('location_id', 'is', null)])))
    .orderBy('starts_at').orderBy('id').limit(filter.limit).execute();

export const insertException = (db: Db, row: Insertable<ScheduleExceptionTable>) =>
  db.insertInto('schedule_exceptions').values(row).returningAll().executeTakeFirstOrThrow();

export const deleteException = (db: Db, organizationId: string, id: string) =>
  db.deleteFrom('schedule_exceptions').where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();
