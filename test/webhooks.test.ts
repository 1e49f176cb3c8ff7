import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveSms } from '../src/modules/channels/sms.js';
import { receiveMessage } from '../src/modules/inbox/service.js';
import { deliverDue } from '../src/modules/webhooks/delivery.js';
import { GIVE_UP_AFTER_MS, nextAttemptAt, retryDelaySeconds } from '../src/modules/webhooks/schedule.js';
import { addClinic, addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

/**
 * Exactly what docs/webhooks.md tells integrators to do with node:crypto: take the raw body, split
 * the header, refuse a timestamp outside five minutes, compare the HMAC in constant time.
 */
function verifyCareloopSignature(secret: string, header: string | undefined, rawBody: string, toleranceSeconds = 300): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2)));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  const given = Buffer.from(String(parts.v1 ?? ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface Received { path: string; headers: IncomingHttpHeaders; body: string }

/** A real receiving server: /ok answers 200, /fail answers `failStatus` with a long body, /hang never answers. */
class Receiver {
  received: Received[] = [];
  failStatus = 500;
  private server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      this.received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (path.startsWith('/hang')) return;
      if (path.startsWith('/binary')) {
        response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from([0x7b, 0x00, 0x01, 0x00, 0x7d]));
        return;
      }
      if (path.startsWith('/fail')) {
        response.writeHead(this.failStatus, { 'content-type': 'text/plain' }).end('x'.repeat(5000));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(path: string) {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  at(path: string) {
    return this.received.filter((r) => r.path === path);
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface Attempt { number: number; at: string; outcome: string; statusCode: number | null; durationMs: number; error: string | null; responseBody: string | null }
interface Delivery {
  id: string; eventId: string; eventType: string; patientId: string | null; source: string; status: string; attempts: number; nextAttemptAt: string | null;
  firstAttemptAt: string | null; lastAttemptAt: string | null; lastStatusCode: number | null; payload: string; attemptLog: Attempt[];
}
interface Endpoint { id: string; status: string; health: string; secret?: string; consecutiveFailures: number; failingSince: string | null }

/** Deliveries go through the job queue (polled every half second): give them a few seconds on a busy machine. */
const soon = { timeout: 8000 };
let clinic: TestClinic;
let admin: Client;
let receiver: Receiver;

const create = async (client: Client, body: object) => {
  const response = await client.request('POST', '/api/webhooks', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Endpoint & { secret: string }>();
};
const deliveries = async (client: Client, endpointId: string, query = '') => {
  const response = await client.request('GET', `/api/webhooks/${endpointId}/deliveries${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Delivery[]; total: number }>();
};
let patientNumber = 0;
const registerPatient = async (client: Client) => {
  const response = await client.request('POST', '/api/patients', { givenName: 'Rosa', familyName: `Webhook ${'abcdefghijklmnopqrstuvwxyz'[++patientNumber % 26]}${'abcdefghijklmnopqrstuvwxyz'[Math.floor(patientNumber / 26)]}`, dateOfBirth: '1975-06-07', allowDuplicate: true });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
};
const fieldsOf = (response: Awaited<ReturnType<Client['request']>>) => (errorOf(response).details as { fields: { field: string }[] }).fields.map((f) => f.field);

beforeAll(async () => {
  clinic = await startClinic();
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  receiver = await new Receiver().start();
});
afterAll(async () => {
  await receiver.close();
  await clinic.close();
});

describe('endpoints: input and permissions', () => {
  it('refuse a non-URL, ftp://, a URL with credentials, an unknown event type and unknown fields with 400, and save nothing', async () => {
    const base = { name: 'EHR', url: receiver.url('/ok'), eventTypes: ['patient.registered'] };
    const cases: [object, string][] = [
      [{ ...base, url: 'not a url' }, 'url'],
      [{ ...base, url: 'ftp://files.example.org/hook' }, 'url'],
      [{ ...base, url: 'https://user:secret@ehr.example.org/hook' }, 'url'],
      [{ ...base, url: 'javascript:alert(1)' }, 'url'],
      [{ ...base, eventTypes: ['patient.registered', 'patient.exploded'] }, 'eventTypes.1'],
      [{ ...base, eventTypes: [] }, 'eventTypes'],
    ];
    for (const [body, field] of cases) {
      const response = await admin.request('POST', '/api/webhooks', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorOf(response).code).toBe('invalid_request');
      expect(JSON.stringify(fieldsOf(response))).toContain(field);
    }
    const unknownField = await admin.request('POST', '/api/webhooks', { ...base, secret: 'mine' });
    expect(unknownField.statusCode).toBe(400);
    expect(errorOf(unknownField).message).toMatch(/secret/);
    expect((await admin.request('GET', '/api/webhooks')).json<{ items: unknown[] }>().items).toEqual([]);

    // A change is checked the same way, and a refused change leaves the endpoint as it was.
    const saved = await create(admin, base);
    for (const [body, field] of [[{ url: 'ftp://x.example.org' }, 'url'], [{ eventTypes: ['nope'] }, 'eventTypes.0'], [{ secret: 'x' }, 'secret'], [{}, '']] as const) {
      const response = await admin.request('PATCH', `/api/webhooks/${saved.id}`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(errorOf(response).message).toContain(field);
    }
    expect((await admin.request('GET', `/api/webhooks/${saved.id}`)).json()).toMatchObject({ url: base.url, eventTypes: base.eventTypes });
    expect((await admin.request('GET', '/api/webhooks/not-an-id')).statusCode).toBe(400);
    expect((await admin.request('DELETE', `/api/webhooks/${saved.id}`)).statusCode).toBe(204);
    expect((await admin.request('DELETE', `/api/webhooks/${saved.id}`)).statusCode).toBe(404);
  });

  it('refuse agents (403) and anonymous callers (401); admins with a session may manage', async () => {
    const agent = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'agent'));
    const listed = await agent.request('GET', '/api/webhooks');
    expect(listed.statusCode).toBe(403);
    expect(errorOf(listed).code).toBe('forbidden');
    expect((await agent.request('POST', '/api/webhooks', { name: 'x', url: receiver.url('/ok'), eventTypes: ['*'] })).statusCode).toBe(403);
    expect((await clinic.careloop.app.inject({ method: 'GET', url: '/api/webhooks' })).statusCode).toBe(401);
    const session = await sessionClient(clinic.careloop, clinic.adminEmail);
    expect((await session.request('GET', '/api/webhooks/event-types')).json<{ groups: { events: { type: string }[] }[] }>().groups
      .flatMap((g) => g.events.map((e) => e.type))).toEqual(expect.arrayContaining(['appointment.booked', 'message.received', 'visit.completed', 'survey.answered', 'recovery_case.opened']));
  });
});

describe('delivery of a domain event', () => {
  it('posts patient.registered signed with the secret; the receiver verifies it, a tampered body fails; the log shows the attempt', async () => {
    const endpoint = await create(admin, { name: 'EHR sync', url: receiver.url('/ok'), eventTypes: ['patient.registered'] });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect((await admin.request('GET', `/api/webhooks/${endpoint.id}`)).json()).not.toHaveProperty('secret');

    const patientId = await registerPatient(admin);
    await expect.poll(() => receiver.at('/ok').length, soon).toBe(1);
    const request = receiver.at('/ok')[0]!;
    expect(verifyCareloopSignature(endpoint.secret, request.headers['careloop-signature'] as string, request.body)).toBe(true);
    // Another secret, a changed body or an old timestamp do not verify.
    expect(verifyCareloopSignature('whsec_wrong', request.headers['careloop-signature'] as string, request.body)).toBe(false);
    expect(verifyCareloopSignature(endpoint.secret, request.headers['careloop-signature'] as string, request.body.replace(patientId, patientId.replace(/.$/, (c) => (c === '0' ? '1' : '0'))))).toBe(false);
    const header = request.headers['careloop-signature'] as string;
    const oldTime = Number(/t=(\d+)/.exec(header)![1]) - 600;
    const resigned = `t=${oldTime},v1=${createHmac('sha256', endpoint.secret).update(`${oldTime}.${request.body}`).digest('hex')}`;
    expect(verifyCareloopSignature(endpoint.secret, resigned, request.body)).toBe(false);

    const payload = JSON.parse(request.body) as { id: string; deliveryId: string; type: string; patientId: string; organizationId: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({ type: 'patient.registered', patientId, organizationId: clinic.organizationId });
    expect(request.headers['careloop-event']).toBe('patient.registered');
    expect(request.headers['careloop-delivery']).toBe(payload.deliveryId);
    expect(request.headers['user-agent']).toMatch(/^Careloop-Webhooks/);
    expect(request.headers['content-type']).toBe('application/json');
    // Ids, not patient text: the timeline summary (it names the MRN) stays home.
    expect(payload.data).not.toHaveProperty('summary');

    await expect.poll(async () => (await deliveries(admin, endpoint.id)).items[0]?.status, soon).toBe('delivered');
    const [logged] = (await deliveries(admin, endpoint.id)).items;
    expect(logged).toMatchObject({ id: payload.deliveryId, eventId: payload.id, eventType: 'patient.registered', attempts: 1, lastStatusCode: 200, nextAttemptAt: null });
    expect(logged!.attemptLog).toEqual([expect.objectContaining({ number: 1, outcome: 'delivered', statusCode: 200, responseBody: '{"ok":true}' })]);
    expect(logged!.payload).toBe(request.body);
    expect(logged!.patientId).toBe(patientId);
    // Reading the log is a read of the patient's data: it is on the patient's access log.
    const access = (await admin.request('GET', `/api/patients/${patientId}/access-log`)).json<{ items: { action: string; entity: string }[] }>().items;
    expect(access.map((entry) => `${entry.action} ${entry.entity}`)).toContain('list webhook_delivery');
    expect((await admin.request('GET', `/api/webhooks/${endpoint.id}`)).json<Endpoint>().health).toBe('healthy');

    // A rotated secret signs from then on; the old one no longer verifies.
    const rotated = (await admin.request('POST', `/api/webhooks/${endpoint.id}/rotate-secret`)).json<{ secret: string }>().secret;
    expect(rotated).not.toBe(endpoint.secret);
    expect((await admin.request('POST', `/api/webhooks/${endpoint.id}/test`)).statusCode).toBe(202);
    await expect.poll(() => receiver.at('/ok').length, soon).toBe(2);
    const test = receiver.at('/ok')[1]!;
    expect(JSON.parse(test.body)).toMatchObject({ type: 'webhook.test' });
    expect(verifyCareloopSignature(rotated, test.headers['careloop-signature'] as string, test.body)).toBe(true);
    expect(verifyCareloopSignature(endpoint.secret, test.headers['careloop-signature'] as string, test.body)).toBe(false);

    // Paused: no new deliveries.
    expect((await admin.request('PATCH', `/api/webhooks/${endpoint.id}`, { active: false })).json<Endpoint>().health).toBe('paused');
    await registerPatient(admin);
    expect((await deliveries(admin, endpoint.id)).total).toBe(2);
    expect((await admin.request('DELETE', `/api/webhooks/${endpoint.id}`)).statusCode).toBe(204);
  });
});

describe('the retry schedule', () => {
  it('doubles from 30 s, is capped at an hour, spreads by ±20 %, and gives up 24 h after the first attempt', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((n) => retryDelaySeconds(n, middle))).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
    expect(retryDelaySeconds(1, () => 0)).toBe(24);
    expect(retryDelaySeconds(1, () => 0.9999)).toBe(36);
    expect(retryDelaySeconds(30, () => 0.9999)).toBe(4320);
    const first = new Date('2026-03-01T10:00:00Z');
    expect(nextAttemptAt(first, first, 1, middle)).toEqual(new Date('2026-03-01T10:00:30Z'));
    // The last try is at the 24-hour mark, not after it; at the mark, give up.
    expect(nextAttemptAt(first, new Date(first.getTime() + GIVE_UP_AFTER_MS - 60_000), 20, middle)).toEqual(new Date(first.getTime() + GIVE_UP_AFTER_MS));
    expect(nextAttemptAt(first, new Date(first.getTime() + GIVE_UP_AFTER_MS), 21, middle)).toBeNull();
  });

  it('retries a 500-answering endpoint with growing delays, keeps 2 KB of each answer, dies after 24 h, and a replay then succeeds', async () => {
    receiver.failStatus = 500;
    const endpoint = await create(admin, { name: 'Flaky portal', url: receiver.url('/fail'), eventTypes: ['patient.registered'] });
    await registerPatient(admin);
    await expect.poll(async () => (await deliveries(admin, endpoint.id)).items[0]?.attempts, soon).toBe(1);
    let delivery = (await deliveries(admin, endpoint.id)).items[0]!;
    expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: 500 });
    expect(delivery.attemptLog[0]!.responseBody!.length).toBe(2048);
    expect(delivery.attemptLog[0]!.error).toBe('answered 500');

    // Drive time: run the delivery job "at" each retry time instead of waiting for it.
    const gaps: number[] = [];
    for (let guard = 0; delivery.status === 'pending' && guard < 60; guard++) {
      const due = new Date(delivery.nextAttemptAt!);
      gaps.push((due.getTime() - new Date(delivery.lastAttemptAt!).getTime()) / 1000);
      await deliverDue(clinic.careloop.platform, endpoint.id, due);
      delivery = (await deliveries(admin, endpoint.id)).items[0]!;
    }
    expect(delivery.status).toBe('dead');
    expect(gaps[0]).toBeGreaterThanOrEqual(24);
    expect(gaps[0]).toBeLessThanOrEqual(36);
    for (let i = 1; i < 7; i++) expect(gaps[i]! / gaps[i - 1]!).toBeGreaterThan(1.3);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(3600 * 1.2);
    expect(new Date(delivery.lastAttemptAt!).getTime() - new Date(delivery.firstAttemptAt!).getTime()).toBe(GIVE_UP_AFTER_MS);
    expect(delivery.attempts).toBe(gaps.length + 1);
    expect(delivery.attemptLog).toHaveLength(delivery.attempts);
    expect(delivery.nextAttemptAt).toBeNull();
    expect((await deliveries(admin, endpoint.id, '?status=dead')).total).toBe(1);
    expect((await deliveries(admin, endpoint.id, '?status=delivered')).total).toBe(0);
    // A day of failures disables the endpoint.
    const disabled = (await admin.request('GET', `/api/webhooks/${endpoint.id}`)).json<Endpoint>();
    expect(disabled).toMatchObject({ status: 'disabled', health: 'disabled' });

    // The receiver is fixed; a replay needs the endpoint resumed first, then goes at once.
    receiver.failStatus = 200;
    const refused = await admin.request('POST', `/api/webhooks/deliveries/${delivery.id}/replay`);
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).code).toBe('endpoint_not_active');
    expect((await admin.request('PATCH', `/api/webhooks/${endpoint.id}`, { active: true })).json<Endpoint>()).toMatchObject({ status: 'active', consecutiveFailures: 0 });
    const before = receiver.at('/fail').length;
    expect((await admin.request('POST', `/api/webhooks/deliveries/${delivery.id}/replay`)).statusCode).toBe(202);
    await expect.poll(async () => (await deliveries(admin, endpoint.id)).items[0]?.status, soon).toBe('delivered');
    const replayed = receiver.at('/fail').slice(before);
    expect(replayed).toHaveLength(1);
    expect(replayed[0]!.headers['careloop-delivery']).toBe(delivery.id);
    expect(verifyCareloopSignature(endpoint.secret, replayed[0]!.headers['careloop-signature'] as string, replayed[0]!.body)).toBe(true);
    expect(replayed[0]!.body).toBe(delivery.payload);
    await admin.request('DELETE', `/api/webhooks/${endpoint.id}`);
  });
});

describe('a failing endpoint\'s circuit', () => {
  it('opens after 3 failures: a new event is not tried until the retry time, then one probe goes first, and a success sends the rest', async () => {
    receiver.failStatus = 500;
    const other = await addClinic(clinic.careloop, 'circuit');
    const client = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId));
    const endpoint = await create(client, { name: 'Down', url: receiver.url('/fail-circuit'), eventTypes: ['patient.registered'] });
    for (let i = 0; i < 3; i++) await registerPatient(client);
    await expect.poll(async () => (await deliveries(client, endpoint.id)).items.map((d) => d.attempts), soon).toEqual([1, 1, 1]);
    const open = (await client.request('GET', `/api/webhooks/${endpoint.id}`)).json<Endpoint & { circuitOpenUntil: string }>();
    expect(open).toMatchObject({ health: 'failing', consecutiveFailures: 3 });
    expect(open.circuitOpenUntil).not.toBeNull();

    await registerPatient(client);
    const fresh = (await deliveries(client, endpoint.id)).items[0]!;
    expect(fresh).toMatchObject({ attempts: 0, status: 'pending', nextAttemptAt: open.circuitOpenUntil });
    expect(await deliverDue(clinic.careloop.platform, endpoint.id)).toEqual({ attempted: 0, delivered: 0 });
    expect(receiver.at('/fail-circuit')).toHaveLength(3);

    // At the retry time one delivery probes the endpoint; it fails, so the others are not tried.
    expect(await deliverDue(clinic.careloop.platform, endpoint.id, new Date(open.circuitOpenUntil))).toEqual({ attempted: 1, delivered: 0 });
    expect(receiver.at('/fail-circuit')).toHaveLength(4);

    receiver.failStatus = 200;
    const later = new Date(Date.now() + 2 * 3600_000);
    expect(await deliverDue(clinic.careloop.platform, endpoint.id, later)).toEqual({ attempted: 4, delivered: 4 });
    expect((await client.request('GET', `/api/webhooks/${endpoint.id}`)).json<Endpoint>()).toMatchObject({ health: 'healthy', consecutiveFailures: 0, circuitOpenUntil: null });
    receiver.failStatus = 500;
  });
});

describe('isolation', () => {
  it('a hanging endpoint does not hold up delivery to a healthy one', async () => {
    const other = await addClinic(clinic.careloop, 'hang');
    const client = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId));
    const hanging = await create(client, { name: 'Hangs', url: receiver.url('/hang'), eventTypes: ['patient.registered'] });
    await create(client, { name: 'Healthy', url: receiver.url('/ok-hang'), eventTypes: ['*'] });
    await registerPatient(client);
    await expect.poll(() => receiver.at('/ok-hang').length, { timeout: 5000 }).toBe(1);
    // The hanging endpoint has its request open (or queued) and nothing recorded yet.
    expect(receiver.at('/hang').length).toBeLessThanOrEqual(1);
    const stuck = (await deliveries(client, hanging.id)).items[0]!;
    expect(stuck).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('keeps each clinic to its own endpoints, events and deliveries (another clinic gets 404)', async () => {
    const a = await addClinic(clinic.careloop, 'tenant-a');
    const b = await addClinic(clinic.careloop, 'tenant-b');
    const clientA = tokenClient(clinic.careloop, await apiToken(clinic.careloop, a.organizationId));
    const clientB = tokenClient(clinic.careloop, await apiToken(clinic.careloop, b.organizationId));
    const endpointA = await create(clientA, { name: 'A', url: receiver.url('/ok-a'), eventTypes: ['*'] });
    await registerPatient(clientA);
    await expect.poll(async () => (await deliveries(clientA, endpointA.id)).items[0]?.status, soon).toBe('delivered');
    const deliveryA = (await deliveries(clientA, endpointA.id)).items[0]!;

    // Clinic B's events never reach A's endpoint: its deliveries are written before the API answers.
    await registerPatient(clientB);
    expect((await deliveries(clientA, endpointA.id)).total).toBe(1);
    expect((await clientB.request('GET', '/api/webhooks')).json<{ items: unknown[] }>().items).toEqual([]);
    for (const [method, url] of [
      ['GET', `/api/webhooks/${endpointA.id}`], ['GET', `/api/webhooks/${endpointA.id}/deliveries`], ['PATCH', `/api/webhooks/${endpointA.id}`],
      ['POST', `/api/webhooks/${endpointA.id}/rotate-secret`], ['POST', `/api/webhooks/${endpointA.id}/test`], ['DELETE', `/api/webhooks/${endpointA.id}`],
      ['POST', `/api/webhooks/deliveries/${deliveryA.id}/replay`],
    ] as const) {
      const response = await clientB.request(method, url, method === 'PATCH' ? { active: false } : undefined);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await clientA.request('GET', `/api/webhooks/${endpointA.id}`)).json<Endpoint>().status).toBe('active');
  });
});

describe('the automation rule\'s "send webhook" action', () => {
  it('delivers the rule, its event and the conversation as automation.webhook; refuses an endpoint of another clinic', async () => {
    const other = await addClinic(clinic.careloop, 'auto');
    const client = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId));
    await client.request('POST', '/api/channels/endpoints', { channel: 'sms', address: '+16175550100', name: 'Main line' });
    const endpoint = await create(client, { name: 'CRM', url: receiver.url('/ok-auto'), eventTypes: ['sla.breached'] });
    const foreign = await create(admin, { name: 'Not theirs', url: receiver.url('/ok-foreign'), eventTypes: ['sla.breached'] });

    const rule = { name: 'Tell the CRM', event: 'message.received', conditions: [], actions: [{ type: 'send_webhook', endpointId: endpoint.id }] };
    const missing = await client.request('POST', '/api/inbox/rules', { ...rule, actions: [{ type: 'send_webhook' }] });
    expect(missing.statusCode).toBe(400);
    expect(fieldsOf(missing)).toContain('actions.0.endpointId');
    const notTheirs = await client.request('POST', '/api/inbox/rules', { ...rule, actions: [{ type: 'send_webhook', endpointId: foreign.id }] });
    expect(notTheirs.statusCode).toBe(404);
    const saved = await client.request('POST', '/api/inbox/rules', rule);
    expect(saved.statusCode, saved.body).toBe(201);

    const { conversation } = await receiveMessage(clinic.careloop.platform, {
      organizationId: other.organizationId, channel: 'sms', endpoint: '+16175550100', fromAddress: '+16175550177', threading: 'per-sender',
      body: 'My chest hurts a little', externalId: 'WEBHOOK-AUTO-1', departmentId: null,
    });
    await expect.poll(() => receiver.at('/ok-auto').length, soon).toBe(1);
    const request = receiver.at('/ok-auto')[0]!;
    expect(verifyCareloopSignature(endpoint.secret, request.headers['careloop-signature'] as string, request.body)).toBe(true);
    const payload = JSON.parse(request.body) as { type: string; actor: { type: string }; data: { rule: { name: string }; event: { type: string; data: Record<string, unknown> }; conversation: { id: string } } };
    expect(payload).toMatchObject({ type: 'automation.webhook', actor: { type: 'automation' } });
    expect(payload.data.rule.name).toBe('Tell the CRM');
    expect(payload.data.event.type).toBe('message.received');
    expect(payload.data.conversation.id).toBe(conversation.id);
    // The message's words are not sent (the endpoint did not opt in to message text).
    expect(request.body).not.toContain('chest');
    expect(receiver.at('/ok-foreign')).toHaveLength(0);
  });

  it('sends message text only to an endpoint that opted in', async () => {
    const other = await addClinic(clinic.careloop, 'texts');
    const client = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId));
    await client.request('POST', '/api/channels/endpoints', { channel: 'sms', address: '+16175550100', name: 'Main line' });
    await create(client, { name: 'Ids only', url: receiver.url('/ok-ids'), eventTypes: ['message.received'] });
    await create(client, { name: 'With text', url: receiver.url('/ok-text'), eventTypes: ['message.received'], includeMessageText: true });
    await receiveMessage(clinic.careloop.platform, {
      organizationId: other.organizationId, channel: 'sms', endpoint: '+16175550100', fromAddress: '+16175550178', threading: 'per-sender',
      body: 'Please move my appointment to Friday', externalId: 'WEBHOOK-TEXT-1', departmentId: null,
    });
    await expect.poll(() => receiver.at('/ok-ids').length + receiver.at('/ok-text').length, soon).toBe(2);
    const idsOnly = JSON.parse(receiver.at('/ok-ids')[0]!.body) as { data: Record<string, unknown> };
    const withText = JSON.parse(receiver.at('/ok-text')[0]!.body) as { data: Record<string, unknown> };
    expect(idsOnly.data).toMatchObject({ conversationId: expect.any(String), messageId: expect.any(String), channel: 'sms' });
    expect(receiver.at('/ok-ids')[0]!.body).not.toContain('Friday');
    expect(withText.data.summary).toContain('Please move my appointment to Friday');
  });
});

describe('review: defects found after the first build', () => {
  it('records a 2xx answer whose body holds NUL bytes as delivered (it was unrecordable, so the delivery stayed "sending" and went again)', async () => {
    const other = await addClinic(clinic.careloop, 'binary');
    const client = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId));
    const endpoint = await create(client, { name: 'Binary answer', url: receiver.url('/binary'), eventTypes: ['patient.registered'] });
    await registerPatient(client);
    await expect.poll(async () => (await deliveries(client, endpoint.id)).items[0]?.status, soon).toBe('delivered');
    const [delivery] = (await deliveries(client, endpoint.id)).items;
    expect(delivery!.attemptLog).toEqual([expect.objectContaining({ number: 1, outcome: 'delivered', statusCode: 200 })]);
    expect(delivery!.attemptLog[0]!.responseBody).toContain('{');
    expect(receiver.at('/binary')).toHaveLength(1);
  });

  it('keeps the phone number out of patient.consent_changed (a patient texting STOP)', async () => {
    const other = await addClinic(clinic.careloop, 'consent');
    const client = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId));
    // A number of its own: an SMS number belongs to one clinic.
    const line = await client.request('POST', '/api/channels/endpoints', { channel: 'sms', address: '+16175550109', name: 'Main line' });
    expect(line.statusCode, line.body).toBeLessThan(300);
    await create(client, { name: 'Consent sync', url: receiver.url('/ok-consent'), eventTypes: ['patient.consent_changed'] });
    const registered = await client.request('POST', '/api/patients', { givenName: 'Lena', familyName: 'Stopp', dateOfBirth: '1969-04-05', contactPoints: [{ kind: 'phone', value: '+1 617 555 0142' }] });
    expect(registered.statusCode, registered.body).toBe(201);
    await receiveSms(clinic.careloop.platform, { From: '+16175550142', To: '+16175550109', Body: 'STOP', MessageSid: 'SMwebhookconsent0000000000000001' });
    await expect.poll(() => receiver.at('/ok-consent').length, soon).toBe(1);
    const body = receiver.at('/ok-consent')[0]!.body;
    expect(JSON.parse(body)).toMatchObject({ type: 'patient.consent_changed', patientId: registered.json<{ id: string }>().id, data: { kind: 'phone', care: false } });
    expect(body).not.toMatch(/555\D?0142/);
  });

  it('"Send test event" goes at once even while the circuit is open (the administrator has just fixed the receiver)', async () => {
    receiver.failStatus = 500;
    const other = await addClinic(clinic.careloop, 'test-circuit');
    const client = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId));
    const endpoint = await create(client, { name: 'Was down', url: receiver.url('/fail-test-circuit'), eventTypes: ['patient.registered'] });
    for (let i = 0; i < 3; i++) await registerPatient(client);
    await expect.poll(async () => (await client.request('GET', `/api/webhooks/${endpoint.id}`)).json<{ circuitOpenUntil: string | null }>().circuitOpenUntil, soon).not.toBeNull();
    receiver.failStatus = 200;
    expect((await client.request('POST', `/api/webhooks/${endpoint.id}/test`)).statusCode).toBe(202);
    await expect.poll(() => receiver.at('/fail-test-circuit').map((r) => (JSON.parse(r.body) as { type: string }).type), soon).toContain('webhook.test');
    receiver.failStatus = 500;
  });
});
