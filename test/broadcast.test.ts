import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resumeStalledBroadcasts } from '../src/modules/broadcast/jobs.js';
import { runSender } from '../src/modules/broadcast/sender.js';
import { startBroadcast } from '../src/modules/broadcast/service.js';
import type { DomainEvent } from '../src/platform/events.js';
import { systemActor } from '../src/platform/permissions.js';
import { addClinic, addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule } from './scheduling-factory.js';

// The SMS provider's side, as in the SMS tests: webhooks signed with the official twilio package,
// outbound texts taken by a real HTTP server. E-mail goes to the test outbox (no relay configured).
const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const TOKEN = randomBytes(16).toString('hex');
const PUBLIC = 'https://care.example.org';
const CLINIC_NUMBER = '+16175550100';
const ZONE = 'America/New_York';
const dayAhead = (days: number) => DateTime.now().setZone(ZONE).plus({ days }).toISODate()!;

interface Stats { recipients: number; skipped: number; pending: number; queued: number; sent: number; delivered: number; failed: number; cancelled: number; replied: number }
interface Broadcast { id: string; status: string; segmentLabel: string; stats: Stats; byChannel: { sms: Stats; email: Stats }; excluded: Record<string, number>; appointmentsCancelled: { cancelled: number } | null }
interface Preview { total: number; segmentSize: number; byChannel: { sms: number; email: number }; excluded: Record<string, number>; sample: { patientId: string; name: string; channel: string }[] }
interface Recipient { patientId: string; patientName: string; channel: string | null; status: string; skipReason: string | null; repliedAt: string | null; conversationId: string | null }
interface OutboxItem { purpose: string; patientId: string | null; recipient: string; body: string; subject: string | null; channel: string; status: string }

let provider: Server;
const texts: URLSearchParams[] = [];
let clinic: TestClinic;
let api: Client;
const progress: DomainEvent[] = [];
let phones = 0;

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const inboundText = (from: string, body: string) => {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const params = { MessageSid: sid, SmsSid: sid, AccountSid: ACCOUNT, From: from, To: CLINIC_NUMBER, Body: body, NumMedia: '0', ApiVersion: '2010-04-01' };
  return clinic.careloop.app.inject({
    method: 'POST', url: '/webhooks/sms/inbound',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/webhooks/sms/inbound`, params) },
    payload: new URLSearchParams(params).toString(),
  });
};

/** A patient with a phone (E.164 returned) and/or an e-mail, consent as given. */
async function patient(givenName: string, options: {
  phone?: boolean; email?: boolean; preferred?: string; tags?: string[]; care?: boolean; marketing?: boolean; client?: Client;
} = {}) {
  phones += 1;
  const phone = `+1617555${String(3000 + phones)}`;
  const consent = { consentCare: options.care ?? true, consentMarketing: options.marketing ?? false };
  const contactPoints = [
    ...(options.phone ?? true ? [{ kind: 'phone', value: phone, ...consent }] : []),
    ...(options.email ? [{ kind: 'email', value: `${givenName.toLowerCase()}${phones}@example.com`, ...consent }] : []),
  ];
  const created = await (options.client ?? api).request('POST', '/api/patients', {
    givenName, familyName: 'Broadcast', dateOfBirth: '1970-01-01', preferredChannel: options.preferred ?? 'sms', tags: options.tags ?? [],
    contactPoints, allowDuplicate: true,
  });
  expect(created.statusCode, created.body).toBe(201);
  return { id: created.json<{ id: string }>().id, phone };
}

const draft = async (body: Record<string, unknown>, client = api) => client.request('POST', '/api/broadcasts', {
  title: 'Notice', purpose: 'operational', smsBody: 'Hello {{firstName}}, from {{clinicName}}.', emailSubject: 'Notice', emailBody: 'Dear {{firstName}}, news.', ...body,
});
const created = async (body: Record<string, unknown>) => {
  const response = await draft(body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Broadcast>();
};
const get = async (id: string) => (await api.request('GET', `/api/broadcasts/${id}`)).json<Broadcast>();
const recipients = async (id: string, query = '') => (await api.request('GET', `/api/broadcasts/${id}/recipients?limit=100${query}`)).json<{ items: Recipient[]; total: number }>();
const outbox = async () => (await api.request('GET', '/api/channels/outbox?limit=100')).json<{ items: OutboxItem[] }>().items.filter((item) => item.purpose === 'broadcast');
const settled = (id: string, sent: number) => until(`broadcast ${id} sent to ${sent}`, async () => {
  const broadcast = await get(id);
  return broadcast.status === 'sent' && broadcast.stats.sent === sent && broadcast;
});

beforeAll(async () => {
  provider = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => { body += chunk; });
    request.on('end', () => {
      texts.push(new URLSearchParams(body));
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ sid: `SM${randomBytes(16).toString('hex')}`, status: 'queued' }));
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const port = (provider.address() as AddressInfo).port;
  clinic = await startClinic({ env: { SMS_ACCOUNT_SID: ACCOUNT, SMS_AUTH_TOKEN: TOKEN, SMS_API_URL: `http://127.0.0.1:${port}`, PUBLIC_URL: PUBLIC } });
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  expect((await api.request('POST', '/api/channels/endpoints', { channel: 'sms', address: CLINIC_NUMBER, name: 'Front desk line' })).statusCode).toBe(201);
  expect((await api.request('POST', '/api/channels/endpoints', { channel: 'email', address: 'sunrise', name: 'Front desk mail' })).statusCode).toBe(201);
  clinic.careloop.platform.events.subscribe('broadcast.progress', (event) => { progress.push(event); });
});
afterAll(async () => {
  await clinic?.close();
  await new Promise((resolve) => provider?.close(resolve));
});

describe('who gets a broadcast', () => {
  let ana: { id: string; phone: string };
  let ben: { id: string; phone: string };
  let cara: { id: string; phone: string };

  beforeAll(async () => {
    ana = await patient('Ana', { tags: ['diabetes'], marketing: true });
    ben = await patient('Ben', { phone: false, email: true, preferred: 'email', tags: ['diabetes'] });
    cara = await patient('Cara', { preferred: 'none', tags: ['diabetes'] });
    await patient('Eve', { phone: false, tags: ['diabetes'] });
    await patient('Fay', { care: false, tags: ['diabetes'] });
    const dan = await patient('Dan', { tags: ['diabetes'] });
    // Dan texts STOP: his number may not be texted (and his consent is withdrawn).
    expect((await inboundText(dan.phone, 'STOP')).statusCode).toBe(200);
  });

  it('preview: each patient once on the preferred consented channel; the excluded counted by reason; urgent reaches those who asked for no contact', async () => {
    const operational = (await api.request('POST', '/api/broadcasts/preview', { purpose: 'operational', segment: { type: 'tag', tag: 'Diabetes' } })).json<Preview>();
    expect(operational).toMatchObject({ total: 2, segmentSize: 6, byChannel: { sms: 1, email: 1 }, excluded: { doNotContact: 1, noContact: 1, noConsent: 2, optedOut: 0 } });
    expect(operational.sample.map((s) => [s.name, s.channel]).sort()).toEqual([['Ana Broadcast', 'sms'], ['Ben Broadcast', 'email']]);
    const urgent = (await api.request('POST', '/api/broadcasts/preview', { purpose: 'urgent_operational', segment: { type: 'tag', tag: 'diabetes' } })).json<Preview>();
    expect(urgent).toMatchObject({ total: 3, byChannel: { sms: 2, email: 1 }, excluded: { doNotContact: 0 } });
    // Marketing needs marketing consent: care consent is not enough.
    const marketing = (await api.request('POST', '/api/broadcasts/preview', { purpose: 'marketing', segment: { type: 'tag', tag: 'diabetes' } })).json<Preview>();
    expect(marketing).toMatchObject({ total: 1, byChannel: { sms: 1, email: 0 }, excluded: { noConsent: 3, doNotContact: 1, noContact: 1 } });
    // Only SMS written: the e-mail-only patient cannot be reached.
    const smsOnly = (await api.request('POST', '/api/broadcasts/preview', { purpose: 'operational', segment: { type: 'tag', tag: 'diabetes' }, channels: ['sms'] })).json<Preview>();
    expect(smsOnly).toMatchObject({ total: 1, byChannel: { sms: 1, email: 0 }, excluded: { noContact: 2 } });
  });

  it('sends each reachable patient exactly one message through the outbox, fills placeholders, counts per channel, pushes live statistics and counts a reply', async () => {
    const broadcast = await created({ title: 'Diabetes clinic moves', segment: { type: 'tag', tag: 'diabetes' } });
    expect(broadcast).toMatchObject({ status: 'draft', segmentLabel: 'Patients tagged "diabetes"' });
    const sent = await api.request('POST', `/api/broadcasts/${broadcast.id}/send`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json<Broadcast>()).toMatchObject({ status: 'sending', stats: { recipients: 6, skipped: 4 }, excluded: { doNotContact: 1, noContact: 1, noConsent: 2 } });

    const done = await settled(broadcast.id, 2);
    expect(done.byChannel.sms).toMatchObject({ recipients: 1, sent: 1 });
    expect(done.byChannel.email).toMatchObject({ recipients: 1, sent: 1 });
    const messages = await outbox();
    expect(messages.filter((m) => m.patientId === ana.id)).toHaveLength(1);
    expect(messages.find((m) => m.patientId === ana.id)).toMatchObject({ channel: 'sms', body: 'Hello Ana, from sunrise clinic.' });
    expect(messages.find((m) => m.patientId === ben.id)).toMatchObject({ channel: 'email', subject: 'Notice', body: 'Dear Ben, news.' });
    expect(messages.some((m) => m.patientId === cara.id)).toBe(false);
    expect(texts.filter((form) => form.get('To') === ana.phone)).toHaveLength(1);
    await until('a progress event with both sent', async () => progress.some((e) => e.data.broadcastId === broadcast.id && (e.data.stats as Stats).sent === 2));

    const skipped = await recipients(broadcast.id, '&status=skipped');
    expect(skipped.items.map((r) => r.skipReason).sort()).toEqual(['doNotContact', 'noConsent', 'noConsent', 'noContact']);

    // Ana answers the text: it lands in the inbox, and the broadcast counts a reply.
    expect((await inboundText(ana.phone, 'Thanks, which floor?')).statusCode).toBe(200);
    const replied = await until('the reply counted', async () => (await get(broadcast.id)).stats.replied === 1);
    expect(replied).toBe(true);
    const [answered] = (await recipients(broadcast.id, '&replied=true')).items;
    expect(answered).toMatchObject({ patientId: ana.id, channel: 'sms' });
    const conversation = await api.request('GET', `/api/inbox/conversations/${answered!.conversationId}`);
    expect(conversation.json<{ messages: { body: string }[] }>().messages.some((m) => m.body === 'Thanks, which floor?')).toBe(true);

    // Sending twice: refused, nothing queued again.
    const again = await api.request('POST', `/api/broadcasts/${broadcast.id}/send`);
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('broadcast_not_draft');
    expect((await outbox()).filter((m) => m.patientId === ana.id)).toHaveLength(1);
  });

  it('a reply counts for the latest broadcast only: a second reply is not counted for an earlier broadcast', async () => {
    const uma = await patient('Uma', { tags: ['two-notices'] });
    const first = await created({ title: 'First notice', smsBody: 'First {{firstName}}', segment: { type: 'tag', tag: 'two-notices' } });
    expect((await api.request('POST', `/api/broadcasts/${first.id}/send`)).statusCode).toBe(200);
    await settled(first.id, 1);
    const second = await created({ title: 'Second notice', smsBody: 'Second {{firstName}}', segment: { type: 'tag', tag: 'two-notices' } });
    expect((await api.request('POST', `/api/broadcasts/${second.id}/send`)).statusCode).toBe(200);
    await settled(second.id, 1);
    expect((await inboundText(uma.phone, 'Got it')).statusCode).toBe(200);
    await until('the reply counted on the second notice', async () => (await get(second.id)).stats.replied === 1);
    expect((await inboundText(uma.phone, 'And one more question')).statusCode).toBe(200);
    // Both texts are in the conversation; the first notice was never answered.
    const conversationId = (await recipients(second.id, '&replied=true')).items[0]!.conversationId;
    await until('the second text in the inbox', async () => (await api.request('GET', `/api/inbox/conversations/${conversationId}`))
      .json<{ messages: { body: string }[] }>().messages.some((m) => m.body === 'And one more question'));
    expect((await get(first.id)).stats.replied).toBe(0);
    expect((await get(second.id)).stats.replied).toBe(1);
  });

  it('refuses bad input with a clear error: empty segment, empty message, marketing without consent, unknown location, dates reversed', async () => {
    // An empty segment: the draft is fine, sending is refused by name.
    const nobody = await created({ segment: { type: 'tag', tag: 'nobody-has-this' } });
    const empty = await api.request('POST', `/api/broadcasts/${nobody.id}/send`);
    expect(empty.statusCode).toBe(409);
    expect(errorOf(empty)).toMatchObject({ code: 'empty_segment' });
    expect(errorOf(empty).message).toContain('No patient is in this segment');
    // An empty message: no text, no e-mail (blank strings count as empty).
    const noMessage = await draft({ smsBody: '  ', emailSubject: null, emailBody: null, segment: { type: 'everyone' } });
    expect(noMessage.statusCode).toBe(400);
    expect(errorOf(noMessage).code).toBe('empty_message');
    const subjectOnly = await draft({ smsBody: null, emailSubject: 'Hi', emailBody: null, segment: { type: 'everyone' } });
    expect(errorOf(subjectOnly).message).toContain('emailBody');
    // Marketing to patients none of whom agreed to marketing.
    await patient('Gus', { tags: ['care-only'] });
    await patient('Hal', { phone: false, email: true, tags: ['care-only'] });
    const marketing = await created({ purpose: 'marketing', segment: { type: 'tag', tag: 'care-only' } });
    const refused = await api.request('POST', `/api/broadcasts/${marketing.id}/send`);
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused)).toMatchObject({ code: 'no_recipients', details: { excluded: { noConsent: 2 } } });
    expect((await get(marketing.id)).status).toBe('draft');
    // A location that does not exist; dates reversed; a bad purpose; a segment without its type.
    const unknown = await draft({ segment: { type: 'appointments', locationId: '00000000-0000-4000-8000-000000000000', from: dayAhead(1), to: dayAhead(2) } });
    expect(unknown.statusCode).toBe(404);
    const schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { zone: ZONE });
    const reversed = await draft({ segment: { type: 'appointments', locationId: schedule.locationId, from: dayAhead(5), to: dayAhead(2) } });
    expect(reversed.statusCode).toBe(400);
    expect(errorOf(reversed).message).toContain('segment.to');
    const notADate = await draft({ segment: { type: 'appointments', locationId: schedule.locationId, from: '2026-02-31', to: '2026-03-01' } });
    expect(notADate.statusCode).toBe(400);
    expect((await draft({ purpose: 'spam', segment: { type: 'everyone' } })).statusCode).toBe(400);
    expect((await draft({ segment: { tag: 'x' } })).statusCode).toBe(400);
    expect((await api.request('POST', '/api/broadcasts/preview', { purpose: 'operational', segment: { type: 'appointments', locationId: schedule.locationId, from: dayAhead(3), to: dayAhead(1) } })).statusCode).toBe(400);
  });

  it('keeps clinics apart and permissions: another clinic\'s ids are 404, a viewer reads but cannot send', async () => {
    const harbor = await addClinic(clinic.careloop, 'harbor');
    const harborApi = tokenClient(clinic.careloop, await apiToken(clinic.careloop, harbor.organizationId));
    const theirs = await draft({ segment: { type: 'everyone' } }, harborApi);
    expect(theirs.statusCode).toBe(201);
    const theirId = theirs.json<Broadcast>().id;
    for (const [method, path] of [['GET', ''], ['GET', '/recipients'], ['POST', '/send'], ['POST', '/cancel']] as const) {
      const response = await api.request(method, `/api/broadcasts/${theirId}${path}`);
      expect(response.statusCode, `${method} ${path}`).toBe(404);
    }
    expect((await api.request('GET', '/api/broadcasts?limit=100')).json<{ items: { id: string }[] }>().items.some((b) => b.id === theirId)).toBe(false);
    const harborSchedule = await seedSchedule(clinic.careloop, harbor.organizationId, { zone: ZONE });
    const theirLocation = await draft({ segment: { type: 'appointments', locationId: harborSchedule.locationId, from: dayAhead(1), to: dayAhead(1) } });
    expect(theirLocation.statusCode).toBe(404);

    const viewer = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'viewer'));
    const mine = await created({ segment: { type: 'everyone' } });
    expect((await viewer.request('GET', `/api/broadcasts/${mine.id}`)).statusCode).toBe(200);
    const viewerSends = await viewer.request('POST', `/api/broadcasts/${mine.id}/send`);
    expect(viewerSends.statusCode).toBe(403);
    expect(errorOf(viewerSends).code).toBe('forbidden');
    expect((await draft({ segment: { type: 'everyone' } }, viewer)).statusCode).toBe(403);
    expect((await get(mine.id)).status).toBe('draft');
  });
});

describe('stopping, resuming, cancelling visits', () => {
  it('cancel stops what is not yet handed to the outbox; a second cancel is 409', async () => {
    for (const name of ['Ida', 'Jon', 'Kim']) await patient(name, { tags: ['slow'] });
    // One text a minute: the first tick queues nothing (a minute has not passed), so all three are waiting.
    const slow = await created({ segment: { type: 'tag', tag: 'slow' }, throttle: { smsPerMinute: 1, emailPerMinute: 1 } });
    expect((await api.request('POST', `/api/broadcasts/${slow.id}/send`)).statusCode).toBe(200);
    const cancelled = await api.request('POST', `/api/broadcasts/${slow.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json<Broadcast>()).toMatchObject({ status: 'cancelled', stats: { recipients: 3, pending: 0, cancelled: 3 } });
    expect(errorOf(await api.request('POST', `/api/broadcasts/${slow.id}/cancel`)).code).toBe('broadcast_finished');
    expect((await outbox()).some((m) => m.body.includes('Ida') || m.body.includes('Jon'))).toBe(false);
  });

  it('follows patient merges: the duplicate\'s recipient moves to the record kept; if that record is a recipient too, the duplicate\'s message is not sent', async () => {
    const vic = await patient('Vic', { tags: ['merging'] });
    const wes = await patient('Wes', { tags: ['merging'] });
    const xia = await patient('Xia');
    // One text a minute: everyone is still waiting while the records are merged.
    const slow = await created({ segment: { type: 'tag', tag: 'merging' }, throttle: { smsPerMinute: 1, emailPerMinute: 1 } });
    expect((await api.request('POST', `/api/broadcasts/${slow.id}/send`)).statusCode).toBe(200);
    // Wes is a duplicate of Vic: both were recipients, Vic's one message is enough.
    expect((await api.request('POST', `/api/patients/${vic.id}/merge`, { duplicateId: wes.id })).statusCode).toBe(200);
    // Vic is a duplicate of Xia, who was not a recipient: the recipient becomes Xia.
    expect((await api.request('POST', `/api/patients/${xia.id}/merge`, { duplicateId: vic.id })).statusCode).toBe(200);
    const rows = await until('recipients re-pointed', async () => {
      const items = (await recipients(slow.id)).items;
      return items.some((r) => r.patientId === xia.id) && items;
    });
    expect(rows.map((r) => [r.patientId, r.status]).sort()).toEqual([[wes.id, 'cancelled'], [xia.id, 'pending']].sort());
    expect((await api.request('POST', `/api/broadcasts/${slow.id}/cancel`)).statusCode).toBe(200);
  });

  it('a send whose worker died is resumed from the database, and nobody gets a second message', async () => {
    const people: { id: string; phone: string }[] = [];
    for (const name of ['Lea', 'Max', 'Ned', 'Ola']) people.push(await patient(name, { tags: ['crash'] }));
    const broadcast = await created({ segment: { type: 'tag', tag: 'crash' }, throttle: { smsPerMinute: 120, emailPerMinute: 120 } });
    const platform = clinic.careloop.platform;
    const actor = systemActor(clinic.organizationId, 'cli');
    // A worker takes the send itself, queues two texts and dies without releasing its lease.
    await startBroadcast(platform, actor, broadcast.id, { senderId: 'worker-that-dies', leaseSeconds: 1 });
    const first = await runSender(platform, broadcast.id, 'worker-that-dies', { maxMs: 1 });
    expect(first).toBe('more');
    await platform.db.updateTable('broadcasts').set({ lease_owner: 'worker-that-dies', lease_until: new Date(Date.now() + 1000) }).where('id', '=', broadcast.id).execute();
    // While its lease holds, another sender stays out.
    expect(await runSender(platform, broadcast.id, 'another-worker', { maxMs: 1 })).toBe('busy');
    await until('the lease to lapse', async () => (await resumeStalledBroadcasts(platform)) > 0);
    await settled(broadcast.id, 4);
    const messages = (await outbox()).filter((m) => people.some((p) => p.id === m.patientId));
    expect(messages).toHaveLength(4);
    expect(new Set(messages.map((m) => m.patientId)).size).toBe(4);
    for (const person of people) expect(texts.filter((form) => form.get('To') === person.phone)).toHaveLength(1);
  });

  it('cancels the visits of an appointment broadcast through scheduling: the freed times go to the waitlist; once only', async () => {
    const schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { zone: ZONE });
    const day = dayAhead(9);
    const slots = (await api.request('GET', `/api/scheduling/slots?serviceId=${schedule.serviceId}&from=${day}&to=${day}`)).json<{ items: { startsAt: string; localTime: string; providerId: string }[] }>().items;
    const book = async (patientId: string, localTime: string) => {
      const slot = slots.find((s) => s.localTime === localTime && s.providerId === schedule.providerIds[0])!;
      const booked = await api.request('POST', '/api/scheduling/appointments', { patientId, serviceId: schedule.serviceId, providerId: schedule.providerIds[0], locationId: schedule.locationId, startsAt: slot.startsAt });
      expect(booked.statusCode, booked.body).toBe(201);
      return booked.json<{ id: string }>().id;
    };
    const pia = await patient('Pia');
    const quin = await patient('Quin', { phone: false, email: true, preferred: 'email' });
    const visits = [await book(pia.id, '09:00'), await book(pia.id, '10:00'), await book(quin.id, '11:00')];
    const waiting = await patient('Rex');
    expect((await api.request('POST', '/api/scheduling/waitlist', { patientId: waiting.id, serviceId: schedule.serviceId, earliest: dayAhead(1), latest: dayAhead(30) })).statusCode).toBe(201);

    const closure = await created({
      purpose: 'urgent_operational', smsBody: 'Sorry {{firstName}}: the clinic is closed on {{appointmentDate}}; your {{appointmentTime}} visit is cancelled.',
      segment: { type: 'appointments', locationId: schedule.locationId, from: day, to: day },
    });
    const preview = (await api.request('POST', '/api/broadcasts/preview', { purpose: 'urgent_operational', segment: { type: 'appointments', locationId: schedule.locationId, from: day, to: day } })).json<Preview>();
    expect(preview).toMatchObject({ total: 2, segmentSize: 2 });
    const notSent = await api.request('POST', `/api/broadcasts/${closure.id}/cancel-appointments`, { reason: 'weather' });
    expect(errorOf(notSent).code).toBe('broadcast_not_sent');
    expect((await api.request('POST', `/api/broadcasts/${closure.id}/send`)).statusCode).toBe(200);
    await settled(closure.id, 2);
    const text = (await outbox()).find((m) => m.patientId === pia.id)!;
    expect(text.body).toBe(`Sorry Pia: the clinic is closed on ${DateTime.fromISO(day).toFormat('cccc d LLLL')}; your 9:00 AM visit is cancelled.`);

    // A run that is going (it reported a moment ago) is not started twice; one that was interrupted
    // (the server stopped mid-way, so the marker it left is a few minutes old) can be run again.
    const db = clinic.careloop.platform.db;
    const leaveMarker = (ago: string) => db.updateTable('broadcasts')
      .set({ appointments_cancelled: sql`jsonb_build_object('inProgress', true, 'since', now() - ${ago}::interval)` }).where('id', '=', closure.id).execute();
    await leaveMarker('1 second');
    expect(errorOf(await api.request('POST', `/api/broadcasts/${closure.id}/cancel-appointments`, { reason: 'weather' })).code).toBe('appointments_cancelling');
    await leaveMarker('5 minutes');
    const cancelled = await api.request('POST', `/api/broadcasts/${closure.id}/cancel-appointments`, { reason: 'weather', note: 'Snow storm' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toEqual({ cancelled: 3, alreadyClosed: 0, failed: 0 });
    for (const id of visits) expect((await api.request('GET', `/api/scheduling/appointments/${id}`)).json<{ status: string; cancelReason: string }>()).toMatchObject({ status: 'cancelled', cancelReason: 'weather' });
    await until('a waitlist offer for a freed time', async () => (await api.request('GET', '/api/channels/outbox?limit=100')).json<{ items: OutboxItem[] }>().items
      .some((m) => m.purpose === 'waitlist_offer' && m.patientId === waiting.id));
    expect((await get(closure.id)).appointmentsCancelled).toMatchObject({ cancelled: 3, alreadyClosed: 0, reason: 'weather' });
    expect(errorOf(await api.request('POST', `/api/broadcasts/${closure.id}/cancel-appointments`, { reason: 'weather' })).code).toBe('appointments_already_cancelled');
    // A run that left failures may be run again: what the first run cancelled counts as already closed.
    await db.updateTable('broadcasts').set({ appointments_cancelled: sql`appointments_cancelled || '{"failed": 1}'::jsonb` }).where('id', '=', closure.id).execute();
    expect((await get(closure.id)).appointmentsCancelled).toMatchObject({ failed: 1 });
    const rerun = await api.request('POST', `/api/broadcasts/${closure.id}/cancel-appointments`, { reason: 'weather' });
    expect(rerun.statusCode, rerun.body).toBe(200);
    expect(rerun.json()).toEqual({ cancelled: 0, alreadyClosed: 3, failed: 0 });
    expect(errorOf(await api.request('POST', `/api/broadcasts/${closure.id}/cancel-appointments`, { reason: 'weather' })).code).toBe('appointments_already_cancelled');
    // A bad reason, and a broadcast that is not about visits.
    expect((await api.request('POST', `/api/broadcasts/${closure.id}/cancel-appointments`, { reason: 'because' })).statusCode).toBe(400);
    const tagged = await created({ segment: { type: 'tag', tag: 'crash' } });
    expect(errorOf(await api.request('POST', `/api/broadcasts/${tagged.id}/cancel-appointments`, { reason: 'weather' })).code).toBe('not_appointment_segment');
  });
});
