import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildCareloop } from '../src/app.js';
import { receiveMessage } from '../src/modules/inbox/service.js';
import { addClinic, addStaff, apiToken, postgresUrl, sessionClient, startClinic, type TestClinic } from './harness.js';
import { listen, openSocket, type TestSocket } from './sockets.js';

const isEvent = (type: string, conversationId?: string) => (frame: Record<string, unknown>) => {
  const event = frame.event as { type?: string; data?: { conversationId?: string } } | undefined;
  return frame.type === 'event' && event?.type === type && (!conversationId || event.data?.conversationId === conversationId);
};

describe('live updates for staff (GET /api/ws)', () => {
  let clinic: TestClinic;
  let base: { http: string; ws: string };
  let other: Awaited<ReturnType<typeof addClinic>>;
  const cookieOf = async (email: string) => ({ cookie: (await sessionClient(clinic.careloop, email)).cookie });
  const open: TestSocket[] = [];
  const connect = async (headers: Record<string, string>) => {
    const socket = await openSocket(`${base.ws}/api/ws`, headers);
    open.push(socket);
    await socket.next((f) => f.type === 'hello');
    return socket;
  };
  const text = (organizationId: string, from: string, body: string) => receiveMessage(clinic.careloop.platform, {
    organizationId, channel: 'sms', endpoint: '+16175550100', fromAddress: from, threading: 'per-sender', body,
  });

  beforeAll(async () => {
    clinic = await startClinic({ port: 0 });
    base = await listen(clinic.careloop);
    other = await addClinic(clinic.careloop, 'lakeside');
  });
  afterAll(async () => {
    for (const socket of open) socket.ws.terminate();
    await clinic.close();
  });

  it('pushes a clinic\'s new message to its agents and never to another clinic\'s', async () => {
    const agentEmail = await addStaff(clinic.careloop, clinic.organizationId, 'agent');
    const agent = await openSocket(`${base.ws}/api/ws`, await cookieOf(agentEmail));
    open.push(agent);
    const hello = await agent.next((f) => f.type === 'hello');
    expect(hello.userId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    const stranger = await connect(await cookieOf(other.adminEmail));

    const theirs = await text(other.organizationId, '+16175550177', 'Lakeside question');
    const ours = await text(clinic.organizationId, '+16175550111', 'Is the clinic open today?');
    const frame = await agent.next(isEvent('message.received', ours.conversation.id));
    const event = frame.event as { organizationId: string; patientId?: string; actor: { label: string }; at: string; data: Record<string, unknown> };
    expect(event).toMatchObject({ organizationId: clinic.organizationId, actor: { label: 'Patient' }, data: { conversationId: ours.conversation.id, messageId: ours.message.id, channel: 'sms' } });
    expect(Date.parse(event.at)).not.toBeNaN();
    await agent.next(isEvent('conversation.created', ours.conversation.id));
    // The other clinic's events were published first, so had any reached this socket they would be here by now.
    expect(agent.frames.some((f) => (f.event as { organizationId?: string } | undefined)?.organizationId === other.organizationId)).toBe(false);
    await stranger.next(isEvent('message.received', theirs.conversation.id));
    await stranger.send({ type: 'ping' });
    await stranger.next((f) => f.type === 'pong');
    expect(stranger.frames.some(isEvent('message.received', ours.conversation.id))).toBe(false);
  });

  it('accepts an API token and pushes what agents do through the API (a reply is message.sent)', async () => {
    const token = await apiToken(clinic.careloop, clinic.organizationId, 'agent');
    const socket = await connect({ authorization: `Bearer ${token}` });
    const { conversation } = await text(clinic.organizationId, '+16175550112', 'Please call me back');
    await socket.next(isEvent('message.received', conversation.id));
    const reply = await clinic.careloop.app.inject({
      method: 'POST', url: `/api/inbox/conversations/${conversation.id}/messages`, headers: { authorization: `Bearer ${token}` }, payload: { body: 'We will call you at 3 pm.' },
    });
    expect(reply.statusCode).toBe(201);
    const sent = await socket.next(isEvent('message.sent', conversation.id));
    expect((sent.event as { data: { replyChannel: string } }).data.replyChannel).toBe('sms');
  });

  it('refuses sockets without a valid session or token, from another site, and of another protocol', async () => {
    await expect(openSocket(`${base.ws}/api/ws`)).rejects.toThrow(/401/);
    await expect(openSocket(`${base.ws}/api/ws`, { cookie: 'careloop_session=forged' })).rejects.toThrow(/401/);
    await expect(openSocket(`${base.ws}/api/ws`, { authorization: 'Bearer clp_not-a-token' })).rejects.toThrow(/401/);
    await expect(openSocket(`${base.ws}/api/ws`, { authorization: 'Basic YWRtaW46cGFzcw==' })).rejects.toThrow(/401/);
    const cookie = await cookieOf(clinic.adminEmail);
    await expect(openSocket(`${base.ws}/api/ws`, { ...cookie, origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(openSocket(`${base.ws}/api/ws`, { ...cookie, origin: 'null' })).rejects.toThrow(/403/);
    // The console's own pages (PUBLIC_URL, or the host it was called on) may open it.
    const own = await connect({ ...cookie, origin: new URL(clinic.careloop.platform.config.publicUrl).origin });
    const sameHost = await connect({ ...cookie, origin: base.http });
    expect(own.ws.readyState).toBe(WebSocket.OPEN);
    expect(sameHost.ws.readyState).toBe(WebSocket.OPEN);
    // A plain HTTP GET is not an upgrade: nothing to see there.
    expect((await fetch(`${base.http}/api/ws`, { headers: cookie })).status).toBe(404);
  });

  it('relays an agent typing to colleagues of the clinic, not back to them and not to other clinics', async () => {
    const firstEmail = await addStaff(clinic.careloop, clinic.organizationId, 'agent');
    const first = await connect(await cookieOf(firstEmail));
    const second = await connect(await cookieOf(clinic.adminEmail));
    const stranger = await connect(await cookieOf(other.adminEmail));
    const { conversation } = await text(clinic.organizationId, '+16175550113', 'Typing test');
    first.send({ type: 'typing', conversationId: conversation.id });
    const typing = await second.next((f) => f.type === 'typing');
    expect(typing).toEqual({ type: 'typing', conversationId: conversation.id, by: { kind: 'staff', id: expect.any(String), label: 'agent person' } });
    // A burst of typing frames is one relay per couple of seconds, not one each.
    for (let i = 0; i < 5; i++) first.send({ type: 'typing', conversationId: conversation.id });
    first.send({ type: 'ping' });
    await first.next((f) => f.type === 'pong');
    second.send({ type: 'ping' });
    await second.next((f) => f.type === 'pong');
    expect(second.frames.filter((f) => f.type === 'typing')).toHaveLength(0);
    expect(first.frames.some((f) => f.type === 'typing')).toBe(false);
    stranger.send({ type: 'ping' });
    await stranger.next((f) => f.type === 'pong');
    expect(stranger.frames.some((f) => f.type === 'typing')).toBe(false);
  });

  it('tells colleagues who came online and who left, and records the agent as present', async () => {
    const watcher = await connect(await cookieOf(clinic.adminEmail));
    const agent = await openSocket(`${base.ws}/api/ws`, await cookieOf(await addStaff(clinic.careloop, clinic.organizationId, 'agent')));
    const userId = (await agent.next((f) => f.type === 'hello')).userId as string;
    await watcher.next((f) => f.type === 'presence' && f.userId === userId && f.online === true);
    const presence = await clinic.careloop.platform.db.selectFrom('agent_presence').selectAll().where('user_id', '=', userId).executeTakeFirst();
    expect(presence?.organization_id).toBe(clinic.organizationId);
    expect(Date.now() - presence!.last_seen_at.getTime()).toBeLessThan(10_000);
    agent.ws.close();
    await watcher.next((f) => f.type === 'presence' && f.userId === userId && f.online === false);
  });

  it('answers bad frames with an error frame and keeps the socket; refuses frames over 64 KB', async () => {
    const socket = await connect(await cookieOf(clinic.adminEmail));
    const cases: [unknown, string][] = [
      ['not json {', 'invalid_json'],
      ['"just a string"', 'unknown_type'],
      ['null', 'unknown_type'],
      [{ type: 'dance' }, 'unknown_type'],
      [{ type: 'typing' }, 'invalid_frame'],
      [{ type: 'typing', conversationId: 'not-a-uuid' }, 'invalid_frame'],
      [{ type: 'typing', conversationId: 42 }, 'invalid_frame'],
    ];
    for (const [frame, code] of cases) {
      socket.send(frame);
      const error = await socket.next((f) => f.type === 'error');
      expect(error.code, JSON.stringify(frame)).toBe(code);
      expect(typeof error.message).toBe('string');
    }
    socket.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await socket.next((f) => f.type === 'error')).code).toBe('binary_frame');
    socket.send({ type: 'ping' });
    await socket.next((f) => f.type === 'pong');

    socket.send({ type: 'typing', conversationId: '00000000-0000-4000-8000-000000000000', padding: 'x'.repeat(70 * 1024) });
    // The server closes with 1009 (message too big); while the client is still writing the big frame,
    // the connection can be reset before that close frame is read, which the client reports as 1006.
    expect([1009, 1006]).toContain((await socket.closed).code);
    // The server is fine afterwards.
    const again = await connect(await cookieOf(clinic.adminEmail));
    again.send({ type: 'ping' });
    await again.next((f) => f.type === 'pong');
  });

  it('a viewer (read only) sees events but may not send typing', async () => {
    const viewer = await connect(await cookieOf(await addStaff(clinic.careloop, clinic.organizationId, 'viewer')));
    viewer.send({ type: 'typing', conversationId: '00000000-0000-4000-8000-000000000000' });
    expect((await viewer.next((f) => f.type === 'error')).code).toBe('forbidden');
    const { conversation } = await text(clinic.organizationId, '+16175550114', 'Viewer sees this');
    await viewer.next(isEvent('message.received', conversation.id));
  });

  it.skipIf(!postgresUrl)('carries events and typing from another server process (LISTEN/NOTIFY)', async () => {
    const second = await buildCareloop({ ...clinic.careloop.platform.config, port: 0 }, { logger: false, workers: false });
    try {
      const secondBase = await listen(second);
      const here = await connect(await cookieOf(clinic.adminEmail));
      const email = await addStaff(clinic.careloop, clinic.organizationId, 'agent');
      const there = await openSocket(`${secondBase.ws}/api/ws`, await cookieOf(email));
      open.push(there);
      const userId = (await there.next((f) => f.type === 'hello')).userId;
      await here.next((f) => f.type === 'presence' && f.userId === userId && f.online === true);
      const received = await receiveMessage(second.platform, {
        organizationId: clinic.organizationId, channel: 'sms', endpoint: '+16175550100', fromAddress: '+16175550115', threading: 'per-sender', body: 'From the other process',
      });
      await here.next(isEvent('message.received', received.conversation.id));
      there.send({ type: 'typing', conversationId: received.conversation.id });
      const typing = await here.next((f) => f.type === 'typing');
      expect(typing).toMatchObject({ conversationId: received.conversation.id, by: { kind: 'staff', id: userId } });
    } finally {
      await second.close();
    }
  });
});
