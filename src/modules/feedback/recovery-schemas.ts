import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, OneOf, Paging, Timestamp, Uuid } from '../../platform/schemas.js';

/** Request and response schemas of the recovery case API. */
export const CASE_STATUSES = ['open', 'closed'] as const;
export const OUTCOMES = ['resolved', 'escalated', 'no_contact'] as const;
export const REASONS = ['nps_detractor', 'csat_low', 'complaint_words'] as const;

const NullableUuid = Type.Union([Uuid, Type.Null()]);
const Score = Type.Union([Type.Integer(), Type.Null()]);
const NullableText = Type.Union([Type.String(), Type.Null()]);

export const CaseQuery = Type.Object({
  status: Type.Optional(OneOf(CASE_STATUSES)),
  ownerId: Type.Optional(Uuid),
  departmentId: Type.Optional(Uuid),
  overdue: Type.Optional(Type.Boolean({ description: 'true: only open cases past their due time; false: the others' })),
  ...Paging,
}, { additionalProperties: false });
export type CaseQuery = Static<typeof CaseQuery>;

export const CaseChanges = Type.Object({
  ownerId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'an active staff member; null: unassigned' })),
  dueAt: Type.Optional(Type.String({ format: 'date-time', description: 'an ISO 8601 time with its offset, e.g. 2025-03-04T15:00:00Z' })),
}, { additionalProperties: false, minProperties: 1 });
export type CaseChanges = Static<typeof CaseChanges>;

export const CloseCase = Type.Object({
  outcome: OneOf(OUTCOMES, { description: 'resolved (the patient was called and the matter settled), escalated (to an incident), no_contact (the patient could not be reached)' }),
  note: Type.Optional(Type.String({ maxLength: 4000, description: 'what was done; required for escalated and no_contact' })),
  resurvey: Type.Optional(Type.Boolean({ description: 'send the patient the same survey again, now (consent and opt-out still apply)' })),
}, { additionalProperties: false });
export type CloseCase = Static<typeof CloseCase>;

const Answer = Type.Object({
  itemId: Type.String(), key: Type.String(), kind: Type.String(), question: Type.String(),
  answer: Type.Union([Type.Number(), Type.String(), Type.Null()]), label: Type.String(),
});

export const RecoveryCase = Type.Object({
  id: Uuid,
  status: OneOf(CASE_STATUSES),
  reasons: Type.Array(OneOf(REASONS)),
  patient: Type.Object({ id: Uuid, name: Type.String(), mrn: Type.String() }),
  ownerId: NullableUuid,
  ownerName: NullableText,
  departmentId: NullableUuid,
  dueAt: Timestamp,
  overdue: Type.Boolean({ description: 'open and past its due time' }),
  taskId: NullableUuid,
  response: Type.Object({
    id: Uuid, surveyName: Type.String(), nps: Score, csat: Score, ces: Score, comment: NullableText, submittedAt: Timestamp,
    language: Type.String(), answers: Type.Array(Answer),
  }),
  visit: Type.Union([Type.Object({
    appointmentId: Uuid, startsAt: Timestamp, providerName: Type.String(), serviceName: Type.String(), locationName: Type.String(),
  }), Type.Null()]),
  conversation: Type.Union([Type.Object({ conversationId: Uuid, number: Type.Integer(), channel: Type.String() }), Type.Null()]),
  outcome: Type.Union([OneOf(OUTCOMES), Type.Null()]),
  outcomeNote: NullableText,
  closedAt: NullableTimestamp,
  closedBy: NullableUuid,
  closedByName: NullableText,
  resurveyInvitationId: NullableUuid,
  createdAt: Timestamp,
});
export type RecoveryCase = Static<typeof RecoveryCase>;

export const CaseList = Type.Object({ items: Type.Array(RecoveryCase), total: Type.Integer() });
