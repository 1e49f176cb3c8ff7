import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveMessage } from '../src/modules/inbox/service.js';
import { sendReply } from '../src/modules/inbox/reply.js';
import { systemActor } from '../src/platform/permissions.js';
import { apiToken, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

let clinic: TestClinic;
let admin: Client;

interface Timings {
  cycles: { cycle: number; reopened: boolean; resolvedAt: string | null; resolutionSeconds: number | null }[];
  waits: { cycle: number; kind: string; respondedAt: string | null; seconds: number | null; businessSeconds: number | null; unanswered: boolean }[];
}

let sid = 0;
const text = (from: string, body: string, at: Date) => receiveMessage(clinic.careloop.platform, {
  organizationId: clinic.organizationId, channel: 'sms', endpoint: '+16175550100', fromAddress: from, threading: 'per-sender', body,
  externalId: `SMT${++sid}`, receivedAt: at,
});
const timings = async (id: string) => (await admin.request('GET', `/api/inbox/conversations/${id}/timings`)).json<Timings>();

beforeAll(async () => {
  clinic = await startClinic();
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  await admin.request('POST', '/api/channels/endpoints', { channel: 'sms', address: '+16175550100', name: 'Main line' });
});
afterAll(() => clinic.close());

describe('response and resolution times', () => {
  it('counts the first response from the patient\'s first message to the first human reply; a bot reply does not count', async () => {
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    const { conversation } = await text('+16175550111', 'Is my prescription ready?', tenMinutesAgo);
    await text('+16175550111', 'Hello?', new Date(Date.now() - 5 * 60_000));
    await sendReply(clinic.careloop.platform, systemActor(clinic.organizationId), conversation.id, { body: 'I am the assistant.' }, 'bot');
    let facts = await timings(conversation.id);
    expect(facts.waits).toHaveLength(1);
    expect(facts.waits[0]).toMatchObject({ kind: 'first', respondedAt: null });

    await admin.request('POST', `/api/inbox/conversations/${conversation.id}/messages`, { body: 'Yes, it is ready.' });
    facts = await timings(conversation.id);
    expect(facts.waits[0]!.seconds).toBeGreaterThanOrEqual(600);
    expect(facts.waits[0]!.seconds).toBeLessThan(660);
    // No business hours set: the clinic counts as always open, so business time equals calendar time.
    expect(facts.waits[0]!.businessSeconds).toBe(facts.waits[0]!.seconds);
  });

  it('times the next response separately, and a reopen starts a new cycle with its own first response', async () => {
    const { conversation } = await text('+16175550112', 'Question one', new Date(Date.now() - 60_000));
    await admin.request('POST', `/api/inbox/conversations/${conversation.id}/messages`, { body: 'Answer one' });
    await text('+16175550112', 'Question two', new Date());
    await admin.request('POST', `/api/inbox/conversations/${conversation.id}/messages`, { body: 'Answer two' });
    await admin.request('PATCH', `/api/inbox/conversations/${conversation.id}`, { status: 'resolved' });
    await text('+16175550112', 'Back again', new Date());
    const facts = await timings(conversation.id);
    expect(facts.waits.map((w) => `${w.cycle}:${w.kind}`)).toEqual(['1:first', '1:next', '2:first']);
    expect(facts.cycles.map((c) => [c.cycle, c.reopened, c.resolvedAt !== null])).toEqual([[1, false, true], [2, true, false]]);
    expect(facts.cycles[0]!.resolutionSeconds).toBeGreaterThanOrEqual(60);
  });

  it('a conversation resolved without an answer leaves its wait unanswered, never a response', async () => {
    const { conversation } = await text('+16175550113', 'Spam?', new Date());
    await admin.request('PATCH', `/api/inbox/conversations/${conversation.id}`, { status: 'resolved' });
    const facts = await timings(conversation.id);
    expect(facts.waits).toEqual([expect.objectContaining({ unanswered: true, respondedAt: null, seconds: null })]);
  });

  it('a scheduled reply answers the patient when it goes out, not when it was written', async () => {
    const { conversation } = await text('+16175550114', 'Can you text me tomorrow?', new Date());
    const scheduled = await admin.request('POST', `/api/inbox/conversations/${conversation.id}/messages`, {
      body: 'Good morning!', sendAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(scheduled.json<{ status: string }>().status).toBe('scheduled');
    expect((await timings(conversation.id)).waits[0]!.respondedAt).toBeNull();
    const cancelled = await admin.request('DELETE', `/api/inbox/conversations/${conversation.id}/messages/${scheduled.json<{ id: string }>().id}`);
    expect(cancelled.json<{ status: string }>().status).toBe('cancelled');
    const outbox = await admin.request('GET', '/api/channels/outbox');
    expect(outbox.json<{ items: { messageId: string; status: string }[] }>().items.find((i) => i.messageId === scheduled.json<{ id: string }>().id)?.status).toBe('cancelled');
  });
});
