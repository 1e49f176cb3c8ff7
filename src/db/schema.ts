import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, Timestamp } from './columns.js';
import type { InboxTables } from './schema-inbox.js';
import type { SchedulingTables } from './schema-scheduling.js';
import type { FeedbackTables } from './schema-feedback.js';
import type { AnalyticsTables } from './schema-analytics.js';
import type { RecoveryTables } from './schema-recovery.js';
import type { ReferralTables } from './schema-referrals.js';
import type { TaskRuleTables } from './schema-task-rules.js';
import type { QualityTables } from './schema-quality.js';
import type { FmeaTables } from './schema-fmea.js';
import type { BroadcastTables } from './schema-broadcast.js';
import type { KnowledgeTables } from './schema-knowledge.js';
import type { AssistantTables } from './schema-assistant.js';
import type { WebhookTables } from './schema-webhooks.js';

/** Table types. Each module's store is the only code that reads or writes its own tables. */

export type Role = 'admin' | 'agent' | 'clinician' | 'quality_manager' | 'viewer';

export interface OrganizationTable {
  organization_id: Generated<string>;
  name: string;
  slug: string;
  time_zone: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface DepartmentTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  description: string | null;
  /** Who answers for the department (recovery cases go to them); migration 0005. */
  owner_id: string | null;
  archived_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface UserTable {
  id: Generated<string>;
  organization_id: string;
  email: string;
  display_name: string;
  role: Role;
  department_id: string | null;
  password_hash: string;
  active: boolean;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SessionTable {
  id: Generated<string>;
  organization_id: string;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Date;
  revoked_at: Date | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  token_prefix: string;
  token_hash: string;
  role: Role;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export interface LoginAttemptTable {
  id: Generated<string>;
  organization_id: string | null;
  ip: string;
  email: string;
  succeeded: boolean;
  created_at: CreatedAt;
}

export interface PatientAddress {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

export interface PatientTable {
  id: Generated<string>;
  organization_id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  language: string;
  preferred_channel: 'sms' | 'email' | 'phone' | 'none';
  address: Json<PatientAddress | null> | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  status: Generated<'active' | 'merged'>;
  replaced_by: string | null;
  search_name: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ContactPointTable {
  id: Generated<string>;
  organization_id: string;
  patient_id: string;
  kind: 'phone' | 'email';
  value: string;
  label: string | null;
  is_primary: boolean;
  consent_care: boolean;
  consent_marketing: boolean;
  consent_updated_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TimelineTable {
  id: Generated<string>;
  organization_id: string;
  patient_id: string;
  event_type: string;
  summary: string;
  actor_label: string | null;
  data: Json<Record<string, unknown>>;
  occurred_at: Date;
  created_at: CreatedAt;
}

export interface PatientImportTable {
  id: Generated<string>;
  organization_id: string;
  created_by: string;
  file_name: string | null;
  csv: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  created_rows: Generated<number>;
  failed_rows: Generated<number>;
  errors: Json<ImportRowError[]>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ImportRowError {
  row: number;
  field: string | null;
  message: string;
}

export interface AuditLogTable {
  id: Generated<string>;
  organization_id: string;
  seq: number;
  at: Date;
  actor_type: 'user' | 'token' | 'system' | 'automation';
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  patient_id: string | null;
  source: string;
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  organization_id: string;
  seq: number;
  hash: string;
}

export interface Database extends InboxTables, SchedulingTables, FeedbackTables, RecoveryTables, AnalyticsTables,
  ReferralTables, TaskRuleTables, QualityTables, FmeaTables, BroadcastTables, KnowledgeTables, AssistantTables, WebhookTables {
  organizations: OrganizationTable;
  departments: DepartmentTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_attempts: LoginAttemptTable;
  patients: PatientTable;
  patient_contact_points: ContactPointTable;
  patient_timeline: TimelineTable;
  patient_imports: PatientImportTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadTable;
}
