import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Defaulted, Timestamp } from './columns.js';

/** Table types of recovery cases (migration 0005). */
export type RecoveryReason = 'nps_detractor' | 'csat_low' | 'complaint_words';
export type RecoveryOutcome = 'resolved' | 'escalated' | 'no_contact';
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface RecoveryCaseTable {
  id: Generated<string>;
  organization_id: string;
  patient_id: string;
  response_id: string;
  department_id: string | null;
  owner_id: string | null;
  reasons: TextArray;
  status: Defaulted<'open' | 'closed'>;
  due_at: Date;
  task_id: string | null;
  outcome: RecoveryOutcome | null;
  outcome_note: string | null;
  resurvey_invitation_id: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface RecoveryTables {
  recovery_cases: RecoveryCaseTable;
}
