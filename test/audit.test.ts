import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import type { Database } from '../src/db/schema.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, cliDatabase, runCli, sessionClient, startClinic, type TestClinic } from './harness.js';

let clinic: TestClinic;
beforeAll(async () => { clinic = await startClinic(); });
afterAll(async () => { await clinic?.close(); });

interface Access { actor: string; action: string; entity: string; patientId: string | null; source: string; actorType: string }

describe('the audit trail', () => {
  it('records every read and write of a patient; staff with audit:read see who accessed the patient', async () => {
    const agentEmail = await addStaff(clinic.careloop, clinic.organizationId, 'agent');
    const agent = await sessionClient(clinic.careloop, agentEmail);
    const patient = (await agent.request('POST', '/api/patients', { givenName: 'Olga', familyName: 'Petrova', dateOfBirth: '1945-02-02' })).json<{ id: string }>();
    await agent.request('GET', `/api/patients/${patient.id}`);
    await agent.request('PATCH', `/api/patients/${patient.id}`, { language: 'es' });
    await agent.request('GET', '/api/patients?q=petrova');
    await agent.request('GET', `/api/patients/${patient.id}/timeline`);

    const quality = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'quality_manager'));
    const log = await quality.request('GET', `/api/patients/${patient.id}/access-log`);
    expect(log.statusCode).toBe(200);
    const items = log.json<{ items: Access[]; total: number }>().items;
    expect(items.map((i) => i.action)).toEqual(['read', 'search', 'update', 'read', 'create']);
    expect(new Set(items.map((i) => i.actor))).toEqual(new Set(['agent person']));
    expect(items.every((i) => i.source === 'web' && i.actorType === 'user' && i.patientId === patient.id)).toBe(true);

    expect((await agent.request('GET', `/api/patients/${patient.id}/access-log`)).statusCode).toBe(403);
  });

  it('is append-only: the database refuses to change, delete or truncate entries, or to remove a chain head', async () => {
    const { db } = clinic.careloop.platform;
    await expect(db.updateTable('audit_log').set({ action: 'nothing' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_heads').execute()).rejects.toThrow(/append-only/);
  });

  it("audits a duplicate warning as a read of the matching patients' records", async () => {
    const admin = await sessionClient(clinic.careloop, clinic.adminEmail);
    const maria = (await admin.request('POST', '/api/patients', { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1984-03-02', contactPoints: [{ kind: 'phone', value: '+1 617 555 0142' }] })).json<{ id: string }>();
    const refused = await admin.request('POST', '/api/patients', { givenName: 'Mary', familyName: 'Lopez', dateOfBirth: '1984-03-02', contactPoints: [{ kind: 'phone', value: '+1 617 555 0142' }] });
    expect(refused.statusCode).toBe(409);
    const log = (await admin.request('GET', `/api/patients/${maria.id}/access-log`)).json<{ items: Access[] }>().items;
    expect(log.map((entry) => `${entry.action} ${entry.entity}`)).toEqual(['read patient_duplicates', 'create patient']);
  });

  it('does not lose entries under concurrent requests, and the chain stays intact', async () => {
    const admin = await sessionClient(clinic.careloop, clinic.adminEmail);
    const patient = (await admin.request('POST', '/api/patients', { givenName: 'Concurrent', familyName: 'Reader', dateOfBirth: '1960-06-06' })).json<{ id: string }>();
    const responses = await Promise.all(Array.from({ length: 60 }, () => admin.request('GET', `/api/patients/${patient.id}`)));
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    const log = (await admin.request('GET', `/api/patients/${patient.id}/access-log?limit=100`)).json<{ total: number }>();
    expect(log.total).toBe(61);
    const verify = (await admin.request('GET', '/api/audit/verify')).json<{ ok: boolean; entries: number }>();
    expect(verify.ok).toBe(true);
    expect(verify.entries).toBeGreaterThan(61);
  });
});

describe('careloop audit verify', () => {
  it('says the chain is intact, then names the first broken link after tampering', async () => {
    const database = await cliDatabase();
    try {
      expect((await runCli(['seed', '--demo'], database.env)).code).toBe(0);
      const imported = await runCli(['import', 'patients', 'test/fixtures/patients-mixed.csv', '--org', 'riverside'], database.env);
      expect(imported.code).toBe(0);
      const intact = await runCli(['audit', 'verify'], database.env);
      expect(intact.code).toBe(0);
      // The demo's three survey answers given by link (3 entries) and the import (4).
      expect(intact.stdout).toMatch(/7 entries, chain intact/);

      // Tamper as a database superuser would: bypass the append-only trigger and rewrite one entry.
      await tamper(database.env, async (db) => {
        await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
        await sql`update audit_log set actor_label = 'someone else' where seq = 3`.execute(db);
      });
      const broken = await runCli(['audit', 'verify'], database.env);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toMatch(/BROKEN at entry 3 \(id \d+\): the entry was altered/);

      await tamper(database.env, async (db) => { await sql`delete from audit_log where seq = 2`.execute(db); });
      const gap = await runCli(['audit', 'verify'], database.env);
      expect(gap.stdout).toMatch(/BROKEN at entry 3 .*: entry 2 is missing/);
    } finally {
      await database.drop();
    }
  }, 240_000);
});

async function tamper(env: Record<string, string>, change: (db: Kysely<Database>) => Promise<void>) {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR ?? 'memory://' });
  try {
    await change(database.db);
  } finally {
    await database.close();
  }
}
