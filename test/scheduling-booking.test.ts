import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../src/platform/events.js';
import { addClinic, addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';

let clinic: TestClinic;
let api: Client;
let schedule: ClinicSchedule;
let patientId: string;
const events: DomainEvent[] = [];

interface Slot { startsAt: string; label: string; providerId: string; localTime: string }
interface Appointment { id: string; status: string; startsAt: string; overbooked: boolean; overrideReason: string | null; cancelReason: string | null; label: string; providerId: string }

async function register(givenName: string, familyName: string, dateOfBirth = '1980-02-03') {
  const response = await api.request('POST', '/api/patients', { givenName, familyName, dateOfBirth });
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json<{ id: string }>().id;
}

beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'admin'));
  clinic.careloop.platform.events.subscribe('*', (event) => { if (event.type.startsWith('appointment.') || event.type === 'visit.completed') events.push(event); });
  schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { providers: 2 });
  patientId = await register('Rosa', 'Diaz');
});
afterAll(async () => { await clinic?.close(); });

const slots = async (query: string) => (await api.request('GET', `/api/scheduling/slots?serviceId=${schedule.serviceId}&${query}`)).json<{ items: Slot[] }>().items;
const booking = (startsAt: string, extra: Record<string, unknown> = {}) => ({
  patientId, serviceId: schedule.serviceId, providerId: schedule.providerIds[0], locationId: schedule.locationId, startsAt, ...extra,
});
const book = (body: Record<string, unknown>, client = api) => client.request('POST', '/api/scheduling/appointments', body);
async function booked(body: Record<string, unknown>): Promise<Appointment> {
  const response = await book(body);
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json<Appointment>();
}

describe('booking', () => {
  it('books a free time, which then is no longer offered; a second booking of it gets 409 with the next free times', async () => {
    const free = await slots(`from=2027-02-01&to=2027-02-01&providerId=${schedule.providerIds[0]}`);
    expect(free.map((s) => s.localTime).slice(0, 3)).toEqual(['09:00', '09:30', '10:00']);
    const appointment = await booked(booking(free[0]!.startsAt));
    expect(appointment).toMatchObject({ status: 'booked', label: 'Mon, Feb 1, 9:00 AM EST', overbooked: false });
    expect((await slots(`from=2027-02-01&to=2027-02-01&providerId=${schedule.providerIds[0]}`))[0]!.localTime).toBe('09:30');
    const again = await book(booking(free[0]!.startsAt));
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('slot_taken');
    expect((errorOf(again).details as { nextFreeTimes: Slot[] }).nextFreeTimes[0]!.localTime).toBe('09:30');
    expect(events.find((e) => e.type === 'appointment.booked' && e.data.appointmentId === appointment.id)).toMatchObject({ patientId, data: { source: 'api' } });
  });

  it('50 simultaneous requests for one time: exactly one wins, the 49 others get 409 slot_taken with the next free times', async () => {
    const startsAt = '2027-02-02T15:00:00.000Z';
    const patients = await Promise.all(Array.from({ length: 50 }, (_, i) => register('Racer', `Number${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`, '1990-05-05')));
    const responses = await Promise.all(patients.map((id) => book({ ...booking(startsAt), patientId: id })));
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    for (const loser of responses.filter((r) => r.statusCode === 409)) {
      expect(errorOf(loser).code).toBe('slot_taken');
      expect((errorOf(loser).details as { nextFreeTimes: Slot[] }).nextFreeTimes.length).toBeGreaterThan(0);
    }
    const day = await api.request('GET', `/api/scheduling/appointments?from=2027-02-02T00:00:00Z&to=2027-02-03T00:00:00Z&providerId=${schedule.providerIds[0]}`);
    expect(day.json<{ items: Appointment[] }>().items.filter((a) => a.startsAt === startsAt)).toHaveLength(1);
  });

  it('the database itself refuses a second live visit at an overlapping time, whatever the application checked', async () => {
    const db = clinic.careloop.platform.db;
    const row = { organization_id: clinic.organizationId, patient_id: patientId, provider_id: schedule.providerIds[1]!, location_id: schedule.locationId, service_id: schedule.serviceId, source: 'staff' as const, booked_by: 'test' };
    const at = (iso: string) => new Date(iso);
    await db.insertInto('appointments').values({ ...row, starts_at: at('2027-03-01T15:00Z'), ends_at: at('2027-03-01T15:30Z'), blocked_from: at('2027-03-01T15:00Z'), blocked_until: at('2027-03-01T15:30Z') }).execute();
    await expect(db.insertInto('appointments').values({ ...row, starts_at: at('2027-03-01T15:15Z'), ends_at: at('2027-03-01T15:45Z'), blocked_from: at('2027-03-01T15:15Z'), blocked_until: at('2027-03-01T15:45Z') }).execute())
      .rejects.toMatchObject({ code: '23P01' });
    // Back to back is not an overlap; a cancelled visit holds no time.
    await db.insertInto('appointments').values({ ...row, starts_at: at('2027-03-01T15:30Z'), ends_at: at('2027-03-01T16:00Z'), blocked_from: at('2027-03-01T15:30Z'), blocked_until: at('2027-03-01T16:00Z') }).execute();
  });

  it('an override books outside hours or over another visit (marked overbooked) and is audited with its reason', async () => {
    const taken = (await booked(booking('2027-02-03T14:00:00.000Z'))).startsAt;
    const over = await book(booking(taken, { override: { reason: 'Urgent: fever, squeezed in' } }));
    expect(over.statusCode, over.body).toBe(201);
    expect(over.json()).toMatchObject({ overbooked: true, overrideReason: 'Urgent: fever, squeezed in' });
    const evening = await book(booking('2027-02-03T23:00:00.000Z'));
    expect(errorOf(evening).code).toBe('outside_hours');
    const late = await booked(booking('2027-02-03T23:00:00.000Z', { override: { reason: 'Provider stays late for this patient' } }));
    expect(late).toMatchObject({ overbooked: false, overrideReason: 'Provider stays late for this patient' });
    // Outside hours and over the late visit: both rules set aside, so it is an overbooking.
    const both = await booked(booking('2027-02-03T23:15:00.000Z', { override: { reason: 'Second urgent patient after hours' } }));
    expect(both).toMatchObject({ overbooked: true });
    const log = await api.request('GET', `/api/patients/${patientId}/access-log?limit=100`);
    const actions = log.json<{ items: { action: string; entity: string }[] }>().items;
    expect(actions).toContainEqual(expect.objectContaining({ action: 'overbook', entity: 'appointment' }));
    expect(actions).toContainEqual(expect.objectContaining({ action: 'override', entity: 'appointment' }));
    // The reason is in the (hash-chained) entry itself.
    const entry = await clinic.careloop.platform.db.selectFrom('audit_log').select('details').where('action', '=', 'overbook').executeTakeFirstOrThrow();
    expect(entry.details).toMatchObject({ reason: 'Urgent: fever, squeezed in', startsAt: taken });
  });

  it('moves a visit to a free time (the old time is free again and announced), refuses a taken one, cancels with a reason', async () => {
    const appointment = await booked(booking('2027-02-04T14:00:00.000Z'));
    const blocker = await booked({ ...booking('2027-02-04T15:00:00.000Z'), patientId: await register('Block', 'Er') });
    const refused = await api.request('POST', `/api/scheduling/appointments/${appointment.id}/move`, { startsAt: blocker.startsAt });
    expect(errorOf(refused).code).toBe('slot_taken');
    const moved = await api.request('POST', `/api/scheduling/appointments/${appointment.id}/move`, { startsAt: '2027-02-04T16:00:00.000Z' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ startsAt: '2027-02-04T16:00:00.000Z', status: 'booked' });
    expect(events.find((e) => e.type === 'appointment.moved' && e.data.appointmentId === appointment.id)?.data.freed).toMatchObject({ startsAt: '2027-02-04T14:00:00.000Z' });
    expect((await slots(`from=2027-02-04&to=2027-02-04&providerId=${schedule.providerIds[0]}`)).map((s) => s.startsAt)).toContain('2027-02-04T14:00:00.000Z');

    const cancelled = await api.request('POST', `/api/scheduling/appointments/${appointment.id}/cancel`, { reason: 'weather', note: 'Snowstorm' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'weather' });
    expect((await api.request('POST', `/api/scheduling/appointments/${appointment.id}/cancel`, { reason: 'weather' })).statusCode).toBe(409);
    expect((await api.request('POST', `/api/scheduling/appointments/${appointment.id}/move`, { startsAt: '2027-02-04T16:00:00.000Z' })).statusCode).toBe(409);
    // Its time can be booked again.
    expect((await book(booking('2027-02-04T16:00:00.000Z'))).statusCode).toBe(201);
  });

  it('walks a visit through confirmed, arrived, in room and completed; visit.completed carries the wait', async () => {
    const appointment = await booked(booking('2027-02-05T14:00:00.000Z'));
    const step = (status: string) => api.request('POST', `/api/scheduling/appointments/${appointment.id}/status`, { status });
    expect((await step('in_room')).statusCode).toBe(409);
    for (const status of ['confirmed', 'confirmed', 'arrived', 'in_room', 'completed']) expect((await step(status)).json<Appointment>().status).toBe(status);
    expect(events.filter((e) => e.data.appointmentId === appointment.id).map((e) => e.type)).toEqual(['appointment.booked', 'appointment.confirmed', 'appointment.arrived', 'appointment.in_room', 'visit.completed']);
    expect(typeof events.find((e) => e.type === 'visit.completed' && e.data.appointmentId === appointment.id)!.data.waitedSeconds).toBe('number');
    expect(errorOf(await step('no_show')).code).toBe('invalid_transition');
  });
});

describe('bad input', () => {
  it('refuses unknown fields, impossible times, seconds, wrong ids and another clinic\'s records', async () => {
    expect((await book({ ...booking('2027-02-08T14:00:00Z'), color: 'red' })).statusCode).toBe(400);
    expect((await book(booking('2027-02-30T14:00:00Z'))).statusCode).toBe(400);
    expect((await book(booking('tomorrow at nine'))).statusCode).toBe(400);
    expect(errorOf(await book(booking('2027-02-08T14:00:30Z'))).message).toContain('whole minute');
    expect((await book(booking('2027-02-08T14:00:00Z', { patientId: 'not-a-uuid' }))).statusCode).toBe(400);
    expect((await book(booking('2027-02-08T14:00:00Z', { override: { reason: '  ' } }))).statusCode).toBe(400);
    expect((await book(booking('2027-02-08T14:00:00Z', { serviceId: '00000000-0000-4000-8000-000000000000' }))).statusCode).toBe(404);
    const other = await addClinic(clinic.careloop, 'elsewhere');
    const otherApi = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId, 'admin'));
    expect((await book(booking('2027-02-08T14:00:00Z'), otherApi)).statusCode).toBe(404);
    expect((await otherApi.request('GET', `/api/scheduling/slots?serviceId=${schedule.serviceId}&from=2027-02-08`)).statusCode).toBe(404);
    expect((await api.request('GET', `/api/scheduling/slots?serviceId=${schedule.serviceId}&from=2027-02-08&to=2027-06-08`)).statusCode).toBe(400);
    expect((await api.request('GET', `/api/scheduling/slots?serviceId=${schedule.serviceId}&from=2027-02-08&to=2027-02-01`)).statusCode).toBe(400);
    const count = await clinic.careloop.platform.db.selectFrom('appointments').select((eb) => eb.fn.countAll<number>().as('n')).where('starts_at', '=', new Date('2027-02-08T14:00:00Z')).executeTakeFirstOrThrow();
    expect(count.n).toBe(0);
  });

  it('refuses a booking for a merged record, naming the record to use', async () => {
    const survivor = await register('Bill', 'Turner', '1960-01-01');
    const duplicate = (await api.request('POST', '/api/patients', { givenName: 'William', familyName: 'Turner', dateOfBirth: '1960-01-01', allowDuplicate: true })).json<{ id: string }>().id;
    expect((await api.request('POST', `/api/patients/${survivor}/merge`, { duplicateId: duplicate })).statusCode).toBe(200);
    const response = await book(booking('2027-02-09T14:00:00Z', { patientId: duplicate }));
    expect(errorOf(response)).toMatchObject({ code: 'patient_merged', details: { replacedBy: survivor } });
  });

  it('a viewer reads the calendar but cannot book', async () => {
    const viewer = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'viewer'));
    expect((await viewer.request('GET', '/api/scheduling/appointments?from=2027-02-01T00:00:00Z&to=2027-02-10T00:00:00Z')).statusCode).toBe(200);
    expect((await book(booking('2027-02-10T14:00:00Z'), viewer)).statusCode).toBe(403);
  });
});
