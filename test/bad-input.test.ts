import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClinic, apiToken, errorOf, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

let clinic: TestClinic;
let api: Client;
const countPatients = async () => Number((await clinic.careloop.platform.db.selectFrom('patients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const valid = { givenName: 'Irene', familyName: 'Adler', dateOfBirth: '1980-05-05' };

beforeAll(async () => {
  clinic = await startClinic({ env: { BODY_LIMIT_BYTES: '65536' } });
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
});
afterAll(async () => { await clinic?.close(); });

function expectErrorShape(response: { statusCode: number; json(): unknown }, status: number, code: string) {
  expect(response.statusCode).toBe(status);
  const body = response.json() as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
}

describe('bad input gets a clear 4xx in the one error shape and writes nothing', () => {
  it('malformed JSON', async () => {
    const response = await clinic.careloop.app.inject({ method: 'POST', url: '/api/patients', headers: { authorization: `Bearer ${await apiToken(clinic.careloop, clinic.organizationId)}`, 'content-type': 'application/json' }, payload: '{"givenName": "Irene",' });
    expectErrorShape(response, 400, 'malformed_json');
  });

  it('wrong types are not coerced', async () => {
    const response = await api.request('POST', '/api/patients', { ...valid, givenName: 42, tags: 'vip' });
    expectErrorShape(response, 400, 'invalid_request');
    const fields = (errorOf(response).details as { fields: { field: string }[] }).fields.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['body.givenName', 'body.tags']));
  });

  it('unknown fields are refused, not silently dropped', async () => {
    const response = await api.request('POST', '/api/patients', { ...valid, ssn: '123-45-6789' });
    expectErrorShape(response, 400, 'invalid_request');
    expect(errorOf(response).message).toContain('body.ssn: is not a known field');
  });

  it('oversized bodies', async () => {
    const response = await api.request('POST', '/api/patients', { ...valid, preferredName: 'x'.repeat(70_000) });
    expectErrorShape(response, 413, 'body_too_large');
  });

  it('invalid phone numbers and e-mails, reported by position, with nothing written', async () => {
    const before = await countPatients();
    const response = await api.request('POST', '/api/patients', { ...valid, contactPoints: [{ kind: 'phone', value: '+1 555' }, { kind: 'email', value: 'irene@' }] });
    expectErrorShape(response, 400, 'invalid_request');
    expect((errorOf(response).details as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['contactPoints.0.value', 'contactPoints.1.value']);
    expect(await countPatients()).toBe(before);
  });

  it('impossible, future and ancient dates of birth', async () => {
    for (const dateOfBirth of ['2023-02-30', '1980-13-01', '05/05/1980', '2999-01-01', '1850-01-01', '']) {
      const response = await api.request('POST', '/api/patients', { ...valid, dateOfBirth });
      expectErrorShape(response, 400, 'invalid_request');
    }
  });

  it('SQL and HTML injection in names and addresses', async () => {
    const before = await countPatients();
    for (const givenName of ["Robert'); DROP TABLE patients;--", '<img src=x onerror=alert(1)>', 'Irene<script>']) {
      expectErrorShape(await api.request('POST', '/api/patients', { ...valid, givenName }), 400, 'invalid_request');
    }
    expectErrorShape(await api.request('POST', '/api/patients', { ...valid, address: { line1: '<b>1 Main St</b>' } }), 400, 'invalid_request');
    expect(await countPatients()).toBe(before);
    // Apostrophes and accents are real names, not attacks.
    expect((await api.request('POST', '/api/patients', { ...valid, givenName: "D'Arcy Zoë" })).statusCode).toBe(201);
  });

  it('ids that are not ids, and ids that do not exist', async () => {
    expectErrorShape(await api.request('GET', '/api/patients/1%20or%201=1'), 400, 'invalid_request');
    expectErrorShape(await api.request('GET', '/api/patients/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    expectErrorShape(await api.request('GET', '/api/no-such-thing'), 404, 'route_not_found');
  });

  it('an empty change and out-of-range paging', async () => {
    const patient = (await api.request('POST', '/api/patients', { givenName: 'Empty', familyName: 'Change', dateOfBirth: '1970-01-01' })).json<{ id: string }>();
    expectErrorShape(await api.request('PATCH', `/api/patients/${patient.id}`, {}), 400, 'invalid_request');
    expectErrorShape(await api.request('GET', '/api/patients?limit=1000'), 400, 'invalid_request');
    expectErrorShape(await api.request('GET', '/api/patients?offset=-1'), 400, 'invalid_request');
  });

  it("another tenant's patient ids: not found, never leaked, never changed", async () => {
    const other = await addClinic(clinic.careloop, 'elsewhere');
    const theirs = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId));
    const secret = (await theirs.request('POST', '/api/patients', { givenName: 'Hidden', familyName: 'Person', dateOfBirth: '1950-01-01', contactPoints: [{ kind: 'phone', value: '+1 212 555 0177' }] })).json<{ id: string; mrn: string }>();

    for (const url of [`/api/patients/${secret.id}`, `/api/patients/${secret.id}/timeline`, `/api/patients/${secret.id}/duplicates`, `/api/patients/${secret.id}/access-log`]) {
      const response = await api.request('GET', url);
      expectErrorShape(response, 404, 'not_found');
      expect(response.body).not.toContain('Hidden');
    }
    expectErrorShape(await api.request('PATCH', `/api/patients/${secret.id}`, { givenName: 'Changed' }), 404, 'not_found');
    const ours = (await api.request('POST', '/api/patients', { givenName: 'Hidden', familyName: 'Person', dateOfBirth: '1950-01-01', contactPoints: [{ kind: 'phone', value: '+1 212 555 0177' }] }));
    expect(ours.statusCode).toBe(201); // their identical patient is not our duplicate
    expectErrorShape(await api.request('POST', `/api/patients/${ours.json<{ id: string }>().id}/merge`, { duplicateId: secret.id }), 404, 'not_found');
    for (const q of ['hidden', secret.mrn, '+12125550177']) {
      expect((await api.request('GET', `/api/patients?q=${encodeURIComponent(q)}`)).json<{ items: { id: string }[] }>().items.map((p) => p.id)).not.toContain(secret.id);
    }
    expect((await theirs.request('GET', `/api/patients/${secret.id}`)).json()).toMatchObject({ givenName: 'Hidden' });
  });

  it('impossible dates in the search box find no one instead of failing', async () => {
    for (const q of ['1990-13-45', '2020-02-30', '0000-01-01', '99/99/2020']) {
      const response = await api.request('GET', `/api/patients?q=${encodeURIComponent(q)}`);
      expect(response.statusCode).toBe(200);
      expect(response.json<{ total: number }>().total).toBe(0);
    }
  });

  it('the NUL character, anywhere, including the public sign-in', async () => {
    expectErrorShape(await api.request('GET', `/api/patients?q=${encodeURIComponent('ab\u0000c')}`), 400, 'invalid_request');
    expectErrorShape(await api.request('POST', '/api/patients', { ...valid, address: { line1: '1 Main\u0000St' } }), 400, 'invalid_request');
    expectErrorShape(await api.request('POST', '/api/departments', { name: 'Ward\u0000A' }), 400, 'invalid_request');
    const login = await clinic.careloop.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a\u0000@b.test', password: 'whatever' } });
    expectErrorShape(login, 400, 'invalid_request');
  });

  it('no session or a malformed Authorization header', async () => {
    expectErrorShape(await clinic.careloop.app.inject({ method: 'GET', url: '/api/patients' }), 401, 'unauthenticated');
    expectErrorShape(await clinic.careloop.app.inject({ method: 'GET', url: '/api/patients', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }), 401, 'unauthenticated');
    expectErrorShape(await clinic.careloop.app.inject({ method: 'GET', url: '/api/patients', headers: { cookie: 'careloop_session=forged' } }), 401, 'unauthenticated');
  });
});
