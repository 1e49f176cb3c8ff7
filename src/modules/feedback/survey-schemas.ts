import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, OneOf, Paging, Timestamp, Uuid } from '../../platform/schemas.js';

/** Request and response schemas of the staff survey API (surveys, invitations, responses). */
export const ITEM_KINDS = ['nps', 'csat', 'ces', 'text', 'cahps'] as const;
export const TRIGGERS = ['visit_completed', 'conversation_resolved', 'referral_completed', 'manual'] as const;
export const INVITATION_STATUSES = ['scheduled', 'sent', 'skipped', 'answered', 'cancelled'] as const;
export const MAX_ITEMS = 20;
/** 30 days: a survey that comes later than that is no longer about the visit. */
export const MAX_DELAY_MINUTES = 30 * 1440;

const NullableUuid = Type.Union([Uuid, Type.Null()]);
const Slug = (description: string) => Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description });
const Question = (description: string) => Type.String({ minLength: 1, maxLength: 500, pattern: '\\S', description });
const Intro = (description: string) => Type.Union([Type.String({ maxLength: 1000, description }), Type.Null()]);

export const SurveyItem = Type.Object({
  id: Slug('the item\'s id in answers: letters, digits, _ or - (up to 64), unique in the survey'),
  key: Slug('the name reports use (e.g. "courtesy" for a CAHPS item), unique in the survey'),
  kind: OneOf(ITEM_KINDS, { description: 'nps 0-10, csat 1-5, ces 1-7 (effort: 7 = very easy), text (free text), cahps (never/sometimes/usually/always)' }),
  text: Question('the question in English'),
  textEs: Question('the question in Spanish'),
  required: Type.Boolean(),
}, { additionalProperties: false });
export type SurveyItem = Static<typeof SurveyItem>;

const Items = Type.Array(SurveyItem, { minItems: 1, maxItems: MAX_ITEMS, description: `1 to ${MAX_ITEMS} questions, ids and keys unique` });
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Delay = Type.Integer({ minimum: 0, maximum: MAX_DELAY_MINUTES, description: 'minutes after the trigger before it is sent (0 to 30 days)' });
const Throttle = Type.Integer({ minimum: 0, maximum: 365, description: 'no survey to a patient who got any survey within this many days (0: no limit)' });

export const NewSurvey = Type.Object({
  name: Name,
  trigger: OneOf(TRIGGERS),
  delayMinutes: Type.Optional(Delay),
  throttleDays: Type.Optional(Throttle),
  departmentId: Type.Optional(NullableUuid),
  serviceId: Type.Optional(NullableUuid),
  intro: Type.Optional(Intro('a sentence above the questions, in English')),
  introEs: Type.Optional(Intro('the same in Spanish')),
  items: Items,
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type NewSurvey = Static<typeof NewSurvey>;

export const SurveyChanges = Type.Object({
  name: Type.Optional(Name),
  trigger: Type.Optional(OneOf(TRIGGERS)),
  delayMinutes: Type.Optional(Delay),
  throttleDays: Type.Optional(Throttle),
  departmentId: Type.Optional(NullableUuid),
  serviceId: Type.Optional(NullableUuid),
  intro: Type.Optional(Intro('a sentence above the questions, in English')),
  introEs: Type.Optional(Intro('the same in Spanish')),
  items: Type.Optional(Items),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });
export type SurveyChanges = Static<typeof SurveyChanges>;

export const Survey = Type.Object({
  id: Uuid, name: Type.String(), trigger: OneOf(TRIGGERS), delayMinutes: Type.Integer(), throttleDays: Type.Integer(),
  departmentId: NullableUuid, serviceId: NullableUuid, intro: Type.Union([Type.String(), Type.Null()]), introEs: Type.Union([Type.String(), Type.Null()]),
  items: Type.Array(SurveyItem), active: Type.Boolean(), createdAt: Timestamp, updatedAt: Timestamp,
});
export type Survey = Static<typeof Survey>;

export const SurveyQuery = Type.Object({
  active: Type.Optional(Type.Boolean()),
  trigger: Type.Optional(OneOf(TRIGGERS)),
}, { additionalProperties: false });
export type SurveyQuery = Static<typeof SurveyQuery>;

export const ManualSend = Type.Object({ patientId: Uuid }, { additionalProperties: false });

const PatientSummary = Type.Object({ id: Uuid, name: Type.String(), mrn: Type.String() });

export const Invitation = Type.Object({
  id: Uuid, surveyId: Uuid, surveyName: Type.String(), patientId: Uuid, patient: PatientSummary,
  sourceType: Type.String(), sourceId: NullableUuid, status: OneOf(INVITATION_STATUSES),
  sendAt: Timestamp, sentAt: NullableTimestamp, deliveryChannel: Type.Union([OneOf(['sms', 'email'] as const), Type.Null()]),
  skipReason: Type.Union([Type.String(), Type.Null()]), answeredAt: NullableTimestamp, expiresAt: NullableTimestamp, createdAt: Timestamp,
});
export type Invitation = Static<typeof Invitation>;

export const InvitationQuery = Type.Object({
  surveyId: Type.Optional(Uuid),
  patientId: Type.Optional(Uuid),
  status: Type.Optional(OneOf(INVITATION_STATUSES)),
  ...Paging,
}, { additionalProperties: false });
export type InvitationQuery = Static<typeof InvitationQuery>;

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a date as YYYY-MM-DD, in the clinic\'s time zone' });

export const ResponseQuery = Type.Object({
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  surveyId: Type.Optional(Uuid),
  departmentId: Type.Optional(Uuid),
  providerId: Type.Optional(Uuid),
  locationId: Type.Optional(Uuid),
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  patientId: Type.Optional(Uuid),
  group: Type.Optional(OneOf(['promoter', 'passive', 'detractor'] as const, { description: 'by NPS: promoters 9-10, passives 7-8, detractors 0-6' })),
  ...Paging,
}, { additionalProperties: false });
export type ResponseQuery = Static<typeof ResponseQuery>;

const AnswerValue = Type.Union([Type.Number(), Type.String(), Type.Null()]);

export const SurveyResponse = Type.Object({
  id: Uuid, surveyId: Uuid, surveyName: Type.String(), invitationId: Uuid, patient: PatientSummary,
  nps: Type.Union([Type.Integer(), Type.Null()]), csat: Type.Union([Type.Integer(), Type.Null()]), ces: Type.Union([Type.Integer(), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
  answers: Type.Array(Type.Object({
    itemId: Type.String(), key: Type.String(), kind: Type.String(), question: Type.String(), answer: AnswerValue,
    label: Type.String({ description: 'the answer as a person reads it, e.g. "9 of 10" or "Usually"' }),
  })),
  language: Type.String(), departmentId: NullableUuid, providerId: NullableUuid, locationId: NullableUuid,
  channel: Type.Union([Type.String(), Type.Null()]), source: Type.Object({ type: Type.String(), id: NullableUuid }),
  submittedAt: Timestamp, recoveryCaseId: NullableUuid,
});
export type SurveyResponse = Static<typeof SurveyResponse>;

export const Page = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });
