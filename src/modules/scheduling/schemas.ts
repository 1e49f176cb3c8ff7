import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, OneOf, Timestamp, Uuid } from '../../platform/schemas.js';

export const APPOINTMENT_STATUSES = ['booked', 'confirmed', 'arrived', 'in_room', 'completed', 'cancelled', 'no_show'] as const;
export const CANCEL_REASONS = ['patient_request', 'clinic', 'provider_unavailable', 'weather', 'no_show', 'rescheduled', 'duplicate', 'other'] as const;
export const AppointmentStatus = OneOf(APPOINTMENT_STATUSES);
export const CancelReason = OneOf(CANCEL_REASONS, { description: 'why the visit will not take place' });

export const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a date as YYYY-MM-DD' });
export const Instant = Type.String({ format: 'date-time', description: 'an ISO 8601 time with its offset, e.g. 2026-03-09T14:00:00-04:00' });

export const SlotQuery = Type.Object({
  serviceId: Uuid,
  from: LocalDate,
  to: Type.Optional(LocalDate),
  providerId: Type.Optional(Uuid),
  locationId: Type.Optional(Uuid),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20_000, default: 500 })),
}, { additionalProperties: false });
export type SlotQuery = Static<typeof SlotQuery>;

export const Slot = Type.Object({
  startsAt: Timestamp,
  endsAt: Timestamp,
  /** The clinic's wall-clock time with its zone, e.g. "Mon 9 Mar, 9:00 AM EDT". */
  label: Type.String(),
  localDate: Type.String(),
  localTime: Type.String(),
  providerId: Uuid,
  providerName: Type.String(),
  locationId: Uuid,
  locationName: Type.String(),
  timeZone: Type.String(),
});
export type Slot = Static<typeof Slot>;

export const SlotList = Type.Object({ items: Type.Array(Slot), truncated: Type.Boolean(), timeZone: Type.String() });

export const Override = Type.Object({
  reason: Type.String({ minLength: 3, maxLength: 500, pattern: '\\S', description: 'why the usual rules are set aside (audited)' }),
}, { additionalProperties: false });

export const NewAppointment = Type.Object({
  patientId: Uuid,
  serviceId: Uuid,
  providerId: Uuid,
  locationId: Uuid,
  startsAt: Instant,
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
  override: Type.Optional(Override),
}, { additionalProperties: false });
export type NewAppointment = Static<typeof NewAppointment>;

export const MoveBody = Type.Object({
  startsAt: Instant,
  providerId: Type.Optional(Uuid),
  locationId: Type.Optional(Uuid),
  override: Type.Optional(Override),
}, { additionalProperties: false });
export type MoveBody = Static<typeof MoveBody>;

export const CancelBody = Type.Object({
  reason: CancelReason,
  note: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });
export type CancelBody = Static<typeof CancelBody>;

export const StatusBody = Type.Object({
  status: OneOf(['confirmed', 'arrived', 'in_room', 'completed', 'no_show'] as const),
}, { additionalProperties: false });

export const Appointment = Type.Object({
  id: Uuid,
  patientId: Uuid,
  patientName: Type.String(),
  mrn: Type.String(),
  serviceId: Uuid,
  serviceName: Type.String(),
  providerId: Uuid,
  providerName: Type.String(),
  locationId: Uuid,
  locationName: Type.String(),
  timeZone: Type.String(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  label: Type.String(),
  status: AppointmentStatus,
  overbooked: Type.Boolean(),
  overrideReason: Type.Union([Type.String(), Type.Null()]),
  source: Type.String(),
  bookedBy: Type.String(),
  notes: Type.Union([Type.String(), Type.Null()]),
  cancelReason: Type.Union([CancelReason, Type.Null()]),
  cancelNote: Type.Union([Type.String(), Type.Null()]),
  cancelledAt: NullableTimestamp,
  confirmedAt: NullableTimestamp,
  rescheduleRequestedAt: NullableTimestamp,
  arrivedAt: NullableTimestamp,
  inRoomAt: NullableTimestamp,
  completedAt: NullableTimestamp,
  noShowAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Appointment = Static<typeof Appointment>;

export const AppointmentQuery = Type.Object({
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
  providerId: Type.Optional(Uuid),
  locationId: Type.Optional(Uuid),
  patientId: Type.Optional(Uuid),
  status: Type.Optional(Type.Array(AppointmentStatus)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 500 })),
}, { additionalProperties: false });
export type AppointmentQuery = Static<typeof AppointmentQuery>;

export const AppointmentList = Type.Object({ items: Type.Array(Appointment) });
export type AppointmentList = Static<typeof AppointmentList>;
export type SlotList = Static<typeof SlotList>;
