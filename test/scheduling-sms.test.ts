import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';

// The provider's side, as in sms.test.ts: webhooks signed with the official twilio package, and a
// real HTTP server playing the provider's REST API for the answers.
const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const TOKEN = randomBytes(16).toString('hex');
const PUBLIC = 'https://care.example.org';
const CLINIC_NUMBER = '+16175550100';

let provider: Server;
const delivered: URLSearchParams[] = [];
let clinic: TestClinic;
let api: Client;
let schedule: ClinicSchedule;
let phoneCounter = 200;

interface Appointment { id: string; status: string; cancelReason: string | null; rescheduleRequestedAt: string | null; arrivedAt: string | null; confirmedAt: string | null }
interface Thread { messages: { direction: string; body: string }[] }

const newSid = () => `SM${randomBytes(16).toString('hex')}`;

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function text(from: string, body: string, sid = newSid()) {
  const params = { MessageSid: sid, SmsSid: sid, AccountSid: ACCOUNT, From: from, To: CLINIC_NUMBER, Body: body, NumMedia: '0', ApiVersion: '2010-04-01' };
  return clinic.careloop.app.inject({
    method: 'POST', url: '/webhooks/sms/inbound',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/webhooks/sms/inbound`, params) },
    payload: new URLSearchParams(params).toString(),
  });
}

async function patientWithPhone(givenName: string, language = 'en') {
  const phone = `+1617555${String(phoneCounter++).padStart(4, '0')}`;
  const response = await api.request('POST', '/api/patients', {
    givenName, familyName: 'Texter', dateOfBirth: '1981-05-06', language, allowDuplicate: true, contactPoints: [{ kind: 'phone', value: phone }],
  });
  expect(response.statusCode, response.body).toBe(201);
  return { id: response.json<{ id: string }>().id, phone };
}

/** A visit at a whole half hour `hoursFromNow` away (staff override: the rules are not what is tested here). */
async function book(patientId: string, hoursFromNow: number, providerIndex = 0) {
  const start = new Date(Math.floor((Date.now() + hoursFromNow * 3_600_000) / 1_800_000) * 1_800_000);
  const response = await api.request('POST', '/api/scheduling/appointments', {
    patientId, serviceId: schedule.serviceId, providerId: schedule.providerIds[providerIndex], locationId: schedule.locationId,
    startsAt: start.toISOString(), override: { reason: 'test visit at a fixed time' },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Appointment>();
}

const appointment = async (id: string) => (await api.request('GET', `/api/scheduling/appointments/${id}`)).json<Appointment>();
const answersTo = async (phone: string) => (await api.request('GET', '/api/channels/outbox?limit=100')).json<{ items: { purpose: string; recipient: string; body: string }[] }>().items
  .filter((item) => item.recipient === phone && item.purpose === 'appointment_reply');
async function threadOf(patientId: string): Promise<Thread> {
  const list = await api.request('GET', `/api/inbox/conversations?status=all&channel=sms&patientId=${patientId}`);
  const id = list.json<{ items: { id: string }[] }>().items[0]?.id;
  if (!id) return { messages: [] };
  return (await api.request('GET', `/api/inbox/conversations/${id}`)).json<Thread>();
}

beforeAll(async () => {
  provider = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => { body += chunk; });
    request.on('end', () => {
      delivered.push(new URLSearchParams(body));
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ sid: newSid(), status: 'queued' }));
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const port = (provider.address() as AddressInfo).port;
  clinic = await startClinic({ env: { SMS_ACCOUNT_SID: ACCOUNT, SMS_AUTH_TOKEN: TOKEN, SMS_API_URL: `http://127.0.0.1:${port}`, PUBLIC_URL: PUBLIC } });
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  expect((await api.request('POST', '/api/channels/endpoints', { channel: 'sms', address: CLINIC_NUMBER, name: 'Front desk line' })).statusCode).toBe(201);
  schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { providers: 3 });
});
afterAll(async () => {
  await clinic?.close();
  await new Promise((resolve) => provider?.close(resolve));
});

describe('answers to reminders by text', () => {
  it('a patient who replies C confirms the appointment, is thanked, and the thread shows what was done', async () => {
    const maria = await patientWithPhone('Maria');
    const visit = await book(maria.id, 50);
    expect((await text(maria.phone, ' c. ')).statusCode).toBe(200);
    expect(await appointment(visit.id)).toMatchObject({ status: 'confirmed' });
    const [answer] = await answersTo(maria.phone);
    expect(answer!.body).toMatch(/thank you, your appointment on .+ is confirmed\./);
    await until('the answer at the provider', async () => delivered.find((form) => form.get('To') === maria.phone && form.get('Body') === answer!.body));
    const thread = await threadOf(maria.id);
    expect(thread.messages.map((m) => m.direction)).toEqual(['event']);
    expect(thread.messages[0]!.body).toMatch(/^Texted C \("c\."\): the Follow-up visit on .+ confirmed\.$/);
  });

  it('answers a Spanish-speaking patient in Spanish', async () => {
    const lucia = await patientWithPhone('Lucía', 'es');
    const visit = await book(lucia.id, 74);
    expect((await text(lucia.phone, 'Confirm')).statusCode).toBe(200);
    expect((await appointment(visit.id)).status).toBe('confirmed');
    expect((await answersTo(lucia.phone))[0]!.body).toMatch(/gracias, su cita del .+ está confirmada\./);
  });

  it('R flags the appointment for rescheduling and opens one callback task, however often it is texted', async () => {
    const rosa = await patientWithPhone('Rosa');
    const visit = await book(rosa.id, 98);
    expect((await text(rosa.phone, 'R')).statusCode).toBe(200);
    expect((await text(rosa.phone, 'reschedule')).statusCode).toBe(200);
    const after = await appointment(visit.id);
    expect(after.status).toBe('booked');
    expect(after.rescheduleRequestedAt).not.toBeNull();
    const tasks = (await api.request('GET', `/api/tasks?patientId=${rosa.id}&kind=callback`)).json<{ items: { title: string; source: { type: string; id: string } | null; status: string }[] }>().items;
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ status: 'open', source: { type: 'appointment_reschedule', id: visit.id } });
    expect((await answersTo(rosa.phone))[0]!.body).toContain('we will call you to find a new time');
  });

  it('X cancels the appointment at the patient\'s request', async () => {
    const xavier = await patientWithPhone('Xavier');
    const visit = await book(xavier.id, 122);
    expect((await text(xavier.phone, 'x')).statusCode).toBe(200);
    expect(await appointment(visit.id)).toMatchObject({ status: 'cancelled', cancelReason: 'patient_request' });
    expect((await answersTo(xavier.phone))[0]!.body).toContain('is cancelled');
  });

  it('HERE on the day of the visit checks the patient in (also "Aquí")', async () => {
    const hana = await patientWithPhone('Hana');
    const visit = await book(hana.id, 0, 1);
    expect((await text(hana.phone, 'HERE')).statusCode).toBe(200);
    expect((await appointment(visit.id)).status).toBe('arrived');
    const ines = await patientWithPhone('Inés', 'es');
    const hers = await book(ines.id, 0, 2);
    expect((await text(ines.phone, 'Aquí')).statusCode).toBe(200);
    expect((await appointment(hers.id)).status).toBe('arrived');
    expect((await answersTo(ines.phone))[0]!.body).toContain('ya está registrado/a');
  });

  it('HERE without a visit today is not a check-in: the patient is told and the text waits for a person', async () => {
    const tom = await patientWithPhone('Tom');
    const visit = await book(tom.id, 146);
    expect((await text(tom.phone, 'here')).statusCode).toBe(200);
    expect((await appointment(visit.id)).status).toBe('booked');
    expect((await answersTo(tom.phone))[0]!.body).toContain('could not find an appointment for you today');
    expect((await threadOf(tom.id)).messages.map((m) => [m.direction, m.body])).toEqual([['in', 'here']]);
  });

  it('a retried webhook (same MessageSid) does not act twice: X cancels the next visit only, answered once', async () => {
    const ivan = await patientWithPhone('Ivan');
    const first = await book(ivan.id, 170);
    const second = await book(ivan.id, 194);
    const sid = newSid();
    expect((await text(ivan.phone, 'X', sid)).statusCode).toBe(200);
    expect((await text(ivan.phone, 'X', sid)).statusCode).toBe(200);
    expect((await appointment(first.id)).status).toBe('cancelled');
    expect((await appointment(second.id)).status).toBe('booked');
    expect(await answersTo(ivan.phone)).toHaveLength(1);
    expect((await threadOf(ivan.id)).messages).toHaveLength(1);
  });

  it('C from a number no patient has gets the "no upcoming appointment" answer, and the text is filed for a person', async () => {
    const stranger = '+16175559876';
    expect((await text(stranger, 'C')).statusCode).toBe(200);
    expect((await answersTo(stranger))[0]!.body).toContain('we could not find an upcoming appointment for this number');
    const list = (await api.request('GET', '/api/inbox/conversations?status=all&channel=sms&limit=100')).json<{ items: { contactAddress: string | null; lastMessagePreview?: string }[] }>().items;
    expect(list.some((c) => c.contactAddress === stranger)).toBe(true);
  });

  it('CANCEL stays the carriers\' STOP word: it opts the number out and does not cancel the visit', async () => {
    const olga = await patientWithPhone('Olga');
    const visit = await book(olga.id, 218);
    expect((await text(olga.phone, 'CANCEL')).statusCode).toBe(200);
    expect((await appointment(visit.id)).status).toBe('booked');
    expect(await answersTo(olga.phone)).toHaveLength(0);
  });

  it('a longer text that merely starts with C is a message for a person, not a confirmation', async () => {
    const carla = await patientWithPhone('Carla');
    const visit = await book(carla.id, 242);
    expect((await text(carla.phone, 'C you tomorrow, can I bring my son?')).statusCode).toBe(200);
    expect((await appointment(visit.id)).status).toBe('booked');
    expect((await threadOf(carla.id)).messages.map((m) => m.direction)).toEqual(['in']);
  });
});
