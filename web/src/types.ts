// The shapes the Careloop API answers with (see src/modules/*/schemas.ts on the server).

// The patient shapes are the API's own (TypeBox schemas on the server): imported as types only,
// so nothing of the server reaches the browser bundle, and the two cannot drift apart.
import type { PatientSummary } from '../../src/modules/patients/schemas.js';
export type { Address, ContactPoint, Patient, PatientSummary } from '../../src/modules/patients/schemas.js';

export type { Permission } from '../../src/platform/permissions.js';

export type RoleName = 'admin' | 'agent' | 'clinician' | 'quality_manager' | 'viewer';

export interface SessionInfo {
  user: { id: string; email: string; displayName: string; role: RoleName; organizationId: string; organizationName: string };
  permissions: string[];
  csrfToken: string;
  expiresAt: string;
}

export type Sex = 'female' | 'male' | 'other' | 'unknown';
export type Channel = 'sms' | 'email' | 'phone' | 'none';
export type ContactKind = 'phone' | 'email';
export type ContactLabel = 'mobile' | 'home' | 'work' | 'other';

export interface ContactPointInput {
  kind: ContactKind;
  value: string;
  label?: ContactLabel;
  isPrimary?: boolean;
  consentCare?: boolean;
  consentMarketing?: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  /** More matches exist than were counted (the server counts up to 250). */
  totalIsCapped?: boolean;
  limit: number;
  offset: number;
}

export interface DuplicateCandidate {
  patient: PatientSummary;
  score: number;
  reasons: { code: string; label: string; weight: number }[];
}

export interface TimelineEntry {
  id: string;
  type: string;
  summary: string;
  actor: string | null;
  at: string;
  data: Record<string, unknown>;
}

export interface AccessEntry {
  at: string;
  actorType: string;
  actorId: string | null;
  actor: string;
  action: string;
  entity: string;
  patientId: string | null;
  source: string;
}

export interface PatientImport {
  id: string;
  fileName: string | null;
  status: 'queued' | 'running' | 'done' | 'failed';
  totalRows: number;
  processedRows: number;
  createdRows: number;
  failedRows: number;
  errors: { row: number; field: string | null; message: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface Department {
  id: string;
  name: string;
  description: string | null;
  /** Receives the recovery cases of the department's unhappy patients. */
  ownerId: string | null;
  archived: boolean;
  createdAt: string;
}

export interface Staff {
  id: string;
  email: string;
  displayName: string;
  role: RoleName;
  departmentId: string | null;
  active: boolean;
  locked: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface RoleInfo {
  name: RoleName;
  label: string;
  permissions: string[];
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  role: RoleName;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

// The inbox shapes are the API's own too (type-only: the schemas never reach the browser bundle).
import type { Static } from '@sinclair/typebox';
import type { ConversationList as ConversationListSchema } from '../../src/modules/inbox/schemas.js';
export type { ConversationDetail, ConversationSummary, Message as InboxMessage, NewReply, NewNote, ConversationChanges } from '../../src/modules/inbox/schemas.js';
export type ConversationList = Static<typeof ConversationListSchema>;
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved' | 'merged';
export type InboxChannel = 'sms' | 'email' | 'chat' | 'voice' | 'portal';
export type InboxPriority = 'low' | 'normal' | 'high' | 'urgent';

/** A colleague who can be assigned or @mentioned. */
export interface Agent {
  id: string;
  displayName: string;
  departmentId: string | null;
  /** Seen in the inbox within the last 90 seconds (unknown where the server does not say). */
  online?: boolean;
}

/** A prepared answer; inserting it fills the variables ({{patient.firstName}}) for one conversation. */
export interface CannedReply {
  id: string;
  title: string;
  body: string;
}
