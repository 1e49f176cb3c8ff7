import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

// Call status callbacks as the provider posts them, signed with the official twilio package.
const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const TOKEN = randomBytes(16).toString('hex');
const PUBLIC = 'https://care.example.org';
const VOICE_NUMBER = '+16175550110';
const SMS_NUMBER = '+16175550100';
const MARIA = '+16175550101';

let clinic: TestClinic;
let admin: Client;
let mariaId: string;

const callSid = () => `CA${randomBytes(16).toString('hex')}`;

function callback(params: Record<string, string>, signature?: string | null) {
  const signed = signature === undefined ? twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/webhooks/voice/status`, params) : signature;
  return clinic.careloop.app.inject({
    method: 'POST', url: '/webhooks/voice/status',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signed !== null && { 'x-twilio-signature': signed }) },
    payload: new URLSearchParams(params).toString(),
  });
}

const call = (sid: string, status: string, fields: { from?: string; to?: string; direction?: string; duration?: string } = {}) => ({
  AccountSid: ACCOUNT, ApiVersion: '2010-04-01', CallSid: sid, CallStatus: status, Direction: fields.direction ?? 'inbound',
  From: fields.from ?? MARIA, To: fields.to ?? VOICE_NUMBER, Caller: fields.from ?? MARIA, Called: fields.to ?? VOICE_NUMBER,
  Timestamp: new Date().toUTCString(), CallbackSource: 'call-progress-events', SequenceNumber: '0',
  ...(fields.duration !== undefined && { CallDuration: fields.duration, Duration: '1' }),
});

interface CallEntry { direction: string; body: string; call: { direction: string; from: string; to: string; durationSeconds: number; outcome: string; notes?: string } | null }
interface Task { id: string; kind: string; title: string; priority: string; patientId: string | null; source: { type: string; id: string } | null }

async function voiceThreads(): Promise<{ id: string; patientId: string | null; contactAddress: string | null; messages: CallEntry[] }[]> {
  const list = await admin.request('GET', '/api/inbox/conversations?status=all&channel=voice&limit=100');
  const items = list.json<{ items: { id: string }[] }>().items;
  return Promise.all(items.map(async (item) => (await admin.request('GET', `/api/inbox/conversations/${item.id}`)).json()));
}
const tasks = async (query = '') => (await admin.request('GET', `/api/tasks?kind=callback&limit=100${query}`)).json<{ items: Task[] }>().items;

beforeAll(async () => {
  clinic = await startClinic({ env: { SMS_ACCOUNT_SID: ACCOUNT, SMS_AUTH_TOKEN: TOKEN, SMS_API_URL: 'http://127.0.0.1:9', PUBLIC_URL: PUBLIC } });
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  expect((await admin.request('POST', '/api/channels/endpoints', { channel: 'voice', address: VOICE_NUMBER, name: 'Main line' })).statusCode).toBe(201);
  expect((await admin.request('POST', '/api/channels/endpoints', { channel: 'sms', address: SMS_NUMBER, name: 'Text line' })).statusCode).toBe(201);
  const maria = await admin.request('POST', '/api/patients', {
    givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1980-02-03', contactPoints: [{ kind: 'phone', value: MARIA }],
  });
  mariaId = maria.json<{ id: string }>().id;
});
afterAll(() => clinic?.close());

describe('call status callbacks', () => {
  it('a missed call from a patient becomes a call entry and one high-priority callback task, however often the provider retries', async () => {
    const sid = callSid();
    for (const status of ['ringing', 'no-answer', 'no-answer']) {
      const response = await callback(call(sid, status));
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<Response/>');
    }
    const threads = await voiceThreads();
    const maria = threads.find((t) => t.patientId === mariaId)!;
    expect(maria.messages).toHaveLength(1);
    expect(maria.messages[0]).toMatchObject({ direction: 'event', body: `Missed call from ${MARIA}`, call: { direction: 'inbound', from: MARIA, to: VOICE_NUMBER, durationSeconds: 0, outcome: 'missed' } });

    const open = await tasks(`&patientId=${mariaId}`);
    expect(open).toEqual([expect.objectContaining({ kind: 'callback', title: 'Call back Maria Lopez', priority: 'high', patientId: mariaId, source: { type: 'call', id: sid } })]);
  });

  it('records only final statuses: ringing and in-progress leave nothing behind', async () => {
    const before = (await voiceThreads()).reduce((n, t) => n + t.messages.length, 0);
    const sid = callSid();
    for (const status of ['queued', 'initiated', 'ringing', 'in-progress']) expect((await callback(call(sid, status))).statusCode).toBe(200);
    expect((await voiceThreads()).reduce((n, t) => n + t.messages.length, 0)).toBe(before);
  });

  it('an answered call is an entry with its duration and no task; an inbound call completed after 0 s is missed', async () => {
    const answered = callSid();
    expect((await callback(call(answered, 'completed', { duration: '185' }))).statusCode).toBe(200);
    const hungUp = callSid();
    expect((await callback(call(hungUp, 'completed', { duration: '0' }))).statusCode).toBe(200);
    const maria = (await voiceThreads()).find((t) => t.patientId === mariaId)!;
    expect(maria.messages.map((m) => [m.call!.outcome, m.call!.durationSeconds, m.body])).toEqual([
      ['missed', 0, `Missed call from ${MARIA}`],
      ['answered', 185, `Call from ${MARIA}: answered, 3 min 5 s`],
      ['missed', 0, `Missed call from ${MARIA}`],
    ]);
    const sources = (await tasks(`&patientId=${mariaId}`)).map((t) => t.source!.id);
    expect(sources).not.toContain(answered);
    expect(sources).toContain(hungUp);
  });

  it('outbound calls are routed by the calling number (a texting number works too) and never open a task', async () => {
    const answered = callSid();
    expect((await callback(call(answered, 'completed', { direction: 'outbound-api', from: SMS_NUMBER, to: MARIA, duration: '42' }))).statusCode).toBe(200);
    const busy = callSid();
    expect((await callback(call(busy, 'busy', { direction: 'outbound-api', from: VOICE_NUMBER, to: MARIA, duration: '0' }))).statusCode).toBe(200);
    const outbound = (await voiceThreads()).filter((t) => t.patientId === mariaId).flatMap((t) => t.messages).filter((m) => m.call!.direction === 'outbound');
    expect(outbound.map((m) => [m.call!.from, m.call!.to, m.call!.outcome, m.body])).toEqual(expect.arrayContaining([
      [SMS_NUMBER, MARIA, 'answered', `Call to ${MARIA}: answered, 42 s`],
      [VOICE_NUMBER, MARIA, 'busy', `Call to ${MARIA}: busy`],
    ]));
    const sources = (await tasks()).map((t) => t.source!.id);
    expect(sources).not.toContain(answered);
    expect(sources).not.toContain(busy);
  });

  it('a missed call from an unknown number opens an unverified thread and a task to ring that number back; a withheld number gets no task', async () => {
    const stranger = callSid();
    expect((await callback(call(stranger, 'canceled', { from: '+16175550188' }))).statusCode).toBe(200);
    const thread = (await voiceThreads()).find((t) => t.contactAddress === '+16175550188')!;
    expect(thread.patientId).toBeNull();
    expect((await tasks()).find((t) => t.source?.id === stranger)).toMatchObject({ title: 'Call back +16175550188', patientId: null, priority: 'high' });

    const withheld = callSid();
    expect((await callback(call(withheld, 'no-answer', { from: 'Anonymous' }))).statusCode).toBe(200);
    expect((await voiceThreads()).find((t) => t.contactAddress === 'Anonymous')!.messages[0]!.call).toMatchObject({ from: 'Anonymous', outcome: 'missed' });
    expect((await tasks()).some((t) => t.source?.id === withheld)).toBe(false);
  });

  it('refuses unsigned, forged and foreign callbacks and numbers no clinic has, recording nothing', async () => {
    const before = (await voiceThreads()).reduce((n, t) => n + t.messages.length, 0);
    const params = call(callSid(), 'no-answer');
    const refusals: [string, Awaited<ReturnType<typeof callback>>, number, string][] = [
      ['no signature', await callback(params, null), 403, 'invalid_signature'],
      ['signed over other fields', await callback(params, twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/webhooks/voice/status`, { ...params, CallStatus: 'completed' })), 403, 'invalid_signature'],
      ['signed for the SMS webhook URL', await callback(params, twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/webhooks/sms/status`, params)), 403, 'invalid_signature'],
      ['another account', await callback({ ...params, AccountSid: `AC${'1'.repeat(32)}` }), 403, 'account_mismatch'],
      ['a number no clinic has', await callback({ ...params, To: '+16175550999', Called: '+16175550999' }), 404, 'unknown_number'],
      ['no CallSid', await callback(Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'CallSid'))), 400, 'invalid_request'],
      ['a duration that is not a number', await callback({ ...params, CallStatus: 'completed', CallDuration: 'long' }), 400, 'invalid_request'],
    ];
    for (const [what, response, statusCode, code] of refusals) expect([what, response.statusCode, errorOf(response).code]).toEqual([what, statusCode, code]);
    expect((await voiceThreads()).reduce((n, t) => n + t.messages.length, 0)).toBe(before);
  });
});

describe('calls logged by hand', () => {
  it('an agent logs an answered call with notes in the patient\'s phone thread', async () => {
    const response = await admin.request('POST', '/api/inbox/calls', { patientId: mariaId, phone: '617-555-0101', direction: 'outbound', outcome: 'answered', durationSeconds: 300, notes: 'Discussed lab results' });
    expect(response.statusCode).toBe(201);
    const body = response.json<{ conversationId: string; patientId: string; taskId: string | null; message: CallEntry }>();
    expect(body).toMatchObject({ patientId: mariaId, taskId: null });
    expect(body.message.call).toEqual({ direction: 'outbound', from: VOICE_NUMBER, to: MARIA, durationSeconds: 300, outcome: 'answered', notes: 'Discussed lab results' });
    const thread = (await voiceThreads()).find((t) => t.id === body.conversationId)!;
    expect(thread.patientId).toBe(mariaId);
    expect(thread.messages.at(-1)!.call!.notes).toBe('Discussed lab results');
  });

  it('finds the patient by phone, and a missed inbound call logged by hand opens a callback task', async () => {
    const agent = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'agent'));
    const at = new Date(Date.now() - 10 * 60_000).toISOString();
    const response = await agent.request('POST', '/api/inbox/calls', { phone: '+1 617 555 0101', direction: 'inbound', outcome: 'missed', durationSeconds: 0, at });
    expect(response.statusCode).toBe(201);
    const body = response.json<{ patientId: string; taskId: string; message: { createdAt: string } }>();
    expect(body.patientId).toBe(mariaId);
    expect(body.message.createdAt).toBe(at);
    const task = (await tasks(`&patientId=${mariaId}`)).find((t) => t.id === body.taskId);
    expect(task).toMatchObject({ kind: 'callback', title: 'Call back Maria Lopez', priority: 'high' });
  });

  it('refuses a bad number, an unknown patient, a time in the future, unknown fields, and staff without inbox:reply', async () => {
    const good = { phone: MARIA, direction: 'inbound', outcome: 'answered', durationSeconds: 10 };
    expect(errorOf(await admin.request('POST', '/api/inbox/calls', { ...good, phone: 'call me maybe' })).message).toMatch(/phone/);
    expect((await admin.request('POST', '/api/inbox/calls', { ...good, phone: 'call me maybe' })).statusCode).toBe(400);
    expect((await admin.request('POST', '/api/inbox/calls', { ...good, patientId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    expect((await admin.request('POST', '/api/inbox/calls', { ...good, at: new Date(Date.now() + 3_600_000).toISOString() })).statusCode).toBe(400);
    expect((await admin.request('POST', '/api/inbox/calls', { ...good, outcome: 'lost' })).statusCode).toBe(400);
    expect((await admin.request('POST', '/api/inbox/calls', { ...good, durationSeconds: -1 })).statusCode).toBe(400);
    expect((await admin.request('POST', '/api/inbox/calls', { ...good, recording: 'x' })).statusCode).toBe(400);
    const viewer = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'viewer'));
    const refused = await viewer.request('POST', '/api/inbox/calls', good);
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).code).toBe('forbidden');
  });

  it('audits a logged call as access to the patient\'s data', async () => {
    const response = await admin.request('GET', `/api/patients/${mariaId}/access-log?limit=100`);
    expect(response.statusCode).toBe(200);
    const entries = response.json<{ items: { action: string; entity: string }[] }>().items;
    expect(entries.filter((e) => e.action === 'log_call')).toHaveLength(2);
  });
});
