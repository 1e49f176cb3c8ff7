import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, OneOf, Uuid } from '../../platform/schemas.js';

const Phone = Type.String({ minLength: 2, maxLength: 30, pattern: '^[0-9+*#() -]+$', description: 'digits, spaces and + * # ( ) -' });

export const AssistantSettings = Type.Object({
  chatEnabled: Type.Boolean({ description: 'Answer web chat conversations before a person picks up' }),
  smsEnabled: Type.Boolean({ description: 'Answer text messages before a person picks up' }),
  emergencyNumber: Type.String({ description: 'Given in every red-flag answer (default 911)' }),
  crisisLine: Type.String({ description: 'Given for self-harm (default 988)' }),
  handoffDepartmentId: Type.Union([Uuid, Type.Null()], { description: 'The team a handed-off conversation goes to (null: stays where it is, unassigned)' }),
  greeting: Type.Union([Type.String(), Type.Null()]),
  llmBaseUrl: Type.Union([Type.String(), Type.Null()], { description: 'An OpenAI-compatible endpoint that rephrases knowledge-base answers (null: articles are sent as written)' }),
  llmModel: Type.Union([Type.String(), Type.Null()]),
  llmAllowPhi: Type.Boolean({ description: 'Off: names, birth dates, phone numbers and e-mail addresses are removed before the question reaches the model' }),
  llmApiKeyConfigured: Type.Boolean({ description: 'Whether ASSISTANT_LLM_API_KEY is set in the server\'s environment (the key itself is never stored or shown)' }),
  onDutyStaffIds: Type.Array(Uuid, { description: 'Alerted (an urgent task each) when a message describes an emergency' }),
  updatedAt: NullableTimestamp,
});
export type AssistantSettings = Static<typeof AssistantSettings>;

export const SettingsChanges = Type.Object({
  chatEnabled: Type.Optional(Type.Boolean()),
  smsEnabled: Type.Optional(Type.Boolean()),
  emergencyNumber: Type.Optional(Phone),
  crisisLine: Type.Optional(Phone),
  handoffDepartmentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  greeting: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
  llmBaseUrl: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  llmModel: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
  llmAllowPhi: Type.Optional(Type.Boolean()),
  onDutyStaffIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
}, { additionalProperties: false, minProperties: 1 });
export type SettingsChanges = Static<typeof SettingsChanges>;

const Step = OneOf(['idle', 'verifying', 'choosing_service', 'choosing_slot', 'confirming_change', 'handed_off'] as const);
const Intent = Type.Union([OneOf(['book', 'reschedule', 'confirm', 'cancel'] as const), Type.Null()]);

/** What the assistant understood in a conversation: the panel the agent sees beside the thread. */
export const Understanding = Type.Object({
  conversationId: Uuid,
  active: Type.Boolean({ description: 'The assistant still answers this conversation (false after a hand-off or once a person answered)' }),
  step: Step,
  language: OneOf(['en', 'es'] as const),
  intent: Intent,
  patient: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  verifiedBy: Type.Union([OneOf(['name_and_birth_date', 'signed_link'] as const), Type.Null()]),
  verifyAttempts: Type.Integer(),
  failedAnswers: Type.Integer(),
  serviceName: Type.Union([Type.String(), Type.Null()]),
  appointmentLabel: Type.Union([Type.String(), Type.Null()], { description: 'The visit the patient asked to move, confirm or cancel' }),
  offeredTimes: Type.Array(Type.Object({ number: Type.Integer(), startsAt: Type.String({ format: 'date-time' }), label: Type.String(), providerId: Uuid, providerName: Type.String() })),
  chosenTime: Type.Union([Type.String(), Type.Null()]),
  bookedAppointmentId: Type.Union([Uuid, Type.Null()]),
  redFlags: Type.Array(Type.Object({ kind: Type.String(), matched: Type.String(), at: Type.String() })),
  lastQuestion: Type.Union([Type.String(), Type.Null()]),
  lastArticleTitle: Type.Union([Type.String(), Type.Null()]),
  handedOffAt: NullableTimestamp,
  handoffReason: Type.Union([Type.String(), Type.Null()]),
});
export type Understanding = Static<typeof Understanding>;
