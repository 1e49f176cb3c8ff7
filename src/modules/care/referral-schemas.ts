import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { NullableTimestamp, OneOf, Paging, Timestamp, Uuid } from '../../platform/schemas.js';

export const REFERRAL_KINDS = ['specialty', 'external', 'test'] as const;
export const REFERRAL_URGENCIES = ['routine', 'urgent', 'emergency'] as const;
export const REFERRAL_STATUSES = ['sent', 'scheduled', 'completed', 'result_received', 'declined', 'cancelled'] as const;

export const ReferralKind = OneOf(REFERRAL_KINDS, { description: 'specialty (inside the clinic), external (another provider) or test' });
export const ReferralUrgency = OneOf(REFERRAL_URGENCIES, { description: 'routine (42 days), urgent (14 days) or emergency (24 hours) to close' });
export const ReferralStatus = OneOf(REFERRAL_STATUSES);

const Instant = Type.String({ format: 'date-time', description: 'an ISO 8601 time with its offset, e.g. 2026-03-09T14:00:00-04:00' });
const Text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, pattern: '\\S', description });

export const NewReferralBody = Type.Object({
  patientId: Uuid,
  kind: ReferralKind,
  urgency: ReferralUrgency,
  destination: Text(200, 'the specialty, provider or test the patient is sent to'),
  reason: Text(2000, 'why the patient is referred (not only spaces)'),
  notes: Type.Optional(Type.String({ maxLength: 4000 })),
  departmentId: Type.Optional(Uuid),
  dueAt: Type.Optional({ ...Instant, description: 'when the loop must be closed; default from the urgency' }),
}, { additionalProperties: false });
export type NewReferralBody = Static<typeof NewReferralBody>;

/** A status move and what it needs: a reason to decline or cancel, a result summary to close, a time for a visit booked elsewhere. */
export const ReferralMove = Type.Object({
  status: OneOf(['scheduled', 'completed', 'result_received', 'declined', 'cancelled'] as const),
  appointmentAt: Type.Optional({ ...Instant, description: 'for scheduled: when the visit arranged outside Careloop takes place' }),
  resultSummary: Type.Optional(Text(4000, 'for result_received: what came back')),
  reason: Type.Optional(Text(1000, 'for declined or cancelled: why')),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });
export type ReferralMove = Static<typeof ReferralMove>;

export const BookReferralBody = Type.Object({
  serviceId: Uuid,
  providerId: Uuid,
  locationId: Uuid,
  startsAt: Instant,
  override: Type.Optional(Type.Object({
    reason: Type.String({ minLength: 3, maxLength: 500, pattern: '\\S', description: 'why the usual rules are set aside (audited)' }),
  }, { additionalProperties: false })),
}, { additionalProperties: false });
export type BookReferralBody = Static<typeof BookReferralBody>;

export const ReferralQuery = Type.Object({
  status: Type.Optional(OneOf([...REFERRAL_STATUSES, 'open', 'closed'] as const, { description: 'a status, or open (sent, scheduled, completed) or closed' })),
  urgency: Type.Optional(ReferralUrgency),
  kind: Type.Optional(ReferralKind),
  overdue: Type.Optional(Type.Boolean({ description: 'true: open and past due; false: not overdue' })),
  patientId: Type.Optional(Uuid),
  departmentId: Type.Optional(Uuid),
  ...Paging,
}, { additionalProperties: false });
export type ReferralQuery = Static<typeof ReferralQuery>;

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ReferralAppointment = Type.Object({
  id: Uuid,
  label: Type.String({ description: "the visit's time in the clinic's words" }),
  startsAt: Timestamp,
  status: Type.String(),
  serviceName: Type.String(),
  providerName: Type.String(),
  locationName: Type.String(),
});

export const ReferralHistoryEntry = Type.Object({
  fromStatus: Type.Union([ReferralStatus, Type.Null()]),
  toStatus: ReferralStatus,
  note: Nullable(Type.String()),
  by: Type.String(),
  at: Timestamp,
});

export const Referral = Type.Object({
  id: Uuid,
  patientId: Uuid,
  patient: Type.Object({ id: Uuid, name: Type.String(), mrn: Type.String() }),
  kind: ReferralKind,
  urgency: ReferralUrgency,
  status: ReferralStatus,
  destination: Type.String(),
  reason: Type.String(),
  notes: Nullable(Type.String()),
  departmentId: Nullable(Uuid),
  departmentName: Nullable(Type.String()),
  referredBy: Type.String(),
  dueAt: Timestamp,
  overdue: Type.Boolean({ description: 'open (sent, scheduled or completed) and past its due time' }),
  appointmentId: Nullable(Uuid),
  appointmentAt: NullableTimestamp,
  providerId: Nullable(Uuid),
  locationId: Nullable(Uuid),
  resultSummary: Nullable(Type.String()),
  closeReason: Nullable(Type.String()),
  sentAt: Timestamp,
  scheduledAt: NullableTimestamp,
  completedAt: NullableTimestamp,
  resultReceivedAt: NullableTimestamp,
  closedAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Referral = Static<typeof Referral>;

export const ReferralDetail = Type.Composite([Referral, Type.Object({
  appointment: Type.Union([ReferralAppointment, Type.Null()]),
  history: Type.Array(ReferralHistoryEntry),
})]);
export type ReferralDetail = Static<typeof ReferralDetail>;

export const ReferralList = Type.Object({
  items: Type.Array(Referral),
  total: Type.Integer(),
  overdue: Type.Integer({ description: 'open referrals past due among all that match the other filters' }),
  limit: Type.Integer(),
  offset: Type.Integer(),
});
export type ReferralList = Static<typeof ReferralList>;
