import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClinic, apiToken, errorOf, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

// The provider's side: webhooks are signed with the official twilio package, and outbound texts go
// to a real HTTP server that plays the provider's REST API.
const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const TOKEN = randomBytes(16).toString('hex');
const PUBLIC = 'https://care.example.org';
const CLINIC_NUMBER = '+16175550100';
const MARIA = '+16175550101';
const REFUSED = '+16175550177';

interface ProviderRequest { url: string; authorization: string | undefined; contentType: string | undefined; form: URLSearchParams; sid: string | null }

let provider: Server;
const sent: ProviderRequest[] = [];
let clinic: TestClinic;
let admin: Client;
let mariaId: string;

const newSid = (prefix = 'SM') => `${prefix}${randomBytes(16).toString('hex')}`;
const sign = (url: string, params: Record<string, string>, token = TOKEN) => twilio.getExpectedTwilioSignature(token, url, params);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Posts a webhook as the provider does; `signature: null` leaves the header out. */
function webhook(path: string, params: Record<string, string>, options: { signature?: string | null; contentType?: string; payload?: string } = {}) {
  const signature = options.signature === undefined ? sign(PUBLIC + path, params) : options.signature;
  return clinic.careloop.app.inject({
    method: 'POST', url: path,
    headers: { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded', ...(signature !== null && { 'x-twilio-signature': signature }) },
    payload: options.payload ?? new URLSearchParams(params).toString(),
  });
}

const inbound = (from: string, body: string, sid = newSid(), extra: Record<string, string> = {}) => ({
  ToCountry: 'US', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received', Body: body, To: CLINIC_NUMBER,
  NumSegments: '1', MessageSid: sid, AccountSid: ACCOUNT, From: from, ApiVersion: '2010-04-01', ...extra,
});
const text = (from: string, body: string, sid?: string, extra?: Record<string, string>) => webhook('/webhooks/sms/inbound', inbound(from, body, sid, extra));
const status = (sid: string, messageStatus: string, extra: Record<string, string> = {}) =>
  webhook('/webhooks/sms/status', { AccountSid: ACCOUNT, MessageSid: sid, SmsSid: sid, MessageStatus: messageStatus, SmsStatus: messageStatus, To: MARIA, From: CLINIC_NUMBER, ApiVersion: '2010-04-01', ...extra });

interface Detail { id: string; status: string; patientId: string | null; contactAddress: string | null; waitingSince: string | null; messages: { id: string; direction: string; body: string; status: string }[] }
interface OutboxItem { purpose: string; recipient: string; sender: string | null; body: string; status: string; lastError: string | null; conversationId: string | null }

async function threadOf(query: string): Promise<Detail> {
  const list = await admin.request('GET', `/api/inbox/conversations?status=all&channel=sms&${query}`);
  const id = list.json<{ items: { id: string }[] }>().items[0]?.id;
  if (!id) throw new Error(`no conversation for ${query}`);
  return (await admin.request('GET', `/api/inbox/conversations/${id}`)).json<Detail>();
}
const outbox = async () => (await admin.request('GET', '/api/channels/outbox?limit=100')).json<{ items: OutboxItem[] }>().items;
const consentOf = async (patientId: string) =>
  (await admin.request('GET', `/api/patients/${patientId}`)).json<{ contactPoints: { value: string; consentCare: boolean; consentMarketing: boolean }[] }>().contactPoints[0]!;

beforeAll(async () => {
  provider = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => { body += chunk; });
    request.on('end', () => {
      const form = new URLSearchParams(body);
      const refused = form.get('To') === REFUSED;
      const sid = refused ? null : newSid();
      sent.push({ url: request.url ?? '', authorization: request.headers.authorization, contentType: request.headers['content-type'], form, sid });
      response.writeHead(refused ? 400 : 201, { 'content-type': 'application/json' });
      response.end(JSON.stringify(refused ? { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 } : { sid, status: 'queued' }));
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const port = (provider.address() as AddressInfo).port;
  clinic = await startClinic({ env: { SMS_ACCOUNT_SID: ACCOUNT, SMS_AUTH_TOKEN: TOKEN, SMS_API_URL: `http://127.0.0.1:${port}`, PUBLIC_URL: PUBLIC } });
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  expect((await admin.request('POST', '/api/channels/endpoints', { channel: 'sms', address: '+1 617 555 0100', name: 'Front desk line' })).statusCode).toBe(201);
  const maria = await admin.request('POST', '/api/patients', {
    givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1980-02-03', contactPoints: [{ kind: 'phone', value: '+1 617 555 0101' }],
  });
  mariaId = maria.json<{ id: string }>().id;
});
afterAll(async () => {
  await clinic?.close();
  await new Promise((resolve) => provider?.close(resolve));
});

describe('inbound texts', () => {
  it('files a known patient\'s text in their thread and answers with empty TwiML', async () => {
    const response = await text(MARIA, 'Can I move my appointment?');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    expect(response.body).toContain('<Response/>');
    const thread = await threadOf(`patientId=${mariaId}`);
    expect(thread.messages.map((m) => [m.direction, m.body])).toEqual([['in', 'Can I move my appointment?']]);
    expect(thread.waitingSince).not.toBeNull();
  });

  it('keeps one thread per patient per number, also when the sender\'s number arrives in national format', async () => {
    expect((await text('(617) 555-0101', 'Thursday works')).statusCode).toBe(200);
    const thread = await threadOf(`patientId=${mariaId}`);
    expect(thread.messages.map((m) => m.body)).toEqual(['Can I move my appointment?', 'Thursday works']);
  });

  it('stores a retried webhook (same MessageSid) once and answers 200 again', async () => {
    const sid = newSid();
    expect((await text(MARIA, 'Is parking free?', sid)).statusCode).toBe(200);
    const retry = await text(MARIA, 'Is parking free?', sid);
    expect(retry.statusCode).toBe(200);
    expect(retry.body).toContain('<Response/>');
    const thread = await threadOf(`patientId=${mariaId}`);
    expect(thread.messages.filter((m) => m.body === 'Is parking free?')).toHaveLength(1);
  });

  it('opens a conversation with an unverified contact for an unknown number, and keeps a sender that is not a phone number', async () => {
    expect((await text('+16175550188', 'Hello, are you open Saturday?')).statusCode).toBe(200);
    const list = (await admin.request('GET', '/api/inbox/conversations?status=all&channel=sms&limit=100')).json<{ items: { contactAddress: string; patientId: string | null }[] }>().items;
    expect(list.find((c) => c.contactAddress === '+16175550188')).toMatchObject({ patientId: null });
    // A short code is not a valid phone number: the text is kept with the address as the provider gave it.
    expect((await text('72345', 'Your verification code is 1234')).statusCode).toBe(200);
    const again = (await admin.request('GET', '/api/inbox/conversations?status=all&channel=sms&limit=100')).json<{ items: { contactAddress: string }[] }>().items;
    expect(again.map((c) => c.contactAddress)).toContain('72345');
  });

  it('keeps MMS attachments as links to the provider\'s media, without fetching them', async () => {
    const media = { NumMedia: '2', MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', MediaContentType0: 'image/jpeg', MediaUrl1: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2', MediaContentType1: 'image/png' };
    expect((await text(MARIA, 'Photo of the rash', newSid('MM'), media)).statusCode).toBe(200);
    const thread = await threadOf(`patientId=${mariaId}`);
    expect(thread.messages.at(-1)!.body).toBe(`Photo of the rash\n[attachment: ${media.MediaUrl0}]\n[attachment: ${media.MediaUrl1}]`);
  });

  it('refuses unsigned, wrongly signed, foreign and malformed webhooks, and stores nothing from them', async () => {
    const before = (await threadOf(`patientId=${mariaId}`)).messages.length;
    const params = inbound(MARIA, 'forged');
    const refusals: [string, Awaited<ReturnType<typeof webhook>>, number, string][] = [
      ['no signature header', await webhook('/webhooks/sms/inbound', params, { signature: null }), 403, 'invalid_signature'],
      ['a garbage signature', await webhook('/webhooks/sms/inbound', params, { signature: 'bm90IGEgc2lnbmF0dXJl' }), 403, 'invalid_signature'],
      ['signed with another auth token', await webhook('/webhooks/sms/inbound', params, { signature: sign(`${PUBLIC}/webhooks/sms/inbound`, params, 'another-token') }), 403, 'invalid_signature'],
      ['signed over different fields', await webhook('/webhooks/sms/inbound', params, { signature: sign(`${PUBLIC}/webhooks/sms/inbound`, { ...params, Body: 'innocent' }) }), 403, 'invalid_signature'],
      ['signed for another URL', await webhook('/webhooks/sms/inbound', params, { signature: sign('http://localhost:3000/webhooks/sms/inbound', params) }), 403, 'invalid_signature'],
      ['another provider account', await webhook('/webhooks/sms/inbound', { ...params, AccountSid: `AC${'0'.repeat(32)}` }), 403, 'account_mismatch'],
      ['a number no clinic has', await webhook('/webhooks/sms/inbound', { ...params, To: '+16175550999' }), 404, 'unknown_number'],
      ['no From', await webhook('/webhooks/sms/inbound', Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'From'))), 400, 'invalid_request'],
      ['no MessageSid', await webhook('/webhooks/sms/inbound', Object.fromEntries(Object.entries(params).filter(([k]) => !k.endsWith('Sid') || k === 'AccountSid'))), 400, 'invalid_request'],
      ['JSON instead of a form', await webhook('/webhooks/sms/inbound', params, { contentType: 'application/json', payload: JSON.stringify(params) }), 415, 'unsupported_media_type'],
    ];
    for (const [what, response, statusCode, code] of refusals) {
      expect([what, response.statusCode, errorOf(response).code]).toEqual([what, statusCode, code]);
    }
    expect((await threadOf(`patientId=${mariaId}`)).messages).toHaveLength(before);
  });

  it('accepts a signature made over the URL with the default port written out', async () => {
    const params = inbound(MARIA, 'port test');
    const response = await webhook('/webhooks/sms/inbound', params, { signature: sign('https://care.example.org:443/webhooks/sms/inbound', params) });
    expect(response.statusCode).toBe(200);
  });
});

describe('STOP, START and HELP', () => {
  it('STOP withdraws consent, confirms once, reopens nothing, and an agent reply is refused with 409 opted_out', async () => {
    const thread = await threadOf(`patientId=${mariaId}`);
    expect((await admin.request('PATCH', `/api/inbox/conversations/${thread.id}`, { status: 'resolved' })).statusCode).toBe(200);
    const sid = newSid();
    expect((await text(MARIA, '  Stop. ', sid)).statusCode).toBe(200);

    const after = await threadOf(`patientId=${mariaId}`);
    expect(after.status).toBe('resolved');
    expect(after.waitingSince).toBeNull();
    expect(after.messages.at(-1)).toMatchObject({ direction: 'event' });
    expect(after.messages.at(-1)!.body).toMatch(/STOP/);
    expect(await consentOf(mariaId)).toMatchObject({ value: MARIA, consentCare: false, consentMarketing: false });

    const confirmation = 'You will no longer receive texts from sunrise clinic. Reply START to resume.';
    expect((await outbox()).filter((o) => o.purpose === 'opt_out_confirmation')).toEqual([expect.objectContaining({ recipient: MARIA, sender: CLINIC_NUMBER, body: confirmation })]);
    await waitFor('the confirmation at the provider', async () => sent.find((r) => r.form.get('Body') === confirmation));

    const reply = await admin.request('POST', `/api/inbox/conversations/${after.id}/messages`, { body: 'Are you sure?' });
    expect(reply.statusCode).toBe(409);
    expect(errorOf(reply).code).toBe('opted_out');

    // The provider retries the STOP webhook: still one event, one confirmation.
    expect((await text(MARIA, '  Stop. ', sid)).statusCode).toBe(200);
    expect((await threadOf(`patientId=${mariaId}`)).messages.filter((m) => m.direction === 'event')).toHaveLength(1);
    expect((await outbox()).filter((o) => o.purpose === 'opt_out_confirmation')).toHaveLength(1);
  });

  it('treats a message that merely contains a keyword as a message for a person', async () => {
    expect((await text(MARIA, 'please stop calling my work number')).statusCode).toBe(200);
    const thread = await threadOf(`patientId=${mariaId}`);
    expect(thread.messages.at(-1)).toMatchObject({ direction: 'in', body: 'please stop calling my work number' });
    expect(thread.status).toBe('open');
  });

  it('START restores care consent (marketing stays off), confirms, and replies go out again', async () => {
    expect((await text(MARIA, 'unstop', newSid())).statusCode).toBe(200);
    expect(await consentOf(mariaId)).toMatchObject({ consentCare: true, consentMarketing: false });
    expect((await outbox()).find((o) => o.purpose === 'opt_in_confirmation')).toMatchObject({ recipient: MARIA, body: expect.stringContaining('again') });
    const thread = await threadOf(`patientId=${mariaId}`);
    const reply = await admin.request('POST', `/api/inbox/conversations/${thread.id}/messages`, { body: 'Welcome back' });
    expect(reply.statusCode).toBe(201);
    await waitFor('the reply at the provider', async () => sent.find((r) => r.form.get('Body') === 'Welcome back'));
  });

  it('HELP answers with the clinic\'s name, how to reach it and how to stop, and is stored as an event', async () => {
    expect((await text(MARIA, 'Help?')).statusCode).toBe(200);
    const help = (await outbox()).find((o) => o.purpose === 'help_reply');
    expect(help).toMatchObject({ recipient: MARIA, sender: CLINIC_NUMBER });
    expect(help!.body).toContain('sunrise clinic');
    expect(help!.body).toContain(CLINIC_NUMBER);
    expect(help!.body).toContain('STOP');
    const thread = await threadOf(`patientId=${mariaId}`);
    expect(thread.messages.at(-1)).toMatchObject({ direction: 'event' });
  });

  it('STOP from a number with no patient record stops texts to that number', async () => {
    expect((await text('+16175550166', 'QUIT')).statusCode).toBe(200);
    const list = (await admin.request('GET', '/api/inbox/conversations?status=all&channel=sms&limit=100')).json<{ items: { id: string; contactAddress: string }[] }>().items;
    const conversation = list.find((c) => c.contactAddress === '+16175550166')!;
    const reply = await admin.request('POST', `/api/inbox/conversations/${conversation.id}/messages`, { body: 'Hello?' });
    expect(reply.statusCode).toBe(409);
    expect(errorOf(reply).code).toBe('opted_out');

    // HELP from a number that texted STOP is still answered (carriers require it); nothing else is sent.
    expect((await text('+16175550166', 'help')).statusCode).toBe(200);
    const thread = (await admin.request('GET', `/api/inbox/conversations/${conversation.id}`)).json<Detail>();
    expect(thread.messages.at(-1)).toMatchObject({ direction: 'event' });
    expect((await outbox()).filter((o) => o.recipient === '+16175550166').map((o) => o.purpose).sort()).toEqual(['help_reply', 'opt_out_confirmation']);
  });
});

describe('outbound texts and delivery reports', () => {
  const messageStatus = async (conversationId: string, messageId: string) =>
    (await admin.request('GET', `/api/inbox/conversations/${conversationId}`)).json<Detail>().messages.find((m) => m.id === messageId)?.status;

  it('sends with Basic auth and the form fields, then follows the provider\'s reports from sent to delivered', async () => {
    const thread = await threadOf(`patientId=${mariaId}`);
    const reply = await admin.request('POST', `/api/inbox/conversations/${thread.id}/messages`, { body: 'See you Thursday at 10' });
    expect(reply.statusCode).toBe(201);
    const messageId = reply.json<{ id: string }>().id;
    const request = await waitFor('the provider request', async () => sent.find((r) => r.form.get('Body') === 'See you Thursday at 10'));
    expect(request.url).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
    expect(request.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`);
    expect(request.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(request.form)).toEqual({ To: MARIA, From: CLINIC_NUMBER, Body: 'See you Thursday at 10', StatusCallback: `${PUBLIC}/webhooks/sms/status` });
    await waitFor('status sent', async () => (await messageStatus(thread.id, messageId)) === 'sent');

    expect((await status(request.sid!, 'delivered')).statusCode).toBe(200);
    await waitFor('status delivered', async () => (await messageStatus(thread.id, messageId)) === 'delivered');
    // A late 'sent' report (providers do not keep order) changes nothing.
    expect((await status(request.sid!, 'sent')).statusCode).toBe(200);
    expect(await messageStatus(thread.id, messageId)).toBe('delivered');
  });

  it('shows an undelivered text as failed, with the provider\'s reason', async () => {
    const thread = await threadOf(`patientId=${mariaId}`);
    const reply = await admin.request('POST', `/api/inbox/conversations/${thread.id}/messages`, { body: 'Your results are in' });
    const messageId = reply.json<{ id: string }>().id;
    const request = await waitFor('the provider request', async () => sent.find((r) => r.form.get('Body') === 'Your results are in'));
    await waitFor('status sent', async () => (await messageStatus(thread.id, messageId)) === 'sent');
    expect((await status(request.sid!, 'undelivered', { ErrorCode: '30003' })).statusCode).toBe(200);
    await waitFor('status failed', async () => (await messageStatus(thread.id, messageId)) === 'failed');
    expect((await outbox()).find((o) => o.body === 'Your results are in')).toMatchObject({ status: 'undelivered', lastError: expect.stringContaining('30003') });
  });

  it('ignores a report for a message it never sent (200), and refuses an unsigned report', async () => {
    expect((await status(newSid(), 'delivered')).statusCode).toBe(200);
    expect((await status(newSid(), 'some-future-status')).statusCode).toBe(200);
    const unsigned = await webhook('/webhooks/sms/status', { AccountSid: ACCOUNT, MessageSid: newSid(), MessageStatus: 'delivered' }, { signature: null });
    expect(unsigned.statusCode).toBe(403);
  });

  it('a provider report that the recipient unsubscribed there (21610) stops further texts to that number', async () => {
    expect((await text('+16175550144', 'hello?')).statusCode).toBe(200);
    const list = (await admin.request('GET', '/api/inbox/conversations?status=all&channel=sms&limit=100')).json<{ items: { id: string; contactAddress: string }[] }>().items;
    const conversation = list.find((c) => c.contactAddress === '+16175550144')!;
    expect((await admin.request('POST', `/api/inbox/conversations/${conversation.id}/messages`, { body: 'Hello, who is this?' })).statusCode).toBe(201);
    const request = await waitFor('the provider request', async () => sent.find((r) => r.form.get('Body') === 'Hello, who is this?'));
    await waitFor('the provider id recorded', async () => (await outbox()).find((o) => o.body === 'Hello, who is this?' && o.status === 'sent'));
    expect((await status(request.sid!, 'failed', { ErrorCode: '21610' })).statusCode).toBe(200);
    expect((await outbox()).find((o) => o.body === 'Hello, who is this?')).toMatchObject({ status: 'failed', lastError: expect.stringContaining('unsubscribed') });
    expect((await admin.request('POST', `/api/inbox/conversations/${conversation.id}/messages`, { body: 'Second try' })).statusCode).toBe(409);
  });

  it('fails a text the provider refuses, with its reason, without retrying', async () => {
    const patient = await admin.request('POST', '/api/patients', { givenName: 'Rafael', familyName: 'Ortega', dateOfBirth: '1975-06-07', contactPoints: [{ kind: 'phone', value: REFUSED }] });
    const started = await admin.request('POST', '/api/inbox/conversations', { patientId: patient.json<{ id: string }>().id, channel: 'sms', body: 'Hello Rafael' });
    expect(started.statusCode).toBe(201);
    const row = await waitFor('the refused row', async () => (await outbox()).find((o) => o.body === 'Hello Rafael' && o.status === 'failed'));
    expect(row.lastError).toMatch(/21211/);
    expect(sent.filter((r) => r.form.get('Body') === 'Hello Rafael')).toHaveLength(1);
  });

  it('fails a text from a clinic with no SMS number, saying so', async () => {
    const other = await addClinic(clinic.careloop, 'northside');
    const client = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId));
    const patient = await client.request('POST', '/api/patients', { givenName: 'Ines', familyName: 'Duarte', dateOfBirth: '1990-01-01', contactPoints: [{ kind: 'phone', value: '+16175550155' }] });
    expect((await client.request('POST', '/api/inbox/conversations', { patientId: patient.json<{ id: string }>().id, channel: 'sms', body: 'Hello Ines' })).statusCode).toBe(201);
    const row = await waitFor('the failed row', async () =>
      (await client.request('GET', '/api/channels/outbox')).json<{ items: OutboxItem[] }>().items.find((o) => o.status === 'failed'));
    expect(row.lastError).toMatch(/no SMS number/);
    expect(sent.some((r) => r.form.get('Body') === 'Hello Ines')).toBe(false);
  });
});

describe('without a provider configured', () => {
  let bare: TestClinic;
  beforeAll(async () => { bare = await startClinic(); });
  afterAll(() => bare?.close());

  it('refuses SMS and voice webhooks with 503 sms_not_configured', async () => {
    for (const path of ['/webhooks/sms/inbound', '/webhooks/sms/status', '/webhooks/voice/status']) {
      const response = await bare.careloop.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'x' }, payload: 'From=%2B16175550101' });
      expect([path, response.statusCode, errorOf(response).code]).toEqual([path, 503, 'sms_not_configured']);
    }
  });
});
