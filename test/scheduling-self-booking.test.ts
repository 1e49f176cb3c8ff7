import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { apiToken, errorOf, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';

let clinic: TestClinic;
let staff: Client;
let schedule: ClinicSchedule;

interface Slot { startsAt: string; label: string; providerId: string; locationId: string; localDate: string }
interface PatientAppointment { status: string; startsAt: string; label: string; canChange: boolean; patientFirstName: string; confirmedAt: string | null }

const anonymous = (method: 'GET' | 'POST', url: string, body?: object, ip = '10.0.0.1') =>
  clinic.careloop.app.inject({ method, url, remoteAddress: ip, ...(body && { payload: body }) });
const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  clinic = await startClinic();
  staff = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'admin'));
  schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { minNoticeMinutes: 24 * 60, maxDaysAhead: 30 });
});
afterAll(async () => { await clinic?.close(); });

async function freeSlots(from = days(3), to = days(5)): Promise<Slot[]> {
  const response = await anonymous('GET', `/api/public/booking/sunrise/slots?serviceId=${schedule.serviceId}&from=${from}&to=${to}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Slot[] }>().items;
}
const bookAs = (slot: Slot, who: Record<string, unknown>) => anonymous('POST', '/api/public/booking/sunrise/appointments', {
  serviceId: schedule.serviceId, providerId: slot.providerId, locationId: slot.locationId, startsAt: slot.startsAt, ...who,
});
const tokenOf = (response: LightMyRequestResponse) => response.json<{ manageUrl: string }>().manageUrl.split('/a/')[1]!;
const search = async (q: string) => (await staff.request('GET', `/api/patients?q=${encodeURIComponent(q)}`)).json<{ items: { id: string; tags: string[] }[] }>().items;

describe('the clinic\'s booking page', () => {
  it('lists what can be booked online and free times in the clinic\'s zone, within notice and horizon', async () => {
    const page = await anonymous('GET', '/api/public/booking/sunrise');
    expect(page.json()).toMatchObject({ clinic: { name: 'sunrise clinic' }, services: [{ id: schedule.serviceId, name: 'Follow-up visit' }], locations: [{ timeZone: 'America/New_York' }] });
    expect((await freeSlots(days(0), days(0)))).toEqual([]);
    expect((await freeSlots(days(40), days(41)))).toEqual([]);
    const slots = await freeSlots();
    expect(slots.length).toBeGreaterThan(10);
    expect(slots[0]!.label).toMatch(/ (EST|EDT)$/);
    expect((await anonymous('GET', '/api/public/booking/nowhere')).statusCode).toBe(404);
  });

  it('a new patient books with name, birth date and phone: a record is made, and the link lets them see, confirm, move and cancel', async () => {
    const [slot, later] = await freeSlots();
    const response = await bookAs(slot!, { givenName: 'Lucía', familyName: 'Fernández', dateOfBirth: '1992-07-14', phone: '(617) 555-0142', language: 'es' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ appointment: { status: 'booked', patientFirstName: 'Lucía', canChange: true } });
    const [record] = await search('Fernández');
    expect(record!.tags).toContain('booked-online');
    const token = tokenOf(response);

    expect((await anonymous('GET', `/api/public/appointments/${token}`)).json<PatientAppointment>()).toMatchObject({ startsAt: slot!.startsAt });
    expect((await anonymous('POST', `/api/public/appointments/${token}/confirm`)).json<PatientAppointment>().status).toBe('confirmed');
    const ics = await anonymous('GET', `/api/public/appointments/${token}/calendar.ics`);
    expect(ics.headers['content-type']).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(ics.body));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.startDate.zone?.tzid).toBe('America/New_York');
    expect(event.startDate.toJSDate().toISOString()).toBe(slot!.startsAt);
    const options = (await anonymous('GET', `/api/public/appointments/${token}/slots?from=${days(3)}&to=${days(5)}`)).json<{ items: Slot[] }>().items;
    expect(options.map((s) => s.startsAt)).toContain(slot!.startsAt);
    const moved = await anonymous('POST', `/api/public/appointments/${token}/reschedule`, { startsAt: later!.startsAt });
    expect(moved.json<PatientAppointment>()).toMatchObject({ startsAt: later!.startsAt, status: 'booked' });
    const cancelled = await anonymous('POST', `/api/public/appointments/${token}/cancel`, { note: 'Feeling better' });
    expect(cancelled.json<PatientAppointment>()).toMatchObject({ status: 'cancelled', canChange: false });
    expect(errorOf(await anonymous('POST', `/api/public/appointments/${token}/confirm`)).code).toBe('invalid_transition');
    const staffView = await staff.request('GET', `/api/scheduling/appointments?patientId=${record!.id}`);
    expect(staffView.json<{ items: { cancelReason: string; source: string; cancelNote: string }[] }>().items[0]).toMatchObject({ cancelReason: 'patient_request', source: 'online', cancelNote: 'Feeling better' });
  });

  it('a known patient is matched to their record by name, birth date and phone; a near miss makes a new record flagged for review', async () => {
    const known = await staff.request('POST', '/api/patients', {
      givenName: 'Samuel', familyName: 'Osei', dateOfBirth: '1975-03-02', contactPoints: [{ kind: 'phone', value: '+16175550199', consentCare: true }],
    });
    const knownId = known.json<{ id: string }>().id;
    const slots = await freeSlots();
    const first = await bookAs(slots[2]!, { givenName: 'Sam', familyName: 'Osei', dateOfBirth: '1975-03-02', phone: '617-555-0199' });
    expect(first.statusCode, first.body).toBe(201);
    const visits = await staff.request('GET', `/api/scheduling/appointments?patientId=${knownId}`);
    expect(visits.json<{ items: unknown[] }>().items).toHaveLength(1);
    // Same name and birth date, but a phone the record does not have: not guessed.
    const near = await bookAs(slots[3]!, { givenName: 'Samuel', familyName: 'Osei', dateOfBirth: '1975-03-02', phone: '617-555-0000' });
    expect(near.statusCode, near.body).toBe(201);
    const records = await search('Osei');
    expect(records).toHaveLength(2);
    expect(records.find((r) => r.id !== knownId)!.tags).toEqual(['booked-online', 'check-duplicate']);
  });

  it('someone quicker took the time: 409 slot_taken with the next free times, and no patient record is half-made', async () => {
    const [slot] = await freeSlots(days(6), days(6));
    expect((await bookAs(slot!, { givenName: 'Ana', familyName: 'Quick', dateOfBirth: '1980-01-01', email: 'ana@example.org' })).statusCode).toBe(201);
    const late = await bookAs(slot!, { givenName: 'Ben', familyName: 'Slow', dateOfBirth: '1981-01-01', email: 'ben@example.org' });
    expect(late.statusCode).toBe(409);
    expect(errorOf(late).code).toBe('slot_taken');
    expect((errorOf(late).details as { nextFreeTimes: Slot[] }).nextFreeTimes.length).toBeGreaterThan(0);
    expect(await search('Slow')).toEqual([]);
  });
});

describe('bad input on the patient pages', () => {
  it('refuses a time off the grid, too soon, without any contact, with a bad phone, and unknown fields', async () => {
    const [slot] = await freeSlots();
    const who = { givenName: 'Test', familyName: 'Person', dateOfBirth: '1990-01-01', email: 'test@example.org' };
    expect(errorOf(await bookAs({ ...slot!, startsAt: new Date(Date.parse(slot!.startsAt) + 10 * 60_000).toISOString() }, who)).code).toBe('outside_hours');
    expect(errorOf(await bookAs({ ...slot!, startsAt: new Date(Date.now() + 3_600_000).toISOString().replace(/:\d\d\.\d+Z$/, ':00.000Z') }, who)).code).toMatch(/too_soon|outside_hours/);
    expect(errorOf(await bookAs(slot!, { ...who, email: undefined })).message).toContain('mobile number or an e-mail');
    expect(errorOf(await bookAs(slot!, { ...who, phone: '12' })).code).toBe('invalid_request');
    expect((await bookAs(slot!, { ...who, dateOfBirth: '1990-02-30' })).statusCode).toBe(400);
    expect((await bookAs(slot!, { ...who, admin: true })).statusCode).toBe(400);
    expect((await bookAs(slot!, { ...who, givenName: '<script>' })).statusCode).toBe(400);
    expect(await search('Person')).toEqual([]);
  });

  it('refuses forged, altered and other-purpose links politely', async () => {
    expect(errorOf(await anonymous('GET', '/api/public/appointments/not-a-token')).code).toBe('link_invalid');
    const [slot] = await freeSlots(days(7), days(7));
    const token = tokenOf(await bookAs(slot!, { givenName: 'Link', familyName: 'Tester', dateOfBirth: '1970-06-06', email: 'link@example.org' }));
    const [body, signature] = token.split('.');
    const altered = `${body!.slice(0, -2)}AA.${signature}`;
    expect((await anonymous('GET', `/api/public/appointments/${altered}`)).statusCode).toBe(403);
    const conversation = await staff.request('GET', '/api/inbox/conversations?limit=1');
    expect(conversation.statusCode).toBe(200);
    // A thread link is not an appointment link.
    const { signLink } = await import('../src/platform/links.js');
    const threadToken = signLink(clinic.careloop.platform.config.secretKey, { purpose: 'thread', organizationId: clinic.organizationId, subject: '00000000-0000-4000-8000-000000000000', expiresAt: new Date(Date.now() + 60_000) });
    expect(errorOf(await anonymous('GET', `/api/public/appointments/${threadToken}`)).code).toBe('link_invalid');
  });

  it('a service for registered patients only refuses a stranger, kindly', async () => {
    const closed = await seedSchedule(clinic.careloop, clinic.organizationId, { minNoticeMinutes: 60, newPatientsOnline: false });
    const response = await anonymous('GET', `/api/public/booking/sunrise/slots?serviceId=${closed.serviceId}&from=${days(3)}&to=${days(3)}`);
    const [slot] = response.json<{ items: Slot[] }>().items;
    const refused = await anonymous('POST', '/api/public/booking/sunrise/appointments', {
      serviceId: closed.serviceId, providerId: slot!.providerId, locationId: slot!.locationId, startsAt: slot!.startsAt,
      givenName: 'New', familyName: 'Stranger', dateOfBirth: '1999-09-09', email: 'new@example.org',
    });
    expect(errorOf(refused).code).toBe('new_patients_not_accepted');
    expect(await search('Stranger')).toEqual([]);
  });
});
