import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as fhir4 from 'fhir/r4.js';
import { fromFhirAppointmentStatus, isConfirmed } from '../src/modules/fhir/appointment-status.js';
import { addClinic, apiToken, sessionClient, addStaff, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { buildFhirClinic, type FhirClinic } from './fhir-fixture.js';

let clinic: TestClinic;
let admin: Client;
let other: Client;
let data: FhirClinic;

const outcome = (body: string) => JSON.parse(body) as fhir4.OperationOutcome;

beforeAll(async () => {
  clinic = await startClinic();
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  data = await buildFhirClinic(clinic.careloop, clinic.organizationId, admin);
  const second = await addClinic(clinic.careloop, 'northside');
  other = tokenClient(clinic.careloop, await apiToken(clinic.careloop, second.organizationId));
}, 120_000);
afterAll(async () => clinic?.close());

async function search(url: string, client = admin): Promise<fhir4.Bundle> {
  const response = await client.request('GET', url);
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  return response.json<fhir4.Bundle>();
}
const ids = (bundle: fhir4.Bundle) => (bundle.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource!.id);
const link = (bundle: fhir4.Bundle, relation: string) => bundle.link?.find((l) => l.relation === relation)?.url;

describe('FHIR metadata', () => {
  it('is public and lists every type with its interactions and search parameters', async () => {
    const response = await clinic.careloop.app.inject({ method: 'GET', url: '/fhir/metadata' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const statement = response.json<fhir4.CapabilityStatement>();
    expect(statement.fhirVersion).toBe('4.0.1');
    expect(statement.format).toContain('json');
    const rest = statement.rest![0]!;
    expect(rest.security?.service?.[0]?.coding?.[0]?.code).toBe('bearer');
    const types = rest.resource!.map((r) => r.type);
    expect(types).toEqual(['Patient', 'Practitioner', 'PractitionerRole', 'Location', 'HealthcareService', 'Schedule', 'Slot', 'Appointment',
      'Questionnaire', 'QuestionnaireResponse', 'Communication', 'ServiceRequest', 'Task', 'AuditEvent']);
    for (const resource of rest.resource!) {
      const codes = resource.interaction!.map((i) => i.code);
      expect(codes, resource.type).toContain('read');
      expect(codes, resource.type).toContain('search-type');
    }
    const patient = rest.resource!.find((r) => r.type === 'Patient')!;
    expect(patient.searchParam!.map((p) => p.name)).toEqual(expect.arrayContaining(['_id', 'identifier', 'name', 'family', 'given', 'birthdate', 'phone', 'email', 'gender']));
  });
});

describe('FHIR Patient', () => {
  it('reads a patient with MRN under the clinic, names, telecom, gender, birth date and language', async () => {
    const patient = (await admin.request('GET', `/fhir/Patient/${data.patientId}`)).json<fhir4.Patient>();
    expect(patient.identifier?.[0]?.system).toContain(clinic.organizationId);
    expect(patient.identifier?.[0]?.value).toMatch(/\S/);
    expect(patient.name?.[0]).toMatchObject({ use: 'official', family: 'Ramírez', given: ['Ana'] });
    expect(patient.name?.[1]).toMatchObject({ use: 'usual', given: ['Anita'] });
    expect(patient.telecom).toEqual(expect.arrayContaining([
      expect.objectContaining({ system: 'phone', value: '+16175550100', use: 'mobile', rank: 1 }),
      expect.objectContaining({ system: 'email', value: 'ana@example.org' }),
    ]));
    expect(patient.gender).toBe('female');
    expect(patient.birthDate).toBe('1980-04-12');
    expect(patient.communication?.[0]?.language.coding?.[0]?.code).toBe('es');
    expect(patient.active).toBe(true);
  });

  it('after a merge: the merged record is inactive with link replaced-by, the survivor links replaces', async () => {
    const merged = (await admin.request('GET', `/fhir/Patient/${data.duplicateId}`)).json<fhir4.Patient>();
    expect(merged.active).toBe(false);
    expect(merged.link).toEqual([{ type: 'replaced-by', other: { reference: `Patient/${data.patientId}` } }]);
    const survivor = (await admin.request('GET', `/fhir/Patient/${data.patientId}`)).json<fhir4.Patient>();
    expect(survivor.link).toEqual([{ type: 'replaces', other: { reference: `Patient/${data.duplicateId}` } }]);
    expect(ids(await search('/fhir/Patient?active=false'))).toEqual([data.duplicateId]);
  });

  it('searches by name, family, given, birthdate (with prefixes), identifier, phone, email, telecom and gender', async () => {
    const mrn = (await admin.request('GET', `/fhir/Patient/${data.patientId}`)).json<fhir4.Patient>().identifier![0]!.value!;
    const both = [data.patientId, data.duplicateId].sort();
    expect(ids(await search('/fhir/Patient?name=ramirez')).sort()).toEqual(both);
    expect(ids(await search('/fhir/Patient?family=Ram&given=anita'))).toEqual([data.patientId]);
    expect(ids(await search('/fhir/Patient?birthdate=1980-04-12')).sort()).toEqual(both);
    expect(ids(await search('/fhir/Patient?birthdate=ge1980-04-13'))).toEqual([]);
    expect(ids(await search('/fhir/Patient?birthdate=lt1981&birthdate=gt1979-12-31')).sort()).toEqual(both);
    expect(ids(await search(`/fhir/Patient?identifier=${mrn}`))).toEqual([data.patientId]);
    expect(ids(await search(`/fhir/Patient?identifier=http://elsewhere|${mrn}`))).toEqual([data.patientId]);
    expect(ids(await search('/fhir/Patient?phone=%2B16175550100'))).toEqual([data.patientId]);
    expect(ids(await search('/fhir/Patient?email=ANA@example.org'))).toEqual([data.patientId]);
    expect(ids(await search('/fhir/Patient?telecom=ana@example.org'))).toEqual([data.patientId]);
    expect(ids(await search('/fhir/Patient?name=ramirez&gender=male'))).toEqual([]);
    expect(ids(await search('/fhir/Patient?name=nobody-like-this'))).toEqual([]);
    expect(ids(await search(`/fhir/Patient?_id=${data.patientId}`))).toEqual([data.patientId]);
  });
});

describe('FHIR paging and _count', () => {
  it('pages with _count through next and previous links, with the total', async () => {
    const first = await search('/fhir/Appointment?_count=3');
    expect(first.type).toBe('searchset');
    expect(first.total).toBe(7);
    expect(ids(first)).toHaveLength(3);
    expect(link(first, 'previous')).toBeUndefined();
    const seen = [...ids(first)];
    let page = first;
    while (link(page, 'next')) {
      const next = new URL(link(page, 'next')!);
      page = await search(`${next.pathname}${next.search}`);
      seen.push(...ids(page));
      expect(link(page, 'previous')).toBeDefined();
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(ids(page)).toHaveLength(1);
  });

  it('past the end (_offset=100 of 7) the page is empty and "previous" leads back to the last page with matches, keeping the search parameters', async () => {
    const beyond = await search('/fhir/Appointment?date=ge2000-01-01&_count=3&_offset=100');
    expect(beyond.total).toBe(7);
    expect(ids(beyond)).toEqual([]);
    expect(link(beyond, 'next')).toBeUndefined();
    const previous = new URL(link(beyond, 'previous')!);
    expect(previous.searchParams.get('_offset')).toBe('6');
    expect(previous.searchParams.get('date')).toBe('ge2000-01-01');
    expect(ids(await search(`${previous.pathname}${previous.search}`))).toHaveLength(1);
  });

  it('defaults _count to 20, caps it at 100, and _count=0 gives only the total', async () => {
    expect((await search('/fhir/Slot?_count=500')).entry?.length ?? 0).toBeLessThanOrEqual(100);
    expect(new URL(link(await search('/fhir/Slot?_count=500'), 'self')!).searchParams.get('_count')).toBe('100');
    expect(ids(await search('/fhir/Slot'))).toHaveLength(20);
    const counted = await search('/fhir/Appointment?_count=0');
    expect(counted.total).toBe(7);
    expect(counted.entry).toBeUndefined();
  });
});

describe('FHIR searches of the other types', () => {
  it('Appointment by patient, practitioner, location, date prefixes, status and service-type', async () => {
    expect((await search(`/fhir/Appointment?patient=Patient/${data.patientId}`)).total).toBe(7);
    expect((await search(`/fhir/Appointment?patient=${data.duplicateId}`)).total).toBe(0); // a merged record's visits moved to the survivor
    expect((await search(`/fhir/Appointment?practitioner=${data.providerId}&location=${data.locationId}`)).total).toBe(7);
    expect((await search(`/fhir/Appointment?actor=Location/${data.locationId}&service-type=${data.serviceId}`)).total).toBe(7);
    expect(ids(await search('/fhir/Appointment?status=booked')).sort()).toEqual([data.appointments.booked, data.appointments.confirmed].sort());
    expect(ids(await search('/fhir/Appointment?status=noshow,cancelled')).sort()).toEqual([data.appointments.no_show, data.appointments.cancelled].sort());
    expect((await search(`/fhir/Appointment?date=${data.day}`)).total).toBe(7);
    expect((await search(`/fhir/Appointment?date=lt${data.day}`)).total).toBe(0);
    expect((await search(`/fhir/Appointment?date=ge${data.day}T14:00${data.offset}`)).total).toBe(2);
  });

  it('Schedule by actor; Slot by schedule, start and status', async () => {
    const schedules = await search(`/fhir/Schedule?actor=Practitioner/${data.providerId}`);
    expect(schedules.total).toBe(1);
    const scheduleId = ids(schedules)[0]!;
    const busy = await search(`/fhir/Slot?schedule=Schedule/${scheduleId}&status=busy&start=ge${data.day}&start=lt${data.day}T23:00${data.offset}`);
    // booked, confirmed, arrived, in room, completed hold their time; the no-show and the cancelled visit do not.
    expect(busy.total).toBe(5);
    const free = await search(`/fhir/Slot?schedule=${scheduleId}&status=free&start=ge${data.day}T09:00${data.offset}&start=lt${data.day}T09:30${data.offset}`);
    expect(free.total).toBe(0); // 09:00 holds the booked visit
    const both = await search(`/fhir/Slot?schedule=${scheduleId}&start=ge${data.day}T09:00${data.offset}&start=lt${data.day}T10:00${data.offset}`);
    expect((both.entry ?? []).map((e) => (e.resource as fhir4.Slot).status)).toEqual(['busy', 'free']);
    const later = await search(`/fhir/Slot?schedule=${scheduleId}&status=free&start=ge${data.day}T16:00${data.offset}&start=lt${data.day}T17:00${data.offset}`);
    const starts = (later.entry ?? []).map((e) => (e.resource as fhir4.Slot).start);
    expect(starts[0]).toBe(`${data.day}T16:00:00${data.offset}`);
    expect(starts.every((start) => start >= `${data.day}T16:00` && start < `${data.day}T17:00`)).toBe(true);
    expect([...starts].sort()).toEqual(starts);
  });

  it('QuestionnaireResponse, Communication, ServiceRequest, Task and AuditEvent by patient', async () => {
    const responses = await search(`/fhir/QuestionnaireResponse?subject=Patient/${data.patientId}&questionnaire=${data.questionnaireId}`);
    expect(responses.total).toBe(1);
    const answers = (responses.entry![0]!.resource as fhir4.QuestionnaireResponse).item!;
    expect(answers.map((i) => [i.linkId, i.answer?.[0]])).toEqual([
      ['reason', { valueString: 'Knee pain' }], ['fever', { valueBoolean: false }], ['pain', { valueDecimal: 4 }], ['arrive', { valueString: 'Bus' }],
    ]);
    expect((await search(`/fhir/Communication?subject=${data.patientId}`)).total).toBe(2);
    expect((await search(`/fhir/Communication?patient=${data.patientId}&sent=lt2000-01-01`)).total).toBe(0);
    expect((await search(`/fhir/ServiceRequest?patient=${data.patientId}&status=active`)).total).toBe(1);
    expect((await search(`/fhir/ServiceRequest?patient=${data.patientId}&status=completed`)).total).toBe(0);
    expect((await search(`/fhir/Task?patient=${data.patientId}&status=requested`)).total).toBe(1);
    expect((await search(`/fhir/Task?for=${data.patientId}&status=completed`)).total).toBe(0);
    const audit = await search(`/fhir/AuditEvent?patient=${data.patientId}&action=R`);
    expect(audit.total).toBeGreaterThan(0);
    expect((audit.entry ?? []).every((e) => (e.resource as fhir4.AuditEvent).action === 'R')).toBe(true);
  });

  it('reading a patient through FHIR is itself audited', async () => {
    const before = (await search(`/fhir/AuditEvent?entity=Patient/${data.patientId}&_count=0`)).total!;
    await admin.request('GET', `/fhir/Patient/${data.patientId}`);
    expect((await search(`/fhir/AuditEvent?entity=Patient/${data.patientId}&_count=0`)).total).toBeGreaterThan(before);
  });
});

describe('FHIR date search in the clinic\'s time zone', () => {
  it('a bare date is the New York clinic\'s own day: an 8 pm visit (01:00 UTC the next day) is found under its day, and a time without offset is clinic time', async () => {
    const evening = await addClinic(clinic.careloop, 'evening');
    const api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, evening.organizationId));
    const zone = 'America/New_York';
    const made = async (method: 'POST' | 'PUT', url: string, body: object) => {
      const response = await api.request(method, url, body);
      expect(response.statusCode, `${url} ${response.body}`).toBeLessThan(300);
      return response.json<{ id: string }>();
    };
    const location = await made('POST', '/api/scheduling/locations', { name: 'Late clinic', timeZone: zone });
    const provider = await made('POST', '/api/scheduling/providers', { name: 'Dr. Night' });
    await made('PUT', `/api/scheduling/providers/${provider.id}/hours`, { periods: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ locationId: location.id, weekday, starts: '08:00', ends: '22:00' })) });
    const service = await made('POST', '/api/scheduling/services', { name: 'Evening visit', durationMinutes: 30, offerings: [{ providerId: provider.id, locationId: location.id }] });
    const patient = await made('POST', '/api/patients', { givenName: 'Eve', familyName: 'Ning', dateOfBirth: '1990-01-02' });
    const startsAt = DateTime.fromISO(`${data.day}T20:00`, { zone }).toUTC().toISO()!;
    expect(startsAt.slice(0, 10)).not.toBe(data.day);
    const visit = await made('POST', '/api/scheduling/appointments', { patientId: patient.id, serviceId: service.id, providerId: provider.id, locationId: location.id, startsAt });
    const nextDay = DateTime.fromISO(data.day).plus({ days: 1 }).toISODate()!;
    expect(ids(await search(`/fhir/Appointment?date=${data.day}`, api))).toEqual([visit.id]);
    expect(ids(await search(`/fhir/Appointment?date=${nextDay}`, api))).toEqual([]);
    expect(ids(await search(`/fhir/Appointment?date=le${data.day}T20:00`, api))).toEqual([visit.id]);
    expect(ids(await search(`/fhir/Appointment?date=lt${data.day}T20:00`, api))).toEqual([]);
    // An explicit offset is taken as given; a birth date stays a calendar date.
    expect(ids(await search(`/fhir/Appointment?date=ge${nextDay}T01:00:00Z`, api))).toEqual([visit.id]);
    expect(ids(await search('/fhir/Patient?birthdate=1990-01-02', api))).toEqual([patient.id]);
    expect(ids(await search('/fhir/Patient?birthdate=1990-01-01', api))).toEqual([]);
    expect(ids(await search('/fhir/Patient?birthdate=1990-01-03', api))).toEqual([]);
  });
});

describe('FHIR appointment status mapping through the API', () => {
  it('every Careloop status reads as its FHIR status and maps back (confirmed through its extension)', async () => {
    const expected = { booked: 'booked', confirmed: 'booked', arrived: 'arrived', in_room: 'checked-in', completed: 'fulfilled', no_show: 'noshow', cancelled: 'cancelled' } as const;
    for (const [status, id] of Object.entries(data.appointments)) {
      const appointment = (await admin.request('GET', `/fhir/Appointment/${id}`)).json<fhir4.Appointment>();
      expect(appointment.status, status).toBe(expected[status as keyof typeof expected]);
      expect(fromFhirAppointmentStatus(appointment.status, isConfirmed(appointment)), status).toBe(status);
      expect(appointment.start).toMatch(/-0[45]:00$/);
    }
    const cancelled = (await admin.request('GET', `/fhir/Appointment/${data.appointments.cancelled}`)).json<fhir4.Appointment>();
    expect(cancelled.cancelationReason).toMatchObject({ coding: [{ code: 'patient_request' }], text: 'Feeling better' });
    expect(cancelled.participant.map((p) => p.actor?.reference)).toEqual([`Patient/${data.patientId}`, `Practitioner/${data.providerId}`, `Location/${data.locationId}`]);
  });
});

describe('FHIR errors are OperationOutcomes', () => {
  it('401 without a token or with a bad one', async () => {
    for (const headers of [{}, { authorization: 'Bearer clp_nonsense' }, { authorization: 'Basic abc' }]) {
      const response = await clinic.careloop.app.inject({ method: 'GET', url: `/fhir/Patient/${data.patientId}`, headers });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
      expect(outcome(response.body).issue[0]?.code).toBe('login');
    }
  });

  it('403 when the role lacks the permission of the data (viewer: no audit:read; agent: no audit:read)', async () => {
    const viewer = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'viewer'));
    const response = await viewer.request('GET', '/fhir/AuditEvent');
    expect(response.statusCode).toBe(403);
    expect(outcome(response.body).issue[0]).toMatchObject({ code: 'forbidden' });
    expect((await viewer.request('GET', `/fhir/Patient/${data.patientId}`)).statusCode).toBe(200);
    const agent = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'agent'));
    expect((await agent.request('GET', `/fhir/AuditEvent/1`)).statusCode).toBe(403);
    expect((await agent.request('GET', `/fhir/Task?patient=${data.patientId}`)).statusCode).toBe(200);
  });

  it('another clinic\'s ids are 404, and its searches find nothing of ours', async () => {
    for (const url of [`/fhir/Patient/${data.patientId}`, `/fhir/Appointment/${data.appointments.booked}`, `/fhir/Practitioner/${data.providerId}`, `/fhir/Location/${data.locationId}`]) {
      const response = await other.request('GET', url);
      expect(response.statusCode, url).toBe(404);
      expect(outcome(response.body).issue[0]?.code).toBe('not-found');
    }
    expect((await search('/fhir/Patient?name=ramirez', other)).total).toBe(0);
    expect((await search('/fhir/Appointment', other)).total).toBe(0);
    expect((await search(`/fhir/Communication?subject=${data.patientId}`, other)).total).toBe(0);
  });

  it('unknown type, unknown id, malformed id → 404', async () => {
    expect(outcome((await admin.request('GET', '/fhir/Observation?code=1')).body).issue[0]?.code).toBe('not-supported');
    for (const url of ['/fhir/Observation/1', '/fhir/Patient/00000000-0000-0000-0000-000000000000', '/fhir/Patient/not-a-uuid', '/fhir/Slot/zz', '/fhir/Schedule/abc', '/fhir/AuditEvent/x1']) {
      const response = await admin.request('GET', url);
      expect(response.statusCode, url).toBe(404);
      expect(outcome(response.body).resourceType).toBe('OperationOutcome');
    }
  });

  it('bad search input → 400: unknown parameter, unknown modifier, bad date, unsupported prefix, bad _count, bad token values, too wide a slot window', async () => {
    const bad = [
      '/fhir/Patient?shoe-size=42', '/fhir/Patient?name:fuzzy=ana', '/fhir/Patient?birthdate=1980-13-01', '/fhir/Patient?birthdate=yesterday',
      '/fhir/Appointment?date=ap2026-01-01', '/fhir/Appointment?date=2026-02-30', '/fhir/Patient?_count=-1', '/fhir/Patient?_count=ten',
      '/fhir/Patient?gender=f', '/fhir/Appointment?status=confirmed', '/fhir/Slot?status=maybe', '/fhir/AuditEvent?action=X',
      '/fhir/Slot?start=ge2026-01-01&start=lt2026-06-01', '/fhir/Task?status=on-hold', '/fhir/Patient?name=',
    ];
    for (const url of bad) {
      const response = await admin.request('GET', url);
      expect(response.statusCode, url).toBe(400);
      const issue = outcome(response.body).issue[0]!;
      expect(issue.severity, url).toBe('error');
      expect(issue.diagnostics, url).toMatch(/\S/);
    }
  });

  it('a reference or _id that is not a Careloop id (not-a-uuid, Patient/zzz, an emoji, a quote) finds nothing: 200 with total 0, never 500', async () => {
    const odd = ['not-a-uuid', 'Patient/zzz', encodeURIComponent('😀'), encodeURIComponent("'"), '1e3', `${data.patientId},nope`.replace(data.patientId, 'x')];
    const params: Record<string, string[]> = {
      Appointment: ['patient', 'practitioner', 'location'], AuditEvent: ['_id', 'patient', 'entity'], Communication: ['_id', 'patient', 'subject'],
      QuestionnaireResponse: ['patient', 'subject'], ServiceRequest: ['patient', 'subject'], Task: ['patient', 'for'],
    };
    for (const [type, names] of Object.entries(params)) {
      for (const name of names) {
        for (const value of odd) {
          const url = `/fhir/${type}?${name}=${value}`;
          const response = await admin.request('GET', url);
          expect(response.statusCode, `${url} ${response.body.slice(0, 200)}`).toBe(200);
          expect(response.json<fhir4.Bundle>().total, url).toBe(0);
        }
      }
    }
    // A good id beside a malformed alternative still finds its record.
    expect((await search(`/fhir/Communication?subject=not-a-uuid,Patient/${data.patientId}`)).total).toBeGreaterThan(0);
    expect((await search(`/fhir/Appointment?patient=Patient/${data.patientId}`)).total).toBeGreaterThan(0);
  });

  it('Prefer: handling=lenient ignores an unknown parameter and says so in a warning entry', async () => {
    const response = await admin.request('GET', '/fhir/Patient?name=ramirez&shoe-size=42', undefined, { prefer: 'handling=lenient' });
    expect(response.statusCode).toBe(200);
    const bundle = response.json<fhir4.Bundle>();
    expect(bundle.total).toBe(2);
    const warning = bundle.entry!.find((e) => e.search?.mode === 'outcome')!.resource as fhir4.OperationOutcome;
    expect(warning.issue[0]).toMatchObject({ severity: 'warning', code: 'not-supported' });
    expect(warning.issue[0]!.diagnostics).toContain('shoe-size');
  });
});
