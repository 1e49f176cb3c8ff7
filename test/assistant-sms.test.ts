import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoKnowledge } from '../src/seed/demo-knowledge.js';
import { botMessages, notes, readConversation, understood, until, type Conversation } from './assistant-kit.js';
import { apiToken, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';

// The provider's side, as in scheduling-sms.test.ts: webhooks signed with the official twilio package,
// and a real HTTP server playing the provider's REST API for the answers.
const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const TOKEN = randomBytes(16).toString('hex');
const PUBLIC = 'https://care.example.org';
const CLINIC_NUMBER = '+16175550100';

interface Appointment { id: string; status: string; startsAt: string; patientId: string; providerId: string; source: string }

let provider: Server;
let clinic: TestClinic;
let api: Client;
let schedule: ClinicSchedule;
let phoneCounter = 300;

const newSid = () => `SM${randomBytes(16).toString('hex')}`;

/** A text from a patient; the webhook answers once the message is filed and the assistant has acted on it. */
async function text(from: string, body: string) {
  const sid = newSid();
  const params = { MessageSid: sid, SmsSid: sid, AccountSid: ACCOUNT, From: from, To: CLINIC_NUMBER, Body: body, NumMedia: '0', ApiVersion: '2010-04-01' };
  const response = await clinic.careloop.app.inject({
    method: 'POST', url: '/webhooks/sms/inbound',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/webhooks/sms/inbound`, params) },
    payload: new URLSearchParams(params).toString(),
  });
  expect(response.statusCode, response.body).toBe(200);
  const list = await api.request('GET', '/api/inbox/conversations?status=all&channel=sms&limit=100');
  const found = list.json<{ items: { id: string; contactAddress: string | null }[] }>().items.find((c) => c.contactAddress === from);
  expect(found, `a conversation with ${from}`).toBeDefined();
  return found!.id;
}

async function patientWithPhone(givenName: string, familyName: string, dateOfBirth: string, language = 'en') {
  const phone = `+1617555${String(phoneCounter++).padStart(4, '0')}`;
  const response = await api.request('POST', '/api/patients', {
    givenName, familyName, dateOfBirth, language, allowDuplicate: true, contactPoints: [{ kind: 'phone', value: phone }],
  });
  expect(response.statusCode, response.body).toBe(201);
  return { id: response.json<{ id: string }>().id, phone };
}

/** A visit at a whole half hour `hoursFromNow` away (staff override: the rules are not what is tested here). */
async function book(patientId: string, hoursFromNow: number) {
  const start = new Date(Math.floor((Date.now() + hoursFromNow * 3_600_000) / 1_800_000) * 1_800_000);
  const response = await api.request('POST', '/api/scheduling/appointments', {
    patientId, serviceId: schedule.serviceId, providerId: schedule.providerIds[0], locationId: schedule.locationId,
    startsAt: start.toISOString(), override: { reason: 'test visit at a fixed time' },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Appointment>();
}

const appointmentsOf = async (patientId: string) =>
  (await api.request('GET', `/api/scheduling/appointments?patientId=${patientId}`)).json<{ items: Appointment[] }>().items;
const appointment = async (id: string) => (await api.request('GET', `/api/scheduling/appointments/${id}`)).json<Appointment>();
const thread = (id: string): Promise<Conversation> => readConversation(api, id);
const lastBot = async (id: string) => botMessages(await thread(id)).at(-1)?.body ?? '';

beforeAll(async () => {
  provider = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ sid: newSid(), status: 'queued' }));
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const port = (provider.address() as AddressInfo).port;
  clinic = await startClinic({ env: { SMS_ACCOUNT_SID: ACCOUNT, SMS_AUTH_TOKEN: TOKEN, SMS_API_URL: `http://127.0.0.1:${port}`, PUBLIC_URL: PUBLIC } });
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  expect((await api.request('POST', '/api/channels/endpoints', { channel: 'sms', address: CLINIC_NUMBER, name: 'Front desk line' })).statusCode).toBe(201);
  schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { providers: 2, minNoticeMinutes: 120 });
  await seedDemoKnowledge(clinic.careloop.platform, clinic.organizationId);
  expect((await api.request('PUT', '/api/assistant/settings', { smsEnabled: true, greeting: 'Hi, this is the Sunrise assistant.' })).statusCode).toBe(200);
});
afterAll(async () => {
  await clinic?.close();
  await new Promise((resolve) => provider?.close(resolve));
});

describe('the assistant by SMS', () => {
  it('books a visit after verifying the patient by name and birth date: the visit is in the schedule at the time picked', async () => {
    const maria = await patientWithPhone('Maria', 'Lopez', '1981-05-06');
    const id = await text(maria.phone, 'Hi, I would like to book an appointment');
    expect(await lastBot(id)).toMatch(/^Hi, this is the Sunrise assistant\.\n\nI can help you book an appointment\. First, please tell me your full name and date of birth/);
    await text(maria.phone, 'Maria Lopez, 05/06/1981');
    const offer = await lastBot(id);
    expect(offer).toMatch(/^Thank you, Maria\. The next free times for Follow-up visit\. Reply with the number:\n1\. /);
    const panel = await understood(api, id);
    expect(panel).toMatchObject({ intent: 'book', step: 'choosing_slot', verifiedBy: 'name_and_birth_date', patient: { id: maria.id, name: 'Maria Lopez' }, serviceName: 'Follow-up visit' });
    expect(panel.offeredTimes).toHaveLength(5);
    expect(await appointmentsOf(maria.id)).toEqual([]);

    await text(maria.phone, '2');
    expect(await lastBot(id)).toMatch(/^Done: your Follow-up visit with Dr\. Provider 00\d is booked for /);
    const [visit] = await appointmentsOf(maria.id);
    expect(visit).toMatchObject({ status: 'booked', source: 'online' });
    // Minimum notice (two hours) holds for what the assistant offers, as on the booking page.
    expect(Date.parse(visit!.startsAt)).toBeGreaterThan(Date.now() + 2 * 3_600_000 - 60_000);
    const after = await understood(api, id);
    expect(after).toMatchObject({ step: 'idle', intent: null, bookedAppointmentId: visit!.id, chosenTime: `${panel.offeredTimes[1]!.label} (${panel.offeredTimes[1]!.providerName})` });
    // What Maria did through the assistant is on her access log, with her as the actor.
    const log = (await api.request('GET', `/api/patients/${maria.id}/access-log?limit=100`)).json<{ items: { actor: string; action: string; entity: string }[] }>().items;
    expect(log).toEqual(expect.arrayContaining([
      expect.objectContaining({ actor: 'Patient (assistant)', action: 'verify', entity: 'patient' }),
      expect.objectContaining({ actor: 'Patient (assistant)', action: 'create', entity: 'appointment' }),
    ]));
    // The greeting opens the first answer only.
    expect(botMessages(await thread(id)).filter((m) => m.body.startsWith('Hi, this is the Sunrise assistant.'))).toHaveLength(1);
  });

  it('offers other times when the chosen one was taken meanwhile (no double booking)', async () => {
    const ana = await patientWithPhone('Ana', 'Silva', '1975-01-02');
    const id = await text(ana.phone, 'can I make an appointment');
    await text(ana.phone, 'Ana Silva 1975-01-02');
    const first = (await understood(api, id)).offeredTimes[0]!;
    // The front desk books that very time for someone else before Ana answers.
    const other = await patientWithPhone('Other', 'Person', '1990-09-09');
    const taken = await api.request('POST', '/api/scheduling/appointments', {
      patientId: other.id, serviceId: schedule.serviceId, providerId: first.providerId, locationId: schedule.locationId, startsAt: first.startsAt,
    });
    expect(taken.statusCode, taken.body).toBe(201);
    await text(ana.phone, '1');
    expect(await lastBot(id)).toMatch(/^The next free times/);
    expect(botMessages(await thread(id)).at(-2)!.body).toBe('That time was just taken.');
    expect(await appointmentsOf(ana.id)).toEqual([]);
    expect((await understood(api, id)).offeredTimes.map((t) => t.label)).not.toContain(first.label);
  });

  it('hands off after three wrong birth dates, with the failed attempts in the note', async () => {
    const tom = await patientWithPhone('Tom', 'Baker', '1960-07-08');
    const id = await text(tom.phone, 'I want to book an appointment');
    for (const wrong of ['Tom Baker 07/09/1960', 'Tom Baker 08/07/1960']) {
      await text(tom.phone, wrong);
      expect(await lastBot(id)).toMatch(/couldn't find a record with that name and date of birth/);
    }
    await text(tom.phone, 'Tom Baker, 1961-07-08');
    const conversation = await thread(id);
    expect(botMessages(conversation).at(-1)!.body).toMatch(/connecting you to a person/);
    expect(conversation.labels).toContain('assistant-handoff');
    expect(notes(conversation)[0]!.body).toContain('the patient could not be verified (3 tries)');
    expect(notes(conversation)[0]!.body).toContain('Patient not verified (3 failed attempts)');
    expect(await understood(api, id)).toMatchObject({ step: 'handed_off', verifyAttempts: 3, patient: null, intent: 'book' });
    await text(tom.phone, 'Tom Baker, 1960-07-08');
    expect(botMessages(await thread(id))).toHaveLength(4);
  });

  it('moves, confirms and cancels the patient\'s next visit', async () => {
    const rosa = await patientWithPhone('Rosa', 'Diaz', '1970-11-12', 'es');
    const visit = await book(rosa.id, 80);
    const id = await text(rosa.phone, 'Necesito cambiar mi cita');
    expect(await lastBot(id)).toMatch(/Con gusto le ayudo a cambiar su cita/);
    await text(rosa.phone, 'Rosa Díaz, 12/11/1970');
    expect(await lastBot(id)).toMatch(/^Gracias, Rosa\. Próximos horarios para Follow-up visit/);
    const offered = (await understood(api, id)).offeredTimes;
    expect(offered.length).toBeGreaterThan(0);
    await text(rosa.phone, '3');
    expect(await lastBot(id)).toMatch(/^Listo: su cita de Follow-up visit ahora es el /);
    const moved = await appointment(visit.id);
    expect(moved.startsAt).not.toBe(visit.startsAt);
    expect(moved.status).toBe('booked');

    // Verified once in this conversation: the next request goes straight on.
    await text(rosa.phone, 'quiero confirmar mi cita');
    expect(await lastBot(id)).toMatch(/está confirmada/);
    expect((await appointment(visit.id)).status).toBe('confirmed');

    await text(rosa.phone, 'necesito cancelar mi cita');
    expect(await lastBot(id)).toMatch(/^¿Cancelo su cita de Follow-up visit/);
    await text(rosa.phone, 'no');
    expect((await appointment(visit.id)).status).toBe('confirmed');
    await text(rosa.phone, 'necesito cancelar mi cita');
    await text(rosa.phone, 'sí');
    expect(await lastBot(id)).toMatch(/está cancelada/);
    expect((await appointment(visit.id)).status).toBe('cancelled');
    expect(await understood(api, id)).toMatchObject({ language: 'es', verifiedBy: 'name_and_birth_date', step: 'idle' });
  });

  it('hands off after two answers it could not use', async () => {
    const ben = await patientWithPhone('Ben', 'Ode', '1988-02-03');
    const id = await text(ben.phone, 'I want to cancel my appointment');
    await text(ben.phone, 'Ben Ode 02/03/1988');
    expect(await lastBot(id)).toMatch(/can't find an upcoming appointment/);
    await book(ben.id, 60);
    await text(ben.phone, 'please cancel my appointment');
    await text(ben.phone, 'hmm');
    expect(await lastBot(id)).toBe('Please reply YES or NO.');
    await text(ben.phone, 'whatever');
    expect((await thread(id)).labels).toContain('assistant-handoff');
    expect(await understood(api, id)).toMatchObject({ handoffReason: 'two answers the assistant could not use' });
  });

  it('leaves a reminder\'s answer to the scheduling module: "C" is never answered by the assistant', async () => {
    const carl = await patientWithPhone('Carl', 'Reed', '1955-03-03');
    const visit = await book(carl.id, 50);
    const id = await text(carl.phone, 'C');
    expect((await appointment(visit.id)).status).toBe('confirmed');
    expect(botMessages(await thread(id))).toEqual([]);
    // Without a visit to confirm, "C" is filed as a message (the scheduling module answers that none was found): still not the assistant's.
    const dana = await patientWithPhone('Dana', 'Reed', '1956-04-04');
    const danaThread = await text(dana.phone, 'c');
    expect((await thread(danaThread)).messages.map((m) => m.direction)).toEqual(['in']);
    expect(botMessages(await thread(danaThread))).toEqual([]);
    const outbox = (await api.request('GET', '/api/channels/outbox?limit=100')).json<{ items: { purpose: string; recipient: string }[] }>().items;
    expect(outbox.filter((o) => o.recipient === dana.phone).map((o) => o.purpose)).toEqual(['appointment_reply']);
  });

  it('answers two texts that arrive together one after the other, without losing either', async () => {
    const kim = await patientWithPhone('Kim', 'Park', '1983-08-09');
    const [id, again] = await Promise.all([text(kim.phone, 'where can i park'), text(kim.phone, 'what time do you open?')]);
    expect(again).toBe(id);
    const answers = botMessages(await thread(id)).map((m) => m.body);
    expect(answers).toHaveLength(2);
    expect(answers.some((a) => /park/i.test(a) && !/open/i.test(a.split('\n')[0]!))).toBe(true);
    expect(answers.every((a) => !/connecting you to a person/.test(a))).toBe(true);
    expect(await understood(api, id)).toMatchObject({ active: true, step: 'idle' });
  });

  it('leaves an answer to a broadcast to the people who sent it', async () => {
    const phone = '+16175559870';
    const registered = await api.request('POST', '/api/patients', {
      givenName: 'Stormy', familyName: 'Weather', dateOfBirth: '1979-10-10', tags: ['storm-list'], allowDuplicate: true,
      contactPoints: [{ kind: 'phone', value: phone, consentCare: true }],
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const draft = await api.request('POST', '/api/broadcasts', {
      title: 'Storm closure', purpose: 'urgent_operational', segment: { type: 'tag', tag: 'storm-list' }, smsBody: 'The clinic is closed today because of the storm.',
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect((await api.request('POST', `/api/broadcasts/${draft.json<{ id: string }>().id}/send`)).statusCode).toBeLessThan(300);
    await until('the broadcast text in the outbox', async () => (await api.request('GET', '/api/channels/outbox?limit=100'))
      .json<{ items: { purpose: string; recipient: string }[] }>().items.find((o) => o.purpose === 'broadcast' && o.recipient === phone));
    const id = await text(phone, 'where can i park when you reopen?');
    expect((await thread(id)).messages.filter((m) => m.direction !== 'note').map((m) => m.direction)).toEqual(['in']);
  });

  it('stays silent by SMS when the assistant is off for texts', async () => {
    expect((await api.request('PUT', '/api/assistant/settings', { smsEnabled: false })).statusCode).toBe(200);
    try {
      const eve = await patientWithPhone('Eve', 'Stone', '1992-06-06');
      const id = await text(eve.phone, 'where can i park');
      const conversation = await thread(id);
      expect(conversation.messages.map((m) => m.direction)).toEqual(['in']);
      expect((await api.request('GET', `/api/assistant/conversations/${id}`)).statusCode).toBe(404);
    } finally {
      await api.request('PUT', '/api/assistant/settings', { smsEnabled: true });
    }
  });
});
