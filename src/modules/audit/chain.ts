import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  organizationId: string;
  seq: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  patientId: string | null;
  source: string;
  details: unknown;
}

/** JSON with object keys sorted, so a value reads the same after a round trip through jsonb. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Each entry's hash covers its own fields and the previous entry's hash. */
export function chainHash(prevHash: string, entry: ChainedFields): string {
  const fields = [
    entry.organizationId, entry.seq, entry.at.toISOString(), entry.actorType, entry.actorId, entry.actorLabel,
    entry.action, entry.entityType, entry.entityId, entry.patientId, entry.source, entry.details,
  ];
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}
