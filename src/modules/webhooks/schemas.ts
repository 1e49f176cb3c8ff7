import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, OneOf, Paging, Timestamp, Uuid } from '../../platform/schemas.js';

/** Outbound webhook endpoints, their deliveries and attempts. */
const EventTypes = Type.Array(Type.String({ minLength: 1, maxLength: 60 }), {
  minItems: 1, maxItems: 100, uniqueItems: true, description: 'Event types from GET /api/webhooks/event-types, or "*" for all of them',
});

export const NewEndpoint = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  url: Type.String({ minLength: 1, maxLength: 2000, description: 'http:// or https://, without a user name or password' }),
  eventTypes: EventTypes,
  includeMessageText: Type.Optional(Type.Boolean({ description: 'Keep message text (summary, body, subject) in message events; off: ids only' })),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type NewEndpoint = Static<typeof NewEndpoint>;

export const EndpointChanges = Type.Object({
  name: Type.Optional(NewEndpoint.properties.name),
  url: Type.Optional(NewEndpoint.properties.url),
  eventTypes: Type.Optional(EventTypes),
  includeMessageText: Type.Optional(Type.Boolean()),
  active: Type.Optional(Type.Boolean({ description: 'false pauses the endpoint (no new deliveries); true resumes it, also after it was disabled' })),
}, { additionalProperties: false, minProperties: 1 });
export type EndpointChanges = Static<typeof EndpointChanges>;

export const Health = OneOf(['healthy', 'failing', 'paused', 'disabled', 'new'] as const);

export const Endpoint = Type.Object({
  id: Uuid,
  name: Type.String(),
  url: Type.String(),
  eventTypes: Type.Array(Type.String()),
  includeMessageText: Type.Boolean(),
  status: OneOf(['active', 'paused', 'disabled'] as const),
  health: Health,
  failingSince: NullableTimestamp,
  consecutiveFailures: Type.Integer(),
  circuitOpenUntil: NullableTimestamp,
  disabledReason: Type.Union([Type.String(), Type.Null()]),
  lastAttemptAt: NullableTimestamp,
  lastSuccessAt: NullableTimestamp,
  waiting: Type.Integer({ description: 'Deliveries not yet delivered and not dead' }),
  dead: Type.Integer(),
  secretRotatedAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Endpoint = Static<typeof Endpoint>;

export const EndpointWithSecret = Type.Composite([Endpoint, Type.Object({
  secret: Type.String({ description: 'The signing secret. Shown only here (at creation and rotation): store it with the receiver.' }),
})]);

export const EndpointList = Type.Object({ items: Type.Array(Endpoint) });

export const EventTypeCatalogue = Type.Object({
  groups: Type.Array(Type.Object({ group: Type.String(), events: Type.Array(Type.Object({ type: Type.String(), label: Type.String() })) })),
});

export const DeliveryStatus = OneOf(['pending', 'delivered', 'dead'] as const);

export const Attempt = Type.Object({
  number: Type.Integer(),
  at: Timestamp,
  outcome: OneOf(['delivered', 'failed'] as const),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  durationMs: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  responseBody: Type.Union([Type.String(), Type.Null()]),
});

export const Delivery = Type.Object({
  id: Uuid,
  endpointId: Uuid,
  eventId: Uuid,
  eventType: Type.String(),
  /** The patient the event is about (from the payload), for the audit trail and the screen. */
  patientId: Type.Union([Uuid, Type.Null()]),
  source: OneOf(['event', 'test', 'automation'] as const),
  status: DeliveryStatus,
  attempts: Type.Integer(),
  nextAttemptAt: NullableTimestamp,
  firstAttemptAt: NullableTimestamp,
  lastAttemptAt: NullableTimestamp,
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastDurationMs: Type.Union([Type.Integer(), Type.Null()]),
  deliveredAt: NullableTimestamp,
  createdAt: Timestamp,
  /** The JSON body exactly as sent. */
  payload: Type.String(),
  attemptLog: Type.Array(Attempt),
});
export type Delivery = Static<typeof Delivery>;

export const DeliveryQuery = Type.Object({
  status: Type.Optional(DeliveryStatus),
  ...Paging,
}, { additionalProperties: false });
export type DeliveryQuery = Static<typeof DeliveryQuery>;

export const DeliveryList = Type.Object({ items: Type.Array(Delivery), total: Type.Integer() });
