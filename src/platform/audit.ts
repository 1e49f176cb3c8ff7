import type { Actor } from './permissions.js';

/** One access to or change of patient data. */
export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  patientId: string | null;
  details?: Record<string, unknown>;
}

/** The audit trail as the rest of the server sees it; the audit module implements it. */
export interface AuditTrail {
  /** Resolves once the entries are durably written (batched with concurrent callers). */
  record(actor: Actor, entries: AuditEntry[]): Promise<void>;
  close(): Promise<void>;
}
