import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyToken } from '../src/modules/channels/email-threading.js';
import { addClinic, apiToken, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

/** A real receiving server for our outbound mail (the relay in SMTP_URL); it refuses anyone at refuses.example. */
interface Relayed { envelopeFrom: string; to: string[]; mail: ParsedMail }
const relayed: Relayed[] = [];
const relay = new SMTPServer({
  authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false, disableReverseLookup: true,
  onRcptTo: (address, _session, callback) =>
    callback(address.address.endsWith('@refuses.example') ? Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }) : undefined),
  onData: (stream, session, callback) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => simpleParser(Buffer.concat(chunks)).then((mail) => {
      relayed.push({ envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), mail });
      callback();
    }, callback));
  },
});

const DOMAIN = 'careloop.localhost';
const ANN = 'ann.patient@example.org';
let clinic: TestClinic;
let admin: Client;
let annId: string;
let mailer: Transporter;

interface Message { id: string; direction: string; body: string; subject: string | null; status: string; senderAddress: string | null; attachments: { id: string; fileName: string; contentType: string; sizeBytes: number }[] }
interface Conversation { id: string; number: number; status: string; patientId: string | null; subject: string | null; waitingSince: string | null; reopenCount: number; contactAddress: string | null; messages: Message[] }
interface OutboxItem { id: string; status: string; recipient: string; sender: string | null; subject: string | null; body: string; messageId: string | null; lastError: string | null; attempts: number }

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const fixture = (name: string, vars: Record<string, string>) => Buffer.from(
  readFileSync(join(import.meta.dirname, 'fixtures', 'mail', name), 'utf8')
    .replace(/\{\{(\w+)\}\}/g, (_, key: string) => vars[key] ?? '').replace(/\r?\n/g, '\r\n'),
);

const send = (options: SendMailOptions) => mailer.sendMail({ from: `Ann Patient <${ANN}>`, to: `sunrise@${DOMAIN}`, ...options });
const sendRaw = (raw: Buffer, envelope: { from: string; to: string }) => mailer.sendMail({ envelope, raw });
const refusal = (sending: Promise<unknown>) => sending.then(() => null, (error: { responseCode?: number; message: string }) => error);

const conversation = async (id: string) => (await admin.request('GET', `/api/inbox/conversations/${id}`)).json<Conversation>();
async function emailConversations(client = admin) {
  return (await client.request('GET', '/api/inbox/conversations?status=all&channel=email&limit=100')).json<{ items: Conversation[] }>().items;
}
/** The conversation that holds the message with this text. */
async function conversationWith(text: string, client = admin): Promise<Conversation> {
  for (const item of await emailConversations(client)) {
    const detail = (await client.request('GET', `/api/inbox/conversations/${item.id}`)).json<Conversation>();
    if (detail.messages.some((m) => m.body.includes(text))) return detail;
  }
  throw new Error(`no conversation holds "${text}"`);
}
/** The raw record of every mail received (no API shows it: it is the safety net behind the inbox). */
const inboundEmails = (organizationId = clinic.organizationId) => clinic.careloop.platform.db.selectFrom('inbound_emails')
  .select(['id', 'envelope_from', 'envelope_to', 'outcome', 'message_id']).where('organization_id', '=', organizationId).orderBy('created_at').execute();
async function rawOf(id: string) {
  const row = await clinic.careloop.platform.db.selectFrom('inbound_emails').select(sql<string>`encode(raw, 'hex')`.as('hex')).where('id', '=', id).executeTakeFirstOrThrow();
  return Buffer.from(row.hex, 'hex');
}
const outbox = async (client = admin, testOnly = false) => (await client.request('GET', `/api/channels/outbox?limit=100${testOnly ? '&testOnly=true' : ''}`)).json<{ items: OutboxItem[] }>().items;

/** The agent answers by e-mail; resolves with the mail as the relay received it. */
async function agentReplies(conversationId: string, body: string) {
  const reply = await admin.request('POST', `/api/inbox/conversations/${conversationId}/messages`, { body, channel: 'email' });
  expect(reply.statusCode).toBe(201);
  return until(`the relay to receive "${body}"`, async () => relayed.find((r) => r.mail.text?.includes(body)));
}

beforeAll(async () => {
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const relayPort = (relay.server.address() as { port: number }).port;
  clinic = await startClinic({ env: { SMTP_URL: `smtp://127.0.0.1:${relayPort}`, MAIL_DOMAIN: DOMAIN } });
  expect(clinic.careloop.smtpPort).toBeGreaterThan(0);
  mailer = nodemailer.createTransport({ host: '127.0.0.1', port: clinic.careloop.smtpPort!, secure: false, ignoreTLS: true });
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  expect((await admin.request('POST', '/api/channels/endpoints', { channel: 'email', address: 'sunrise', name: 'Front desk mail' })).statusCode).toBe(201);
  const ann = await admin.request('POST', '/api/patients', {
    givenName: 'Ann', familyName: 'Patient', dateOfBirth: '1975-06-01', contactPoints: [{ kind: 'email', value: ANN, consentCare: true }],
  });
  annId = ann.json<{ id: string }>().id;
});
afterAll(async () => {
  mailer?.close();
  await clinic?.close();
  await new Promise<void>((resolve) => relay.close(() => resolve()));
});

describe('the e-mail channel', () => {
  let first: Conversation;
  let ourMessageId: string;
  let replyTo: string;

  it('files a patient\'s mail under the patient found by address, raw mail kept', async () => {
    const info = await send({ subject: 'Appointment next week', text: 'Can I move my Tuesday appointment to Thursday?', messageId: '<first-1@example.org>' });
    expect(info.response).toMatch(/^250/);
    first = await conversationWith('move my Tuesday appointment');
    expect(first).toMatchObject({ patientId: annId, subject: 'Appointment next week', status: 'open', contactAddress: ANN });
    expect(first.waitingSince).not.toBeNull();
    expect(first.messages[0]).toMatchObject({ direction: 'in', senderAddress: ANN, subject: 'Appointment next week' });
    const [record] = await inboundEmails();
    expect(record).toMatchObject({ outcome: 'stored', message_id: first.messages[0]!.id, envelope_from: ANN, envelope_to: [`sunrise@${DOMAIN}`] });
    expect((await rawOf(record!.id)).toString()).toContain('Message-ID: <first-1@example.org>');
  });

  it('sends the agent\'s reply through the relay from the clinic, with our Message-ID, a reply token and In-Reply-To', async () => {
    const { mail, to } = await agentReplies(first.id, 'Thursday at 10 works, see you then.');
    expect(to).toEqual([ANN]);
    expect(mail.from?.value[0]).toMatchObject({ address: `sunrise@${DOMAIN}`, name: 'sunrise clinic' });
    expect(mail.subject).toBe('Re: Appointment next week');
    expect(mail.inReplyTo).toBe('<first-1@example.org>');
    expect(mail.references).toContain('<first-1@example.org>');
    expect(mail.messageId).toMatch(new RegExp(`^<[0-9a-f-]{36}@${DOMAIN}>$`));
    replyTo = mail.replyTo!.value[0]!.address!;
    expect(replyTo).toMatch(new RegExp(`^sunrise\\+c${first.number}-[0-9a-f]{16}@${DOMAIN}$`));
    ourMessageId = mail.messageId!;
    const row = await until('the outbox row to be sent', async () => (await outbox()).find((r) => r.status === 'sent'));
    expect(row).toMatchObject({ recipient: ANN, subject: 'Re: Appointment next week' });
    expect((await conversation(first.id)).messages[1]).toMatchObject({ direction: 'out', status: 'sent' });
  });

  it('threads the patient\'s reply by In-Reply-To (to the plain mailbox) and reopens the resolved conversation', async () => {
    await admin.request('PATCH', `/api/inbox/conversations/${first.id}`, { status: 'resolved' });
    await send({ subject: 'Re: Appointment next week', text: 'Perfect, thank you!', inReplyTo: ourMessageId, references: [ourMessageId] });
    const after = await conversation(first.id);
    expect(after.messages.at(-1)).toMatchObject({ direction: 'in', body: 'Perfect, thank you!' });
    expect(after).toMatchObject({ status: 'open', reopenCount: 1 });
  });

  it('threads a reply whose client dropped In-Reply-To and References by the token in the address', async () => {
    const before = (await emailConversations()).length;
    await send({ to: replyTo, subject: 'one more thing', text: 'Should I bring my insurance card?' });
    expect((await conversation(first.id)).messages.at(-1)!.body).toBe('Should I bring my insurance card?');
    expect((await emailConversations()).length).toBe(before);
    // The token is not case-sensitive: some mail systems fold addresses to upper case.
    await send({ to: replyTo.toUpperCase(), text: 'And my old x-rays?' });
    expect((await conversation(first.id)).messages.at(-1)!.body).toBe('And my old x-rays?');
  });

  it('never lets a spoofed or another clinic\'s token join a conversation: the mail opens a new one, marked forged', async () => {
    const harbor = await addClinic(clinic.careloop, 'harbor');
    const harborAdmin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, harbor.organizationId));
    await harborAdmin.request('POST', '/api/channels/endpoints', { channel: 'email', address: 'harbor', name: 'Harbor mail' });
    await send({ to: `harbor@${DOMAIN}`, text: 'Hello harbor clinic' });
    const harborThread = await conversationWith('Hello harbor clinic', harborAdmin);
    const secret = clinic.careloop.platform.config.secretKey;
    const harborToken = replyToken(secret, harbor.organizationId, harborThread.number);
    const attempts = [
      { to: `sunrise+c${first.number}-0123456789abcdef@${DOMAIN}`, text: 'forged signature' },
      { to: `sunrise+c${first.number}-0123456789abcdef@${DOMAIN}`, text: 'forged signature with references', inReplyTo: ourMessageId },
      { to: `sunrise+hello@${DOMAIN}`, text: 'not a token at all' },
      { to: `sunrise+${harborToken}@${DOMAIN}`, text: 'harbor token sent to sunrise' },
    ];
    for (const attempt of attempts) {
      await send(attempt);
      const landed = await conversationWith(attempt.text);
      expect(landed.id).not.toBe(first.id);
      expect(landed.messages).toHaveLength(1);
    }
    // Signed for sunrise but naming harbor's conversation number: no such conversation at sunrise, so a new one.
    await send({ to: `sunrise+${replyToken(secret, clinic.organizationId, harborThread.number)}@${DOMAIN}`, text: 'sunrise token, harbor number' });
    expect((await conversationWith('sunrise token, harbor number')).messages).toHaveLength(1);
    expect((await harborAdmin.request('GET', `/api/inbox/conversations/${harborThread.id}`)).json<Conversation>().messages).toHaveLength(1);
    const outcomes = (await inboundEmails()).map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'forged_reply_token')).toHaveLength(4);
    // The real harbor token does work at harbor.
    await send({ to: `harbor+${harborToken}@${DOMAIN}`, text: 'harbor reply' });
    expect((await harborAdmin.request('GET', `/api/inbox/conversations/${harborThread.id}`)).json<Conversation>().messages).toHaveLength(2);
  });

  it('refuses unknown mailboxes and other domains with 550 at RCPT TO, writing nothing', async () => {
    const before = (await inboundEmails()).length;
    for (const to of [`nobody@${DOMAIN}`, `sunrise@elsewhere.example`, `nobody+c1-0123456789abcdef@${DOMAIN}`]) {
      const error = await refusal(send({ to, text: 'hello?' }));
      expect(error?.responseCode).toBe(550);
    }
    expect((await inboundEmails()).length).toBe(before);
    // One good recipient among bad ones: delivered to the good one, the bad one refused.
    const info = await send({ to: [`nobody@${DOMAIN}`, `sunrise@${DOMAIN}`], text: 'mixed recipients' });
    expect(info.rejected).toEqual([`nobody@${DOMAIN}`]);
    expect((await conversationWith('mixed recipients')).messages).toHaveLength(1);
  });

  it('refuses a mail with neither a From header nor an envelope sender (550), keeping only the raw record', async () => {
    const conversationsBefore = (await emailConversations()).length;
    const raw = fixture('no-from.eml', { ID: randomUUID() });
    const error = await refusal(sendRaw(raw, { from: '', to: `sunrise@${DOMAIN}` }));
    expect(error?.responseCode).toBe(550);
    expect(error?.message).toMatch(/no sender/i);
    const record = (await inboundEmails()).at(-1)!;
    expect(record).toMatchObject({ outcome: 'rejected_no_sender', message_id: null, envelope_from: null });
    expect((await rawOf(record.id)).equals(raw)).toBe(true);
    expect((await emailConversations()).length).toBe(conversationsBefore);
    // Without the header but with an envelope sender, the envelope names the sender.
    await sendRaw(fixture('no-from.eml', { ID: randomUUID() }), { from: 'carl@example.org', to: `sunrise@${DOMAIN}` });
    expect((await conversationWith('This message has no From header.')).contactAddress).toBe('carl@example.org');
  });

  it('stores broken MIME with whatever text could be read, and keeps the raw mail byte for byte', async () => {
    const truncated = fixture('broken-multipart.eml', { ID: randomUUID() });
    await sendRaw(truncated, { from: ANN, to: `sunrise@${DOMAIN}` });
    const renewal = await conversationWith('please renew my prescription for lisinopril');
    expect(renewal.messages[0]!.body).toContain('Thank you, Ann');
    expect(renewal.messages[0]!.attachments[0]).toMatchObject({ fileName: 'scan.pdf', contentType: 'application/pdf' });
    expect((await rawOf((await inboundEmails()).at(-1)!.id)).equals(truncated)).toBe(true);

    const badBase64 = fixture('bad-base64.eml', { ID: randomUUID() });
    await sendRaw(badBase64, { from: 'ben.okafor@example.org', to: `sunrise@${DOMAIN}` });
    expect((await conversationWith('can someone call me about my blood test results')).contactAddress).toBe('ben.okafor@example.org');
    expect((await inboundEmails()).at(-1)!.outcome).toBe('stored');

    // More parts than the parser will take: filed with its headers read and the body kept as text.
    const parts = Array.from({ length: 1100 }, (_, i) => `--B\r\nContent-Type: text/plain\r\n\r\nline ${i} of the long letter\r\n`).join('');
    const overgrown = Buffer.from(`From: ${ANN}\r\nSubject: Long letter\r\nMessage-ID: <long-${randomUUID()}@example.org>\r\nContent-Type: multipart/mixed; boundary="B"\r\n\r\n${parts}--B--\r\n`);
    await sendRaw(overgrown, { from: ANN, to: `sunrise@${DOMAIN}` });
    const long = await conversationWith('line 1099 of the long letter');
    expect(long).toMatchObject({ subject: 'Long letter', patientId: annId });
    expect((await rawOf((await inboundEmails()).at(-1)!.id)).equals(overgrown)).toBe(true);

    // An HTML-only mail is read as text.
    await send({ html: '<p>Hello <b>there</b>,</p><p>is the lab open on <i>Saturday</i>?</p>' });
    expect((await conversationWith('is the lab open on Saturday?')).messages[0]!.body).toMatch(/Hello there,\s+is the lab open on Saturday\?/);
  });

  it('stores a 10 MB attachment and serves it back byte-identical; refuses over 25 MB with 552', async () => {
    const scan = randomBytes(10 * 1024 * 1024);
    await send({ text: 'Here are my x-ray images', attachments: [{ filename: 'xray.dcm', content: scan, contentType: 'application/dicom' }] });
    const xray = await conversationWith('Here are my x-ray images');
    const file = xray.messages[0]!.attachments[0]!;
    expect(file).toMatchObject({ fileName: 'xray.dcm', contentType: 'application/dicom', sizeBytes: scan.length });
    const download = await admin.request('GET', `/api/inbox/attachments/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(scan)).toBe(true);

    const before = (await inboundEmails()).length;
    const huge = Buffer.concat([Buffer.from(`From: ${ANN}\r\nSubject: huge\r\n\r\n`), Buffer.alloc(26 * 1024 * 1024, 'x\r\n')]);
    expect((await refusal(sendRaw(huge, { from: ANN, to: `sunrise@${DOMAIN}` })))?.responseCode).toBe(552);
    expect((await inboundEmails()).length).toBe(before);
    // A client that declares the size is refused before sending it.
    expect(await smtpDialogue(['EHLO test.example', 'MAIL FROM:<ann.patient@example.org> SIZE=30000000'])).toMatch(/SIZE 26214400[\s\S]*552/);
  }, 180_000);

  it('keeps an out-of-office reply as a visible event: no reopen, no response clock, no new conversation', async () => {
    await admin.request('PATCH', `/api/inbox/conversations/${first.id}`, { status: 'resolved' });
    const conversationsBefore = (await emailConversations()).length;
    const variants = ['Auto-Submitted: auto-replied', 'X-Autoreply: yes', 'X-Autorespond: vacation', 'Precedence: bulk', 'Precedence: junk', 'Auto-Submitted: auto-generated'];
    for (const header of variants) {
      await sendRaw(fixture('out-of-office.eml', { TO: replyTo, ID: randomUUID(), SUBJECT: 'Re: Appointment next week', IN_REPLY_TO: ourMessageId, AUTO_HEADER: header }), { from: ANN, to: replyTo });
    }
    const after = await conversation(first.id);
    expect(after).toMatchObject({ status: 'resolved', waitingSince: null, reopenCount: 1 });
    const events = after.messages.filter((m) => m.direction === 'event');
    expect(events).toHaveLength(variants.length);
    expect(events[0]!.body).toMatch(/^Automatic reply from ann\.patient@example\.org[\s\S]*out of the office until Monday/);
    expect((await emailConversations()).length).toBe(conversationsBefore);
    expect((await inboundEmails()).slice(-variants.length).map((r) => r.outcome)).toEqual(variants.map(() => 'auto_reply'));

    // An auto-reply that answers nothing of ours opens nothing.
    await sendRaw(fixture('out-of-office.eml', { TO: `sunrise@${DOMAIN}`, ID: randomUUID(), SUBJECT: 'hello', AUTO_HEADER: 'Auto-Submitted: auto-replied' }), { from: ANN, to: `sunrise@${DOMAIN}` });
    expect((await inboundEmails()).at(-1)!.outcome).toBe('auto_reply_unmatched');
    expect((await emailConversations()).length).toBe(conversationsBefore);
    // "Auto-Submitted: no" is a person writing: it reopens.
    await sendRaw(fixture('out-of-office.eml', { TO: replyTo, ID: randomUUID(), SUBJECT: 'Re: Appointment', AUTO_HEADER: 'Auto-Submitted: no' }), { from: ANN, to: replyTo });
    expect(await conversation(first.id)).toMatchObject({ status: 'open', reopenCount: 2 });
  });

  it('recognises a delivery report: the bounce fails the outbox row and is shown in the conversation, not as the patient', async () => {
    const { mail } = await agentReplies(first.id, 'Your lab results are ready.');
    await admin.request('PATCH', `/api/inbox/conversations/${first.id}`, { status: 'resolved' });
    const vars = { TO: `sunrise@${DOMAIN}`, RECIPIENT: ANN, SUBJECT: mail.subject!, ORIGINAL_MESSAGE_ID: mail.messageId! };
    // A delay report first: the mail system keeps trying, nothing has failed.
    await sendRaw(fixture('bounce-dsn.eml', { ...vars, ID: randomUUID(), ACTION: 'delayed', STATUS: '4.4.1', DIAGNOSTIC: '421 4.4.1 Connection timed out' }), { from: '', to: `sunrise@${DOMAIN}` });
    const sentRow = (await outbox()).find((r) => r.body === 'Your lab results are ready.')!;
    expect(sentRow.status).toBe('sent');
    const bounce = fixture('bounce-dsn.eml', { ...vars, ID: 'dsn-1', ACTION: 'failed', STATUS: '5.1.1', DIAGNOSTIC: `550 5.1.1 <${ANN}>: Recipient address rejected: User unknown in virtual mailbox table` });
    await sendRaw(bounce, { from: '', to: `sunrise@${DOMAIN}` });
    const failed = await until('the outbox row to fail', async () => (await outbox()).find((r) => r.id === sentRow.id && r.status === 'failed'));
    expect(failed.lastError).toMatch(/User unknown/);
    const after = await until('the reply to show failed', async () => {
      const detail = await conversation(first.id);
      return detail.messages.find((m) => m.body === 'Your lab results are ready.')?.status === 'failed' && detail;
    });
    expect(after).toMatchObject({ status: 'resolved', waitingSince: null });
    const events = after.messages.filter((m) => m.direction === 'event').map((m) => m.body);
    expect(events).toContain(`Mail to ${ANN} is delayed: 421 4.4.1 Connection timed out (the mail system keeps trying)`);
    expect(events).toContain(`Mail to ${ANN} bounced: 550 5.1.1 <${ANN}>: Recipient address rejected: User unknown in virtual mailbox table`);
    // The same bounce delivered again changes nothing.
    const count = after.messages.length;
    await sendRaw(bounce, { from: '', to: `sunrise@${DOMAIN}` });
    expect((await conversation(first.id)).messages).toHaveLength(count);
    expect((await inboundEmails()).at(-1)!.outcome).toBe('duplicate');
  });

  it('matches a plain-text bounce by X-Failed-Recipients and In-Reply-To', async () => {
    const { mail } = await agentReplies(first.id, 'Please confirm your new address.');
    await sendRaw(fixture('bounce-exim.eml', { TO: `sunrise@${DOMAIN}`, ID: randomUUID(), RECIPIENT: ANN, ORIGINAL_MESSAGE_ID: mail.messageId! }), { from: '', to: `sunrise@${DOMAIN}` });
    const row = await until('the outbox row to fail', async () => (await outbox()).find((r) => r.body === 'Please confirm your new address.' && r.status === 'failed'));
    expect(row.lastError).toMatch(/552 5\.2\.2 Mailbox full/);
    expect((await conversation(first.id)).messages.at(-1)!.body).toBe(`Mail to ${ANN} bounced: 552 5.2.2 Mailbox full: quota exceeded`);
  });

  it('stores a mail delivered twice (same Message-ID) once', async () => {
    const duplicate = { subject: 'Refill', text: 'Refill request for my inhaler', messageId: '<refill-1@example.org>' };
    await send(duplicate);
    await send(duplicate);
    const refill = await conversationWith('Refill request for my inhaler');
    expect(refill.messages).toHaveLength(1);
    expect((await inboundEmails()).slice(-2).map((r) => r.outcome)).toEqual(['stored', 'duplicate']);
  });

  it('fails a reply at once when the relay refuses the recipient for good', async () => {
    await send({ from: 'dora@refuses.example', text: 'Please write back to me' });
    const dora = await conversationWith('Please write back to me');
    await admin.request('POST', `/api/inbox/conversations/${dora.id}/messages`, { body: 'Writing back', channel: 'email' });
    const row = await until('the outbox row to fail', async () => (await outbox()).find((r) => r.body === 'Writing back' && r.status === 'failed'));
    expect(row).toMatchObject({ attempts: 1, recipient: 'dora@refuses.example' });
    expect(row.lastError).toMatch(/550/);
  });
});

describe('the e-mail channel without SMTP_URL', () => {
  it('keeps the reply in the test outbox (status test) instead of sending it', async () => {
    const local = await startClinic({ env: { MAIL_DOMAIN: DOMAIN } });
    try {
      const client = tokenClient(local.careloop, await apiToken(local.careloop, local.organizationId));
      await client.request('POST', '/api/channels/endpoints', { channel: 'email', address: 'sunrise', name: 'Mail' });
      const localMailer = nodemailer.createTransport({ host: '127.0.0.1', port: local.careloop.smtpPort!, secure: false, ignoreTLS: true });
      await localMailer.sendMail({ from: ANN, to: `sunrise@${DOMAIN}`, subject: 'Parking', text: 'Is there parking at the clinic?' });
      localMailer.close();
      const [item] = (await client.request('GET', '/api/inbox/conversations?channel=email')).json<{ items: Conversation[] }>().items;
      const relayedBefore = relayed.length;
      expect((await client.request('POST', `/api/inbox/conversations/${item!.id}/messages`, { body: 'Yes, behind the building.', channel: 'email' })).statusCode).toBe(201);
      const row = await until('the test outbox row', async () => (await outbox(client, true)).find((r) => r.status === 'test'));
      expect(row).toMatchObject({ recipient: ANN, subject: 'Re: Parking', body: 'Yes, behind the building.', sender: `"sunrise clinic" <sunrise@${DOMAIN}>` });
      expect(relayed.length).toBe(relayedBefore);
    } finally {
      await local.close();
    }
  });
});

/** Speaks SMTP by hand (to see the EHLO offer and a refusal that a client library would pre-empt). */
function smtpDialogue(commands: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(clinic.careloop.smtpPort!, '127.0.0.1');
    let transcript = '';
    let pending = '';
    let step = 0;
    socket.on('data', (data) => {
      transcript += data.toString();
      pending += data.toString();
      // A reply is complete at a line "NNN text" (a dash after the code means more lines follow).
      if (!pending.endsWith('\r\n') || !/^\d{3} /.test(pending.split('\r\n').at(-2) ?? '')) return;
      pending = '';
      if (step < commands.length) socket.write(`${commands[step++]}\r\n`);
      else if (step++ === commands.length) socket.end('QUIT\r\n');
    });
    socket.on('end', () => resolve(transcript));
    socket.on('error', reject);
  });
}
