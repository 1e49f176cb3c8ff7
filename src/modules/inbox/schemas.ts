import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, OneOf, Paging, Timestamp, Uuid } from '../../platform/schemas.js';

const Channel = OneOf(['sms', 'email', 'chat', 'voice', 'portal']);
const ReplyChannel = OneOf(['sms', 'email', 'chat']);
export const Priority = OneOf(['low', 'normal', 'high', 'urgent']);
const Status = OneOf(['open', 'pending', 'snoozed', 'resolved', 'merged']);
const Label = Type.String({ minLength: 1, maxLength: 40, pattern: '^[^,\\s][^,]*$' });

const PatientRef = Type.Object({ id: Uuid, name: Type.String(), mrn: Type.String(), dateOfBirth: Type.String() });

export const ConversationSummary = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  channel: Channel,
  status: Status,
  priority: Priority,
  subject: Type.Union([Type.String(), Type.Null()]),
  patientId: Type.Union([Uuid, Type.Null()]),
  patient: Type.Union([PatientRef, Type.Null()]),
  contactAddress: Type.Union([Type.String(), Type.Null()]),
  contactName: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Uuid, Type.Null()]),
  assigneeId: Type.Union([Uuid, Type.Null()]),
  assigneeName: Type.Union([Type.String(), Type.Null()]),
  labels: Type.Array(Type.String()),
  lastMessageAt: Timestamp,
  lastMessagePreview: Type.Union([Type.String(), Type.Null()]),
  waitingSince: NullableTimestamp,
  snoozedUntil: NullableTimestamp,
  mergedInto: Type.Union([Uuid, Type.Null()]),
  reopenCount: Type.Integer(),
  sla: Type.Object({
    firstResponseDueAt: NullableTimestamp,
    nextResponseDueAt: NullableTimestamp,
    resolutionDueAt: NullableTimestamp,
    /** The earliest due time still running, and whether it has passed. */
    dueAt: NullableTimestamp,
    breached: Type.Boolean(),
  }),
  createdAt: Timestamp,
});
export type ConversationSummary = Static<typeof ConversationSummary>;

const Attachment = Type.Object({ id: Uuid, fileName: Type.String(), contentType: Type.String(), sizeBytes: Type.Integer() });

export const Message = Type.Object({
  id: Uuid,
  conversationId: Uuid,
  channel: Channel,
  direction: OneOf(['in', 'out', 'note', 'event']),
  authorType: Type.String(),
  authorId: Type.Union([Uuid, Type.Null()]),
  authorLabel: Type.String(),
  senderAddress: Type.Union([Type.String(), Type.Null()]),
  subject: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  status: Type.String(),
  sendAt: NullableTimestamp,
  mentions: Type.Array(Uuid),
  call: Type.Union([Type.Object({
    direction: Type.String(), from: Type.String(), to: Type.String(), durationSeconds: Type.Integer(), outcome: Type.String(), notes: Type.Optional(Type.String()),
  }), Type.Null()]),
  attachments: Type.Array(Attachment),
  createdAt: Timestamp,
});
export type Message = Static<typeof Message>;

export const ConversationDetail = Type.Composite([ConversationSummary, Type.Object({
  messages: Type.Array(Message),
  /** Channels an agent may reply on now, with the address and whether consent allows it. */
  replyOptions: Type.Array(Type.Object({
    channel: ReplyChannel, recipient: Type.String(), allowed: Type.Boolean(), reason: Type.Union([Type.String(), Type.Null()]),
  })),
  /** A link the patient can open to read and answer this thread without an account (30 days). */
  patientLink: Type.String(),
})]);
export type ConversationDetail = Static<typeof ConversationDetail>;

export const ConversationQuery = Type.Object({
  status: Type.Optional(Type.Union([Status, Type.Literal('all')])),
  channel: Type.Optional(Channel),
  priority: Type.Optional(Priority),
  departmentId: Type.Optional(Uuid),
  assignee: Type.Optional(Type.Union([Uuid, Type.Literal('me'), Type.Literal('none')])),
  label: Type.Optional(Label),
  patientId: Type.Optional(Uuid),
  mentions: Type.Optional(Type.Literal('me')),
  /** Running SLA due within this many minutes (or already breached). */
  dueWithinMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_080 })),
  sort: Type.Optional(Type.Union([Type.Literal('recent'), Type.Literal('due'), Type.Literal('waiting')])),
  ...Paging,
}, { additionalProperties: false });
export type ConversationQuery = Static<typeof ConversationQuery>;

export const ConversationList = Type.Object({
  items: Type.Array(ConversationSummary),
  total: Type.Integer(),
  counts: Type.Object({ open: Type.Integer(), pending: Type.Integer(), snoozed: Type.Integer(), mine: Type.Integer(), unassigned: Type.Integer(), dueSoon: Type.Integer() }),
});

export const NewReply = Type.Object({
  body: Type.String({ minLength: 1, maxLength: 20_000 }),
  /** Defaults to the conversation's channel (SMS for a phone call). */
  channel: Type.Optional(ReplyChannel),
  subject: Type.Optional(Type.String({ maxLength: 300 })),
  /** Send later (ISO time in the future); cancel before then with DELETE .../messages/:id. */
  sendAt: Type.Optional(Timestamp),
}, { additionalProperties: false });
export type NewReply = Static<typeof NewReply>;

export const NewNote = Type.Object({
  body: Type.String({ minLength: 1, maxLength: 20_000 }),
  /** Staff to notify (the web app fills this from @mentions). */
  mentions: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
}, { additionalProperties: false });
export type NewNote = Static<typeof NewNote>;

export const ConversationChanges = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('pending'), Type.Literal('snoozed'), Type.Literal('resolved')])),
  snoozedUntil: Type.Optional(Timestamp),
  priority: Type.Optional(Priority),
  labels: Type.Optional(Type.Array(Label, { maxItems: 20 })),
  departmentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  assigneeId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  subject: Type.Optional(Type.String({ maxLength: 300 })),
}, { additionalProperties: false, minProperties: 1 });
export type ConversationChanges = Static<typeof ConversationChanges>;

export const MergeBody = Type.Object({ intoId: Uuid }, { additionalProperties: false });
export const MoveBody = Type.Object({ patientId: Uuid }, { additionalProperties: false });
export const LinkBody = Type.Object({
  patientId: Uuid,
  /** Also save the sender's phone or e-mail on the patient's record (so the next message is recognised). */
  saveAddress: Type.Optional(Type.Boolean({ default: true })),
}, { additionalProperties: false });

export const NewConversation = Type.Object({
  patientId: Uuid,
  channel: ReplyChannel,
  subject: Type.Optional(Type.String({ maxLength: 300 })),
  body: Type.String({ minLength: 1, maxLength: 20_000 }),
}, { additionalProperties: false });
export type NewConversation = Static<typeof NewConversation>;

export const LoggedCall = Type.Object({
  patientId: Type.Optional(Uuid),
  phone: Type.String({ minLength: 3, maxLength: 40 }),
  direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
  outcome: OneOf(['answered', 'missed', 'voicemail', 'busy', 'failed']),
  durationSeconds: Type.Integer({ minimum: 0, maximum: 86_400 }),
  notes: Type.Optional(Type.String({ maxLength: 5000 })),
  at: Type.Optional(Timestamp),
}, { additionalProperties: false });
export type LoggedCall = Static<typeof LoggedCall>;

const Seconds = Type.Union([Type.Integer(), Type.Null()]);
export const ConversationTimings = Type.Object({
  cycles: Type.Array(Type.Object({
    cycle: Type.Integer(), openedAt: Timestamp, reopened: Type.Boolean(), resolvedAt: NullableTimestamp,
    resolvedBy: Type.Union([Uuid, Type.Null()]), resolutionSeconds: Seconds, resolutionBusinessSeconds: Seconds,
  })),
  waits: Type.Array(Type.Object({
    cycle: Type.Integer(), kind: OneOf(['first', 'next']), waitingSince: Timestamp, respondedAt: NullableTimestamp,
    responderId: Type.Union([Uuid, Type.Null()]), seconds: Seconds, businessSeconds: Seconds, unanswered: Type.Boolean(),
  })),
});
export type ConversationTimings = Static<typeof ConversationTimings>;
