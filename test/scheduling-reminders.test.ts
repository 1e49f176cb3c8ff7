import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointmentCalendar } from '../src/modules/scheduling/ics.js';
import { recordOptOut } from '../src/modules/channels/service.js';
import { sendDueReminders } from '../src/modules/scheduling/reminders.js';
import { apiToken, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';

/** The clinic's mail relay (SMTP_URL): a real SMTP server, so the .ics is read as the patient's mail program gets it. */
const relayed: ParsedMail[] = [];
const relay = new SMTPServer({
  authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], logger: false, disableReverseLookup: true,
  onData: (stream, _session, callback) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => simpleParser(Buffer.concat(chunks)).then((mail) => { relayed.push(mail); callback(); }, callback));
  },
});

interface OutboxItem { id: string; purpose: string; channel: string; recipient: string; subject: string | null; body: string; status: string; patientId: string | null }

let clinic: TestClinic;
let api: Client;
let newYork: ClinicSchedule;
let berlin: ClinicSchedule;

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const outboxOf = async (patientId: string, purpose?: string) =>
  (await api.request('GET', '/api/channels/outbox?limit=100')).json<{ items: OutboxItem[] }>().items
    .filter((item) => item.patientId === patientId && (!purpose || item.purpose === purpose)).reverse();

async function registerPatient(givenName: string, details: Record<string, unknown>) {
  const response = await api.request('POST', '/api/patients', { givenName, familyName: 'Tester', dateOfBirth: '1979-04-05', allowDuplicate: true, ...details });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

/** Books at a wall-clock time of the schedule's zone ("2027-04-05T10:00"). */
async function book(patientId: string, schedule: ClinicSchedule, wallTime: string, zone = 'America/New_York') {
  const startsAt = DateTime.fromISO(wallTime, { zone }).toUTC().toISO()!;
  const response = await api.request('POST', '/api/scheduling/appointments', {
    patientId, serviceId: schedule.serviceId, providerId: schedule.providerIds[0], locationId: schedule.locationId, startsAt,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; startsAt: string; updatedAt: string }>();
}

const minutesBefore = (iso: string, minutes: number) => new Date(new Date(iso).getTime() - minutes * 60_000);
const DAY = 1440;

/** The reminder rows of a visit (no API lists them: they are the sender's bookkeeping). */
const remindersOf = (appointmentId: string) => clinic.careloop.platform.db.selectFrom('appointment_reminders')
  .select(['id', 'offset_minutes', 'status', 'skip_reason', 'channel', 'planned_start', 'outbox_id']).where('appointment_id', '=', appointmentId).orderBy('due_at').execute();

function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return { calendar, event: new ICAL.Event(calendar.getFirstSubcomponent('vevent')!) };
}

beforeAll(async () => {
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const relayPort = (relay.server.address() as { port: number }).port;
  clinic = await startClinic({ env: { SMTP_URL: `smtp://127.0.0.1:${relayPort}`, MAIL_DOMAIN: 'careloop.localhost', PUBLIC_URL: 'https://care.example.org' } });
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  expect((await api.request('POST', '/api/channels/endpoints', { channel: 'email', address: 'sunrise', name: 'Front desk mail' })).statusCode).toBe(201);
  expect((await api.request('POST', '/api/channels/endpoints', { channel: 'sms', address: '+1 617 555 0100', name: 'Front desk line' })).statusCode).toBe(201);
  newYork = await seedSchedule(clinic.careloop, clinic.organizationId);
  berlin = await seedSchedule(clinic.careloop, clinic.organizationId, { zone: 'Europe/Berlin' });
});
afterAll(async () => {
  await clinic?.close();
  await new Promise<void>((resolve) => relay.close(() => resolve()));
});

describe('confirmations', () => {
  it('texts an English-speaking patient the booking in English, with the clinic\'s time and zone and the manage link', async () => {
    const rosa = await registerPatient('Rosa', { contactPoints: [{ kind: 'phone', value: '+1 617 555 0111' }], preferredChannel: 'sms' });
    await book(rosa, newYork, '2027-02-01T09:00');
    const [text] = await outboxOf(rosa, 'appointment_booked');
    expect(text).toMatchObject({ channel: 'sms', recipient: '+16175550111' });
    expect(text!.body).toContain('is booked for Mon, Feb 1, 9:00 AM EST');
    expect(text!.body).toMatch(/https:\/\/care\.example\.org\/a\/\S+$/);
  });

  it('e-mails a Spanish-speaking patient in Spanish with an .ics that ical.js reads at the right instant in Berlin, on the day clocks change', async () => {
    const lucia = await registerPatient('Lucía', { language: 'es', preferredChannel: 'email', contactPoints: [{ kind: 'email', value: 'lucia@example.org' }, { kind: 'phone', value: '+1 617 555 0112' }] });
    const visit = await book(lucia, berlin, '2027-03-28T10:00', 'Europe/Berlin');
    const [mail] = await outboxOf(lucia, 'appointment_booked');
    expect(mail).toMatchObject({ channel: 'email', recipient: 'lucia@example.org' });
    expect(mail!.subject).toContain('Su cita del domingo 28 de marzo, 10:00 a. m. CEST está reservada');
    const received = await until('the confirmation at the relay', async () => relayed.find((m) => m.subject === mail!.subject));
    const ics = received.attachments.find((a) => a.filename === 'appointment.ics');
    expect(ics?.contentType).toBe('text/calendar');
    const { calendar, event } = parseCalendar(ics!.content.toString('utf8'));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.startDate.zone?.tzid).toBe('Europe/Berlin');
    expect(event.startDate.toString()).toBe('2027-03-28T10:00:00');
    expect(event.startDate.toJSDate().toISOString()).toBe(visit.startsAt);
    expect(event.uid).toContain(visit.id);
  });

  it('sends a moved visit\'s .ics with the same UID and a higher SEQUENCE, and a cancellation as METHOD:CANCEL', async () => {
    const mia = await registerPatient('Mia', { preferredChannel: 'email', contactPoints: [{ kind: 'email', value: 'mia@example.org' }] });
    const visit = await book(mia, newYork, '2027-02-02T09:00');
    // The SEQUENCE counts seconds of the visit's last change: a move within the booking's second could not be told apart.
    await until('the clock to pass the booking\'s second', async () => Math.floor(Date.now() / 1000) > Math.floor(Date.parse(visit.updatedAt) / 1000));
    expect((await api.request('POST', `/api/scheduling/appointments/${visit.id}/move`, { startsAt: '2027-02-03T14:00:00.000Z' })).statusCode).toBe(200);
    expect((await api.request('POST', `/api/scheduling/appointments/${visit.id}/cancel`, { reason: 'clinic' })).statusCode).toBe(200);
    const calendars = await until('three calendar files', async () => {
      const files = relayed.filter((m) => m.to && JSON.stringify(m.to).includes('mia@example.org')).map((m) => parseCalendar(m.attachments[0]!.content.toString('utf8')));
      return files.length === 3 && files;
    });
    const byMethod = calendars.map(({ calendar, event }) => ({ method: calendar.getFirstPropertyValue('method'), uid: event.uid, sequence: event.sequence, start: event.startDate.toJSDate().toISOString() }));
    const booked = byMethod.find((c) => c.start === '2027-02-02T14:00:00.000Z')!;
    const moved = byMethod.find((c) => c.method === 'REQUEST' && c.start === '2027-02-03T14:00:00.000Z')!;
    const cancelled = byMethod.find((c) => c.method === 'CANCEL')!;
    expect(new Set([booked.uid, moved.uid, cancelled.uid]).size).toBe(1);
    expect(moved.sequence).toBeGreaterThan(booked.sequence);
    expect(cancelled.sequence).toBeGreaterThanOrEqual(moved.sequence);
  });
});

describe('the .ics file', () => {
  it.each([
    ['America/New_York', '2026-03-08T10:00'],
    ['Europe/Berlin', '2026-03-29T09:30'],
    ['America/New_York', '2026-11-01T09:00'],
    ['Asia/Tokyo', '2026-07-01T09:00'],
  ])('parses with ical.js to the visit\'s instant in %s on %s (clock-change days included)', (zone, wall) => {
    const start = DateTime.fromISO(wall, { zone }).toJSDate();
    const text = appointmentCalendar({
      uid: 'appointment-1@careloop.localhost', sequence: 1, method: 'REQUEST', start, end: new Date(start.getTime() + 30 * 60_000), timeZone: zone,
      summary: 'Visita de control – Dra. Núñez, con una descripción larga para que la línea se pliegue a 75 octetos', location: 'Main Street; 1', description: 'https://care.example.org/a/token',
    });
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
    const { event } = parseCalendar(text);
    expect(event.startDate.zone?.tzid).toBe(zone);
    expect(event.startDate.toString()).toBe(`${wall}:00`);
    expect(event.startDate.toJSDate().getTime()).toBe(start.getTime());
    expect(event.endDate.toJSDate().getTime()).toBe(start.getTime() + 30 * 60_000);
    expect(event.summary).toContain('Núñez, con');
    expect(event.location).toBe('Main Street; 1');
  });
});

describe('reminders', () => {
  it('sends each offset once, when due, on the preferred consented channel; a second run sends nothing more', async () => {
    const sam = await registerPatient('Sam', { preferredChannel: 'sms', contactPoints: [{ kind: 'email', value: 'sam@example.org' }, { kind: 'phone', value: '+1 617 555 0113' }] });
    const visit = await book(sam, newYork, '2027-04-05T10:00');
    expect(await outboxOf(sam, 'reminder')).toHaveLength(0);
    await sendDueReminders(clinic.careloop.platform, minutesBefore(visit.startsAt, 7 * DAY + 1));
    expect(await outboxOf(sam, 'reminder')).toHaveLength(0);
    for (const [offset, expected] of [[7 * DAY, 1], [7 * DAY, 1], [2 * DAY, 2], [120, 3], [120, 3], [-1, 3]] as const) {
      await sendDueReminders(clinic.careloop.platform, minutesBefore(visit.startsAt, offset - 1));
      expect(await outboxOf(sam, 'reminder')).toHaveLength(expected);
    }
    const reminders = await outboxOf(sam, 'reminder');
    expect(reminders.every((r) => r.channel === 'sms' && r.recipient === '+16175550113')).toBe(true);
    expect(reminders[0]!.body).toContain('Mon, Apr 5, 10:00 AM EDT');
    expect(reminders[0]!.body).toContain('Reply C to confirm, R to reschedule, X to cancel.');
    expect((await remindersOf(visit.id)).map((r) => [r.offset_minutes, r.status, r.channel])).toEqual([[10080, 'sent', 'sms'], [2880, 'sent', 'sms'], [120, 'sent', 'sms']]);
  });

  it('reminds a Spanish-speaking patient by e-mail in Spanish', async () => {
    const elena = await registerPatient('Elena', { language: 'es-MX', preferredChannel: 'email', contactPoints: [{ kind: 'email', value: 'elena@example.org' }] });
    const visit = await book(elena, newYork, '2027-04-12T10:00');
    await sendDueReminders(clinic.careloop.platform, minutesBefore(visit.startsAt, 2 * DAY - 1));
    const [reminder] = await outboxOf(elena, 'reminder');
    expect(reminder).toMatchObject({ channel: 'email', recipient: 'elena@example.org' });
    expect(reminder!.subject).toContain('Recordatorio: su cita del lunes 12 de abril, 10:00 a. m. EDT');
  });

  it('never sends a moved visit\'s reminders for the old time, and sends the new time\'s', async () => {
    const ana = await registerPatient('Ana', { contactPoints: [{ kind: 'phone', value: '+1 617 555 0114' }] });
    const visit = await book(ana, newYork, '2027-05-03T10:00');
    const moved = await api.request('POST', `/api/scheduling/appointments/${visit.id}/move`, { startsAt: DateTime.fromISO('2027-05-10T10:00', { zone: 'America/New_York' }).toUTC().toISO() });
    expect(moved.statusCode, moved.body).toBe(200);
    await sendDueReminders(clinic.careloop.platform, minutesBefore(visit.startsAt, 2 * DAY - 1));
    expect(await outboxOf(ana, 'reminder')).toHaveLength(0);
    await sendDueReminders(clinic.careloop.platform, minutesBefore(moved.json<{ startsAt: string }>().startsAt, 7 * DAY - 1));
    const reminders = await outboxOf(ana, 'reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.body).toContain('Mon, May 10, 10:00 AM EDT');
    const rows = await remindersOf(visit.id);
    expect(rows.filter((r) => r.planned_start.toISOString() === visit.startsAt).every((r) => r.status === 'cancelled' && r.skip_reason === 'appointment moved')).toBe(true);
  });

  it('never sends a cancelled visit\'s reminders', async () => {
    const ben = await registerPatient('Ben', { contactPoints: [{ kind: 'phone', value: '+1 617 555 0115' }] });
    const visit = await book(ben, newYork, '2027-06-07T10:00');
    expect((await api.request('POST', `/api/scheduling/appointments/${visit.id}/cancel`, { reason: 'patient_request' })).statusCode).toBe(200);
    await sendDueReminders(clinic.careloop.platform, minutesBefore(visit.startsAt, 60));
    expect(await outboxOf(ben, 'reminder')).toHaveLength(0);
    expect((await remindersOf(visit.id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('sends nothing to a patient without care consent (no confirmation, reminders skipped with the reason)', async () => {
    const carl = await registerPatient('Carl', { contactPoints: [{ kind: 'phone', value: '+1 617 555 0116', consentCare: false }] });
    const visit = await book(carl, newYork, '2027-07-05T10:00');
    await sendDueReminders(clinic.careloop.platform, minutesBefore(visit.startsAt, 7 * DAY - 1));
    expect(await outboxOf(carl)).toHaveLength(0);
    expect((await remindersOf(visit.id))[0]).toMatchObject({ status: 'skipped', skip_reason: 'no channel with care consent' });
  });

  it('in one batch, passes over a number that texted STOP for the patient\'s e-mail, skips a patient with only that number, and a re-run after a lost mark queues nothing twice', async () => {
    const eva = await registerPatient('Eva', { preferredChannel: 'sms', contactPoints: [{ kind: 'phone', value: '+1 617 555 0121' }, { kind: 'email', value: 'eva@example.org' }] });
    const finn = await registerPatient('Finn', { contactPoints: [{ kind: 'phone', value: '+1 617 555 0122' }] });
    const gus = await registerPatient('Gus', { contactPoints: [{ kind: 'phone', value: '+1 617 555 0123' }] });
    const visits = [await book(eva, newYork, '2027-09-06T10:00'), await book(finn, newYork, '2027-09-06T10:30'), await book(gus, newYork, '2027-09-06T11:00')];
    await recordOptOut(clinic.careloop.platform, clinic.organizationId, '+16175550121');
    await recordOptOut(clinic.careloop.platform, clinic.organizationId, '+16175550122');
    const now = minutesBefore(visits[0]!.startsAt, 2 * DAY - 1);
    await sendDueReminders(clinic.careloop.platform, now);
    expect((await outboxOf(eva, 'reminder')).map((r) => [r.channel, r.recipient])).toEqual([['email', 'eva@example.org']]);
    expect(await outboxOf(finn, 'reminder')).toHaveLength(0);
    expect((await remindersOf(visits[1]!.id)).find((r) => r.offset_minutes === 7 * DAY)).toMatchObject({ status: 'skipped', skip_reason: 'no channel with care consent' });
    const [text] = await outboxOf(gus, 'reminder');
    expect(text).toMatchObject({ channel: 'sms', recipient: '+16175550123' });
    // As if the batch's marks were lost: the row is due again, and its message is found queued under its key, not queued again.
    const sent = (await remindersOf(visits[2]!.id)).find((r) => r.status === 'sent')!;
    await clinic.careloop.platform.db.updateTable('appointment_reminders').set({ status: 'scheduled', outbox_id: null, sent_at: null }).where('id', '=', sent.id).execute();
    await sendDueReminders(clinic.careloop.platform, now);
    expect(await outboxOf(gus, 'reminder')).toHaveLength(1);
    expect((await remindersOf(visits[2]!.id)).find((r) => r.id === sent.id)).toMatchObject({ status: 'sent', outbox_id: text!.id });
  });

  it('sends only the latest of several reminders due at once (the server was down), and none once the visit has started', async () => {
    const dora = await registerPatient('Dora', { contactPoints: [{ kind: 'phone', value: '+1 617 555 0117' }] });
    const visit = await book(dora, newYork, '2027-08-02T10:00');
    await sendDueReminders(clinic.careloop.platform, minutesBefore(visit.startsAt, 60));
    expect(await outboxOf(dora, 'reminder')).toHaveLength(1);
    expect((await remindersOf(visit.id)).map((r) => r.status)).toEqual(['skipped', 'skipped', 'sent']);
    const late = await registerPatient('Lena', { contactPoints: [{ kind: 'phone', value: '+1 617 555 0118' }] });
    const started = await book(late, newYork, '2027-08-09T10:00');
    await sendDueReminders(clinic.careloop.platform, minutesBefore(started.startsAt, -5));
    expect(await outboxOf(late, 'reminder')).toHaveLength(0);
    expect((await remindersOf(started.id)).every((r) => r.status === 'skipped')).toBe(true);
  });
});
