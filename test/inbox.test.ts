import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveMessage } from '../src/modules/inbox/service.js';
import { addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

let clinic: TestClinic;
let admin: Client;
let patientId: string;

const text = (from: string, body: string, externalId?: string) => receiveMessage(clinic.careloop.platform, {
  organizationId: clinic.organizationId, channel: 'sms', endpoint: '+16175550100', fromAddress: from, threading: 'per-sender', body, externalId,
});

beforeAll(async () => {
  clinic = await startClinic();
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  await admin.request('POST', '/api/channels/endpoints', { channel: 'sms', address: '+1 617 555 0100', name: 'Front desk line' });
  const created = await admin.request('POST', '/api/patients', {
    givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1980-02-03', contactPoints: [{ kind: 'phone', value: '+1 617 555 0101' }],
  });
  patientId = created.json<{ id: string }>().id;
});
afterAll(() => clinic.close());

describe('the inbox', () => {
  it('files a text from a known number under the patient and answers it on SMS (test outbox)', async () => {
    const received = await text('+16175550101', 'Can I move my appointment?', 'SM1');
    expect(received.conversation.patient_id).toBe(patientId);
    const list = await admin.request('GET', '/api/inbox/conversations?status=open');
    expect(list.statusCode).toBe(200);
    const item = list.json<{ items: { id: string; patient: { name: string }; waitingSince: string | null }[] }>().items[0]!;
    expect(item.patient.name).toBe('Maria Lopez');
    expect(item.waitingSince).not.toBeNull();

    const reply = await admin.request('POST', `/api/inbox/conversations/${item.id}/messages`, { body: 'Of course, which day suits you?' });
    expect(reply.statusCode).toBe(201);
    const detail = await admin.request('GET', `/api/inbox/conversations/${item.id}`);
    const body = detail.json<{ waitingSince: string | null; messages: { direction: string; body: string }[]; replyOptions: { channel: string; allowed: boolean }[] }>();
    expect(body.messages.map((m) => m.direction)).toEqual(['in', 'out']);
    expect(body.waitingSince).toBeNull();
    const outbox = await admin.request('GET', '/api/channels/outbox?testOnly=true');
    expect(outbox.json<{ items: { recipient: string; body: string }[] }>().items[0]).toMatchObject({ recipient: '+16175550101', body: 'Of course, which day suits you?' });
  });

  it('never stores a retried text twice and keeps one thread per number', async () => {
    const again = await text('+16175550101', 'Can I move my appointment?', 'SM1');
    expect(again.duplicate).toBe(true);
    const next = await text('+16175550101', 'Thursday please', 'SM2');
    expect(next.conversation.id).toBe(again.conversation.id);
  });

  it('opens a conversation with an unverified sender, which an agent links to a patient', async () => {
    const stranger = await text('+16175550199', 'Hello, is the clinic open Saturday?', 'SM3');
    expect(stranger.conversation.patient_id).toBeNull();
    const linked = await admin.request('POST', `/api/inbox/conversations/${stranger.conversation.id}/link`, { patientId });
    expect(linked.statusCode).toBe(200);
    expect(linked.json<{ patientId: string }>().patientId).toBe(patientId);
    const later = await text('+16175550199', 'Thanks', 'SM4');
    expect(later.conversation.patient_id).toBe(patientId);
  });

  it('resolves, and the patient\'s next text reopens it', async () => {
    const { conversation } = await text('+16175550101', 'one more thing', 'SM5');
    const resolved = await admin.request('PATCH', `/api/inbox/conversations/${conversation.id}`, { status: 'resolved' });
    expect(resolved.json<{ status: string }>().status).toBe('resolved');
    const reopened = await text('+16175550101', 'sorry, another question', 'SM6');
    expect(reopened.conversation.status).toBe('open');
    expect(reopened.conversation.reopen_count).toBe(1);
  });

  it('refuses bad changes clearly', async () => {
    const { conversation } = await text('+16175550101', 'hi', 'SM7');
    const url = `/api/inbox/conversations/${conversation.id}`;
    expect(errorOf(await admin.request('PATCH', url, { status: 'snoozed' })).message).toMatch(/snoozedUntil/);
    expect((await admin.request('PATCH', url, { status: 'snoozed', snoozedUntil: '2020-01-01T00:00:00Z' })).statusCode).toBe(400);
    expect((await admin.request('PATCH', url, {})).statusCode).toBe(400);
    expect((await admin.request('PATCH', url, { priority: 'extreme' })).statusCode).toBe(400);
    expect((await admin.request('PATCH', url, { assigneeId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    expect((await admin.request('POST', `${url}/messages`, { body: '' })).statusCode).toBe(400);
    expect((await admin.request('POST', `${url}/messages`, { body: 'x', sendAt: '2020-01-01T00:00:00Z' })).statusCode).toBe(400);
    expect((await admin.request('GET', '/api/inbox/conversations/not-a-uuid')).statusCode).toBe(400);
    const viewer = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'viewer'));
    expect((await viewer.request('POST', `${url}/messages`, { body: 'hi' })).statusCode).toBe(403);
  });
});
