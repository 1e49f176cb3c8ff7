import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as fhir4 from 'fhir/r4.js';
import { addClinic, apiToken, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { validateFhir } from './fhir-validator.js';

let clinic: TestClinic;
let admin: Client;
let other: Client;
let patientId: string;

const outcome = (body: string) => JSON.parse(body) as fhir4.OperationOutcome;

beforeAll(async () => {
  clinic = await startClinic();
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  const second = await addClinic(clinic.careloop, 'northside');
  other = tokenClient(clinic.careloop, await apiToken(clinic.careloop, second.organizationId));
  const created = await admin.request('POST', '/api/patients', {
    givenName: 'Ana', familyName: 'Ramírez', dateOfBirth: '1980-04-12', sex: 'female', language: 'es',
    contactPoints: [{ kind: 'phone', value: '+1 617 555 0100', label: 'mobile' }, { kind: 'email', value: 'ana@example.org' }],
  });
  patientId = created.json<{ id: string }>().id;
});
afterAll(async () => clinic?.close());

describe('FHIR plumbing', () => {
  it('serves the CapabilityStatement without a token, as application/fhir+json', async () => {
    const response = await clinic.careloop.app.inject({ method: 'GET', url: '/fhir/metadata' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const statement = response.json<fhir4.CapabilityStatement>();
    expect(statement.fhirVersion).toBe('4.0.1');
    expect(validateFhir(statement)).toEqual([]);
  });

  it('reads a Patient that validates', async () => {
    const response = await admin.request('GET', `/fhir/Patient/${patientId}`);
    expect(response.statusCode).toBe(200);
    const patient = response.json<fhir4.Patient>();
    expect(patient.birthDate).toBe('1980-04-12');
    expect(validateFhir(patient)).toEqual([]);
  });

  it('answers another clinic\'s patient id with a 404 OperationOutcome', async () => {
    const response = await other.request('GET', `/fhir/Patient/${patientId}`);
    expect(response.statusCode).toBe(404);
    expect(outcome(response.body).issue[0]?.code).toBe('not-found');
  });

  it('answers a missing token with a 401 OperationOutcome', async () => {
    const response = await clinic.careloop.app.inject({ method: 'GET', url: `/fhir/Patient/${patientId}` });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(outcome(response.body).issue[0]?.code).toBe('login');
  });

  it('answers an unknown type with a 404 OperationOutcome', async () => {
    const response = await admin.request('GET', '/fhir/Observation/123');
    expect(response.statusCode).toBe(404);
    expect(outcome(response.body).resourceType).toBe('OperationOutcome');
  });
});
