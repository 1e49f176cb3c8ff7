import { Type, type Static } from '@sinclair/typebox';
import { AppointmentStatus } from '../scheduling/schemas.js';
import { NullableTimestamp, OneOf, Timestamp, Uuid } from '../../platform/schemas.js';

export const MAX_ITEMS = 30;
export const ITEM_KINDS = ['text', 'yes_no', 'choice', 'number'] as const;

const ItemId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'letters, digits, _ or - (up to 64)' });

export const QuestionnaireItem = Type.Object({
  id: ItemId,
  text: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S', description: 'the question as the patient reads it' }),
  textEs: Type.Optional(Type.String({ minLength: 1, maxLength: 500, pattern: '\\S', description: 'the question in Spanish' })),
  kind: OneOf(ITEM_KINDS, { description: 'text, yes_no (true/false), choice (one of options), number' }),
  options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 2, maxItems: 30, description: 'the choices (kind choice only)' })),
  required: Type.Boolean(),
}, { additionalProperties: false });
export type QuestionnaireItem = Static<typeof QuestionnaireItem>;

const Items = Type.Array(QuestionnaireItem, { minItems: 1, maxItems: MAX_ITEMS, description: `1 to ${MAX_ITEMS} questions with unique ids` });
const Title = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });

export const NewQuestionnaire = Type.Object({
  title: Title,
  serviceId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'the visit type it is for; null or absent: every service' })),
  items: Items,
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type NewQuestionnaire = Static<typeof NewQuestionnaire>;

export const QuestionnaireChanges = Type.Object({
  title: Type.Optional(Title),
  serviceId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  items: Type.Optional(Items),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 });
export type QuestionnaireChanges = Static<typeof QuestionnaireChanges>;

export const Questionnaire = Type.Object({
  id: Uuid,
  title: Type.String(),
  serviceId: Type.Union([Uuid, Type.Null()]),
  items: Type.Array(QuestionnaireItem),
  active: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Questionnaire = Static<typeof Questionnaire>;

export const QuestionnaireQuery = Type.Object({
  active: Type.Optional(Type.Boolean({ description: 'only active (true) or only retired (false) questionnaires' })),
  serviceId: Type.Optional(Uuid),
}, { additionalProperties: false });
export type QuestionnaireQuery = Static<typeof QuestionnaireQuery>;

export const AnswerValue = Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean(), Type.Null()]);
export type AnswerValue = Static<typeof AnswerValue>;
export type Answers = Record<string, string | number | boolean>;

/** One visit's answers as staff read them: each question beside its answer. */
export const VisitAnswers = Type.Object({
  appointmentId: Uuid,
  patientId: Uuid,
  responses: Type.Array(Type.Object({
    questionnaireId: Uuid,
    title: Type.String(),
    submittedAt: Timestamp,
    answers: Type.Array(Type.Object({
      itemId: Type.String(),
      text: Type.String(),
      answer: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
    })),
  })),
});
export type VisitAnswers = Static<typeof VisitAnswers>;

export const QueueQuery = Type.Object({
  locationId: Uuid,
  date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'the local date at the location as YYYY-MM-DD; default today there' })),
}, { additionalProperties: false });
export type QueueQuery = Static<typeof QueueQuery>;

export const QUEUE_GROUPS = ['waiting', 'in_room', 'expected', 'done'] as const;
export type QueueGroup = (typeof QUEUE_GROUPS)[number];

export const QueueEntry = Type.Object({
  appointmentId: Uuid,
  patientId: Uuid,
  patientName: Type.String(),
  providerId: Uuid,
  providerName: Type.String(),
  serviceName: Type.String(),
  startsAt: Timestamp,
  localTime: Type.String({ description: 'the scheduled time on the location\'s clock, HH:MM' }),
  status: AppointmentStatus,
  group: OneOf(QUEUE_GROUPS, { description: 'waiting (arrived), in_room, expected (not yet arrived), done (completed or no-show)' }),
  arrivedAt: NullableTimestamp,
  inRoomAt: NullableTimestamp,
  completedAt: NullableTimestamp,
  minutesWaiting: Type.Union([Type.Integer(), Type.Null()], { description: 'since arrival, for patients still waiting' }),
  questionnaireAnswered: Type.Union([Type.Boolean(), Type.Null()], { description: 'every questionnaire of the visit answered; null: none applies' }),
});
export type QueueEntry = Static<typeof QueueEntry>;

export const QueueBoard = Type.Object({
  locationId: Uuid,
  date: Type.String(),
  timeZone: Type.String(),
  generatedAt: Timestamp,
  items: Type.Array(QueueEntry, { description: 'waiting (longest wait first), in the room, expected (by time), done' }),
});
export type QueueBoard = Static<typeof QueueBoard>;

/** The questionnaire as the patient sees it, in their language. */
export const PatientQuestionnaire = Type.Object({
  id: Uuid,
  title: Type.String(),
  language: Type.String(),
  items: Type.Array(Type.Object({
    id: Type.String(), text: Type.String(), kind: OneOf(ITEM_KINDS), options: Type.Optional(Type.Array(Type.String())), required: Type.Boolean(),
  })),
  answers: Type.Union([Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])), Type.Null()], { description: 'what the patient already answered' }),
  submittedAt: NullableTimestamp,
});
export type PatientQuestionnaire = Static<typeof PatientQuestionnaire>;

export const PatientQuestionnaires = Type.Object({
  appointmentId: Uuid,
  canAnswer: Type.Boolean({ description: 'false once the visit has started or is closed' }),
  items: Type.Array(PatientQuestionnaire),
});

export const AnswersBody = Type.Object({
  questionnaireId: Uuid,
  answers: Type.Record(ItemId, AnswerValue, { maxProperties: MAX_ITEMS, description: 'item id → answer (text, true/false, one of the options, a number)' }),
}, { additionalProperties: false });
export type AnswersBody = Static<typeof AnswersBody>;

export const AnswersReceipt = Type.Object({ questionnaireId: Uuid, submittedAt: Timestamp, replaced: Type.Boolean() });

export const CheckInReceipt = Type.Object({
  appointmentId: Uuid,
  status: AppointmentStatus,
  arrivedAt: NullableTimestamp,
  label: Type.String({ description: 'the visit\'s time on the clinic\'s clock' }),
  locationName: Type.String(),
  providerName: Type.String(),
});
