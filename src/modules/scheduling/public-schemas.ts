import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, Timestamp, Uuid } from '../../platform/schemas.js';
import { DateOfBirth, PersonName } from '../patients/schemas.js';
import { AppointmentStatus, Instant, LocalDate, Slot } from './schemas.js';


export const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,60}$' }) }, { additionalProperties: false });

export const BookingPage = Type.Object({
  clinic: Type.Object({ name: Type.String(), timeZone: Type.String() }),
  services: Type.Array(Type.Object({
    id: Uuid, name: Type.String(), description: Type.Union([Type.String(), Type.Null()]), durationMinutes: Type.Integer(),
    newPatientsOnline: Type.Boolean(), providerIds: Type.Array(Uuid), locationIds: Type.Array(Uuid),
  })),
  providers: Type.Array(Type.Object({ id: Uuid, name: Type.String(), title: Type.Union([Type.String(), Type.Null()]) })),
  locations: Type.Array(Type.Object({ id: Uuid, name: Type.String(), address: Type.Union([Type.String(), Type.Null()]), timeZone: Type.String() })),
});

export const PublicSlotQuery = Type.Object({
  serviceId: Uuid,
  from: LocalDate,
  to: Type.Optional(LocalDate),
  providerId: Type.Optional(Uuid),
  locationId: Type.Optional(Uuid),
}, { additionalProperties: false });

export const PublicSlots = Type.Object({ items: Type.Array(Slot), truncated: Type.Boolean(), timeZone: Type.String() });

export const SelfBooking = Type.Object({
  serviceId: Uuid,
  providerId: Uuid,
  locationId: Uuid,
  startsAt: Instant,
  givenName: PersonName,
  familyName: PersonName,
  dateOfBirth: DateOfBirth,
  phone: Type.Optional(Type.String({ maxLength: 40 })),
  email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Literal('')])),
  language: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('es')])),
  notes: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });
export type SelfBooking = Static<typeof SelfBooking>;

/** What a patient sees of their appointment: no MRN, no staff names, no notes. */
export const PatientAppointment = Type.Object({
  clinicName: Type.String(),
  patientFirstName: Type.String(),
  serviceName: Type.String(),
  providerName: Type.String(),
  location: Type.Object({ name: Type.String(), address: Type.Union([Type.String(), Type.Null()]), phone: Type.Union([Type.String(), Type.Null()]) }),
  startsAt: Timestamp,
  endsAt: Timestamp,
  label: Type.String(),
  timeZone: Type.String(),
  status: AppointmentStatus,
  confirmedAt: NullableTimestamp,
  rescheduleRequestedAt: NullableTimestamp,
  canChange: Type.Boolean({ description: 'the visit is ahead and not cancelled: it can be confirmed, moved or cancelled' }),
  canCheckIn: Type.Boolean({ description: 'it is the day of the visit (from two hours before to its end)' }),
  serviceId: Uuid,
  providerId: Uuid,
  locationId: Uuid,
});
export type PatientAppointment = Static<typeof PatientAppointment>;

export const SelfBooked = Type.Object({ appointment: PatientAppointment, manageUrl: Type.String() });

export const PatientCancel = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export const PatientMove = Type.Object({ startsAt: Instant, providerId: Type.Optional(Uuid) }, { additionalProperties: false });
export const PatientSlotQuery = Type.Object({ from: LocalDate, to: Type.Optional(LocalDate), anyProvider: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
