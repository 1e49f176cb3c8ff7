import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, startClinic, tokenClient, type TestClinic } from './harness.js';

const lines: string[] = [];
let clinic: TestClinic;
beforeAll(async () => {
  clinic = await startClinic({ env: { LOG_LEVEL: 'info' }, logStream: { write: (line) => { lines.push(line); } } });
});
afterAll(async () => { await clinic?.close(); });

describe('request logging', () => {
  it('logs one line per request with the route pattern and status, and no patient data', async () => {
    const api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    const created = await api.request('POST', '/api/patients', {
      givenName: 'Esperanza', familyName: 'Quiñones', dateOfBirth: '1948-08-08', contactPoints: [{ kind: 'phone', value: '+1 718 555 0188' }],
    });
    const id = created.json<{ id: string }>().id;
    await api.request('GET', `/api/patients?q=${encodeURIComponent('Quiñones')}`);
    await api.request('GET', '/api/patients?q=17185550188');
    await api.request('GET', `/api/patients/${id}`);
    await api.request('POST', '/api/patients', { givenName: 'Esperanza', familyName: 'Quiñones', dateOfBirth: 'not a date' });

    const requests = lines.map((line) => JSON.parse(line) as { msg: string; route?: string; status?: number; method?: string })
      .filter((entry) => entry.msg === 'request');
    expect(requests.map((r) => `${r.method} ${r.route} ${r.status}`)).toEqual([
      'POST /api/patients 201', 'GET /api/patients 200', 'GET /api/patients 200', 'GET /api/patients/:id 200', 'POST /api/patients 400',
    ]);
    const everything = lines.join('\n');
    for (const secret of ['Esperanza', 'Quiñones', 'Qui\\u00f1ones', '1948-08-08', '5550188', id]) expect(everything).not.toContain(secret);
  });
});
