import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Defaulted, Timestamp } from './columns.js';

/** Table types of migration 0013_assistant. */
type UuidArray = ColumnType<string[], string[] | undefined, string[]>;
type JsonColumn<T> = ColumnType<T, string | undefined, string>;

/** Where the assistant is in a conversation with one patient. */
export type AssistantStep = 'idle' | 'verifying' | 'choosing_service' | 'choosing_slot' | 'confirming_change' | 'handed_off';
export type AssistantIntent = 'book' | 'reschedule' | 'confirm' | 'cancel';

export interface AssistantSettingsTable {
  organization_id: string;
  chat_enabled: Defaulted<boolean>;
  sms_enabled: Defaulted<boolean>;
  emergency_number: Defaulted<string>;
  crisis_line: Defaulted<string>;
  handoff_department_id: string | null;
  greeting: string | null;
  llm_base_url: string | null;
  llm_model: string | null;
  llm_allow_phi: Defaulted<boolean>;
  on_duty_user_ids: UuidArray;
  updated_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A slot the assistant offered, by its number in the list the patient saw. */
export interface OfferedSlot { startsAt: string; providerId: string; locationId: string; label: string; providerName: string }
export interface RedFlagSeen { kind: string; language: string; matched: string; at: string }

export interface AssistantSessionTable {
  id: Generated<string>;
  organization_id: string;
  conversation_id: string;
  /** The conversation's open-to-resolved cycle this state belongs to: a reopened conversation starts afresh. */
  cycle: number;
  step: Defaulted<AssistantStep>;
  language: Defaulted<'en' | 'es'>;
  intent: AssistantIntent | null;
  patient_id: string | null;
  verified_by: 'name_and_birth_date' | 'signed_link' | null;
  verify_attempts: Defaulted<number>;
  failed_answers: Defaulted<number>;
  service_id: string | null;
  service_name: string | null;
  appointment_id: string | null;
  appointment_label: string | null;
  offered: JsonColumn<OfferedSlot[]>;
  chosen_label: string | null;
  booked_appointment_id: string | null;
  red_flags: JsonColumn<RedFlagSeen[]>;
  last_question: string | null;
  last_article_title: string | null;
  handed_off_at: Date | null;
  handoff_reason: string | null;
  /** Messages waiting for the holder of the lease (one worker per conversation at a time, across processes). */
  pending_message_ids: UuidArray;
  lease_owner: string | null;
  lease_until: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AssistantTables {
  assistant_settings: AssistantSettingsTable;
  assistant_sessions: AssistantSessionTable;
}
