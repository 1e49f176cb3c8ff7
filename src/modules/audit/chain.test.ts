import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, GENESIS_HASH, type ChainedFields } from './chain.js';

const entry: ChainedFields = {
  organizationId: 'org', seq: 1, at: new Date('2026-11-23T10:00:00.123Z'), actorType: 'user', actorId: 'u1', actorLabel: 'Ana',
  action: 'read', entityType: 'patient', entityId: 'p1', patientId: 'p1', source: 'web', details: { b: 1, a: [2, { d: 3, c: 4 }] },
};

describe('the audit hash chain', () => {
  it('reads the same JSON whatever the key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe(canonicalJson({ a: { c: 2, d: 1 }, b: 1 }));
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });

  it('changes when any field or the previous hash changes', () => {
    const hash = chainHash(GENESIS_HASH, entry);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { ...entry })).toBe(hash);
    expect(chainHash(GENESIS_HASH, { ...entry, actorLabel: 'Someone else' })).not.toBe(hash);
    expect(chainHash(GENESIS_HASH, { ...entry, at: new Date('2026-11-23T10:00:00.124Z') })).not.toBe(hash);
    expect(chainHash('f'.repeat(64), entry)).not.toBe(hash);
  });
});
