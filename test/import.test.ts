import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, cliDatabase, errorOf, runCli, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

const mixed = readFileSync('test/fixtures/patients-mixed.csv');
const latin1 = readFileSync('test/fixtures/patients-latin1.csv');

interface ImportStatus {
  id: string; status: string; totalRows: number; processedRows: number; createdRows: number; failedRows: number;
  errors: { row: number; field: string | null; message: string }[];
}

let clinic: TestClinic;
let api: Client;
beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'agent'));
});
afterAll(async () => { await clinic?.close(); });

const upload = (body: Buffer | string, contentType = 'text/csv') =>
  api.request('POST', '/api/patient-imports?fileName=patients.csv', body, { 'content-type': contentType });

/** Waits for the import job (pg-boss worker) to finish, by polling the import's status. */
async function finished(id: string): Promise<ImportStatus> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const status = (await api.request('GET', `/api/patient-imports/${id}`)).json<ImportStatus>();
    if (status.status === 'done' || status.status === 'failed') return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the import did not finish');
}

describe('importing patients from a CSV through the API', () => {
  it('keeps the good rows and reports each bad row with its reason', async () => {
    const accepted = await upload(mixed);
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json<ImportStatus>().status).toBe('queued');
    const result = await finished(accepted.json<ImportStatus>().id);
    expect(result).toMatchObject({ status: 'done', totalRows: 9, processedRows: 9, createdRows: 4, failedRows: 5 });
    const byRow = Object.fromEntries(result.errors.map((e) => [e.row, e]));
    expect(Object.keys(byRow).map(Number)).toEqual([4, 5, 7, 8, 9]);
    expect(byRow[4]).toMatchObject({ field: 'contactPoints.0.value', message: expect.stringContaining('phone') });
    expect(byRow[5]!.message).toContain('future');
    expect(byRow[7]!.message).toContain('columns');
    expect(byRow[8]).toMatchObject({ field: 'givenName', message: 'must be letters, with spaces, apostrophes, hyphens or periods' });
    expect(byRow[9]!.message).toContain('R-001');

    const found = (await api.request('GET', '/api/patients?q=ramirez')).json<{ items: { mrn: string; dateOfBirth: string }[] }>().items;
    expect(found).toEqual([expect.objectContaining({ mrn: 'R-002', dateOfBirth: '1965-08-23' })]);
    const quoted = (await api.request('GET', '/api/patients?q=R-005')).json<{ items: { id: string; givenName: string }[] }>().items;
    expect(quoted[0]!.givenName).toBe('Mary Ann');
    const detail = (await api.request('GET', `/api/patients/${quoted[0]!.id}`)).json<{ address: { city: string } }>();
    expect(detail.address.city).toBe('Atlanta, Midtown');
  });

  it('refuses a file that is not UTF-8, an unknown column, a missing column and a wrong content type, creating nothing', async () => {
    const before = (await api.request('GET', '/api/patients?limit=1')).json<{ total: number }>().total;
    expect(errorOf(await upload(latin1)).code).toBe('invalid_encoding');
    expect(errorOf(await upload('First Name,Last Name,DOB,Blood Type\nA,B,1990-01-01,O+\n'))).toMatchObject({ code: 'invalid_csv', message: expect.stringContaining('Blood Type') });
    expect(errorOf(await upload('First Name,DOB\nA,1990-01-01\n'))).toMatchObject({ code: 'invalid_csv', message: expect.stringContaining('familyName') });
    expect(errorOf(await upload('')).code).toBe('invalid_csv');
    expect((await upload(JSON.stringify({ rows: [] }), 'application/json')).statusCode).toBe(415);
    expect((await api.request('GET', '/api/patients?limit=1')).json<{ total: number }>().total).toBe(before);
  });

  it('a viewer may not import', async () => {
    const viewer = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'viewer'));
    expect((await viewer.request('POST', '/api/patient-imports', mixed, { 'content-type': 'text/csv' })).statusCode).toBe(403);
  });
});

describe('importing patients with the CLI', () => {
  it('shows progress, prints the per-row report and keeps the good rows', async () => {
    const database = await cliDatabase();
    try {
      expect((await runCli(['seed', '--demo'], database.env)).code).toBe(0);
      const result = await runCli(['import', 'patients', 'test/fixtures/patients-mixed.csv', '--org', 'riverside'], database.env);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('100% 9/9 rows');
      expect(result.stdout).toContain('Imported 4 of 9 rows; 5 rows had errors.');
      expect(result.stdout).toMatch(/row 4 \(contactPoints\.0\.value\): .*phone/);

      const wrongEncoding = await runCli(['import', 'patients', 'test/fixtures/patients-latin1.csv', '--org', 'riverside'], database.env);
      expect(wrongEncoding.code).toBe(1);
      expect(wrongEncoding.stderr).toContain('not UTF-8');
      const noOrg = await runCli(['import', 'patients', 'test/fixtures/patients-mixed.csv', '--org', 'nowhere'], database.env);
      expect(noOrg.code).toBe(1);
      expect(noOrg.stderr).toContain('no organization with slug "nowhere"');
    } finally {
      await database.drop();
    }
  }, 180_000);
});
