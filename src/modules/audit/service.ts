import type { Insertable, Kysely } from 'kysely';
import type { AuditLogTable, Database } from '../../db/schema.js';
import type { AuditEntry, AuditTrail } from '../../platform/audit.js';
import type { Actor } from '../../platform/permissions.js';
import { chainHash, GENESIS_HASH } from './chain.js';
import * as store from './store.js';

interface Pending {
  organizationId: string;
  rows: Omit<Insertable<AuditLogTable>, 'seq' | 'prev_hash' | 'hash'>[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The audit trail with group commit: entries from requests that arrive while a write is in
 * flight wait and go together in the next transaction. Every caller's promise resolves only
 * after its entries are committed, so batching never loses one.
 */
export function createAuditTrail(db: Kysely<Database>): AuditTrail {
  let queue: Pending[] = [];
  let flushing: Promise<void> | null = null;

  async function writeOrganization(organizationId: string, batch: Pending[]) {
    await db.transaction().execute(async (trx) => {
      const head = await store.lockChainHead(trx, organizationId);
      let seq = Number(head.seq);
      let hash = head.hash;
      const rows: Insertable<AuditLogTable>[] = [];
      for (const pending of batch) {
        for (const row of pending.rows) {
          seq += 1;
          const prevHash = hash;
          hash = chainHash(prevHash, {
            organizationId, seq, at: row.at as Date, actorType: row.actor_type, actorId: row.actor_id ?? null,
            actorLabel: row.actor_label, action: row.action, entityType: row.entity_type, entityId: row.entity_id ?? null,
            patientId: row.patient_id ?? null, source: row.source, details: JSON.parse(row.details as string),
          });
          rows.push({ ...row, seq, prev_hash: prevHash, hash });
        }
      }
      await store.appendEntries(trx, organizationId, rows, { seq, hash });
    });
  }

  async function flush() {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const byOrganization = new Map<string, Pending[]>();
      for (const pending of batch) byOrganization.set(pending.organizationId, [...(byOrganization.get(pending.organizationId) ?? []), pending]);
      await Promise.all([...byOrganization].map(async ([organizationId, pendings]) => {
        try {
          await writeOrganization(organizationId, pendings);
          for (const pending of pendings) pending.resolve();
        } catch (error) {
          for (const pending of pendings) pending.reject(error);
        }
      }));
    }
    flushing = null;
  }

  return {
    record(actor: Actor, entries: AuditEntry[]) {
      if (entries.length === 0) return Promise.resolve();
      const at = new Date();
      return new Promise<void>((resolve, reject) => {
        queue.push({
          organizationId: actor.organizationId,
          rows: entries.map((entry) => ({
            organization_id: actor.organizationId,
            at,
            actor_type: actor.type,
            actor_id: actor.id,
            actor_label: actor.label,
            action: entry.action,
            entity_type: entry.entityType,
            entity_id: entry.entityId,
            patient_id: entry.patientId,
            source: actor.source,
            details: JSON.stringify(entry.details ?? {}),
          })),
          resolve,
          reject,
        });
        flushing ??= flush();
      });
    },
    async close() {
      await flushing;
    },
  };
}

export interface ChainReport {
  organizationId: string;
  entries: number;
  ok: boolean;
  firstBroken?: { seq: number; id: string; reason: string };
}

/** Recomputes an organization's chain from the start; names the first entry that does not fit. */
export async function verifyChain(db: Kysely<Database>, organizationId: string): Promise<ChainReport> {
  let previousSeq = 0;
  let previousHash = GENESIS_HASH;
  let entries = 0;
  for (;;) {
    const page = await store.readChainPage(db, organizationId, previousSeq, 5000);
    for (const row of page) {
      const seq = Number(row.seq);
      const broken = (reason: string): ChainReport => ({ organizationId, entries, ok: false, firstBroken: { seq, id: String(row.id), reason } });
      if (seq !== previousSeq + 1) return broken(`entry ${previousSeq + 1} is missing`);
      if (row.prev_hash !== previousHash) return broken('prev_hash does not match the previous entry');
      const expected = chainHash(previousHash, {
        organizationId, seq, at: row.at, actorType: row.actor_type, actorId: row.actor_id, actorLabel: row.actor_label,
        action: row.action, entityType: row.entity_type, entityId: row.entity_id, patientId: row.patient_id,
        source: row.source, details: row.details,
      });
      if (expected !== row.hash) return broken('the entry was altered: its hash does not match its contents');
      previousSeq = seq;
      previousHash = row.hash;
      entries += 1;
    }
    if (page.length < 5000) break;
  }
  const head = await store.findChainHead(db, organizationId);
  if (!head && entries > 0) return { organizationId, entries, ok: false, firstBroken: { seq: previousSeq, id: '', reason: 'the chain head is missing' } };
  if (head && Number(head.seq) !== previousSeq) {
    return { organizationId, entries, ok: false, firstBroken: { seq: previousSeq + 1, id: '', reason: `entries ${previousSeq + 1}..${head.seq} are missing` } };
  }
  return { organizationId, entries, ok: true };
}

export async function verifyAllChains(db: Kysely<Database>): Promise<ChainReport[]> {
  const organizations = await store.listChainOrganizations(db);
  const reports: ChainReport[] = [];
  for (const { organization_id } of organizations) reports.push(await verifyChain(db, organization_id));
  return reports;
}

/** Who read or changed a patient's data, newest first (includes records merged into it). */
export const listPatientAccess = (db: Kysely<Database>, actor: Actor, patientIds: string[], limit: number, offset: number) =>
  store.listPatientAccess(db, actor.organizationId, patientIds, limit, offset);

/** The organization's audit entries by id, patient, action and time, newest first (for the FHIR AuditEvent search). */
export const searchAuditEntries = (db: Kysely<Database>, actor: Actor, filter: store.EntryFilter, limit: number, offset: number) =>
  store.searchEntries(db, actor.organizationId, filter, limit, offset);
