import { Client } from 'fhir-kit-client';
import type * as fhir4 from 'fhir/r4.js';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClinic, apiToken, startClinic, tokenClient, type Client as ApiClient, type TestClinic } from './harness.js';
import { validateFhir } from './fhir-validator.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';
import { listen } from './sockets.js';

const MR = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] };
const QR_APPOINTMENT = 'https://careloop.dev/fhir/StructureDefinition/questionnaire-response-appointment';

let clinic: TestClinic;
let schedule: ClinicSchedule;
let base: string;
let token: string;
let fhir: Client;
let api: ApiClient;

/** The failure a fhir-kit-client call was answered with: its HTTP status and OperationOutcome. */
async function refusal(call: Promise<unknown>): Promise<{ status: number; outcome: fhir4.OperationOutcome }> {
  try {
    await call;
  } catch (error) {
    const { response } = error as { response?: { status: number; data: fhir4.OperationOutcome } };
    if (!response) throw error;
    expect(response.data.resourceType).toBe('OperationOutcome');
    expect(validateFhir(response.data)).toEqual([]);
    return { status: response.status, outcome: response.data };
  }
  throw new Error('the call was expected to fail');
}

/** Plain HTTP against the FHIR base, for headers fhir-kit-client does not show (Location, ETag). */
async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, bearer = token) {
  const response = await fetch(`${base}${path}`, {
    method, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/fhir+json', ...headers }, ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as fhir4.Resource };
}

/** fhir-kit-client types resources as plain records. */
const fhirBody = (resource: fhir4.Resource) => resource as unknown as Record<string, unknown> & { resourceType: string };

const valid = <T extends fhir4.Resource>(resource: T): T => {
  expect(validateFhir(resource), JSON.stringify(resource)).toEqual([]);
  return resource;
};

const newPatient = (given: string, family: string, birthDate: string, extra: Partial<fhir4.Patient> = {}): fhir4.Patient =>
  ({ resourceType: 'Patient', name: [{ use: 'official', family, given: [given] }], birthDate, ...extra });

const patientCount = async () => (await api.request('GET', '/api/patients?limit=100')).json<{ total: number }>().total;

/** Tomorrow at this wall-clock time in the clinic's zone (the test schedule opens 09:00-12:00 and 13:00-17:00 every day). */
const tomorrowAt = (hour: number, minute = 0) => DateTime.now().setZone('America/New_York').plus({ days: 1 }).set({ hour, minute, second: 0, millisecond: 0 }).toISO()!;

const participants = (patientId: string) => [
  { actor: { reference: `Patient/${patientId}` }, status: 'accepted' as const },
  { actor: { reference: `Practitioner/${schedule.providerIds[0]}` }, status: 'accepted' as const },
  { actor: { reference: `Location/${schedule.locationId}` }, status: 'accepted' as const },
  { actor: { reference: `HealthcareService/${schedule.serviceId}` }, status: 'accepted' as const },
];

async function bookAt(patientId: string, start: string): Promise<fhir4.Appointment> {
  return await fhir.create({ resourceType: 'Appointment', body: { resourceType: 'Appointment', status: 'booked', start, participant: participants(patientId) } }) as unknown as fhir4.Appointment;
}

async function registered(given: string, family: string, birthDate: string, extra: Partial<fhir4.Patient> = {}) {
  return valid(await fhir.create({ resourceType: 'Patient', body: fhirBody(newPatient(given, family, birthDate, extra)) }) as unknown as fhir4.Patient);
}

beforeAll(async () => {
  clinic = await startClinic();
  schedule = await seedSchedule(clinic.careloop, clinic.organizationId);
  token = await apiToken(clinic.careloop, clinic.organizationId, 'admin');
  api = tokenClient(clinic.careloop, token);
  base = `${(await listen(clinic.careloop)).http}/fhir`;
  fhir = new Client({ baseUrl: base, customHeaders: { Authorization: `Bearer ${token}` } });
});
afterAll(async () => clinic?.close());

describe('a FHIR client (fhir-kit-client) registers a patient and books through /fhir', () => {
  let patient: fhir4.Patient;
  let slot: fhir4.Slot;
  let appointment: fhir4.Appointment;

  it('reads the CapabilityStatement, which names the writes', async () => {
    const statement = valid(await fhir.capabilityStatement() as unknown as fhir4.CapabilityStatement);
    const interactions = (type: string) => statement.rest?.[0]?.resource?.find((r) => r.type === type)?.interaction?.map((i) => i.code);
    expect(interactions('Patient')).toEqual(expect.arrayContaining(['read', 'search-type', 'create', 'update']));
    expect(interactions('Appointment')).toEqual(expect.arrayContaining(['create', 'update']));
  });

  it('creates a Patient and finds it by name and by MRN', async () => {
    patient = await registered('Ben', 'Okafor', '1975-09-30', {
      identifier: [{ type: MR, value: 'EHR-77' }], gender: 'male',
      telecom: [{ system: 'phone', value: '+1 617 555 0123', use: 'mobile' }, { system: 'email', value: 'ben@example.org' }],
    });
    expect(patient).toMatchObject({ gender: 'male', birthDate: '1975-09-30' });
    expect(patient.identifier?.[0]?.value).toBe('EHR-77');
    const byName = valid(await fhir.search({ resourceType: 'Patient', searchParams: { name: 'Okafor' } }) as unknown as fhir4.Bundle);
    expect(byName.entry?.map((e) => e.resource?.id)).toEqual([patient.id]);
    const byMrn = valid(await fhir.search({ resourceType: 'Patient', searchParams: { identifier: 'EHR-77' } }) as unknown as fhir4.Bundle);
    expect(byMrn.entry?.map((e) => e.resource?.id)).toEqual([patient.id]);
  });

  it('searches free Slots of the visit type and books an Appointment from one', async () => {
    const from = DateTime.now().setZone('America/New_York').plus({ days: 1 }).startOf('day');
    const bundle = valid(await fhir.search({
      resourceType: 'Slot',
      searchParams: { 'service-type': schedule.serviceId, status: 'free', start: [`ge${from.toISO()}`, `lt${from.plus({ days: 1 }).toISO()}`] },
    }) as unknown as fhir4.Bundle);
    expect(bundle.entry?.length).toBeGreaterThan(0);
    slot = bundle.entry![0]!.resource as fhir4.Slot;
    valid(slot);
    appointment = valid(await fhir.create({
      resourceType: 'Appointment',
      body: { resourceType: 'Appointment', status: 'booked', slot: [{ reference: `Slot/${slot.id}` }], participant: [{ actor: { reference: `Patient/${patient.id}` }, status: 'accepted' }] },
    }) as unknown as fhir4.Appointment);
    expect(appointment.status).toBe('booked');
    expect(Date.parse(appointment.start!)).toBe(Date.parse(slot.start));
    const actors = appointment.participant.map((p) => p.actor?.reference);
    expect(actors).toEqual(expect.arrayContaining([`Patient/${patient.id}`, `Practitioner/${schedule.providerIds[0]}`, `Location/${schedule.locationId}`]));
  });

  it('a second booking of the same time is refused: 409 OperationOutcome (conflict), the same rule as the REST API', async () => {
    const other = await registered('Cleo', 'Nakamura', '1990-02-14');
    const { status, outcome } = await refusal(fhir.create({
      resourceType: 'Appointment',
      body: { resourceType: 'Appointment', status: 'booked', slot: [{ reference: `Slot/${slot.id}` }], participant: [{ actor: { reference: `Patient/${other.id}` }, status: 'accepted' }] },
    }));
    expect(status).toBe(409);
    expect(outcome.issue[0]).toMatchObject({ code: 'conflict', details: { coding: [{ code: 'slot_taken' }] } });
    const { status: again } = await refusal(bookAt(other.id!, appointment.start!));
    expect(again).toBe(409);
  });

  it('reads the Appointment back, and cancels it by PUT with status cancelled and a reason', async () => {
    const read = valid(await fhir.read({ resourceType: 'Appointment', id: appointment.id! }) as unknown as fhir4.Appointment);
    expect(read.status).toBe('booked');
    const cancelled = valid(await fhir.update({
      resourceType: 'Appointment', id: appointment.id!,
      body: { ...read, status: 'cancelled', cancelationReason: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason', code: 'pat' }], text: 'Travelling' } },
    }) as unknown as fhir4.Appointment);
    expect(cancelled.status).toBe('cancelled');
    const rest = (await api.request('GET', `/api/scheduling/appointments/${appointment.id}`)).json<{ status: string; cancelReason: string; cancelNote: string }>();
    expect(rest).toMatchObject({ status: 'cancelled', cancelReason: 'patient_request', cancelNote: 'Travelling' });
    // The time is free again: the other patient books it.
    const other = await registered('Dara', 'Quinn', '1988-08-08');
    expect(valid(await bookAt(other.id!, appointment.start!)).status).toBe('booked');
  });
});

describe('FHIR creates and updates: responses, validation, nothing half-written', () => {
  it('POST Patient answers 201 with Location and ETag, and the resource as a read returns it', async () => {
    const created = await http('POST', '/Patient', newPatient('Eve', 'Adams', '1960-06-06'));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${base}/Patient/${created.json.id}`);
    expect(created.headers.get('etag')).toMatch(/^W\/"\d+"$/);
    expect(created.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const read = await fhir.read({ resourceType: 'Patient', id: created.json.id! });
    expect(read).toEqual(valid(created.json));
    const log = (await api.request('GET', `/api/patients/${created.json.id}/access-log`)).json<{ items: { action: string; entity: string }[] }>();
    expect(log.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'create', entity: 'fhir_patient' })]));
  });

  it('a conditional create (If-None-Exist by MRN) answers the record already there instead of a second one', async () => {
    const body = newPatient('Gail', 'Hart', '1958-08-18', { identifier: [{ type: MR, value: 'EHR-900' }] });
    const first = await http('POST', '/Patient', body, { 'if-none-exist': 'identifier=EHR-900' });
    expect(first.status).toBe(201);
    const again = await http('POST', '/Patient', body, { 'if-none-exist': 'identifier=urn:ehr|EHR-900' });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);
    expect((await http('POST', '/Patient', body, { 'if-none-exist': 'name=Hart' })).status).toBe(400);
  });

  it('PUT Patient replaces the details; a stale If-Match is refused with 412 and changes nothing', async () => {
    const created = await http('POST', '/Patient', newPatient('Finn', 'Baker', '1970-07-07', { telecom: [{ system: 'phone', value: '+1 617 555 0177' }] }));
    const id = created.json.id!;
    const etag = created.headers.get('etag')!;
    const changed = await http('PUT', `/Patient/${id}`, { ...newPatient('Finn', 'Baker-Smith', '1970-07-07', { telecom: [{ system: 'email', value: 'finn@example.org' }] }), id }, { 'if-match': etag });
    expect(changed.status).toBe(200);
    const patient = valid(changed.json as unknown as fhir4.Patient);
    expect(patient.name?.[0]?.family).toBe('Baker-Smith');
    expect(patient.telecom?.map((t) => t.value)).toEqual(['finn@example.org']);
    // A client that only read the record sends its meta.lastUpdated as the version.
    const read = await fhir.read({ resourceType: 'Patient', id }) as unknown as fhir4.Patient;
    const fromRead = await http('PUT', `/Patient/${id}`, { ...read, meta: undefined }, { 'if-match': `W/"${read.meta?.lastUpdated}"` });
    expect(fromRead.status).toBe(200);
    const stale = await http('PUT', `/Patient/${id}`, { ...newPatient('Finn', 'Other', '1970-07-07'), id }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect((await fhir.read({ resourceType: 'Patient', id }) as unknown as fhir4.Patient).name?.[0]?.family).toBe('Baker-Smith');
    const mismatch = await http('PUT', `/Patient/${id}`, { ...newPatient('Finn', 'Baker', '1970-07-07'), id: '00000000-0000-4000-8000-000000000000' });
    expect(mismatch.status).toBe(400);
  });

  it('refuses bad input with an OperationOutcome and writes nothing: unknown field, resourceType mismatch, missing name or birth date, partial date, bad phone, likely duplicate', async () => {
    const before = await patientCount();
    const cases: [unknown, number, string][] = [
      [{ ...newPatient('Gus', 'Cole', '1950-01-01'), favouriteColour: 'blue' }, 400, 'Patient.favouriteColour'],
      [{ ...newPatient('Gus', 'Cole', '1950-01-01'), name: [{ family: 'Cole', given: ['Gus'], nickname: 'G' }] }, 400, 'Patient.name[0].nickname'],
      [{ resourceType: 'Appointment', status: 'booked', participant: [] }, 400, 'Patient.resourceType'],
      [{ resourceType: 'Patient', birthDate: '1950-01-01' }, 400, 'Patient.name'],
      [{ resourceType: 'Patient', name: [{ family: 'Cole', given: ['Gus'] }] }, 400, 'Patient.birthDate'],
      [newPatient('Gus', 'Cole', '1950'), 422, 'Patient.birthDate'],
      [newPatient('Gus', 'Cole', '1950-01-01', { telecom: [{ system: 'phone', value: '12' }] }), 400, 'Patient.telecom[0].value'],
      [newPatient('Gus', 'Cole', '1950-01-01', { telecom: [{ system: 'fax', value: '+1 617 555 0100' }] }), 422, 'Patient.telecom[0].system'],
      [newPatient('Gus', 'Cole', '1950-01-01', { gender: 'f' as fhir4.Patient['gender'] }), 400, 'Patient.gender'],
      [newPatient('Ben', 'Okafor', '1975-09-30', { telecom: [{ system: 'phone', value: '+1 617 555 0123' }] }), 409, ''],
    ];
    for (const [body, status, expression] of cases) {
      const response = await http('POST', '/Patient', body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      const outcome = valid(response.json as fhir4.OperationOutcome);
      if (expression) expect(outcome.issue[0]?.expression?.[0], JSON.stringify(outcome)).toBe(expression);
    }
    expect(await patientCount()).toBe(before);
  });

  it('an Appointment moves through PUT (new start) and takes its steps: arrived, checked-in, fulfilled', async () => {
    const patient = await registered('Hana', 'Ito', '1993-03-03');
    const booked = await bookAt(patient.id!, tomorrowAt(9, 30));
    const neighbour = await registered('Hal', 'Ito', '1994-04-04');
    await bookAt(neighbour.id!, tomorrowAt(10));
    const onto = await refusal(fhir.update({ resourceType: 'Appointment', id: booked.id!, body: { ...booked, start: tomorrowAt(10), end: undefined } }));
    expect(onto.status).toBe(409);
    expect(onto.outcome.issue[0]?.details?.coding?.[0]?.code).toBe('slot_taken');
    const moved = valid(await fhir.update({ resourceType: 'Appointment', id: booked.id!, body: { ...booked, start: tomorrowAt(10, 30), end: undefined } }) as unknown as fhir4.Appointment);
    expect(Date.parse(moved.start!)).toBe(Date.parse(tomorrowAt(10, 30)));
    for (const status of ['arrived', 'checked-in', 'fulfilled'] as const) {
      const current = await fhir.read({ resourceType: 'Appointment', id: booked.id! }) as unknown as fhir4.Appointment;
      expect(valid(await fhir.update({ resourceType: 'Appointment', id: booked.id!, body: { ...current, status } }) as unknown as fhir4.Appointment).status).toBe(status);
    }
    const rest = (await api.request('GET', `/api/scheduling/appointments/${booked.id}`)).json<{ status: string; arrivedAt: string | null }>();
    expect(rest.status).toBe('completed');
    expect(rest.arrivedAt).not.toBeNull();
  });

  it('an impossible status change is refused (409), a status Careloop does not keep is 422, and nothing changes', async () => {
    const patient = await registered('Ivo', 'Jansen', '1982-02-02');
    const booked = await bookAt(patient.id!, tomorrowAt(11));
    const fulfilled = await refusal(fhir.update({ resourceType: 'Appointment', id: booked.id!, body: { ...booked, status: 'fulfilled' } }));
    expect(fulfilled.status).toBe(409);
    expect(fulfilled.outcome.issue[0]?.code).toBe('conflict');
    const proposed = await refusal(fhir.update({ resourceType: 'Appointment', id: booked.id!, body: { ...booked, status: 'proposed' } }));
    expect(proposed.status).toBe(422);
    await fhir.update({ resourceType: 'Appointment', id: booked.id!, body: { ...booked, status: 'noshow' } });
    const reopened = await refusal(fhir.update({ resourceType: 'Appointment', id: booked.id!, body: { ...booked, status: 'cancelled' } }));
    expect(reopened.status).toBe(409);
    expect((await fhir.read({ resourceType: 'Appointment', id: booked.id! }) as unknown as fhir4.Appointment).status).toBe('noshow');
  });

  it('refuses Appointments it cannot book: no patient, a status other than booked, unknown field, a reference that is not Careloop\'s', async () => {
    const patient = await registered('Jude', 'Kerr', '1977-07-17');
    const body = { resourceType: 'Appointment', status: 'booked', start: tomorrowAt(14), participant: participants(patient.id!) };
    const cases: [unknown, number][] = [
      [{ ...body, participant: participants(patient.id!).slice(1) }, 400],
      [{ ...body, status: 'proposed' }, 422],
      [{ ...body, colour: 'red' }, 400],
      [{ ...body, start: 'tomorrow at two' }, 400],
      [{ ...body, participant: [...participants(patient.id!).slice(1), { actor: { reference: 'Patient/not-a-uuid' }, status: 'accepted' }] }, 422],
      [{ ...body, participant: [...participants(patient.id!).slice(1), { actor: { reference: 'Patient/00000000-0000-4000-8000-000000000000' }, status: 'accepted' }] }, 422],
      [{ ...body, slot: [{ reference: 'Slot/ffffffffffffffffffffffff-zz' }] }, 422],
    ];
    for (const [sent, status] of cases) {
      const response = await http('POST', '/Appointment', sent);
      expect(response.status, JSON.stringify(sent)).toBe(status);
      valid(response.json as fhir4.OperationOutcome);
    }
    const listed = (await api.request('GET', `/api/scheduling/appointments?patientId=${patient.id}`)).json<{ items: unknown[] }>();
    expect(listed.items).toHaveLength(0);
  });
});

describe('FHIR writes: questionnaire answers and messages', () => {
  it('records a visit\'s answers as a QuestionnaireResponse through the check-in module', async () => {
    const questionnaire = (await api.request('POST', '/api/checkin/questionnaires', {
      title: 'Before your visit', items: [
        { id: 'allergies', text: 'Any allergies?', kind: 'text', required: true },
        { id: 'smoker', text: 'Do you smoke?', kind: 'yes_no', required: false },
      ],
    })).json<{ id: string }>();
    const patient = await registered('Kai', 'Lund', '1991-01-19');
    const visit = await bookAt(patient.id!, tomorrowAt(15));
    const response = (items: fhir4.QuestionnaireResponseItem[]) => ({
      resourceType: 'QuestionnaireResponse', status: 'completed', questionnaire: `Questionnaire/${questionnaire.id}`,
      subject: { reference: `Patient/${patient.id}` }, extension: [{ url: QR_APPOINTMENT, valueReference: { reference: `Appointment/${visit.id}` } }], item: items,
    });
    const missing = await http('POST', '/QuestionnaireResponse', response([{ linkId: 'smoker', answer: [{ valueBoolean: false }] }]));
    expect(missing.status).toBe(400);
    expect((missing.json as fhir4.OperationOutcome).issue[0]?.expression?.[0]).toContain('allergies');
    const created = await http('POST', '/QuestionnaireResponse', response([
      { linkId: 'allergies', answer: [{ valueString: 'Penicillin' }] }, { linkId: 'smoker', answer: [{ valueBoolean: false }] },
    ]));
    expect(created.status).toBe(201);
    valid(created.json);
    const answers = (await api.request('GET', `/api/checkin/appointments/${visit.id}/answers`)).json<{ responses: { answers: { itemId: string; answer: unknown }[] }[] }>();
    expect(answers.responses[0]?.answers).toEqual([{ itemId: 'allergies', text: 'Any allergies?', answer: 'Penicillin' }, { itemId: 'smoker', text: 'Do you smoke?', answer: false }]);
  });

  it('a Communication to a patient is sent like a staff reply (through the outbox); one from the patient lands in the inbox', async () => {
    const patient = await registered('Lea', 'Moss', '1985-05-25', { telecom: [{ system: 'phone', value: '+1 617 555 0188' }] });
    const toPatient = await http('POST', '/Communication', {
      resourceType: 'Communication', status: 'completed', recipient: [{ reference: `Patient/${patient.id}` }], payload: [{ contentString: 'Your results are ready.' }],
    });
    expect(toPatient.status).toBe(201);
    valid(toPatient.json);
    const fromPatient = await http('POST', '/Communication', {
      resourceType: 'Communication', status: 'completed', identifier: [{ system: 'urn:ehr:portal', value: 'msg-1' }],
      sender: { reference: `Patient/${patient.id}` }, payload: [{ contentString: 'Thank you, can I call about them?' }],
    });
    expect(fromPatient.status).toBe(201);
    valid(fromPatient.json);
    const conversations = (await api.request('GET', `/api/inbox/conversations?patientId=${patient.id}&status=all`)).json<{ items: { id: string }[] }>();
    const messages = (await Promise.all(conversations.items.map(async (c) => (await api.request('GET', `/api/inbox/conversations/${c.id}`)).json<{ messages: { direction: string; body: string }[] }>().messages))).flat();
    const log = (await api.request('GET', `/api/patients/${patient.id}/access-log`)).json<{ items: { action: string; entity: string }[] }>();
    expect(log.items.filter((entry) => entry.entity === 'fhir_communication')).toHaveLength(2);
    expect(messages).toEqual(expect.arrayContaining([
      expect.objectContaining({ direction: 'out', body: 'Your results are ready.' }),
      expect.objectContaining({ direction: 'in', body: 'Thank you, can I call about them?' }),
    ]));
    const neither = await http('POST', '/Communication', { resourceType: 'Communication', status: 'completed', payload: [{ contentString: 'Hello' }] });
    expect(neither.status).toBe(422);
  });
});

describe('FHIR writes: tenant isolation and permissions', () => {
  it('another clinic\'s Patient cannot be booked or updated (422 in a reference, 404 by URL)', async () => {
    const harbor = await addClinic(clinic.careloop, 'harbor');
    const theirToken = await apiToken(clinic.careloop, harbor.organizationId, 'admin');
    const theirs = await http('POST', '/Patient', newPatient('Mia', 'North', '1999-09-09'), {}, theirToken);
    expect(theirs.status).toBe(201);
    const booking = await http('POST', '/Appointment', { resourceType: 'Appointment', status: 'booked', start: tomorrowAt(16), participant: participants(theirs.json.id!) });
    expect(booking.status).toBe(422);
    expect((booking.json as fhir4.OperationOutcome).issue[0]?.code).toBe('not-found');
    const update = await http('PUT', `/Patient/${theirs.json.id}`, { ...newPatient('Mia', 'South', '1999-09-09'), id: theirs.json.id });
    expect(update.status).toBe(404);
    const still = await http('GET', `/Patient/${theirs.json.id}`, undefined, {}, theirToken);
    expect((still.json as unknown as fhir4.Patient).name?.[0]?.family).toBe('North');
  });

  it('a viewer token reads but cannot write: 403 OperationOutcome', async () => {
    const viewerToken = await apiToken(clinic.careloop, clinic.organizationId, 'viewer');
    const viewer = new Client({ baseUrl: base, customHeaders: { Authorization: `Bearer ${viewerToken}` } });
    const patient = await refusal(viewer.create({ resourceType: 'Patient', body: fhirBody(newPatient('Ned', 'Ott', '1966-06-16')) }));
    expect(patient.status).toBe(403);
    expect(patient.outcome.issue[0]?.code).toBe('forbidden');
    const someone = await registered('Olga', 'Petrov', '1955-05-15');
    const booking = await refusal(viewer.create({ resourceType: 'Appointment', body: { resourceType: 'Appointment', status: 'booked', start: tomorrowAt(16, 30), participant: participants(someone.id!) } }));
    expect(booking.status).toBe(403);
    valid(await viewer.read({ resourceType: 'Patient', id: someone.id! }) as unknown as fhir4.Patient);
  });
});
