import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as fhir4 from 'fhir/r4.js';
import { apiToken, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { buildFhirClinic, type FhirClinic } from './fhir-fixture.js';
import { validateFhir } from './fhir-validator.js';

const TYPES = ['Patient', 'Practitioner', 'PractitionerRole', 'Location', 'HealthcareService', 'Schedule', 'Slot', 'Appointment',
  'Questionnaire', 'QuestionnaireResponse', 'Communication', 'ServiceRequest', 'Task', 'AuditEvent'] as const;

let clinic: TestClinic;
let api: Client;
let data: FhirClinic;

beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  data = await buildFhirClinic(clinic.careloop, clinic.organizationId, api);
}, 120_000);
afterAll(async () => clinic?.close());

async function get<T>(url: string, status = 200): Promise<T> {
  const response = await api.request('GET', url);
  expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
  return response.json<T>();
}

const valid = (resource: unknown, what: string) => expect(validateFhir(resource), what).toEqual([]);

describe('every resource Careloop emits validates against the FHIR R4 schema', () => {
  it('the validator itself refuses an empty string, a wrong type and an unknown field', () => {
    expect(validateFhir({ resourceType: 'Patient', id: 'p1', birthDate: '1980-04-12' })).toEqual([]);
    expect(validateFhir({ resourceType: 'Patient', birthDate: '' }).length).toBeGreaterThan(0);
    expect(validateFhir({ resourceType: 'Patient', gender: 'f' }).length).toBeGreaterThan(0);
    expect(validateFhir({ resourceType: 'Patient', active: 'yes' }).length).toBeGreaterThan(0);
    expect(validateFhir({ resourceType: 'Patient', nickname: 'Ana' }).length).toBeGreaterThan(0);
    expect(validateFhir({ resourceType: 'Appointment', status: 'confirmed', participant: [{ status: 'accepted' }] }).length).toBeGreaterThan(0);
    expect(validateFhir({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Patient', telecom: [{ value: '' }] } }] }).length).toBeGreaterThan(0);
  });

  it('the CapabilityStatement', async () => {
    valid(await get<fhir4.CapabilityStatement>('/fhir/metadata'), 'CapabilityStatement');
  });

  for (const type of TYPES) {
    it(`${type}: the search Bundle, every entry, and every entry read by id`, async () => {
      const query = type === 'Slot' ? `?start=ge${data.day}&start=lt${data.day}T23:59${data.offset}&_count=100` : '?_count=100';
      const bundle = await get<fhir4.Bundle>(`/fhir/${type}${query}`);
      valid(bundle, `${type} search Bundle`);
      const resources = (bundle.entry ?? []).map((e) => e.resource!).filter((r) => r.resourceType === type);
      expect(resources.length, `${type} has data to validate`).toBeGreaterThan(0);
      // Slots: both free and busy; read back a few of each rather than every free minute.
      const toRead = type === 'Slot'
        ? [...resources.filter((s) => (s as fhir4.Slot).status === 'busy'), ...resources.filter((s) => (s as fhir4.Slot).status === 'free').slice(0, 3)]
        : resources;
      for (const resource of toRead) {
        valid(resource, `${type}/${resource.id} in the Bundle`);
        const read = await get<fhir4.FhirResource>(`/fhir/${type}/${resource.id}`);
        valid(read, `${type}/${resource.id} read`);
        expect(read).toEqual(resource);
      }
    });
  }

  it('Slot: free and busy times both appear', async () => {
    const bundle = await get<fhir4.Bundle>(`/fhir/Slot?start=ge${data.day}&start=lt${data.day}T23:59${data.offset}&_count=100`);
    const statuses = new Set((bundle.entry ?? []).map((e) => (e.resource as fhir4.Slot).status));
    expect([...statuses].sort()).toEqual(['busy', 'free']);
  });

  it('Appointments in every Careloop status validate', async () => {
    for (const [status, id] of Object.entries(data.appointments)) valid(await get(`/fhir/Appointment/${id}`), `Appointment ${status}`);
  });

  it('the merged Patient and its survivor validate', async () => {
    valid(await get(`/fhir/Patient/${data.duplicateId}`), 'merged Patient');
    valid(await get(`/fhir/Patient/${data.patientId}`), 'survivor Patient');
  });

  it('OperationOutcomes: 404, 400, 401, 403 and an unknown type', async () => {
    valid(await get('/fhir/Patient/00000000-0000-0000-0000-000000000000', 404), '404');
    valid(await get('/fhir/Patient?birthdate=not-a-date', 400), '400 bad date');
    valid(await get('/fhir/Patient?shoe-size=42', 400), '400 unknown parameter');
    valid(await get('/fhir/Observation', 404), 'unknown type');
    const anonymous = await clinic.careloop.app.inject({ method: 'GET', url: '/fhir/Patient' });
    expect(anonymous.statusCode).toBe(401);
    valid(anonymous.json(), '401');
    const viewer = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'viewer'));
    const forbidden = await viewer.request('GET', '/fhir/AuditEvent');
    expect(forbidden.statusCode).toBe(403);
    valid(forbidden.json(), '403');
  });

  it('a lenient search\'s warning entry validates', async () => {
    const response = await api.request('GET', '/fhir/Patient?shoe-size=42', undefined, { prefer: 'handling=lenient' });
    expect(response.statusCode).toBe(200);
    valid(response.json(), 'lenient Bundle');
  });
});
