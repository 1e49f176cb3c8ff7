import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Defaulted, Timestamp } from './columns.js';

/** Table types of migration 0010_fmea. */
export type FmeaWorksheetStatus = 'draft' | 'in_review' | 'completed' | 'archived';
export type FmeaActionStatus = 'planned' | 'in_progress' | 'completed' | 'cancelled';
type TextArray = ColumnType<string[], string[] | undefined, string[]>;
/** Computed by the database (a generated column): read only. */
type Computed<T> = ColumnType<T, never, never>;
/** A `date` column: travels as YYYY-MM-DD text. */
type DateText = ColumnType<string, string, string>;

export interface FmeaWorksheetTable {
  id: Generated<string>;
  organization_id: string;
  title: string;
  process: Defaulted<string>;
  scope: Defaulted<string>;
  team: TextArray;
  status: Defaulted<FmeaWorksheetStatus>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface FmeaStepTable {
  id: Generated<string>;
  organization_id: string;
  worksheet_id: string;
  position: number;
  name: string;
  description: Defaulted<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface FmeaFailureModeTable {
  id: Generated<string>;
  organization_id: string;
  worksheet_id: string;
  step_id: string;
  failure_mode: string;
  effect: Defaulted<string>;
  cause: Defaulted<string>;
  current_controls: Defaulted<string>;
  severity: number;
  occurrence: number;
  detection: number;
  rpn: Computed<number>;
  recommended_action: string | null;
  action_owner_id: string | null;
  action_due_on: DateText | null;
  action_status: FmeaActionStatus | null;
  action_taken: string | null;
  action_completed_at: Date | null;
  severity_after: number | null;
  occurrence_after: number | null;
  detection_after: number | null;
  rpn_after: Computed<number | null>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface FmeaTables {
  fmea_worksheets: FmeaWorksheetTable;
  fmea_steps: FmeaStepTable;
  fmea_failure_modes: FmeaFailureModeTable;
}
