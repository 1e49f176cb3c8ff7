import type { Generated } from 'kysely';
import type { CreatedAt, Defaulted, Timestamp } from './columns.js';

/** Table types of migration 0007_referrals. */
export type ReferralKind = 'specialty' | 'external' | 'test';
export type ReferralUrgency = 'routine' | 'urgent' | 'emergency';
export type ReferralStatus = 'sent' | 'scheduled' | 'completed' | 'result_received' | 'declined' | 'cancelled';

export interface ReferralTable {
  id: Generated<string>;
  organization_id: string;
  patient_id: string;
  kind: ReferralKind;
  urgency: ReferralUrgency;
  status: Defaulted<ReferralStatus>;
  destination: string;
  reason: string;
  notes: string | null;
  department_id: string | null;
  referred_by: string | null;
  referred_by_label: string;
  due_at: Date;
  appointment_id: string | null;
  appointment_at: Date | null;
  provider_id: string | null;
  location_id: string | null;
  result_summary: string | null;
  close_reason: string | null;
  sent_at: Defaulted<Date>;
  scheduled_at: Date | null;
  completed_at: Date | null;
  result_received_at: Date | null;
  closed_at: Date | null;
  overdue_notified_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ReferralStatusChangeTable {
  id: Generated<string>;
  organization_id: string;
  referral_id: string;
  from_status: ReferralStatus | null;
  to_status: ReferralStatus;
  note: string | null;
  actor_label: string;
  at: Defaulted<Date>;
}

export interface ReferralTables {
  referrals: ReferralTable;
  referral_status_changes: ReferralStatusChangeTable;
}
