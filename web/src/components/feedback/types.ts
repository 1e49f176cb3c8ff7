// The feedback and recovery API's shapes as the staff screens and the patient survey page read them.

export type SurveyTrigger = 'visit_completed' | 'conversation_resolved' | 'referral_completed' | 'manual';
export type ItemKind = 'nps' | 'csat' | 'ces' | 'text' | 'cahps';

export interface SurveyItem {
  id: string;
  key: string;
  kind: ItemKind;
  text: string;
  textEs: string;
  required: boolean;
}

export interface Survey {
  id: string;
  name: string;
  trigger: SurveyTrigger;
  delayMinutes: number;
  throttleDays: number;
  departmentId: string | null;
  serviceId: string | null;
  intro: string | null;
  introEs: string | null;
  items: SurveyItem[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What a survey is created or changed with. */
export type SurveyInput = Omit<Survey, 'id' | 'createdAt' | 'updatedAt' | 'items'> & { items: (Omit<SurveyItem, 'id'> & { id?: string })[] };

export interface PatientRef {
  id: string;
  name: string;
  mrn: string;
}

export interface Invitation {
  id: string;
  surveyId: string;
  surveyName: string;
  patientId: string;
  patient: PatientRef;
  sourceType: string;
  sourceId: string | null;
  status: string;
  sendAt: string;
  sentAt: string | null;
  deliveryChannel: string | null;
  skipReason: string | null;
  answeredAt: string | null;
  expiresAt: string | null;
  createdAt: string;
}

export interface Answer {
  itemId: string;
  key: string;
  kind: ItemKind;
  question: string;
  answer: number | string | null;
  label: string | null;
}

export interface SurveyResponse {
  id: string;
  surveyId: string;
  surveyName: string;
  invitationId: string;
  patient: PatientRef;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  comment: string | null;
  answers: Answer[];
  language: string;
  departmentId: string | null;
  providerId: string | null;
  locationId: string | null;
  channel: string | null;
  source: { type: string; id: string | null };
  submittedAt: string;
  recoveryCaseId: string | null;
}

export type Outcome = 'resolved' | 'escalated' | 'no_contact';

export interface RecoveryCase {
  id: string;
  status: 'open' | 'closed';
  reasons: string[];
  patient: PatientRef;
  ownerId: string | null;
  ownerName: string | null;
  departmentId: string | null;
  dueAt: string;
  overdue: boolean;
  taskId: string | null;
  response: { id: string; surveyName: string; nps: number | null; csat: number | null; ces: number | null; comment: string | null; submittedAt: string; language: string; answers: Answer[] };
  visit: { appointmentId: string; startsAt: string; providerName: string | null; serviceName: string | null; locationName: string | null } | null;
  conversation: { conversationId: string; number: number | string; channel: string } | null;
  outcome: Outcome | null;
  outcomeNote: string | null;
  closedAt: string | null;
  closedBy: string | null;
  closedByName: string | null;
  resurveyInvitationId: string | null;
  createdAt: string;
}

export interface ListOf<T> {
  items: T[];
  total: number;
}

/** The patient's survey, as the public link returns it: text in the patient's language, and both languages for the switch. */
export interface PublicSurvey {
  clinicName: string;
  language: 'en' | 'es';
  surveyName: string;
  intro: string | null;
  introEn: string | null;
  introEs: string | null;
  items: { id: string; kind: ItemKind; text: string; textEn: string; textEs: string; required: boolean }[];
  answered: boolean;
}
