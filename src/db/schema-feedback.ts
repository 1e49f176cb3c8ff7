import type { Generated } from 'kysely';
import type { CreatedAt, Defaulted, Json, Timestamp } from './columns.js';

/** Table types of the feedback module (migration 0004). */
export type SurveyTrigger = 'visit_completed' | 'conversation_resolved' | 'referral_completed' | 'manual';
export type InvitationSource = 'appointment' | 'conversation' | 'referral' | 'manual' | 'recovery';
export type InvitationStatus = 'scheduled' | 'sent' | 'skipped' | 'answered' | 'cancelled';

/**
 * One question. kind: nps (0-10), csat (1-5), ces (1-7, "it was easy to ..."), text (free text),
 * cahps (never / sometimes / usually / always). key names the item in reports (e.g. "courtesy").
 */
export interface SurveyItem {
  id: string;
  key: string;
  kind: 'nps' | 'csat' | 'ces' | 'text' | 'cahps';
  text: string;
  textEs: string;
  required: boolean;
}

export type SurveyAnswer = number | string;

export interface SurveyTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  trigger: SurveyTrigger;
  delay_minutes: Defaulted<number>;
  throttle_days: Defaulted<number>;
  department_id: string | null;
  service_id: string | null;
  intro: string | null;
  intro_es: string | null;
  items: Json<SurveyItem[]>;
  active: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SurveyInvitationTable {
  id: Generated<string>;
  organization_id: string;
  survey_id: string;
  patient_id: string;
  source_type: InvitationSource;
  source_id: string | null;
  /** The conversation's cycle (1 = until its first resolution); 0 for other sources. */
  source_cycle: Defaulted<number>;
  department_id: string | null;
  provider_id: string | null;
  location_id: string | null;
  channel: string | null;
  status: Defaulted<InvitationStatus>;
  send_at: Date;
  sent_at: Date | null;
  delivery_channel: 'sms' | 'email' | null;
  outbox_id: string | null;
  skip_reason: string | null;
  expires_at: Date | null;
  answered_at: Date | null;
  created_by_label: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SurveyResponseTable {
  id: Generated<string>;
  organization_id: string;
  invitation_id: string;
  survey_id: string;
  patient_id: string;
  answers: Json<Record<string, SurveyAnswer>>;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  comment: string | null;
  language: Defaulted<string>;
  department_id: string | null;
  provider_id: string | null;
  location_id: string | null;
  channel: string | null;
  submitted_at: Timestamp;
}

export interface FeedbackTables {
  surveys: SurveyTable;
  survey_invitations: SurveyInvitationTable;
  survey_responses: SurveyResponseTable;
}
