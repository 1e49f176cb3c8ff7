import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, OneOf, Paging, Timestamp, Uuid } from '../../platform/schemas.js';
import { CancelReason, LocalDate } from '../scheduling/schemas.js';

/** Request and response schemas of the broadcast API (/api/broadcasts). */
export const PURPOSES = ['urgent_operational', 'operational', 'marketing'] as const;
export type Purpose = (typeof PURPOSES)[number];
export const BROADCAST_CHANNELS = ['sms', 'email'] as const;
export type BroadcastChannel = (typeof BROADCAST_CHANNELS)[number];
/** draft -> sending -> sent, or cancelled (from draft or while sending: what was not yet handed to the outbox stays unsent). */
export const BROADCAST_STATUSES = ['draft', 'sending', 'sent', 'cancelled'] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];
/**
 * One recipient's way: pending (waiting for its turn under the throttle) -> queued (in the outbox)
 * -> sent -> delivered, or failed; skipped (excluded when the send started, see skipReason);
 * cancelled (the broadcast was cancelled before its turn).
 */
export const RECIPIENT_STATUSES = ['pending', 'queued', 'sent', 'delivered', 'failed', 'skipped', 'cancelled'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];
/** Why a patient of the segment gets nothing. */
export const SKIP_REASONS = ['noConsent', 'optedOut', 'noContact', 'doNotContact'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

const NullableText = Type.Union([Type.String(), Type.Null()]);
const NullableUuid = Type.Union([Uuid, Type.Null()]);

export const AppointmentSegment = Type.Object({
  type: Type.Literal('appointments'),
  locationId: Uuid,
  from: LocalDate,
  to: LocalDate,
  providerId: Type.Optional(Uuid),
}, { additionalProperties: false, description: 'patients with a booked or confirmed visit at the location between from and to (clinic days in the location\'s time zone, both included), optionally with one provider' });
export const TagSegment = Type.Object({
  type: Type.Literal('tag'),
  tag: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'a patient tag, compared without regard to case' }),
}, { additionalProperties: false });
export const EveryoneSegment = Type.Object({ type: Type.Literal('everyone') }, { additionalProperties: false });
export const Segment = Type.Union([AppointmentSegment, TagSegment, EveryoneSegment], { description: 'who the broadcast is for' });
export type Segment = Static<typeof Segment>;

const Message = {
  smsBody: Type.Optional(Type.Union([Type.String({ maxLength: 1600 }), Type.Null()], {
    description: 'the text message; null or absent: no texts (patients reachable only by text are skipped). Placeholders: {{firstName}}, {{clinicName}}, and for appointment segments {{appointmentDate}}, {{appointmentTime}}',
  })),
  emailSubject: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()], { description: 'required with emailBody' })),
  emailBody: Type.Optional(Type.Union([Type.String({ maxLength: 20_000 }), Type.Null()], { description: 'plain text; null or absent: no e-mails. Same placeholders as smsBody' })),
};

export const Throttle = Type.Object({
  smsPerMinute: Type.Integer({ minimum: 1, maximum: 60_000, description: 'texts handed to the outbox per minute (default 600)' }),
  emailPerMinute: Type.Integer({ minimum: 1, maximum: 60_000, description: 'e-mails handed to the outbox per minute (default 1200)' }),
}, { additionalProperties: false });
export type Throttle = Static<typeof Throttle>;

export const PreviewBody = Type.Object({
  purpose: OneOf(PURPOSES, { description: 'urgent_operational (closures, emergencies: care consent, any channel, even for patients who asked not to be contacted), operational (care consent, preferred channel first), marketing (marketing consent only)' }),
  segment: Segment,
  channels: Type.Optional(Type.Array(OneOf(BROADCAST_CHANNELS), { minItems: 1, maxItems: 2, uniqueItems: true, description: 'the channels with a message; default both' })),
}, { additionalProperties: false });
export type PreviewBody = Static<typeof PreviewBody>;

const ChannelCounts = Type.Object({ sms: Type.Integer(), email: Type.Integer() });
export const Exclusions = Type.Object({
  noConsent: Type.Integer({ description: 'no contact point with the consent the purpose needs' }),
  optedOut: Type.Integer({ description: 'reachable only by text, and every number texted STOP' }),
  noContact: Type.Integer({ description: 'no phone or e-mail on a channel with a message' }),
  doNotContact: Type.Integer({ description: 'the patient\'s preferred channel is "none" (urgent messages still go)' }),
});
export type Exclusions = Static<typeof Exclusions>;

export const Preview = Type.Object({
  total: Type.Integer({ description: 'patients who would get the message' }),
  segmentSize: Type.Integer({ description: 'patients in the segment, each counted once' }),
  byChannel: ChannelCounts,
  excluded: Exclusions,
  sample: Type.Array(Type.Object({ patientId: Uuid, name: Type.String(), channel: OneOf(BROADCAST_CHANNELS) }), { description: 'the first few recipients, by name' }),
});
export type Preview = Static<typeof Preview>;

export const NewBroadcast = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  purpose: PreviewBody.properties.purpose,
  segment: Segment,
  ...Message,
  throttle: Type.Optional(Throttle),
}, { additionalProperties: false });
export type NewBroadcast = Static<typeof NewBroadcast>;

export const BroadcastChanges = Type.Object({
  title: Type.Optional(NewBroadcast.properties.title),
  purpose: Type.Optional(PreviewBody.properties.purpose),
  segment: Type.Optional(Segment),
  ...Message,
  throttle: Type.Optional(Throttle),
}, { additionalProperties: false, minProperties: 1, description: 'a draft only; a broadcast being sent or sent cannot change (409 broadcast_not_draft)' });
export type BroadcastChanges = Static<typeof BroadcastChanges>;

export const Stats = Type.Object({
  recipients: Type.Integer({ description: 'patients of the segment at the time of sending (skipped included)' }),
  skipped: Type.Integer(), pending: Type.Integer(), queued: Type.Integer(), sent: Type.Integer({ description: 'sent or delivered' }),
  delivered: Type.Integer(), failed: Type.Integer(), cancelled: Type.Integer(), replied: Type.Integer({ description: 'recipients who answered (a text or an e-mail) after the message went' }),
});
export type Stats = Static<typeof Stats>;
export const ChannelStats = Type.Object({ sms: Stats, email: Stats });
export type ChannelStats = Static<typeof ChannelStats>;

export const Broadcast = Type.Object({
  id: Uuid,
  title: Type.String(),
  purpose: OneOf(PURPOSES),
  status: OneOf(BROADCAST_STATUSES),
  segment: Segment,
  segmentLabel: Type.String({ description: 'the segment in words, e.g. "Visits at Main Street, 2026-03-09 to 2026-03-10"' }),
  smsBody: NullableText,
  emailSubject: NullableText,
  emailBody: NullableText,
  throttle: Throttle,
  stats: Stats,
  byChannel: ChannelStats,
  excluded: Exclusions,
  createdBy: NullableUuid,
  createdByName: NullableText,
  createdAt: Timestamp,
  startedAt: NullableTimestamp,
  startedByName: NullableText,
  finishedAt: NullableTimestamp,
  cancelledAt: NullableTimestamp,
  appointmentsCancelled: Type.Union([Type.Object({
    at: Timestamp, byName: Type.String(), reason: Type.String(), cancelled: Type.Integer(), alreadyClosed: Type.Integer(),
    failed: Type.Integer({ description: 'visits that could not be cancelled: the cancellation may be run again' }),
  }), Type.Null()], { description: 'the affected visits cancelled from this broadcast, if done' }),
});
export type Broadcast = Static<typeof Broadcast>;

/** A list item: the broadcast without its message bodies. */
export const BroadcastSummary = Type.Object({
  id: Uuid, title: Type.String(), purpose: OneOf(PURPOSES), status: OneOf(BROADCAST_STATUSES), segmentLabel: Type.String(),
  stats: Stats, createdByName: NullableText, createdAt: Timestamp, startedAt: NullableTimestamp, finishedAt: NullableTimestamp,
});
export type BroadcastSummary = Static<typeof BroadcastSummary>;

export const BroadcastQuery = Type.Object({
  status: Type.Optional(OneOf(BROADCAST_STATUSES)),
  ...Paging,
}, { additionalProperties: false });
export type BroadcastQuery = Static<typeof BroadcastQuery>;
export const BroadcastList = Type.Object({ items: Type.Array(BroadcastSummary), total: Type.Integer() });

export const RecipientQuery = Type.Object({
  status: Type.Optional(OneOf(RECIPIENT_STATUSES)),
  channel: Type.Optional(OneOf(BROADCAST_CHANNELS)),
  replied: Type.Optional(Type.Boolean()),
  ...Paging,
}, { additionalProperties: false });
export type RecipientQuery = Static<typeof RecipientQuery>;

export const Recipient = Type.Object({
  id: Uuid,
  patientId: Uuid,
  patientName: Type.String(),
  mrn: Type.String(),
  channel: Type.Union([OneOf(BROADCAST_CHANNELS), Type.Null()], { description: 'null when skipped' }),
  address: NullableText,
  status: OneOf(RECIPIENT_STATUSES),
  skipReason: Type.Union([OneOf(SKIP_REASONS), Type.Null()]),
  error: NullableText,
  appointmentId: NullableUuid,
  queuedAt: NullableTimestamp,
  sentAt: NullableTimestamp,
  deliveredAt: NullableTimestamp,
  repliedAt: NullableTimestamp,
  conversationId: NullableUuid,
});
export type Recipient = Static<typeof Recipient>;
export const RecipientList = Type.Object({ items: Type.Array(Recipient), total: Type.Integer() });

export const CancelAppointmentsBody = Type.Object({
  reason: CancelReason,
  note: Type.Optional(Type.String({ maxLength: 1000, description: 'kept on each cancelled visit' })),
}, { additionalProperties: false });
export type CancelAppointmentsBody = Static<typeof CancelAppointmentsBody>;
export const CancelAppointmentsResult = Type.Object({
  cancelled: Type.Integer({ description: 'visits cancelled now (their times offered to the waitlist)' }),
  alreadyClosed: Type.Integer({ description: 'visits of the segment already cancelled, completed or otherwise no longer open' }),
  failed: Type.Integer(),
});

/**
 * The live statistics a staff console receives over the staff socket, as the event
 * `broadcast.progress` (data: this object), at most about once a second per broadcast.
 */
export const ProgressEvent = Type.Object({ broadcastId: Uuid, status: OneOf(BROADCAST_STATUSES), stats: Stats, byChannel: ChannelStats });
export type ProgressEvent = Static<typeof ProgressEvent>;
