import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Defaulted, Timestamp } from './columns.js';

/** Table types of migration 0011_broadcast. */
export type BroadcastPurpose = 'urgent_operational' | 'operational' | 'marketing';
export type BroadcastStatusValue = 'draft' | 'sending' | 'sent' | 'cancelled';
export type RecipientStatusValue = 'pending' | 'queued' | 'sent' | 'delivered' | 'failed' | 'skipped' | 'cancelled';
type JsonColumn<T> = ColumnType<T, string, string>;
type UuidArray = ColumnType<string[], string[] | undefined, string[]>;

export interface BroadcastTable {
  id: Generated<string>;
  organization_id: string;
  title: string;
  purpose: BroadcastPurpose;
  status: Defaulted<BroadcastStatusValue>;
  segment: JsonColumn<unknown>;
  segment_label: string;
  sms_body: string | null;
  email_subject: string | null;
  email_body: string | null;
  sms_per_minute: Defaulted<number>;
  email_per_minute: Defaulted<number>;
  excluded: ColumnType<Record<string, number>, string | undefined, string>;
  created_by: string | null;
  created_by_name: string | null;
  started_at: Date | null;
  started_by: string | null;
  started_by_name: string | null;
  finished_at: Date | null;
  cancelled_at: Date | null;
  lease_owner: string | null;
  lease_until: Date | null;
  appointments_cancelled: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface BroadcastRecipientTable {
  id: Generated<string>;
  organization_id: string;
  broadcast_id: string;
  patient_id: string;
  appointment_ids: UuidArray;
  first_name: Defaulted<string>;
  visit_at: Date | null;
  channel: 'sms' | 'email' | null;
  address: string | null;
  status: RecipientStatusValue;
  skip_reason: string | null;
  outbox_id: string | null;
  error: string | null;
  queued_at: Date | null;
  sent_at: Date | null;
  delivered_at: Date | null;
  replied_at: Date | null;
  conversation_id: string | null;
  created_at: CreatedAt;
}

export interface BroadcastTables {
  broadcasts: BroadcastTable;
  broadcast_recipients: BroadcastRecipientTable;
}
