import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../src/modules/identity/service.js';
import { receiveMessage } from '../src/modules/inbox/service.js';
import { signLink } from '../src/platform/links.js';
import { systemActor } from '../src/platform/permissions.js';
import { addClinic, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

interface PortalThread {
  clinicName: string;
  conversation: { number: number; subject: string | null; status: string };
  messages: { id: string; direction: string; body: string; authorLabel: string; createdAt: string; attachments: string[] }[];
}
interface Detail { id: string; status: string; reopenCount: number; waitingSince: string | null; patientLink: string; messages: { direction: string; channel: string; body: string }[] }

let clinic: TestClinic;
let admin: Client;
let ana: Client;
let patientId: string;
let conversationId: string;
let token: string;
// The thread API limits answers per device (20 a minute): each test is its own device.
let device = 0;
beforeEach(() => { device += 1; });

const publicGet = (t: string, remoteAddress = `10.0.0.${device}`) =>
  clinic.careloop.app.inject({ method: 'GET', url: `/api/public/thread/${t}`, remoteAddress });
const publicPost = (t: string, payload: unknown, headers: Record<string, string> = {}, remoteAddress = `10.0.0.${device}`) =>
  clinic.careloop.app.inject({ method: 'POST', url: `/api/public/thread/${t}/messages`, payload: payload as object, headers, remoteAddress });
const detail = async (id = conversationId) => (await admin.request('GET', `/api/inbox/conversations/${id}`)).json<Detail>();
const tokenOf = (link: string) => link.split('/p/thread/')[1]!;
const secret = () => clinic.careloop.platform.config.secretKey;

beforeAll(async () => {
  clinic = await startClinic();
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  await createUser(clinic.careloop.platform, systemActor(clinic.organizationId, 'cli'), {
    email: 'ana.ruiz@sunrise.test', displayName: 'Ana Ruiz', role: 'agent', password: 'correct horse battery',
  });
  ana = await sessionClient(clinic.careloop, 'ana.ruiz@sunrise.test');
  await admin.request('POST', '/api/channels/endpoints', { channel: 'sms', address: '+1 617 555 0100', name: 'Front desk line' });
  const created = await admin.request('POST', '/api/patients', {
    givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1980-02-03', contactPoints: [{ kind: 'phone', value: '+1 617 555 0101', consentCare: true }],
  });
  patientId = created.json<{ id: string }>().id;
  const received = await receiveMessage(clinic.careloop.platform, {
    organizationId: clinic.organizationId, channel: 'sms', endpoint: '+16175550100', fromAddress: '+16175550101', threading: 'per-sender',
    body: 'Is my lab result in?', externalId: 'SM-portal-1',
  });
  conversationId = received.conversation.id;
  expect((await ana.request('POST', `/api/inbox/conversations/${conversationId}/messages`, { body: 'Yes, it came in this morning.' })).statusCode).toBe(201);
  expect((await ana.request('POST', `/api/inbox/conversations/${conversationId}/notes`, { body: 'Internal: result borderline, ask Dr. Kim' })).statusCode).toBe(201);
  const later = new Date(Date.now() + 3 * 86_400_000).toISOString();
  expect((await ana.request('POST', `/api/inbox/conversations/${conversationId}/messages`, { body: 'Scheduled follow-up text', sendAt: later })).statusCode).toBe(201);
  token = tokenOf((await detail()).patientLink);
});
afterAll(() => clinic.close());

describe('a patient with a thread link', () => {
  it('reads the thread: the clinic\'s name, what they wrote and what staff answered (first name only), nothing internal', async () => {
    const response = await publicGet(token);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const thread = response.json<PortalThread>();
    expect(thread.clinicName).toBe('sunrise clinic');
    expect(thread.conversation.status).toBe('open');
    expect(thread.messages.map((m) => [m.direction, m.authorLabel, m.body])).toEqual([
      ['in', 'You', 'Is my lab result in?'],
      ['out', 'Ana', 'Yes, it came in this morning.'],
    ]);
    // Never: the internal note, a reply still scheduled, staff surnames or ids, the patient id, phone numbers.
    const raw = response.body;
    for (const hidden of ['Internal', 'Dr. Kim', 'Scheduled follow-up', 'Ruiz', patientId, '+1617555', 'authorId', 'assigneeId']) expect(raw).not.toContain(hidden);
  });

  it('shows a reply sent through an integration\'s API token as from "Clinic", not the token\'s name', async () => {
    expect((await admin.request('POST', `/api/inbox/conversations/${conversationId}/messages`, { body: 'Sent by the EHR integration' })).statusCode).toBe(201);
    const thread = (await publicGet(token)).json<PortalThread>();
    expect(thread.messages.at(-1)).toMatchObject({ direction: 'out', authorLabel: 'Clinic', body: 'Sent by the EHR integration' });
    expect(JSON.stringify(thread)).not.toContain('API token');
  });

  it('answers without an account: the message lands in the inbox on the patient page channel and starts the response clock', async () => {
    const response = await publicPost(token, { body: '  Great, can I see it online?  ', clientId: 'c-1' });
    expect(response.statusCode).toBe(201);
    expect(response.json<{ direction: string; authorLabel: string; body: string }>()).toMatchObject({ direction: 'in', authorLabel: 'You', body: 'Great, can I see it online?' });
    const after = await detail();
    expect(after.messages.at(-1)).toMatchObject({ direction: 'in', channel: 'portal', body: 'Great, can I see it online?' });
    expect(after.waitingSince).not.toBeNull();
    const list = (await admin.request('GET', `/api/inbox/conversations?status=open&patientId=${patientId}`)).json<{ items: { id: string }[] }>();
    expect(list.items.map((i) => i.id)).toEqual([conversationId]);
  });

  it('a double submit with the same clientId (or Idempotency-Key) is one message, even when both arrive at once', async () => {
    const count = async () => (await detail()).messages.filter((m) => m.body === 'Sent twice').length;
    const [first, second] = await Promise.all([
      publicPost(token, { body: 'Sent twice', clientId: 'double-1' }),
      publicPost(token, { body: 'Sent twice', clientId: 'double-1' }),
    ]);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(first.json<{ id: string }>().id).toBe(second.json<{ id: string }>().id);
    expect(await count()).toBe(1);
    await publicPost(token, { body: 'Sent twice' }, { 'idempotency-key': 'double-2' });
    await publicPost(token, { body: 'Sent twice' }, { 'idempotency-key': 'double-2' });
    expect(await count()).toBe(2);
  });

  it('reopens a resolved conversation by answering', async () => {
    expect((await admin.request('PATCH', `/api/inbox/conversations/${conversationId}`, { status: 'resolved' })).statusCode).toBe(200);
    expect((await publicGet(token)).json<PortalThread>().conversation.status).toBe('resolved');
    expect((await publicPost(token, { body: 'One more question, sorry' })).statusCode).toBe(201);
    const after = await detail();
    expect(after.status).toBe('open');
    expect(after.reopenCount).toBe(1);
  });

  it('is audited with the patient as the actor', async () => {
    const log = (await admin.request('GET', `/api/patients/${patientId}/access-log?limit=100`)).json<{ items: { actor: string; action: string; entity: string }[] }>();
    const byPatient = log.items.filter((entry) => entry.actor === 'Patient (signed link)');
    expect(byPatient.map((e) => `${e.action} ${e.entity}`)).toEqual(expect.arrayContaining(['read conversation', 'reply conversation']));
  });

  it('refuses empty, blank, oversized and unknown-field answers with 400 and stores nothing', async () => {
    const before = (await detail()).messages.length;
    for (const payload of [{ body: '' }, { body: '   \n ' }, { body: 'x'.repeat(5001) }, {}, { body: 'hi', patientId }, { body: 42 }, { body: 'hi', clientId: 'has spaces' }]) {
      const response = await publicPost(token, payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(400);
    }
    expect((await publicPost(token, { body: 'x'.repeat(5000) })).statusCode).toBe(201);
    expect((await detail()).messages.length).toBe(before + 1);
  });

  it('refuses forged, truncated, expired and other-purpose links politely', async () => {
    const [body, signature] = token.split('.') as [string, string];
    const forgedSignature = `${body}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const otherSubject = `${Buffer.from(JSON.stringify({ ...claims, s: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}.${signature}`;
    for (const bad of [forgedSignature, otherSubject, body, 'not-a-link', `${token}.extra`]) {
      const response = await publicGet(encodeURIComponent(bad));
      expect(response.statusCode, bad.slice(0, 30)).toBe(403);
      expect(errorOf(response).code).toBe('link_invalid');
      expect((await publicPost(encodeURIComponent(bad), { body: 'hello' })).statusCode).toBe(403);
    }
    const expired = signLink(secret(), { purpose: 'thread', organizationId: clinic.organizationId, subject: conversationId, expiresAt: new Date(Date.now() - 1000) });
    const gone = await publicGet(expired);
    expect(gone.statusCode).toBe(410);
    expect(errorOf(gone).message).toMatch(/expired.*contact the clinic/i);
    expect((await publicPost(expired, { body: 'hello' })).statusCode).toBe(410);
    const survey = signLink(secret(), { purpose: 'survey', organizationId: clinic.organizationId, subject: conversationId, expiresAt: new Date(Date.now() + 60_000) });
    expect(errorOf(await publicGet(survey)).code).toBe('link_invalid');
  });

  it('a link signed for another clinic cannot read or answer this clinic\'s conversation', async () => {
    const other = await addClinic(clinic.careloop, 'lakeside');
    const crossTenant = signLink(secret(), { purpose: 'thread', organizationId: other.organizationId, subject: conversationId, expiresAt: new Date(Date.now() + 60_000) });
    const read = await publicGet(crossTenant);
    expect(read.statusCode).toBe(404);
    expect(read.body).not.toContain('lab result');
    expect((await publicPost(crossTenant, { body: 'hello' })).statusCode).toBe(404);
  });

  it('follows a merged conversation to the one that holds the thread now', async () => {
    const email = await receiveMessage(clinic.careloop.platform, {
      organizationId: clinic.organizationId, channel: 'email', endpoint: 'front', fromAddress: 'maria@example.com', patientId,
      threading: 'new', body: 'Also, my address changed', subject: 'Address', externalId: '<m1@example.com>',
    });
    const link = tokenOf((await detail(email.conversation.id)).patientLink);
    const merged = await admin.request('POST', `/api/inbox/conversations/${email.conversation.id}/merge`, { intoId: conversationId });
    expect(merged.statusCode).toBe(200);
    const thread = (await publicGet(link)).json<PortalThread>();
    expect(thread.messages.map((m) => m.body)).toEqual(expect.arrayContaining(['Is my lab result in?', 'Also, my address changed']));
    expect((await publicPost(link, { body: 'Answer through the old link' })).statusCode).toBe(201);
    expect((await detail()).messages.at(-1)?.body).toBe('Answer through the old link');
  });

  it('slows down a device that sends too many answers', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await publicPost(token, { body: '' }, {}, '10.1.2.3')).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses[20]).toBe(429);
    // Another device is not affected.
    expect((await publicGet(token, '10.1.2.4')).statusCode).toBe(200);
  });
});
