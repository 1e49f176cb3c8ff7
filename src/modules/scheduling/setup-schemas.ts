import { Type, type Static } from '@sinclair/typebox';
import type { Selectable } from 'kysely';
import type { LocationTable, ProviderTable, ScheduleExceptionTable, ServiceTable } from '../../db/schema-scheduling.js';
import { OneOf, Timestamp, Uuid } from '../../platform/schemas.js';

const Name = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S', description: 'a name that is not only spaces' });
const Text = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()]);
const NullableUuid = Type.Union([Uuid, Type.Null()]);
const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: 'an IANA time zone such as America/New_York' });
/** Wall-clock time in the location's zone. */
const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'a time of day as HH:MM, 00:00 to 23:59' });
const Instant = Type.String({ format: 'date-time', description: 'an ISO 8601 time with its offset, e.g. 2026-03-04T15:00:00Z' });
const LocalDate = Type.String({ format: 'date', description: 'a date as YYYY-MM-DD: a whole local day, instead of startsAt and endsAt' });
const Archived = Type.Boolean({ description: 'true hides it from booking; false brings it back' });

export const EXCEPTION_KINDS = ['time_off', 'holiday', 'extra_hours'] as const;
export const ExceptionKind = OneOf(EXCEPTION_KINDS, { description: 'time_off and holiday remove time; extra_hours adds it' });

export const IncludeArchivedQuery = Type.Object({ includeArchived: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

// Locations

export const Location = Type.Object({
  id: Uuid, name: Type.String(), timeZone: Type.String(), address: Text(500), phone: Text(40),
  archived: Type.Boolean(), createdAt: Timestamp, updatedAt: Timestamp,
});
export type Location = Static<typeof Location>;

export const NewLocation = Type.Object({
  name: Name, timeZone: TimeZone, address: Type.Optional(Text(500)), phone: Type.Optional(Text(40)),
}, { additionalProperties: false });
export type NewLocation = Static<typeof NewLocation>;

export const LocationChanges = Type.Partial(Type.Object({
  name: Name, timeZone: TimeZone, address: Text(500), phone: Text(40), archived: Archived,
}), { additionalProperties: false, minProperties: 1 });
export type LocationChanges = Static<typeof LocationChanges>;

// Providers

export const Provider = Type.Object({
  id: Uuid, name: Type.String(), title: Text(120), userId: NullableUuid, departmentId: NullableUuid,
  archived: Type.Boolean(), createdAt: Timestamp, updatedAt: Timestamp,
});
export type Provider = Static<typeof Provider>;

export const NewProvider = Type.Object({
  name: Name,
  title: Type.Optional(Text(120)),
  userId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'the staff account of this provider, if any' })),
  departmentId: Type.Optional(NullableUuid),
}, { additionalProperties: false });
export type NewProvider = Static<typeof NewProvider>;

export const ProviderChanges = Type.Partial(Type.Object({
  name: Name, title: Text(120), userId: NullableUuid, departmentId: NullableUuid, archived: Archived,
}), { additionalProperties: false, minProperties: 1 });
export type ProviderChanges = Static<typeof ProviderChanges>;

// Services (visit types)

export const Offering = Type.Object({ providerId: Uuid, locationId: Uuid }, { additionalProperties: false });
export type Offering = Static<typeof Offering>;

const ServiceFields = {
  name: Name,
  description: Text(2000),
  departmentId: NullableUuid,
  durationMinutes: Type.Integer({ minimum: 5, maximum: 720 }),
  bufferBeforeMinutes: Type.Integer({ minimum: 0, maximum: 240, description: 'time kept free before the visit' }),
  bufferAfterMinutes: Type.Integer({ minimum: 0, maximum: 240, description: 'time kept free after the visit' }),
  slotStepMinutes: Type.Integer({ minimum: 5, maximum: 240, description: 'offered start times are this many minutes apart' }),
  onlineBooking: Type.Boolean({ description: 'patients may book it themselves' }),
  newPatientsOnline: Type.Boolean({ description: 'patients without a record may book it themselves' }),
  maxDaysAhead: Type.Integer({ minimum: 1, maximum: 730, description: 'how far ahead it can be booked' }),
  minNoticeMinutes: Type.Integer({ minimum: 0, maximum: 43_200, description: 'how soon before the start it can still be booked' }),
  maxPerDay: Type.Union([Type.Integer({ minimum: 1, maximum: 200 }), Type.Null()], { description: 'visits of this service per provider per day; null: no limit' }),
  reminderOffsetsMinutes: Type.Array(Type.Integer({ minimum: 1, maximum: 43_200 }), {
    maxItems: 5, uniqueItems: true, description: 'minutes before the visit when reminders go, e.g. [10080, 2880, 120]',
  }),
  offerings: Type.Array(Offering, { maxItems: 500, description: 'which providers offer it, and where' }),
};

const { name, durationMinutes, ...optionalServiceFields } = ServiceFields;
export const NewService = Type.Object({
  name, durationMinutes, ...Type.Partial(Type.Object(optionalServiceFields)).properties,
}, { additionalProperties: false });
export type NewService = Static<typeof NewService>;

export const ServiceChanges = Type.Partial(Type.Object({ ...ServiceFields, archived: Archived }), { additionalProperties: false, minProperties: 1 });
export type ServiceChanges = Static<typeof ServiceChanges>;

export const Service = Type.Object({
  id: Uuid, ...ServiceFields,
  offerings: Type.Array(Type.Object({ providerId: Uuid, locationId: Uuid })),
  archived: Type.Boolean(), createdAt: Timestamp, updatedAt: Timestamp,
});
export type Service = Static<typeof Service>;

// Weekly hours

export const WorkingPeriod = Type.Object({
  locationId: Uuid,
  weekday: Type.Integer({ minimum: 1, maximum: 7, description: '1 Monday ... 7 Sunday' }),
  starts: ClockTime,
  ends: ClockTime,
}, { additionalProperties: false });
export type WorkingPeriod = Static<typeof WorkingPeriod>;

export const WeekBody = Type.Object({ periods: Type.Array(WorkingPeriod, { maxItems: 100 }) }, { additionalProperties: false });
export type WeekBody = Static<typeof WeekBody>;

export const Week = Type.Object({ providerId: Uuid, periods: Type.Array(WorkingPeriod) });
export type Week = Static<typeof Week>;

// Exceptions

export const ScheduleException = Type.Object({
  id: Uuid, kind: ExceptionKind, providerId: NullableUuid, locationId: NullableUuid,
  startsAt: Timestamp, endsAt: Timestamp, reason: Text(500), createdAt: Timestamp,
});
export type ScheduleException = Static<typeof ScheduleException>;

export const NewException = Type.Object({
  kind: ExceptionKind,
  providerId: Type.Optional(Type.String({ format: 'uuid', description: 'absent: every provider' })),
  locationId: Type.Optional(Type.String({ format: 'uuid', description: 'absent: every location' })),
  startsAt: Type.Optional(Instant),
  endsAt: Type.Optional(Instant),
  date: Type.Optional(LocalDate),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });
export type NewException = Static<typeof NewException>;

export const ExceptionQuery = Type.Object({
  providerId: Type.Optional(Uuid),
  locationId: Type.Optional(Uuid),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
}, { additionalProperties: false });
export type ExceptionQuery = Static<typeof ExceptionQuery>;

export const Overview = Type.Object({
  locations: Type.Array(Location), providers: Type.Array(Provider), services: Type.Array(Service),
});
export type Overview = Static<typeof Overview>;

// Presenters: rows as the API shows them.

export const presentLocation = (row: Selectable<LocationTable>): Location => ({
  id: row.id, name: row.name, timeZone: row.time_zone, address: row.address, phone: row.phone,
  archived: row.archived_at !== null, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
});

export const presentProvider = (row: Selectable<ProviderTable>): Provider => ({
  id: row.id, name: row.name, title: row.title, userId: row.user_id, departmentId: row.department_id,
  archived: row.archived_at !== null, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
});

export const presentService = (row: Selectable<ServiceTable>, offerings: Offering[]): Service => ({
  id: row.id, name: row.name, description: row.description, departmentId: row.department_id,
  durationMinutes: row.duration_minutes, bufferBeforeMinutes: row.buffer_before_minutes, bufferAfterMinutes: row.buffer_after_minutes,
  slotStepMinutes: row.slot_step_minutes, onlineBooking: row.online_booking, newPatientsOnline: row.new_patients_online,
  maxDaysAhead: row.max_days_ahead, minNoticeMinutes: row.min_notice_minutes, maxPerDay: row.max_per_day,
  reminderOffsetsMinutes: row.reminder_offsets_minutes, offerings,
  archived: row.archived_at !== null, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
});

export const presentException = (row: Selectable<ScheduleExceptionTable>): ScheduleException => ({
  id: row.id, kind: row.kind, providerId: row.provider_id, locationId: row.location_id,
  startsAt: row.starts_at.toISOString(), endsAt: row.ends_at.toISOString(), reason: row.reason, createdAt: row.created_at.toISOString(),
});
