import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoKnowledge } from '../src/seed/demo-knowledge.js';
import { botMessages, chatVisitor, notes, readConversation, understood, type Conversation } from './assistant-kit.js';
import { apiToken, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';
import { listen, type TestSocket } from './sockets.js';

// Failure paths of the assistant: a turn that throws, an emergency answer the channel refuses, and what reaches a model.
const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const TOKEN = randomBytes(16).toString('hex');
const PUBLIC = 'https://care.example.org';
const CLINIC_NUMBER = '+16175550100';
const newSid = () => `SM${randomBytes(16).toString('hex')}`;

let provider: Server;
let clinic: TestClinic;
let api: Client;
let schedule: ClinicSchedule;
let ws: string;
let chatKey: string;
let phoneCounter = 700;
const modelRequests: string[] = [];
let modelServer: Server;
const sockets: TestSocket[] = [];

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
  expect(found).toBeDefined();
  return found!.id;
}

async function patientWithPhone(givenName: string, familyName: string, dateOfBirth: string, consentCare = true) {
  const phone = `+1617555${String(phoneCounter++).padStart(4, '0')}`;
  const response = await api.request('POST', '/api/patients', {
    givenName, familyName, dateOfBirth, allowDuplicate: true, contactPoints: [{ kind: 'phone', value: phone, consentCare }],
  });
  expect(response.statusCode, response.body).toBe(201);
  return { id: response.json<{ id: string }>().id, phone };
}

const thread = (id: string): Promise<Conversation> => readConversation(api, id);

beforeAll(async () => {
  provider = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ sid: newSid(), status: 'queued' }));
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  modelServer = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => { body += chunk; });
    request.on('end', () => {
      modelRequests.push(body);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: 'Rephrased answer.' } }] }));
    });
  });
  await new Promise<void>((resolve) => modelServer.listen(0, '127.0.0.1', resolve));
  const port = (provider.address() as AddressInfo).port;
  clinic = await startClinic({ port: 0, env: { SMS_ACCOUNT_SID: ACCOUNT, SMS_AUTH_TOKEN: TOKEN, SMS_API_URL: `http://127.0.0.1:${port}`, PUBLIC_URL: PUBLIC } });
  ws = (await listen(clinic.careloop)).ws;
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  expect((await api.request('POST', '/api/channels/endpoints', { channel: 'sms', address: CLINIC_NUMBER, name: 'Front desk line' })).statusCode).toBe(201);
  chatKey = (await api.request('POST', '/api/channels/endpoints', { channel: 'chat', name: 'Website chat' })).json<{ address: string }>().address;
  schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { providers: 1, minNoticeMinutes: 120 });
  await seedDemoKnowledge(clinic.careloop.platform, clinic.organizationId);
  expect((await api.request('PUT', '/api/assistant/settings', { smsEnabled: true, chatEnabled: true })).statusCode).toBe(200);
});
afterAll(async () => {
  for (const socket of sockets) socket.ws.terminate();
  await clinic?.close();
  await new Promise((resolve) => provider?.close(resolve));
  await new Promise((resolve) => modelServer?.close(resolve));
});

describe('assistant failure paths', () => {
  it('hands over, and tells the patient, when a turn fails (the service was archived between the offer and the pick)', async () => {
    const ana = await patientWithPhone('Ana', 'Ruiz', '1975-02-03');
    const id = await text(ana.phone, 'I would like to book an appointment');
    await text(ana.phone, 'Ana Ruiz, 02/03/1975');
    expect((await understood(api, id)).step).toBe('choosing_slot');
    expect((await api.request('PATCH', `/api/scheduling/services/${schedule.serviceId}`, { archived: true })).statusCode).toBe(200);
    try {
      await text(ana.phone, '1');
      const after = await thread(id);
      expect(botMessages(after).at(-1)!.body).toMatch(/connecting you to a person/);
      expect(after.labels).toContain('assistant-handoff');
      expect(notes(after).at(-1)!.body).toMatch(/could not handle a message/);
      expect((await understood(api, id)).handedOffAt).not.toBeNull();
      // Handed over: the next message is for people.
      const before = botMessages(after).length;
      await text(ana.phone, 'where can I park');
      expect(botMessages(await thread(id))).toHaveLength(before);
    } finally {
      await api.request('PATCH', `/api/scheduling/services/${schedule.serviceId}`, { archived: false });
    }
  });

  it('hands over instead of offering times again and again when the record was merged between the offer and the pick', async () => {
    const old = await patientWithPhone('Carla', 'Mendez', '1988-09-10');
    const survivor = await patientWithPhone('Carla', 'Mendez', '1988-09-11');
    const visitor = await chatVisitor(clinic, ws, chatKey);
    sockets.push(visitor.socket);
    await visitor.say('I would like to book an appointment');
    await visitor.say('Carla Mendez, 09/10/1988');
    const id = visitor.conversationId();
    expect(await understood(api, id)).toMatchObject({ patient: { id: old.id }, step: 'choosing_slot' });
    const merged = await api.request('POST', `/api/patients/${survivor.id}/merge`, { duplicateId: old.id });
    expect(merged.statusCode, merged.body).toBe(200);
    await visitor.say('1');
    const after = await thread(id);
    expect(botMessages(after).at(-1)!.body).toMatch(/connecting you to a person/);
    expect(botMessages(after).some((m) => /just taken/.test(m.body))).toBe(false);
    expect(after.labels).toContain('assistant-handoff');
    expect((await api.request('GET', `/api/scheduling/appointments?patientId=${survivor.id}`)).json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('still hands over, and still alerts staff of an emergency, after the hand-off team was archived', async () => {
    const team = await api.request('POST', '/api/departments', { name: 'Night desk' });
    expect(team.statusCode, team.body).toBe(201);
    const teamId = team.json<{ id: string }>().id;
    expect((await api.request('PUT', '/api/assistant/settings', { handoffDepartmentId: teamId })).statusCode).toBe(200);
    expect((await api.request('PATCH', `/api/departments/${teamId}`, { archived: true })).statusCode).toBe(200);
    try {
      const asker = await chatVisitor(clinic, ws, chatKey);
      sockets.push(asker.socket);
      await asker.say('I want to talk to a person');
      const handed = await thread(asker.conversationId());
      expect(handed.labels).toContain('assistant-handoff');
      expect(notes(handed).at(-1)!.body).toMatch(/asked for a person[\s\S]*Not given to the hand-off team/);

      const emergency = await chatVisitor(clinic, ws, chatKey);
      sockets.push(emergency.socket);
      await emergency.say('my husband collapsed and is not breathing');
      const urgent = await thread(emergency.conversationId());
      expect(botMessages(urgent)[0]!.body).toMatch(/911/);
      expect(urgent).toMatchObject({ priority: 'urgent', status: 'open' });
      expect(urgent.labels).toEqual(expect.arrayContaining(['assistant-handoff', 'red-flag']));
      const tasks = (await api.request('GET', '/api/tasks?kind=callback&limit=100')).json<{ items: { title: string; priority: string }[] }>().items;
      expect(tasks.filter((t) => t.title.endsWith(`conversation #${urgent.number}`))).toEqual([expect.objectContaining({ priority: 'urgent' })]);
    } finally {
      await api.request('PUT', '/api/assistant/settings', { handoffDepartmentId: null });
    }
  });

  it('tells staff, in the note and the task, when the emergency answer could not be sent (no consent on the number)', async () => {
    const ben = await patientWithPhone('Ben', 'Stone', '1960-07-08', false);
    const id = await text(ben.phone, 'I have crushing chest pain');
    const after = await thread(id);
    expect(after.priority).toBe('urgent');
    expect(botMessages(after)).toEqual([]);
    expect(notes(after).map((n) => n.body).join('\n')).toMatch(/could NOT be sent/);
    const tasks = (await api.request('GET', `/api/tasks?patientId=${ben.id}`)).json<{ items: { details: string | null }[] }>().items;
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((t) => /could NOT be sent/.test(t.details ?? ''))).toBe(true);
  });

  it('keeps a chat visitor\'s verified name and a Spanish birth date from the model when PHI is not allowed', async () => {
    const port = (modelServer.address() as AddressInfo).port;
    expect((await api.request('POST', '/api/patients', { givenName: 'José', familyName: 'Peña', dateOfBirth: '1980-03-04', allowDuplicate: true })).statusCode).toBe(201);
    expect((await api.request('PUT', '/api/assistant/settings', { llmBaseUrl: `http://127.0.0.1:${port}/v1`, llmModel: 'tiny' })).statusCode).toBe(200);
    await api.request('POST', '/api/knowledge/articles', {
      title: 'Portabicicletas', body: 'Los portabicicletas están junto a la entrada norte en la calle Elm; necesita su propio candado.', category: 'other', language: 'es', status: 'published',
      phrasings: ['¿Los portabicicletas junto a la entrada norte de la calle Elm necesitan candado propio?'],
    });
    try {
      const visitor = await chatVisitor(clinic, ws, chatKey);
      sockets.push(visitor.socket);
      await visitor.say('quiero confirmar mi cita');
      await visitor.say('José Peña, 4 de marzo de 1980');
      expect((await understood(api, visitor.conversationId())).verifiedBy).toBe('name_and_birth_date');
      const before = modelRequests.length;
      await visitor.say('¿Portabicicletas junto a la entrada norte de la calle Elm, necesito candado propio? Jose Pena, 4 de marzo de 1980');
      expect(modelRequests.length, JSON.stringify(botMessages(await readConversation(api, visitor.conversationId())).map((m) => m.body))).toBe(before + 1);
      const sent = modelRequests.at(-1)!;
      expect(sent).not.toMatch(/Jos[eé]|Pe[nñ]a|1980|marzo/i);
    } finally {
      await api.request('PUT', '/api/assistant/settings', { llmBaseUrl: null, llmModel: null });
    }
  });
});
