import { DateTime, IANAZone } from 'luxon';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findDepartmentById, findOrganization, findStaffMember } from '../identity/service.js';
import { presentException, presentLocation, presentProvider, presentService } from './setup-schemas.js';
import type {
  ExceptionQuery, Location, LocationChanges, NewException, NewLocation, NewProvider, NewService, Offering, Overview,
  Provider, ProviderChanges, ScheduleException, Service, ServiceChanges, Week, WeekBody,
} from './setup-schemas.js';
import * as store from './setup-store.js';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const EXCEPTION_LIST_LIMIT = 500;
interface ListOptions { includeArchived?: boolean }

/** Tells listeners (slot caches, open booking screens) that some part of the schedule changed. */
async function scheduleChanged(platform: Platform, actor: Actor, change: string, ids: { providerId?: string | null; locationId?: string | null; serviceId?: string }) {
  await platform.events.publish({
    type: 'schedule.changed', version: 1, organizationId: actor.organizationId,
    actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(),
    data: { change, ...Object.fromEntries(Object.entries(ids).filter(([, value]) => value)) },
  });
}

const text = (value: string | null | undefined) => (value === undefined ? undefined : value?.trim() || null);
const archivedAt = (archived: boolean | undefined) => (archived === undefined ? undefined : archived ? new Date() : null);
/** Drops undefined entries, so an absent field leaves its column alone. */
const defined = <T extends object>(changes: T) => Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;

function checkZone(zone: string): string {
  if (!IANAZone.isValidZone(zone)) throw invalid('timeZone', 'is not an IANA time zone such as America/New_York');
  return zone;
}

function parseInstant(field: string, value: string): DateTime {
  const time = DateTime.fromISO(value, { setZone: true });
  if (!ISO_TIME.test(value) || !time.isValid) throw invalid(field, 'must be an ISO 8601 time with its offset, e.g. 2026-03-04T15:00:00Z');
  return time;
}

/** Each wanted id must be among the rows (else 404: another tenant's id is not found) and not archived (else 400 on field(i)). */
function requireLive(rows: { id: string; archived_at: Date | null }[], wanted: string[], entity: string, field: (i: number) => string) {
  const byId = new Map(rows.map((row) => [row.id, row]));
  wanted.forEach((id, i) => {
    const row = byId.get(id);
    if (!row) throw notFound(entity, id);
    if (row.archived_at) throw invalid(field(i), `is an archived ${entity}: it cannot be used until restored`);
  });
}

/** The organization's locations, by name (archived ones only when asked). */
export const listLocations = async (platform: Platform, actor: Actor, options: ListOptions = {}): Promise<Location[]> =>
  (await store.listLocations(platform.db, actor.organizationId, options.includeArchived ?? false)).map(presentLocation);

/** One location of the organization, archived or not; 404 otherwise. */
export async function getLocation(platform: Platform, actor: Actor, id: string): Promise<Location> {
  const [row] = await store.findLocations(platform.db, actor.organizationId, [id]);
  return row ? presentLocation(row) : Promise.reject(notFound('location', id));
}

/** Adds a location; its time zone is the one its working hours are read in. */
export async function createLocation(platform: Platform, actor: Actor, input: NewLocation): Promise<Location> {
  const row = await store.insertLocation(platform.db, {
    organization_id: actor.organizationId, name: input.name.trim(), time_zone: checkZone(input.timeZone),
    address: text(input.address) ?? null, phone: text(input.phone) ?? null,
  });
  await scheduleChanged(platform, actor, 'location', { locationId: row.id });
  return presentLocation(row);
}

/** Renames, moves to another zone, archives (archived: true) or restores a location. */
export async function updateLocation(platform: Platform, actor: Actor, id: string, changes: LocationChanges): Promise<Location> {
  const row = await store.updateLocation(platform.db, actor.organizationId, id, defined({
    name: changes.name?.trim(), time_zone: changes.timeZone === undefined ? undefined : checkZone(changes.timeZone),
    address: text(changes.address), phone: text(changes.phone), archived_at: archivedAt(changes.archived),
  }));
  if (!row) throw notFound('location', id);
  await scheduleChanged(platform, actor, 'location', { locationId: id });
  return presentLocation(row);
}

/** A department of this organization (404 otherwise), not archived. */
async function checkDepartment(platform: Platform, actor: Actor, departmentId: string | null | undefined) {
  if (!departmentId) return;
  const department = await findDepartmentById(platform, actor.organizationId, departmentId);
  if (!department) throw notFound('department', departmentId);
  if (department.archived_at) throw invalid('departmentId', 'is an archived department');
}

/** A staff account of this organization (404 otherwise), active, and not already another live provider. */
async function checkStaffMember(platform: Platform, actor: Actor, userId: string | null | undefined, providerId: string | null) {
  if (!userId) return;
  const user = await findStaffMember(platform, actor.organizationId, userId);
  if (!user) throw notFound('staff member', userId);
  if (!user.active) throw invalid('userId', 'is a deactivated staff account');
  const other = await store.findProviderOfUser(platform.db, actor.organizationId, userId, providerId);
  if (other) throw conflict('provider_user_taken', `This staff account is already the provider "${other.name}".`, { providerId: other.id });
}

/** The organization's providers, by name (archived ones only when asked). */
export const listProviders = async (platform: Platform, actor: Actor, options: ListOptions = {}): Promise<Provider[]> =>
  (await store.listProviders(platform.db, actor.organizationId, options.includeArchived ?? false)).map(presentProvider);

/** One provider of the organization, archived or not; 404 otherwise. */
export async function getProvider(platform: Platform, actor: Actor, id: string): Promise<Provider> {
  const [row] = await store.findProviders(platform.db, actor.organizationId, [id]);
  return row ? presentProvider(row) : Promise.reject(notFound('provider', id));
}

/** Adds a provider, optionally linked to a staff account (one provider per account) and a department. */
export async function createProvider(platform: Platform, actor: Actor, input: NewProvider): Promise<Provider> {
  await checkStaffMember(platform, actor, input.userId, null);
  await checkDepartment(platform, actor, input.departmentId);
  const row = await store.insertProvider(platform.db, {
    organization_id: actor.organizationId, name: input.name.trim(), title: text(input.title) ?? null,
    user_id: input.userId ?? null, department_id: input.departmentId ?? null,
  });
  await scheduleChanged(platform, actor, 'provider', { providerId: row.id });
  return presentProvider(row);
}

/** Edits, archives (archived: true) or restores a provider. */
export async function updateProvider(platform: Platform, actor: Actor, id: string, changes: ProviderChanges): Promise<Provider> {
  await checkStaffMember(platform, actor, changes.userId, id);
  await checkDepartment(platform, actor, changes.departmentId);
  const row = await store.updateProvider(platform.db, actor.organizationId, id, defined({
    name: changes.name?.trim(), title: text(changes.title), user_id: changes.userId, department_id: changes.departmentId,
    archived_at: archivedAt(changes.archived),
  }));
  if (!row) throw notFound('provider', id);
  await scheduleChanged(platform, actor, 'provider', { providerId: id });
  return presentProvider(row);
}

/** Offerings must name live providers and locations of this organization (another tenant's id is not found). */
async function checkOfferings(platform: Platform, actor: Actor, offerings: Offering[]) {
  const keys = offerings.map((o) => `${o.providerId}/${o.locationId}`);
  const repeated = keys.findIndex((key, i) => keys.indexOf(key) !== i);
  if (repeated >= 0) throw invalid(`offerings.${repeated}`, 'lists this provider at this location twice');
  const providerIds = offerings.map((o) => o.providerId);
  const locationIds = offerings.map((o) => o.locationId);
  requireLive(await store.findProviders(platform.db, actor.organizationId, providerIds), providerIds, 'provider', (i) => `offerings.${i}.providerId`);
  requireLive(await store.findLocations(platform.db, actor.organizationId, locationIds), locationIds, 'location', (i) => `offerings.${i}.locationId`);
}

/** Reminder offsets: positive, distinct, at most five; kept earliest reminder first. */
function reminderOffsets(offsets: number[] | undefined): number[] | undefined {
  if (offsets === undefined) return undefined;
  if (offsets.length > 5) throw invalid('reminderOffsetsMinutes', 'may hold at most 5 reminders');
  if (offsets.some((offset) => !Number.isInteger(offset) || offset <= 0)) throw invalid('reminderOffsetsMinutes', 'must be positive whole minutes');
  if (new Set(offsets).size !== offsets.length) throw invalid('reminderOffsetsMinutes', 'must not repeat an offset');
  return [...offsets].sort((a, b) => b - a);
}

/** Services with their offerings (liveOfferingsOnly: without archived providers and locations). */
async function presentServices(platform: Platform, actor: Actor, rows: store.ServiceRow[], liveOfferingsOnly = false): Promise<Service[]> {
  const offerings = await store.listOfferingsOf(platform.db, actor.organizationId, rows.map((row) => row.id), liveOfferingsOnly);
  return rows.map((row) => presentService(row, offerings.filter((o) => o.service_id === row.id)
    .map((o) => ({ providerId: o.provider_id, locationId: o.location_id }))));
}

/** The organization's services (visit types) with their offerings, by name. */
export const listServices = async (platform: Platform, actor: Actor, options: ListOptions = {}): Promise<Service[]> =>
  presentServices(platform, actor, await store.listServices(platform.db, actor.organizationId, options.includeArchived ?? false));

/** One service with its offerings; 404 if it is not the organization's. */
export async function getService(platform: Platform, actor: Actor, id: string): Promise<Service> {
  const row = await store.findService(platform.db, actor.organizationId, id);
  return row ? (await presentServices(platform, actor, [row]))[0]! : Promise.reject(notFound('service', id));
}

const serviceColumns = (input: Omit<ServiceChanges, 'offerings' | 'archived'>) => defined({
  name: input.name?.trim(), description: text(input.description), department_id: input.departmentId,
  duration_minutes: input.durationMinutes, buffer_before_minutes: input.bufferBeforeMinutes, buffer_after_minutes: input.bufferAfterMinutes,
  slot_step_minutes: input.slotStepMinutes, online_booking: input.onlineBooking, new_patients_online: input.newPatientsOnline,
  max_days_ahead: input.maxDaysAhead, min_notice_minutes: input.minNoticeMinutes, max_per_day: input.maxPerDay,
  reminder_offsets_minutes: reminderOffsets(input.reminderOffsetsMinutes),
});

/** Adds a service and who offers it where, in one transaction. */
export async function createService(platform: Platform, actor: Actor, input: NewService): Promise<Service> {
  await checkDepartment(platform, actor, input.departmentId);
  await checkOfferings(platform, actor, input.offerings ?? []);
  const row = await platform.db.transaction().execute(async (trx) => {
    const inserted = await store.insertService(trx, {
      ...serviceColumns(input), organization_id: actor.organizationId, name: input.name.trim(), duration_minutes: input.durationMinutes,
    });
    await store.replaceOfferings(trx, actor.organizationId, inserted.id, input.offerings ?? []);
    return inserted;
  });
  await scheduleChanged(platform, actor, 'service', { serviceId: row.id });
  return getService(platform, actor, row.id);
}

/** Edits a service; offerings, when given, replace the old ones as a whole. */
export async function updateService(platform: Platform, actor: Actor, id: string, changes: ServiceChanges): Promise<Service> {
  await checkDepartment(platform, actor, changes.departmentId);
  if (changes.offerings) await checkOfferings(platform, actor, changes.offerings);
  const { offerings, archived, ...fields } = changes;
  await platform.db.transaction().execute(async (trx) => {
    if (!await store.lockService(trx, actor.organizationId, id)) throw notFound('service', id);
    await store.updateService(trx, actor.organizationId, id, { ...serviceColumns(fields), ...defined({ archived_at: archivedAt(archived) }) });
    if (offerings) await store.replaceOfferings(trx, actor.organizationId, id, offerings);
  });
  await scheduleChanged(platform, actor, 'service', { serviceId: id });
  return getService(platform, actor, id);
}

/** A provider's weekly hours, Monday first. */
export async function getWeek(platform: Platform, actor: Actor, providerId: string): Promise<Week> {
  await getProvider(platform, actor, providerId);
  const rows = await store.listWeek(platform.db, actor.organizationId, providerId);
  return { providerId, periods: rows.map((row) => ({ locationId: row.location_id, weekday: row.weekday, starts: row.starts.slice(0, 5), ends: row.ends.slice(0, 5) })) };
}

/** Refuses a period that is not a real weekday and time range, or that overlaps another of the same weekday. */
function checkPeriods(periods: WeekBody['periods']) {
  periods.forEach((period, i) => {
    if (!Number.isInteger(period.weekday) || period.weekday < 1 || period.weekday > 7) throw invalid(`periods.${i}.weekday`, 'must be 1 (Monday) to 7 (Sunday)');
    for (const end of ['starts', 'ends'] as const) if (!CLOCK.test(period[end])) throw invalid(`periods.${i}.${end}`, 'must be a time of day as HH:MM, 00:00 to 23:59');
    if (period.ends <= period.starts) throw invalid(`periods.${i}.ends`, 'must be after starts');
  });
  const order = periods.map((period, i) => ({ ...period, i })).sort((a, b) => a.weekday - b.weekday || a.starts.localeCompare(b.starts));
  order.forEach((after, k) => {
    const before = order[k - 1];
    if (before?.weekday === after.weekday && after.starts < before.ends) {
      throw invalid(`periods.${after.i}.starts`, `overlaps ${before.starts}-${before.ends} on the same weekday (periods.${before.i})`);
    }
  });
}

/** Replaces a provider's whole week of working hours (wall-clock times in each location's zone). */
export async function replaceWeek(platform: Platform, actor: Actor, providerId: string, body: WeekBody): Promise<Week> {
  checkPeriods(body.periods);
  const locationIds = body.periods.map((p) => p.locationId);
  requireLive(await store.findLocations(platform.db, actor.organizationId, locationIds), locationIds, 'location', (i) => `periods.${i}.locationId`);
  await platform.db.transaction().execute(async (trx) => {
    if (!await store.lockProvider(trx, actor.organizationId, providerId)) throw notFound('provider', providerId);
    await store.replaceWeek(trx, actor.organizationId, providerId, body.periods.map((p) => ({ location_id: p.locationId, weekday: p.weekday, starts: p.starts, ends: p.ends })));
  });
  await scheduleChanged(platform, actor, 'hours', { providerId });
  return getWeek(platform, actor, providerId);
}

/** Exceptions overlapping [from, to) (from: now by default); a provider's or location's filter includes those for everyone. */
export async function listExceptions(platform: Platform, actor: Actor, query: ExceptionQuery): Promise<ScheduleException[]> {
  const from = query.from ? parseInstant('from', query.from).toJSDate() : new Date();
  const to = query.to ? parseInstant('to', query.to).toJSDate() : undefined;
  if (to && to <= from) throw invalid('to', 'must be after from (now, when from is not given)');
  const filter = { providerId: query.providerId, locationId: query.locationId, from, to, limit: EXCEPTION_LIST_LIMIT };
  return (await store.listExceptions(platform.db, actor.organizationId, filter)).map(presentException);
}

/** The [start, end) of an exception: its instants, or a whole local day in the location's zone (else the organization's). */
async function exceptionRange(platform: Platform, actor: Actor, input: NewException, zone: string | undefined) {
  if (input.date !== undefined) {
    if (input.startsAt !== undefined || input.endsAt !== undefined) throw invalid('date', 'give a date or startsAt and endsAt, not both');
    if (input.kind === 'extra_hours') throw invalid('date', 'extra hours need startsAt and endsAt');
    const timeZone = zone ?? (await findOrganization(platform, actor.organizationId))?.time_zone ?? 'UTC';
    const day = DateTime.fromISO(input.date, { zone: timeZone }).startOf('day');
    if (!day.isValid) throw invalid('date', 'must be a date as YYYY-MM-DD');
    return { startsAt: day.toJSDate(), endsAt: day.plus({ days: 1 }).startOf('day').toJSDate() };
  }
  if (input.startsAt === undefined || input.endsAt === undefined) throw invalid(input.startsAt === undefined ? 'startsAt' : 'endsAt', 'is required (or give a whole day as date)');
  const startsAt = parseInstant('startsAt', input.startsAt).toJSDate();
  const endsAt = parseInstant('endsAt', input.endsAt).toJSDate();
  if (endsAt <= startsAt) throw invalid('endsAt', 'must be after startsAt');
  return { startsAt, endsAt };
}

/** Records time off, a holiday or extra hours for a provider, a location, or everyone. */
export async function createException(platform: Platform, actor: Actor, input: NewException): Promise<ScheduleException> {
  for (const field of ['providerId', 'locationId'] as const) if (input.kind === 'extra_hours' && !input[field]) throw invalid(field, 'is required for extra hours');
  if (input.providerId) await getProvider(platform, actor, input.providerId);
  const location = input.locationId ? await getLocation(platform, actor, input.locationId) : undefined;
  if (input.kind === 'extra_hours' && location?.archived) throw invalid('locationId', 'is an archived location');
  const { startsAt, endsAt } = await exceptionRange(platform, actor, input, location?.timeZone);
  const row = await store.insertException(platform.db, {
    organization_id: actor.organizationId, kind: input.kind, provider_id: input.providerId ?? null, location_id: input.locationId ?? null,
    starts_at: startsAt, ends_at: endsAt, reason: text(input.reason) ?? null,
  });
  await scheduleChanged(platform, actor, 'exception', { providerId: row.provider_id, locationId: row.location_id });
  return presentException(row);
}

/** Removes an exception. */
export async function deleteException(platform: Platform, actor: Actor, id: string): Promise<void> {
  const row = await store.deleteException(platform.db, actor.organizationId, id);
  if (!row) throw notFound('schedule exception', id);
  await scheduleChanged(platform, actor, 'exception', { providerId: row.provider_id, locationId: row.location_id });
}

/** What a booking screen needs in one call: live locations, providers and services, each service with its live offerings. */
export async function getOverview(platform: Platform, actor: Actor): Promise<Overview> {
  const services = await presentServices(platform, actor, await store.listServices(platform.db, actor.organizationId, false), true);
  return { locations: await listLocations(platform, actor), providers: await listProviders(platform, actor), services };
}
