import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, OneOf, Timestamp, Uuid } from '../../platform/schemas.js';
import { LocalDate } from './schemas.js';

export const OFFER_STATUSES = ['open', 'accepted', 'gone', 'declined', 'expired'] as const;
export const OfferStatus = OneOf(OFFER_STATUSES);

export const NewWaitlistEntry = Type.Object({
  patientId: Uuid,
  serviceId: Uuid,
  providerId: Type.Optional(Uuid),
  locationId: Type.Optional(Uuid),
  earliest: LocalDate,
  latest: LocalDate,
  priority: Type.Optional(Type.Integer({ minimum: -100, maximum: 100, default: 0, description: 'higher is offered first; equal priority: first come' })),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });
export type NewWaitlistEntry = Static<typeof NewWaitlistEntry>;

export const WaitlistQuery = Type.Object({
  status: Type.Optional(OneOf(['waiting', 'booked', 'removed'] as const)),
  serviceId: Type.Optional(Uuid),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
}, { additionalProperties: false });
export type WaitlistQuery = Static<typeof WaitlistQuery>;

/** One time offered to a waiting patient, as staff see it. */
export const WaitlistOffer = Type.Object({
  id: Uuid,
  providerId: Uuid,
  locationId: Uuid,
  startsAt: Timestamp,
  label: Type.String(),
  status: OfferStatus,
  expiresAt: Timestamp,
  appointmentId: Type.Union([Uuid, Type.Null()]),
  answeredAt: NullableTimestamp,
  createdAt: Timestamp,
});

export const WaitlistEntry = Type.Object({
  id: Uuid,
  patientId: Uuid,
  patientName: Type.String(),
  mrn: Type.String(),
  serviceId: Uuid,
  serviceName: Type.String(),
  providerId: Type.Union([Uuid, Type.Null()]),
  providerName: Type.Union([Type.String(), Type.Null()], { description: 'null: any provider' }),
  locationId: Type.Union([Uuid, Type.Null()]),
  locationName: Type.Union([Type.String(), Type.Null()], { description: 'null: any location' }),
  earliest: Type.String(),
  latest: Type.String(),
  priority: Type.Integer(),
  note: Type.Union([Type.String(), Type.Null()]),
  status: OneOf(['waiting', 'booked', 'removed'] as const),
  appointmentId: Type.Union([Uuid, Type.Null()]),
  createdAt: Timestamp,
  offers: Type.Array(WaitlistOffer),
});
export type WaitlistEntry = Static<typeof WaitlistEntry>;

export const WaitlistList = Type.Object({ items: Type.Array(WaitlistEntry) });


/** What a patient sees behind the link in the offer. */
export const OfferView = Type.Object({
  clinicName: Type.String(),
  status: OfferStatus,
  serviceName: Type.String(),
  providerName: Type.String(),
  locationName: Type.String(),
  startsAt: Timestamp,
  label: Type.String({ description: 'the clinic\'s wall-clock time with its zone' }),
  timeZone: Type.String(),
  expiresAt: Timestamp,
});
export type OfferView = Static<typeof OfferView>;
