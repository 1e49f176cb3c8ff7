import type { Generated } from 'kysely';
import type { CreatedAt, Defaulted, Timestamp } from './columns.js';

/** Table types of migration 0009_quality: incidents, their analysis and their corrective and preventive actions. */
export const HARM_LEVELS = ['near_miss', 'none', 'mild', 'moderate', 'severe', 'death'] as const;
export type HarmLevel = (typeof HARM_LEVELS)[number];
export const INCIDENT_CATEGORIES = [
  'medication', 'fall', 'patient_identification', 'diagnostic_test', 'treatment_procedure', 'infection',
  'equipment', 'communication', 'access_scheduling', 'privacy', 'behaviour_security', 'facility', 'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export const INCIDENT_STATUSES = ['reported', 'under_review', 'investigating', 'actions_open', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_SOURCES = ['staff', 'complaint', 'recovery_case'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];
export const FISHBONE_CATEGORIES = ['people', 'process', 'equipment', 'environment', 'communication', 'policy'] as const;
export type FishboneCategory = (typeof FISHBONE_CATEGORIES)[number];
export const CAPA_KINDS = ['corrective', 'preventive'] as const;
export type CapaKind = (typeof CAPA_KINDS)[number];
export const CAPA_STATUSES = ['open', 'completed', 'effective', 'not_effective', 'cancelled'] as const;
export type CapaStatus = (typeof CAPA_STATUSES)[number];

export interface IncidentTable {
  id: Generated<string>;
  organization_id: string;
  number: number;
  title: string;
  description: string;
  occurred_at: Date;
  location_id: string | null;
  department_id: string | null;
  category: IncidentCategory;
  harm_level: HarmLevel;
  patient_id: string | null;
  immediate_actions: string | null;
  source: IncidentSource;
  source_id: string | null;
  anonymous: Defaulted<boolean>;
  reporter_id: string | null;
  reporter_label: string | null;
  status: Defaulted<IncidentStatus>;
  status_note: string | null;
  closed_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface IncidentAnalysisTable {
  incident_id: string;
  organization_id: string;
  problem_statement: string | null;
  root_cause: string | null;
  completed_at: Date | null;
  updated_by_label: string;
  updated_at: Timestamp;
}

export interface IncidentAnalysisEntryTable {
  id: Generated<string>;
  organization_id: string;
  incident_id: string;
  kind: 'why' | 'cause' | 'factor';
  position: number;
  category: FishboneCategory | null;
  text: string;
}

export interface CapaActionTable {
  id: Generated<string>;
  organization_id: string;
  incident_id: string;
  kind: CapaKind;
  title: string;
  description: string | null;
  owner_id: string;
  /** The due date as entered (YYYY-MM-DD); due_at is the end of that day in the clinic's time zone. */
  due_date: string;
  due_at: Date;
  status: Defaulted<CapaStatus>;
  completed_at: Date | null;
  completed_by_label: string | null;
  completion_note: string | null;
  verified_at: Date | null;
  verified_by_label: string | null;
  verification_note: string | null;
  reopened_count: Defaulted<number>;
  replaces_action_id: string | null;
  overdue_notified_at: Date | null;
  created_by_label: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface QualityTables {
  incidents: IncidentTable;
  incident_analyses: IncidentAnalysisTable;
  incident_analysis_entries: IncidentAnalysisEntryTable;
  capa_actions: CapaActionTable;
}
