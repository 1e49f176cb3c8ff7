import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markNoShows } from '../src/modules/scheduling/no-show.js';
import { appointmentLink } from '../src/modules/scheduling/patient-links.js';
import { signLink } from '../src/platform/links.js';
import type { DomainEvent } from '../src/platform/events.js';
import { addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';

let clinic: TestClinic;
let api: Client;
let schedule: ClinicSchedule;
let rosa: string;
let lucia: string;
const events: DomainEvent[] = [];

interface Visit { id: string; startsAt: string; status: string; patientId: string }
interface QueueEntry { appointmentId: string; group: string; status: string; minutesWaiting: number | null; questionnaireAnswered: boolean | null; patientName: string; arrivedAt: string | null }
interface Field { field: string; message: string }

const MINUTE = 60_000;
const wholeMinute = (at: number) => new Date(Math.ceil(at / MINUTE) * MINUTE);

beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'admin'));
  schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { providers: 2 });
  rosa = (await api.request('POST', '/api/patients', { givenName: 'Rosa', familyName: 'Diaz', dateOfBirth: '1980-02-03' })).json<{ id: string }>().id;
  lucia = (await api.request('POST', '/api/patients', { givenName: 'Lucía', familyName: 'Moreno', dateOfBirth: '1975-06-07', language: 'es' })).json<{ id: string }>().id;
  clinic.careloop.platform.events.subscribe('*', (event) => { events.push(event); });
});
afterAll(async () => { await clinic?.close(); });

/** Books through the API at any time (staff override: the tests need visits at times relative to now). */
async function book(patientId: string, startsAt: Date, providerIndex = 0): Promise<Visit> {
  const response = await api.request('POST', '/api/scheduling/appointments', {
    patientId, serviceId: schedule.serviceId, providerId: schedule.providerIds[providerIndex], locationId: schedule.locationId,
    startsAt: startsAt.toISOString(), override: { reason: 'test visit at a time relative to now' },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Visit>();
}

const tokenOf = (visit: Visit) =>
  appointmentLink(clinic.careloop.platform, { id: visit.id, organization_id: clinic.organizationId, starts_at: new Date(visit.startsAt) }).split('/a/')[1]!;
const publicCall = (method: 'GET' | 'POST', url: string, body?: object) =>
  clinic.careloop.app.inject({ method, url, ...(body && { payload: body }) });
const fieldsOf = (response: Awaited<ReturnType<typeof publicCall>>) => (errorOf(response).details as { fields: Field[] }).fields;

async function eventually<T>(read: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const queueOn = async (visit: Visit) => {
  const date = DateTime.fromISO(visit.startsAt, { zone: 'America/New_York' }).toISODate();
  const response = await api.request('GET', `/api/checkin/queue?locationId=${schedule.locationId}&date=${date}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: QueueEntry[]; timeZone: string }>().items;
};

const ITEMS = [
  { id: 'allergies', text: 'Any allergies?', textEs: '¿Tiene alergias?', kind: 'text', required: true },
  { id: 'fever', text: 'Fever in the last week?', textEs: '¿Fiebre en la última semana?', kind: 'yes_no', required: true },
  { id: 'reason', text: 'Reason for the visit', kind: 'choice', options: ['Check-up', 'Pain'], required: true },
  { id: 'pain', text: 'Pain from 0 to 10', kind: 'number', required: false },
];
let questionnaireId: string;

describe('questionnaires', () => {
  it('an administrator defines a questionnaire for the service; a front-desk agent may read it but not change it', async () => {
    const created = await api.request('POST', '/api/checkin/questionnaires', { title: 'Before your visit', serviceId: schedule.serviceId, items: ITEMS });
    expect(created.statusCode, created.body).toBe(201);
    questionnaireId = created.json<{ id: string }>().id;
    const agent = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'agent'));
    const listed = await agent.request('GET', '/api/checkin/questionnaires');
    expect(listed.json<{ items: { id: string }[] }>().items.map((q) => q.id)).toEqual([questionnaireId]);
    const refused = await agent.request('PATCH', `/api/checkin/questionnaires/${questionnaireId}`, { active: false });
    expect(refused.statusCode).toBe(403);
  });

  it('refuses questions with a repeated id, a choice without options, options on a yes/no, more than 30 questions, and an unknown service', async () => {
    const post = (body: object) => api.request('POST', '/api/checkin/questionnaires', { title: 'Bad', ...body });
    const repeated = await post({ items: [ITEMS[0], { ...ITEMS[1], id: 'allergies' }] });
    expect(repeated.statusCode).toBe(400);
    expect(fieldsOf(repeated)).toEqual([{ field: 'items[1].id', message: '"allergies" is used by another question' }]);
    const noOptions = await post({ items: [{ id: 'q', text: 'Which?', kind: 'choice', required: true }] });
    expect(fieldsOf(noOptions)[0]!.field).toBe('items[0].options');
    const stray = await post({ items: [{ id: 'q', text: 'Yes?', kind: 'yes_no', options: ['a', 'b'], required: true }] });
    expect(fieldsOf(stray)[0]!.field).toBe('items[0].options');
    const tooMany = await post({ items: Array.from({ length: 31 }, (_, i) => ({ id: `q${i}`, text: 'Question', kind: 'text', required: false })) });
    expect(tooMany.statusCode).toBe(400);
    const unknownService = await post({ serviceId: '00000000-0000-4000-8000-000000000000', items: [ITEMS[0]] });
    expect(fieldsOf(unknownService)).toEqual([{ field: 'serviceId', message: 'is not a service of this clinic' }]);
  });
});

describe('the patient fills the questionnaire by the visit link', () => {
  let visit: Visit;
  beforeAll(async () => { visit = await book(rosa, new Date('2027-03-01T15:00:00Z')); });
  const url = () => `/api/public/appointments/${tokenOf(visit)}/questionnaire`;
  const complete = { allergies: 'Penicillin', fever: false, reason: 'Pain', pain: 6 };

  it('shows the questions in English to an English-speaking patient, and in Spanish where a translation exists', async () => {
    const english = await publicCall('GET', url());
    expect(english.statusCode, english.body).toBe(200);
    expect(english.json()).toMatchObject({ canAnswer: true, items: [{ id: questionnaireId, language: 'en', answers: null }] });
    const spanishVisit = await book(lucia, new Date('2027-03-01T16:00:00Z'));
    const spanish = (await publicCall('GET', `/api/public/appointments/${tokenOf(spanishVisit)}/questionnaire`)).json<{ items: { language: string; items: { text: string }[] }[] }>();
    expect(spanish.items[0]!.language).toBe('es');
    expect(spanish.items[0]!.items.map((item) => item.text)).toEqual(['¿Tiene alergias?', '¿Fiebre en la última semana?', 'Reason for the visit', 'Pain from 0 to 10']);
  });

  it('a missing required answer is refused with 400 naming the question', async () => {
    const response = await publicCall('POST', url(), { questionnaireId, answers: { fever: true, reason: 'Pain', allergies: '  ' } });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual([{ field: 'answers.allergies', message: 'is required ("Any allergies?")' }]);
  });

  it('answers of the wrong kind, a choice not offered and a question that does not exist are refused with 400 naming each', async () => {
    const response = await publicCall('POST', url(), { questionnaireId, answers: { ...complete, fever: 'no', reason: 'Headache', pain: 'six', shoeSize: 9 } });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response).map((f) => f.field).sort()).toEqual(['answers.fever', 'answers.pain', 'answers.reason', 'answers.shoeSize']);
  });

  it('a forged link and a link made for something else are refused with 403', async () => {
    const [body] = tokenOf(visit).split('.');
    const forged = await publicCall('POST', `/api/public/appointments/${body}.${'A'.repeat(43)}/questionnaire`, { questionnaireId, answers: complete });
    expect(forged.statusCode).toBe(403);
    expect(errorOf(forged).code).toBe('link_invalid');
    const threadToken = signLink(clinic.careloop.platform.config.secretKey, { purpose: 'thread', organizationId: clinic.organizationId, subject: visit.id, expiresAt: new Date(Date.now() + 86_400_000) });
    const otherPurpose = await publicCall('GET', `/api/public/appointments/${threadToken}/questionnaire`);
    expect(otherPurpose.statusCode).toBe(403);
    expect(errorOf(otherPurpose).code).toBe('link_invalid');
  });

  it('complete answers are saved, put on the patient\'s timeline, replaced by a second submission, and shown to staff', async () => {
    const first = await publicCall('POST', url(), { questionnaireId, answers: { ...complete, pain: null } });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ replaced: false });
    const answered = await eventually(() => events.find((e) => e.type === 'questionnaire.answered' && e.data.appointmentId === visit.id), 'questionnaire.answered');
    expect(answered.patientId).toBe(rosa);
    expect(answered.data.summary).toMatch(/^Answered "Before your visit" for Follow-up visit on /);
    const second = await publicCall('POST', url(), { questionnaireId, answers: complete });
    expect(second.json()).toMatchObject({ replaced: true });
    const staff = await api.request('GET', `/api/checkin/appointments/${visit.id}/answers`);
    expect(staff.statusCode, staff.body).toBe(200);
    expect(staff.json<{ responses: { answers: { itemId: string; answer: unknown }[] }[] }>().responses[0]!.answers.map((a) => [a.itemId, a.answer]))
      .toEqual([['allergies', 'Penicillin'], ['fever', false], ['reason', 'Pain'], ['pain', 6]]);
    expect((await publicCall('GET', url())).json<{ items: { answers: unknown }[] }>().items[0]!.answers).toEqual(complete);
  });

  it('once the patient has arrived the answers can no longer be changed (409)', async () => {
    expect((await api.request('POST', `/api/scheduling/appointments/${visit.id}/status`, { status: 'arrived' })).statusCode).toBe(200);
    const late = await publicCall('POST', url(), { questionnaireId, answers: complete });
    expect(late.statusCode).toBe(409);
    expect(errorOf(late).code).toBe('visit_started');
  });
});

describe('check-in by link and the queue board', () => {
  let visit: Visit;
  beforeAll(async () => { visit = await book(rosa, wholeMinute(Date.now() + 30 * MINUTE)); });

  it('a patient checks in on the day; the board shows them waiting, with the minutes, and a repeat changes nothing', async () => {
    const before = (await queueOn(visit)).find((entry) => entry.appointmentId === visit.id);
    expect(before).toMatchObject({ group: 'expected', minutesWaiting: null, questionnaireAnswered: false });
    const checkIn = await publicCall('POST', `/api/public/appointments/${tokenOf(visit)}/check-in`);
    expect(checkIn.statusCode, checkIn.body).toBe(200);
    expect(checkIn.json()).toMatchObject({ status: 'arrived', locationName: 'Main Street' });
    const entry = (await queueOn(visit)).find((e) => e.appointmentId === visit.id);
    expect(entry).toMatchObject({ group: 'waiting', status: 'arrived', patientName: 'Rosa Diaz', minutesWaiting: 0 });
    const again = await publicCall('POST', `/api/public/appointments/${tokenOf(visit)}/check-in`);
    expect(again.json<{ arrivedAt: string }>().arrivedAt).toBe(checkIn.json<{ arrivedAt: string }>().arrivedAt);
    expect(events.filter((e) => e.type === 'appointment.arrived' && e.data.appointmentId === visit.id)).toHaveLength(1);
  });

  it('the board puts the patient who has waited longest first, with the minutes she has waited', async () => {
    // Same time with the other doctor, so both are on the same local day whenever the test runs.
    const later = await book(lucia, new Date(visit.startsAt), 1);
    expect((await api.request('POST', `/api/scheduling/appointments/${later.id}/status`, { status: 'arrived' })).statusCode).toBe(200);
    // Test data: she came in twelve minutes ago (the API stamps arrivals with the present moment).
    await clinic.careloop.platform.db.updateTable('appointments').set({ arrived_at: new Date(Date.now() - 12 * MINUTE) }).where('id', '=', later.id).execute();
    const waiting = (await queueOn(visit)).filter((e) => e.group === 'waiting');
    expect(waiting.map((e) => [e.appointmentId, e.minutesWaiting])).toEqual([[later.id, 12], [visit.id, 0]]);
  });

  it('too early (more than two hours before the start) is refused with 409 too_early', async () => {
    const tomorrow = await book(rosa, wholeMinute(Date.now() + 26 * 60 * MINUTE));
    const response = await publicCall('POST', `/api/public/appointments/${tokenOf(tomorrow)}/check-in`);
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('too_early');
    expect(errorOf(response).message).toMatch(/^Check-in opens 2 hours before your visit, at /);
  });

  it('after the visit\'s end (409 too_late) and for a cancelled visit (409) check-in is refused', async () => {
    const past = await book(rosa, wholeMinute(Date.now() - 3 * 60 * MINUTE));
    expect(errorOf(await publicCall('POST', `/api/public/appointments/${tokenOf(past)}/check-in`)).code).toBe('too_late');
    const cancelled = await book(rosa, wholeMinute(Date.now() + 60 * MINUTE), 0);
    await api.request('POST', `/api/scheduling/appointments/${cancelled.id}/cancel`, { reason: 'patient_request' });
    const response = await publicCall('POST', `/api/public/appointments/${tokenOf(cancelled)}/check-in`);
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('appointment_cancelled');
  });

  it('staff move the patient arrived -> in room -> completed, and visit.completed carries the wait', async () => {
    for (const status of ['in_room', 'completed']) {
      const response = await api.request('POST', `/api/scheduling/appointments/${visit.id}/status`, { status });
      expect(response.statusCode, response.body).toBe(200);
    }
    const completed = await eventually(() => events.find((e) => e.type === 'visit.completed' && e.data.appointmentId === visit.id), 'visit.completed');
    expect(completed.patientId).toBe(rosa);
    expect(typeof completed.data.waitedSeconds).toBe('number');
    expect((await queueOn(visit)).find((e) => e.appointmentId === visit.id)).toMatchObject({ group: 'done', minutesWaiting: null });
  });
});

describe('no-shows after the grace period', () => {
  it('marks a visit nobody came to 31 minutes after its start, leaves an arrived one and one 29 minutes in alone; a second run changes nothing', async () => {
    const start = new Date('2027-05-03T14:00:00Z');
    const nobody = await book(rosa, start, 0);
    const arrived = await book(lucia, start, 0);
    await api.request('POST', `/api/scheduling/appointments/${arrived.id}/status`, { status: 'arrived' });
    const later = await book(lucia, new Date(start.getTime() + 2 * MINUTE), 0);
    const now = new Date(start.getTime() + 31 * MINUTE);
    expect(await markNoShows(clinic.careloop.platform, now)).toBeGreaterThanOrEqual(1);
    const status = async (v: Visit) => (await api.request('GET', `/api/scheduling/appointments/${v.id}`)).json<Visit>().status;
    expect(await status(nobody)).toBe('no_show');
    expect(await status(arrived)).toBe('arrived');
    expect(await status(later)).toBe('booked');
    const marked = events.find((e) => e.type === 'appointment.no_show' && e.data.appointmentId === nobody.id);
    expect(marked?.actor.label).toBe('Careloop (no-show after grace period)');
    expect(await markNoShows(clinic.careloop.platform, now)).toBe(0);
    expect(events.filter((e) => e.type === 'appointment.no_show' && e.data.appointmentId === nobody.id)).toHaveLength(1);
  });
});

describe('bad input to the board and retired questionnaires', () => {
  it('the board of an unknown location is 404, of a date that does not exist 400', async () => {
    const unknown = await api.request('GET', '/api/checkin/queue?locationId=00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    const badDate = await api.request('GET', `/api/checkin/queue?locationId=${schedule.locationId}&date=2027-02-30`);
    expect(badDate.statusCode).toBe(400);
    expect(fieldsOf(badDate)[0]!.field).toBe('date');
  });

  it('a retired questionnaire is no longer asked, and answering it is 404', async () => {
    const visit = await book(rosa, new Date('2027-06-07T14:00:00Z'));
    expect((await api.request('PATCH', `/api/checkin/questionnaires/${questionnaireId}`, { active: false })).statusCode).toBe(200);
    const url = `/api/public/appointments/${tokenOf(visit)}/questionnaire`;
    expect((await publicCall('GET', url)).json<{ items: unknown[] }>().items).toEqual([]);
    const answered = await publicCall('POST', url, { questionnaireId, answers: { allergies: 'None', fever: false, reason: 'Pain' } });
    expect(answered.statusCode).toBe(404);
  });
});
