import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/platform/paths.js';
import { addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { listen, openSocket, type TestSocket } from './sockets.js';

interface Message { id: string; direction: string; channel: string; body: string; authorLabel: string }
interface Conversation { id: string; channel: string; status: string; contactAddress: string | null; contactName: string | null; messages: Message[]; replyOptions: { channel: string; recipient: string; allowed: boolean }[] }
interface OutboxItem { channel: string; purpose: string; recipient: string; subject: string | null; body: string; conversationId: string | null; status: string; testMode: boolean }

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The widget's side of the chat: a session over HTTP, then the socket, as chat-widget.html does. */
function visitorOf(clinic: TestClinic, base: () => { ws: string }) {
  return {
    async start(key: string, details: { name?: string; email?: string } = {}) {
      const response = await clinic.careloop.app.inject({ method: 'POST', url: '/api/chat/sessions', payload: { clinic: key, ...details } });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ token: string; sessionId: string; clinicName: string }>();
    },
    async connect(token: string) {
      const socket = await openSocket(`${base().ws}/chat/ws?token=${encodeURIComponent(token)}`);
      await socket.next((f) => f.type === 'welcome');
      return socket;
    },
  };
}

/** The server counts a visitor as gone once their last socket has closed (it dates their last sighting a minute back). */
const gone = (clinic: TestClinic, sessionId: string) => until('the visitor counted as gone', async () => {
  const row = await clinic.careloop.platform.db.selectFrom('chat_sessions').select('last_seen_at').where('id', '=', sessionId).executeTakeFirst();
  return row && Date.now() - row.last_seen_at.getTime() > 60_000;
});

async function say(socket: TestSocket, body: string, clientId = randomUUID()) {
  socket.send({ type: 'message', clientId, body });
  const ack = await socket.next((f) => f.type === 'ack' && f.clientId === clientId);
  return { clientId, messageId: ack.messageId as string };
}

describe('the web chat', () => {
  let clinic: TestClinic;
  let base: { http: string; ws: string };
  let admin: Client;
  let key: string;
  const sockets: TestSocket[] = [];
  let visitor: ReturnType<typeof visitorOf>;
  const conversation = async (id: string) => (await admin.request('GET', `/api/inbox/conversations/${id}`)).json<Conversation>();
  const chatConversations = async () => (await admin.request('GET', '/api/inbox/conversations?status=all&channel=chat&limit=100')).json<{ items: { id: string; lastMessagePreview: string | null }[] }>().items;
  const connect = async (token: string) => {
    const socket = await visitor.connect(token);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    clinic = await startClinic({ port: 0 });
    visitor = visitorOf(clinic, () => base);
    base = await listen(clinic.careloop);
    admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    const widget = await admin.request('POST', '/api/channels/endpoints', { channel: 'chat', name: 'Website chat' });
    expect(widget.statusCode).toBe(201);
    key = widget.json<{ address: string; display: string }>().address;
    expect(widget.json<{ display: string }>().display).toContain(`data-clinic="${key}"`);
    expect((await admin.request('POST', '/api/channels/endpoints', { channel: 'email', address: 'sunrise', name: 'Front desk mail' })).statusCode).toBe(201);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.ws.terminate();
    await clinic.close();
  });

  it('a visitor\'s message opens a chat conversation in the inbox, acknowledged with its id', async () => {
    const session = await visitor.start(key, { name: 'Dana Visitor' });
    expect(session).toMatchObject({ token: expect.stringMatching(/^clv_/), sessionId: expect.any(String), clinicName: 'sunrise clinic' });
    const socket = await connect(session.token);
    const { messageId } = await say(socket, '  Do you take new patients?  ');
    const item = (await chatConversations()).find((c) => c.lastMessagePreview === 'Do you take new patients?');
    expect(item).toBeDefined();
    const detail = await conversation(item!.id);
    expect(detail).toMatchObject({ channel: 'chat', status: 'open', contactName: 'Dana Visitor', contactAddress: null });
    expect(detail.messages).toEqual([expect.objectContaining({ id: messageId, direction: 'in', channel: 'chat', body: 'Do you take new patients?' })]);
    expect(detail.replyOptions).toEqual([expect.objectContaining({ channel: 'chat', allowed: true })]);
  });

  it('stores a message sent twice with one clientId once (a resend after a reconnect)', async () => {
    const { token } = await visitor.start(key);
    const socket = await connect(token);
    const first = await say(socket, 'Hello, first message');
    const clientId = randomUUID();
    const once = await say(socket, 'Is parking free?', clientId);
    socket.ws.close();
    const again = await connect(token);
    const twice = await say(again, 'Is parking free?', clientId);
    expect(twice.messageId).toBe(once.messageId);
    const id = (await chatConversations()).find((c) => c.lastMessagePreview === 'Is parking free?')!.id;
    const messages = (await conversation(id)).messages;
    expect(messages.map((m) => m.id)).toEqual([first.messageId, once.messageId]);
  });

  it('pushes the agent\'s reply to the visitor, with typing both ways', async () => {
    const { token } = await visitor.start(key, { name: 'Eli' });
    const socket = await connect(token);
    const { messageId } = await say(socket, 'Can I book a flu shot?');
    const id = (await chatConversations()).find((c) => c.lastMessagePreview === 'Can I book a flu shot?')!.id;

    const agentEmail = await addStaff(clinic.careloop, clinic.organizationId, 'agent');
    const agent = await sessionClient(clinic.careloop, agentEmail);
    const staff = await openSocket(`${base.ws}/api/ws`, { cookie: agent.cookie });
    sockets.push(staff);
    await staff.next((f) => f.type === 'hello');
    socket.send({ type: 'typing' });
    expect(await staff.next((f) => f.type === 'typing')).toEqual({ type: 'typing', conversationId: id, by: { kind: 'patient', id: null, label: 'Eli' } });
    staff.send({ type: 'typing', conversationId: id });
    expect(await socket.next((f) => f.type === 'typing')).toEqual({ type: 'typing', by: 'staff' });

    const reply = await agent.request('POST', `/api/inbox/conversations/${id}/messages`, { body: 'Yes, every weekday morning.' });
    expect(reply.statusCode).toBe(201);
    const pushed = await socket.next((f) => f.type === 'message');
    expect(pushed.message).toEqual({ id: reply.json<{ id: string }>().id, direction: 'out', body: 'Yes, every weekday morning.', authorLabel: 'agent', createdAt: expect.any(String) });
    // A note is for staff only: it never reaches the visitor, live or in a replay.
    expect((await agent.request('POST', `/api/inbox/conversations/${id}/notes`, { body: 'Check the flu shot stock' })).statusCode).toBe(201);
    socket.send({ type: 'hello', since: messageId });
    await socket.next((f) => f.type === 'replayed');
    expect(socket.frames.some((f) => JSON.stringify(f).includes('flu shot stock'))).toBe(false);
  });

  it('replays what the visitor missed after a reconnect, from a message id or a time', async () => {
    const { token } = await visitor.start(key);
    let socket = await connect(token);
    const mine = await say(socket, 'Are you open on Saturday?');
    const id = (await chatConversations()).find((c) => c.lastMessagePreview === 'Are you open on Saturday?')!.id;
    socket.ws.close();
    await socket.closed;
    const missed = (await admin.request('POST', `/api/inbox/conversations/${id}/messages`, { body: 'Saturdays 9 to 12.' })).json<{ id: string; createdAt: string }>();

    socket = await connect(token);
    socket.send({ type: 'hello', since: mine.messageId });
    const replayed = await socket.next((f) => f.type === 'message');
    expect(replayed.message).toMatchObject({ id: missed.id, direction: 'out', body: 'Saturdays 9 to 12.', authorLabel: 'Clinic' });
    expect((await socket.next((f) => f.type === 'replayed')).count).toBe(1);

    socket.send({ type: 'hello', since: new Date(Date.parse(missed.createdAt) - 1).toISOString() });
    expect((await socket.next((f) => f.type === 'message')).message).toMatchObject({ id: missed.id });
    expect((await socket.next((f) => f.type === 'replayed')).count).toBe(1);

    // A reload: no since, the whole thread, the visitor's own message with its clientId.
    socket.send({ type: 'hello' });
    const all = [await socket.next((f) => f.type === 'message'), await socket.next((f) => f.type === 'message')].map((f) => f.message);
    expect(all).toEqual([
      expect.objectContaining({ id: mine.messageId, direction: 'in', authorLabel: 'You', clientId: mine.clientId }),
      expect.objectContaining({ id: missed.id, direction: 'out' }),
    ]);
    await socket.next((f) => f.type === 'replayed');
  });

  it('continues by e-mail: the contact becomes the visitor\'s address, and a reply after they left is copied by e-mail', async () => {
    const { token, sessionId } = await visitor.start(key, { name: 'Fay' });
    const socket = await connect(token);
    await say(socket, 'I need my test results');
    const id = (await chatConversations()).find((c) => c.lastMessagePreview === 'I need my test results')!.id;
    const left = await clinic.careloop.app.inject({ method: 'PATCH', url: '/api/chat/sessions/me', headers: { 'x-chat-token': token }, payload: { email: 'Fay@Example.org' } });
    expect(left.statusCode, left.body).toBe(200);
    expect(left.json()).toMatchObject({ email: 'fay@example.org', name: 'Fay' });
    const detail = await conversation(id);
    expect(detail.contactAddress).toBe('fay@example.org');
    expect(detail.replyOptions).toContainEqual(expect.objectContaining({ channel: 'email', recipient: 'fay@example.org', allowed: true }));

    // While the visitor is in the chat, a reply is only pushed.
    expect((await admin.request('POST', `/api/inbox/conversations/${id}/messages`, { body: 'Let me check.' })).statusCode).toBe(201);
    await socket.next((f) => f.type === 'message');
    socket.ws.close();
    await gone(clinic, sessionId);
    const reply = await admin.request('POST', `/api/inbox/conversations/${id}/messages`, { body: 'Your results are normal.' });
    expect(reply.statusCode).toBe(201);
    const copies = (await admin.request('GET', '/api/channels/outbox?testOnly=true&limit=100')).json<{ items: OutboxItem[] }>().items.filter((i) => i.purpose === 'chat_followup');
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ channel: 'email', recipient: 'fay@example.org', conversationId: id, testMode: true, subject: 'sunrise clinic answered your chat' });
    expect(copies[0]!.body).toContain('Your results are normal.');
    expect(copies[0]!.body).not.toContain('Let me check.');
  });

  it('keeps the reply for a visitor without an e-mail who left, for their next visit', async () => {
    const { token } = await visitor.start(key);
    let socket = await connect(token);
    await say(socket, 'Quick question about billing');
    const id = (await chatConversations()).find((c) => c.lastMessagePreview === 'Quick question about billing')!.id;
    socket.ws.close();
    await socket.closed;
    const before = (await admin.request('GET', '/api/channels/outbox?limit=100')).json<{ total: number }>().total;
    await admin.request('POST', `/api/inbox/conversations/${id}/messages`, { body: 'Billing is open until 5 pm.' });
    socket = await connect(token);
    socket.send({ type: 'hello', since: null });
    const messages = [await socket.next((f) => f.type === 'message'), await socket.next((f) => f.type === 'message')];
    expect(messages.map((f) => (f.message as Message).body)).toEqual(['Quick question about billing', 'Billing is open until 5 pm.']);
    const outbox = (await admin.request('GET', '/api/channels/outbox?limit=100')).json<{ items: OutboxItem[]; total: number }>();
    expect(outbox.total).toBe(before + 1);
    expect(outbox.items[0]).toMatchObject({ channel: 'chat', purpose: 'reply' });
  });

  it('refuses bad session requests clearly', async () => {
    const post = (payload: object, remoteAddress?: string) => clinic.careloop.app.inject({ method: 'POST', url: '/api/chat/sessions', payload, ...(remoteAddress && { remoteAddress }) });
    expect(errorOf(await post({ clinic: 'chat_unknownkey' }))).toMatchObject({ code: 'not_found' });
    expect((await post({ clinic: 'chat_unknownkey' })).statusCode).toBe(404);
    for (const bad of [{}, { clinic: '' }, { clinic: '<script>' }, { clinic: key, email: 'not-an-email' }, { clinic: key, name: '' }, { clinic: key, extra: 1 }, { clinic: key, name: 'x'.repeat(101) }]) {
      expect((await post(bad)).statusCode, JSON.stringify(bad)).toBe(400);
    }
    const patch = (headers: Record<string, string>, payload: object) => clinic.careloop.app.inject({ method: 'PATCH', url: '/api/chat/sessions/me', headers, payload });
    expect((await patch({}, { email: 'a@b.org' })).statusCode).toBe(401);
    expect((await patch({ 'x-chat-token': 'clv_forged' }, { email: 'a@b.org' })).statusCode).toBe(401);
    // A staff API token is not a visitor token, and a visitor token is not a staff one.
    const { token } = await visitor.start(key);
    expect((await patch({ 'x-chat-token': await apiToken(clinic.careloop, clinic.organizationId) }, { email: 'a@b.org' })).statusCode).toBe(401);
    expect((await clinic.careloop.app.inject({ method: 'GET', url: '/api/inbox/conversations', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await patch({ 'x-chat-token': token }, {})).statusCode).toBe(400);
    expect((await patch({ 'x-chat-token': token }, { email: 'nope' })).statusCode).toBe(400);

    // One address may open 20 sessions in ten minutes; the 21st is refused with a wait time.
    for (let i = 0; i < 20; i++) expect((await post({ clinic: key }, '203.0.113.7')).statusCode).toBe(201);
    const limited = await post({ clinic: key }, '203.0.113.7');
    expect(limited.statusCode).toBe(429);
    expect(errorOf(limited).details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect((await post({ clinic: key }, '203.0.113.8')).statusCode).toBe(201);
  });

  it('refuses a socket without a valid token, and answers bad frames without losing the socket', async () => {
    for (const query of ['', '?token=', '?token=clv_forged', `?token=${await apiToken(clinic.careloop, clinic.organizationId)}`]) {
      const refused = await openSocket(`${base.ws}/chat/ws${query}`);
      expect((await refused.closed).code, query).toBe(4401);
      expect(refused.frames).toEqual([]);
    }
    const { token } = await visitor.start(key);
    const socket = await connect(token);
    const clientId = randomUUID();
    const cases: [unknown, string][] = [
      ['{not json', 'invalid_json'],
      ['42', 'unknown_type'],
      [{ type: 'shout' }, 'unknown_type'],
      [{ type: 'message', body: 'no client id' }, 'invalid_frame'],
      [{ type: 'message', clientId: 'not-a-uuid', body: 'x' }, 'invalid_frame'],
      [{ type: 'message', clientId, body: 17 }, 'invalid_frame'],
      [{ type: 'message', clientId, body: '' }, 'invalid_request'],
      [{ type: 'message', clientId, body: '   \n ' }, 'invalid_request'],
      [{ type: 'message', clientId, body: 'x'.repeat(5001) }, 'invalid_request'],
      [{ type: 'hello', since: 12 }, 'invalid_frame'],
    ];
    for (const [frame, code] of cases) {
      socket.send(frame);
      const error = await socket.next((f) => f.type === 'error');
      expect(error.code, JSON.stringify(frame).slice(0, 80)).toBe(code);
    }
    // Nothing of that was stored: the next message opens the conversation.
    const { messageId } = await say(socket, 'After the bad frames');
    const id = (await chatConversations()).find((c) => c.lastMessagePreview === 'After the bad frames')!.id;
    expect((await conversation(id)).messages.map((m) => m.id)).toEqual([messageId]);

    socket.send({ type: 'message', clientId: randomUUID(), body: 'y'.repeat(70 * 1024) });
    expect((await socket.closed).code).toBe(1009);
  });

  it('slows a visitor who floods: a burst of ten, then one a second', async () => {
    const { token } = await visitor.start(key);
    const socket = await connect(token);
    const ids = Array.from({ length: 13 }, () => randomUUID());
    for (const [i, clientId] of ids.entries()) socket.send({ type: 'message', clientId, body: `flood ${i}` });
    const outcomes = await Promise.all(ids.map((clientId) => socket.next((f) => (f.type === 'ack' || f.type === 'error') && f.clientId === clientId, 10_000)));
    expect(outcomes.filter((f) => f.type === 'ack').length).toBeGreaterThanOrEqual(10);
    expect(outcomes.filter((f) => f.code === 'rate_limited').length).toBeGreaterThanOrEqual(1);
  });
});

describe('the web chat continued by e-mail, end to end through SMTP', () => {
  const relayed: ParsedMail[] = [];
  const relay = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false, disableReverseLookup: true,
    onData: (stream, _session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => simpleParser(Buffer.concat(chunks)).then((mail) => { relayed.push(mail); callback(); }, callback));
    },
  });
  let clinic: TestClinic;
  let base: { http: string; ws: string };

  beforeAll(async () => {
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const relayPort = (relay.server.address() as { port: number }).port;
    clinic = await startClinic({ port: 0, env: { SMTP_URL: `smtp://127.0.0.1:${relayPort}`, MAIL_DOMAIN: 'careloop.localhost' } });
    base = await listen(clinic.careloop);
  });
  afterAll(async () => {
    await clinic?.close();
    await new Promise<void>((resolve) => relay.close(() => resolve()));
  });

  it('the visitor who left gets the reply by e-mail, and their answer by e-mail joins the same conversation', async () => {
    const admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    const key = (await admin.request('POST', '/api/channels/endpoints', { channel: 'chat', name: 'Website chat' })).json<{ address: string }>().address;
    await admin.request('POST', '/api/channels/endpoints', { channel: 'email', address: 'sunrise', name: 'Front desk mail' });
    const visitor = visitorOf(clinic, () => base);
    const { token, sessionId } = await visitor.start(key, { name: 'Gus', email: 'gus@example.org' });
    const socket = await visitor.connect(token);
    await say(socket, 'Do you have a pediatrician?');
    socket.ws.close();
    await gone(clinic, sessionId);
    const id = (await admin.request('GET', '/api/inbox/conversations?channel=chat')).json<{ items: { id: string; contactAddress: string }[] }>().items[0]!;
    expect(id.contactAddress).toBe('gus@example.org');
    await admin.request('POST', `/api/inbox/conversations/${id.id}/messages`, { body: 'Yes, Dr. Osei sees children on Tuesdays.' });

    const mail = await until('the e-mail copy at the relay', async () => relayed.find((m) => m.text?.includes('Dr. Osei')));
    expect(mail.to).toMatchObject({ text: 'gus@example.org' });
    const replyTo = mail.replyTo?.value[0]?.address;
    expect(replyTo).toMatch(/^sunrise\+c\d+-[0-9a-f]{16}@careloop\.localhost$/);

    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: clinic.careloop.smtpPort!, secure: false, ignoreTLS: true });
    await mailer.sendMail({ from: 'Gus <gus@example.org>', to: replyTo, subject: `Re: ${mail.subject}`, text: 'Great, can I book next Tuesday?', inReplyTo: mail.messageId, references: mail.messageId });
    mailer.close();
    const answered = await until('the e-mail answer in the chat conversation', async () => {
      const detail = (await admin.request('GET', `/api/inbox/conversations/${id.id}`)).json<Conversation>();
      return detail.messages.find((m) => m.body.includes('next Tuesday')) ? detail : null;
    });
    expect(answered.messages.map((m) => [m.direction, m.channel])).toEqual([['in', 'chat'], ['out', 'chat'], ['in', 'email']]);

    // Back in the chat, the visitor sees the whole thread, their e-mail included.
    const back = await visitor.connect(token);
    back.send({ type: 'hello' });
    await back.next((f) => f.type === 'replayed');
    expect(back.frames.filter((f) => f.type === 'message').map((f) => (f.message as Message).body)).toEqual([
      'Do you have a pediatrician?', 'Yes, Dr. Osei sees children on Tuesdays.', expect.stringContaining('next Tuesday'),
    ]);
    back.ws.terminate();
  });
});

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
// Screenshots go outside the repository (set WIDGET_SCREENSHOTS to choose where).
const screenshots = process.env.WIDGET_SCREENSHOTS ?? tmpdir();

describe.skipIf(!hasChromium && !process.env.CI)('the chat widget on a clinic\'s site, in a real browser', () => {
  let clinic: TestClinic;
  let base: { http: string; ws: string };
  let admin: Client;
  let key: string;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`${CHROMIUM} is missing (CI is set, so this fails rather than skips): apt-get install -y chromium`);
    if (!existsSync(join(projectRoot(), 'web', 'dist', 'widget', 'widget.js'))) throw new Error('web/dist/widget is missing: run npm run build before the browser tests.');
    clinic = await startClinic({ port: 0 });
    base = await listen(clinic.careloop);
    admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    key = (await admin.request('POST', '/api/channels/endpoints', { channel: 'chat', name: 'Website chat' })).json<{ address: string }>().address;
    // The clinic's own site, on another origin, with styles that would wreck any widget they reached.
    const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sunrise Family Clinic</title><style>* { font-size: 40px !important; color: #f0f !important; } button, iframe { display: none !important; border: 9px solid red !important; }</style></head>
<body><main><h1>Sunrise Family Clinic</h1><p>Open weekdays 8 to 6.</p></main>
<script src="${base.http}/widget.js" data-clinic="${key}" async></script></body></html>`;
    site = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
    await clinic?.close();
  });

  const chatFrame = (page: Page) => page.frameLocator('iframe[title="Chat with the clinic"]');

  it('a visitor opens the chat with the keyboard, writes, and reads the agent\'s reply; the chat survives a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(siteUrl);
    const launcher = page.locator('button.launcher');
    await page.getByRole('button', { name: 'Chat with us' }).waitFor();
    // The site's "button { display: none }" did not reach the widget.
    expect(await launcher.isVisible()).toBe(true);
    await launcher.focus();
    await page.keyboard.press('Enter');
    await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(launcher.textContent()).resolves.toContain('Close chat');
    const frame = chatFrame(page);
    await frame.getByRole('heading', { name: 'Chat with sunrise clinic' }).waitFor();
    const box = frame.getByRole('textbox', { name: 'Message' });
    await until('focus in the message box', () => box.evaluate((element) => element === document.activeElement));
    expect(await box.evaluate((element) => getComputedStyle(element).fontSize)).toBe('16px');

    await page.keyboard.type('Hello, can I get a flu shot this week?');
    await page.keyboard.press('Enter');
    await frame.getByRole('log').getByText('Hello, can I get a flu shot this week?').waitFor();
    const conversation = await until('the chat in the inbox', async () =>
      (await admin.request('GET', '/api/inbox/conversations?channel=chat')).json<{ items: { id: string; lastMessagePreview: string }[] }>().items
        .find((c) => c.lastMessagePreview === 'Hello, can I get a flu shot this week?'));
    await frame.getByText('You · ').first().waitFor();

    expect((await admin.request('POST', `/api/inbox/conversations/${conversation.id}/messages`, { body: 'Yes! Walk in any weekday before noon.' })).statusCode).toBe(201);
    await frame.getByRole('log').getByText('Yes! Walk in any weekday before noon.').waitFor();

    await frame.getByLabel('Leave your e-mail and we will answer there if you go').fill('visitor@example.org');
    await frame.getByRole('button', { name: 'Save' }).click();
    await frame.getByText('Thank you. If you leave, we will answer at visitor@example.org.').waitFor();
    expect((await admin.request('GET', `/api/inbox/conversations/${conversation.id}`)).json<{ contactAddress: string }>().contactAddress).toBe('visitor@example.org');
    await page.screenshot({ path: join(screenshots, 'careloop-widget-desktop.png') });

    // Escape closes the chat and gives focus back to the button.
    await box.focus();
    await page.keyboard.press('Escape');
    await until('the chat closed', async () => (await launcher.getAttribute('aria-expanded')) === 'false');
    expect(await launcher.evaluate((element) => (element.getRootNode() as ShadowRoot).activeElement === element)).toBe(true);

    // A reload continues the same chat.
    await page.reload();
    await page.getByRole('button', { name: 'Chat with us' }).click();
    await chatFrame(page).getByRole('log').getByText('Yes! Walk in any weekday before noon.').waitFor();
    await chatFrame(page).getByRole('log').getByText('Hello, can I get a flu shot this week?').waitFor();
    await context.close();
  });

  it('fills a phone screen, and the chat page has no serious accessibility problems', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(siteUrl);
    await page.getByRole('button', { name: 'Chat with us' }).tap();
    const frame = chatFrame(page);
    await frame.getByRole('heading', { name: 'Chat with sunrise clinic' }).waitFor();
    const panel = await page.locator('iframe[title="Chat with the clinic"]').boundingBox();
    expect(panel).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
    await frame.getByRole('textbox', { name: 'Message' }).fill('Typed on a phone');
    await frame.getByRole('button', { name: 'Send' }).tap();
    await frame.getByRole('log').getByText('Typed on a phone').waitFor();
    await page.screenshot({ path: join(screenshots, 'careloop-widget-phone.png') });
    await frame.getByRole('button', { name: 'Close chat' }).tap();
    await page.getByRole('button', { name: 'Chat with us' }).waitFor();

    const direct = await context.newPage();
    await direct.goto(`${base.http}/chat-widget.html?clinic=${key}`);
    await direct.getByRole('heading', { name: 'Chat with sunrise clinic' }).waitFor();
    const result = await new AxeBuilder({ page: direct }).analyze();
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
    expect(serious).toEqual([]);
    await context.close();
  });
});
