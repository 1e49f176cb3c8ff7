import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Location, Provider, ScheduleException, Service, Week } from '../src/modules/scheduling/setup-schemas.js';
import type { DomainEvent } from '../src/platform/events.js';
import { addClinic, addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

let clinic: TestClinic;
let api: Client;
let main: Location;
let north: Location;
let drKim: Provider;
let drOsei: Provider;
const events: DomainEvent[] = [];

async function created<T>(url: string, body: unknown, client = api): Promise<T> {
  const response = await client.request('POST', url, body);
  if (response.statusCode !== 201) throw new Error(`${url} not created: ${response.body}`);
  return response.json<T>();
}
const get = async <T>(url: string, client = api) => (await client.request('GET', url)).json<T>();
const fieldsOf = (response: { json<T>(): T }) => (response.json<{ error: { details: { fields: { field: string }[] } } }>()).error.details.fields.map((f) => f.field);
const mondayMorning = (locationId: string) => ({ locationId, weekday: 1, starts: '08:30', ends: '12:00' });

beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'admin'));
  clinic.careloop.platform.events.subscribe('schedule.changed', (event) => { events.push(event); });
  main = await created('/api/scheduling/locations', { name: 'Main Street', timeZone: 'America/New_York', address: '1 Main St', phone: '+1 212 555 0100' });
  north = await created('/api/scheduling/locations', { name: 'North', timeZone: 'America/Chicago' });
  drKim = await created('/api/scheduling/providers', { name: 'Dr. Hana Kim', title: 'MD' });
  drOsei = await created('/api/scheduling/providers', { name: 'Kwame Osei', title: 'NP' });
});
afterAll(async () => { await clinic?.close(); });

describe('locations and providers', () => {
  it('adds, lists, edits and archives a location; archived ones are listed only when asked', async () => {
    expect(main).toMatchObject({ name: 'Main Street', timeZone: 'America/New_York', address: '1 Main St', archived: false });
    const annex = await created<Location>('/api/scheduling/locations', { name: '  Annex ', timeZone: 'Europe/Lisbon' });
    expect(annex).toMatchObject({ name: 'Annex', address: null, phone: null });
    const edited = await api.request('PATCH', `/api/scheduling/locations/${annex.id}`, { name: 'Annex East', timeZone: 'America/New_York', archived: true });
    expect(edited.json()).toMatchObject({ name: 'Annex East', timeZone: 'America/New_York', archived: true });
    expect((await get<{ items: Location[] }>('/api/scheduling/locations')).items.map((l) => l.name)).toEqual(['Main Street', 'North']);
    expect((await get<{ items: Location[] }>('/api/scheduling/locations?includeArchived=true')).items.map((l) => l.name)).toContain('Annex East');
    expect(events).toContainEqual(expect.objectContaining({ type: 'schedule.changed', organizationId: clinic.organizationId, data: { change: 'location', locationId: annex.id } }));
  });

  it('refuses an unknown time zone "Mars/Olympus" on create and on edit', async () => {
    const create = await api.request('POST', '/api/scheduling/locations', { name: 'Olympus', timeZone: 'Mars/Olympus' });
    expect([create.statusCode, fieldsOf(create)]).toEqual([400, ['timeZone']]);
    const edit = await api.request('PATCH', `/api/scheduling/locations/${main.id}`, { timeZone: 'Mars/Olympus' });
    expect(edit.statusCode).toBe(400);
  });

  it('links a provider to a staff account and a department, once per account', async () => {
    const email = await addStaff(clinic.careloop, clinic.organizationId, 'clinician');
    const userId = (await get<{ id: string; email: string }[]>('/api/users')).find((u) => u.email === email)!.id;
    const departmentId = (await created<{ id: string }>('/api/departments', { name: 'Pediatrics' })).id;
    const provider = await created<Provider>('/api/scheduling/providers', { name: 'Dr. Lena Park', userId, departmentId });
    expect(provider).toMatchObject({ userId, departmentId, title: null, archived: false });
    const twice = await api.request('POST', '/api/scheduling/providers', { name: 'Lena again', userId });
    expect([twice.statusCode, errorOf(twice).code]).toEqual([409, 'provider_user_taken']);
    const archived = await api.request('PATCH', `/api/scheduling/providers/${provider.id}`, { title: 'MD, FAAP', archived: true });
    expect(archived.json()).toMatchObject({ title: 'MD, FAAP', archived: true });
    expect((await get<{ items: Provider[] }>('/api/scheduling/providers')).items.map((p) => p.name)).toEqual(['Dr. Hana Kim', 'Kwame Osei']);
  });

  it("refuses another clinic's staff account as a provider (404) and an unknown provider id (404)", async () => {
    const stranger = await api.request('POST', '/api/scheduling/providers', { name: 'X', userId: '00000000-0000-4000-8000-000000000000' });
    expect(stranger.statusCode).toBe(404);
    const edit = await api.request('PATCH', '/api/scheduling/providers/00000000-0000-4000-8000-000000000000', { name: 'Nobody' });
    expect(edit.statusCode).toBe(404);
  });
});

describe('services', () => {
  it('adds a visit type with buffers, booking rules, reminders and who offers it where', async () => {
    const service = await created<Service>('/api/scheduling/services', {
      name: 'New patient visit', durationMinutes: 40, bufferBeforeMinutes: 5, bufferAfterMinutes: 5, newPatientsOnline: true,
      maxPerDay: 4, reminderOffsetsMinutes: [120, 10080, 2880],
      offerings: [{ providerId: drKim.id, locationId: main.id }, { providerId: drOsei.id, locationId: north.id }],
    });
    expect(service).toMatchObject({
      durationMinutes: 40, bufferBeforeMinutes: 5, bufferAfterMinutes: 5, slotStepMinutes: 15, onlineBooking: true,
      maxDaysAhead: 90, minNoticeMinutes: 120, maxPerDay: 4, reminderOffsetsMinutes: [10080, 2880, 120], archived: false,
    });
    expect(service.offerings).toHaveLength(2);
    expect(await get(`/api/scheduling/services/${service.id}`)).toEqual(service);

    const edited = await api.request('PATCH', `/api/scheduling/services/${service.id}`, {
      durationMinutes: 30, maxPerDay: null, offerings: [{ providerId: drOsei.id, locationId: main.id }],
    });
    expect(edited.json()).toMatchObject({ durationMinutes: 30, maxPerDay: null, bufferBeforeMinutes: 5, offerings: [{ providerId: drOsei.id, locationId: main.id }] });
    expect((await get<{ items: Service[] }>('/api/scheduling/services')).items.map((s) => s.id)).toContain(service.id);
  });

  it('archives a service: gone from the list and the overview, kept with includeArchived', async () => {
    const service = await created<Service>('/api/scheduling/services', { name: 'Travel clinic', durationMinutes: 20 });
    expect((await api.request('PATCH', `/api/scheduling/services/${service.id}`, { archived: true })).json()).toMatchObject({ archived: true });
    expect((await get<{ items: Service[] }>('/api/scheduling/services')).items.map((s) => s.id)).not.toContain(service.id);
    expect((await get<{ items: Service[] }>('/api/scheduling/services?includeArchived=true')).items.map((s) => s.id)).toContain(service.id);
    expect((await get<{ services: Service[] }>('/api/scheduling/overview')).services.map((s) => s.id)).not.toContain(service.id);
  });

  it('refuses repeated reminder offsets, more than five, and a zero duration', async () => {
    for (const body of [
      { name: 'A', durationMinutes: 20, reminderOffsetsMinutes: [120, 120] },
      { name: 'A', durationMinutes: 20, reminderOffsetsMinutes: [1, 2, 3, 4, 5, 6] },
      { name: 'A', durationMinutes: 0 },
    ]) expect((await api.request('POST', '/api/scheduling/services', body)).statusCode).toBe(400);
  });

  it("refuses another clinic's provider in an offering with 404, and an archived location with 400", async () => {
    const harbor = await addClinic(clinic.careloop, 'harbor');
    const harborApi = tokenClient(clinic.careloop, await apiToken(clinic.careloop, harbor.organizationId, 'admin'));
    const theirs = await created<Provider>('/api/scheduling/providers', { name: 'Dr. Elsewhere' }, harborApi);
    const foreign = await api.request('POST', '/api/scheduling/services', { name: 'X', durationMinutes: 20, offerings: [{ providerId: theirs.id, locationId: main.id }] });
    expect([foreign.statusCode, errorOf(foreign).code]).toEqual([404, 'not_found']);
    expect((await harborApi.request('GET', `/api/scheduling/providers/${drKim.id}/hours`)).statusCode).toBe(404);
    const closed = await created<Location>('/api/scheduling/locations', { name: 'Closed site', timeZone: 'America/New_York' });
    await api.request('PATCH', `/api/scheduling/locations/${closed.id}`, { archived: true });
    const archived = await api.request('POST', '/api/scheduling/services', { name: 'X', durationMinutes: 20, offerings: [{ providerId: drKim.id, locationId: closed.id }] });
    expect([archived.statusCode, fieldsOf(archived)]).toEqual([400, ['offerings.0.locationId']]);
  });

  it('refuses unknown fields with 400, naming them', async () => {
    const response = await api.request('POST', '/api/scheduling/services', { name: 'X', durationMinutes: 20, colour: 'blue' });
    expect([response.statusCode, fieldsOf(response)]).toEqual([400, ['body.colour']]);
    expect((await api.request('PUT', `/api/scheduling/providers/${drKim.id}/hours`, { periods: [{ ...mondayMorning(main.id), room: 3 }] })).statusCode).toBe(400);
  });
});

describe('weekly hours', () => {
  it('replaces the whole week, several periods a day', async () => {
    const periods = [1, 2, 3, 4, 5].flatMap((weekday) => [
      { locationId: main.id, weekday, starts: '13:00', ends: '17:00' },
      { locationId: main.id, weekday, starts: '08:30', ends: '12:00' },
    ]);
    const week = (await api.request('PUT', `/api/scheduling/providers/${drKim.id}/hours`, { periods })).json<Week>();
    expect(week.periods).toHaveLength(10);
    expect(week.periods.slice(0, 2)).toEqual([mondayMorning(main.id), { locationId: main.id, weekday: 1, starts: '13:00', ends: '17:00' }]);
    const saturday = { locationId: north.id, weekday: 6, starts: '09:00', ends: '12:00' };
    await api.request('PUT', `/api/scheduling/providers/${drKim.id}/hours`, { periods: [saturday] });
    expect(await get(`/api/scheduling/providers/${drKim.id}/hours`)).toEqual({ providerId: drKim.id, periods: [saturday] });
    expect(events).toContainEqual(expect.objectContaining({ data: { change: 'hours', providerId: drKim.id } }));
  });

  it('refuses "25:00", weekday 8, a period that ends before it starts, and overlapping periods, naming the field', async () => {
    const put = (periods: unknown[]) => api.request('PUT', `/api/scheduling/providers/${drOsei.id}/hours`, { periods });
    const late = await put([{ ...mondayMorning(main.id), ends: '25:00' }]);
    expect([late.statusCode, fieldsOf(late)]).toEqual([400, ['body.periods.0.ends']]);
    const weekday8 = await put([{ ...mondayMorning(main.id), weekday: 8 }]);
    expect([weekday8.statusCode, fieldsOf(weekday8)]).toEqual([400, ['body.periods.0.weekday']]);
    const backwards = await put([{ ...mondayMorning(main.id), starts: '12:00', ends: '08:30' }]);
    expect([backwards.statusCode, fieldsOf(backwards)]).toEqual([400, ['periods.0.ends']]);
    const overlapping = await put([mondayMorning(main.id), { locationId: north.id, weekday: 1, starts: '11:30', ends: '13:00' }]);
    expect([overlapping.statusCode, fieldsOf(overlapping)]).toEqual([400, ['periods.1.starts']]);
    expect(errorOf(overlapping).message).toContain('overlaps 08:30-12:00');
    const touching = await put([mondayMorning(main.id), { locationId: north.id, weekday: 1, starts: '12:00', ends: '13:00' }]);
    expect(touching.statusCode).toBe(200);
  });
});

describe('exceptions', () => {
  it('records time off and extra hours, lists what affects a provider, and removes one', async () => {
    const timeOff = await created<ScheduleException>('/api/scheduling/exceptions', {
      kind: 'time_off', providerId: drOsei.id, startsAt: '2026-07-06T09:00:00-04:00', endsAt: '2026-07-10T17:00:00-04:00', reason: 'Vacation',
    });
    expect(timeOff).toMatchObject({ providerId: drOsei.id, locationId: null, startsAt: '2026-07-06T13:00:00.000Z', endsAt: '2026-07-10T21:00:00.000Z', reason: 'Vacation' });
    const extra = await created<ScheduleException>('/api/scheduling/exceptions', {
      kind: 'extra_hours', providerId: drKim.id, locationId: main.id, startsAt: '2026-07-11T13:00:00Z', endsAt: '2026-07-11T17:00:00Z',
    });
    const holiday = await created<ScheduleException>('/api/scheduling/exceptions', { kind: 'holiday', date: '2026-07-03' });
    expect(holiday).toMatchObject({ startsAt: '2026-07-03T04:00:00.000Z', endsAt: '2026-07-04T04:00:00.000Z' });

    const ids = async (query: string) => (await get<{ items: ScheduleException[] }>(`/api/scheduling/exceptions?${query}`)).items.map((e) => e.id);
    const july = 'from=2026-07-01T00:00:00Z&to=2026-08-01T00:00:00Z';
    expect(await ids(july)).toEqual([holiday.id, timeOff.id, extra.id]);
    expect(await ids(`${july}&providerId=${drOsei.id}`)).toEqual([holiday.id, timeOff.id]);
    expect(await ids('from=2026-07-01T00:00:00Z&to=2026-07-06T12:00:00Z')).toEqual([holiday.id]);
    expect((await api.request('DELETE', `/api/scheduling/exceptions/${timeOff.id}`)).statusCode).toBe(204);
    expect((await api.request('DELETE', `/api/scheduling/exceptions/${timeOff.id}`)).statusCode).toBe(404);
    expect(await ids(july)).toEqual([holiday.id, extra.id]);
  });

  it('stores a holiday given as 2026-03-08 in New York (a 23-hour day) as local midnight to midnight', async () => {
    const holiday = await created<ScheduleException>('/api/scheduling/exceptions', { kind: 'holiday', date: '2026-03-08', locationId: main.id });
    expect(holiday).toMatchObject({ locationId: main.id, startsAt: '2026-03-08T05:00:00.000Z', endsAt: '2026-03-09T04:00:00.000Z' });
  });

  it('refuses ends before starts, extra hours without a location, and a date with times, naming the field', async () => {
    const post = (body: unknown) => api.request('POST', '/api/scheduling/exceptions', body);
    const backwards = await post({ kind: 'time_off', providerId: drKim.id, startsAt: '2026-07-06T17:00:00Z', endsAt: '2026-07-06T09:00:00Z' });
    expect([backwards.statusCode, fieldsOf(backwards)]).toEqual([400, ['endsAt']]);
    const nowhere = await post({ kind: 'extra_hours', providerId: drKim.id, startsAt: '2026-07-06T09:00:00Z', endsAt: '2026-07-06T17:00:00Z' });
    expect([nowhere.statusCode, fieldsOf(nowhere)]).toEqual([400, ['locationId']]);
    const both = await post({ kind: 'holiday', date: '2026-12-25', startsAt: '2026-12-25T00:00:00Z', endsAt: '2026-12-26T00:00:00Z' });
    expect([both.statusCode, fieldsOf(both)]).toEqual([400, ['date']]);
    const noOffset = await post({ kind: 'holiday', startsAt: '2026-12-25T00:00:00', endsAt: '2026-12-26T00:00:00Z' });
    expect(noOffset.statusCode).toBe(400);
  });
});

describe('who may do what', () => {
  it('gives a booking screen live locations, providers and services with live offerings in one call', async () => {
    const overview = await get<{ locations: Location[]; providers: Provider[]; services: Service[] }>('/api/scheduling/overview');
    expect(overview.locations.map((l) => l.name)).toEqual(['Main Street', 'North']);
    expect(overview.providers.map((p) => p.name)).toEqual(['Dr. Hana Kim', 'Kwame Osei']);
    expect(overview.services.find((s) => s.name === 'New patient visit')?.offerings).toEqual([{ providerId: drOsei.id, locationId: main.id }]);
  });

  it('refuses changes from a non-admin agent (403) and lets a viewer read', async () => {
    const agent = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'agent'));
    const refused = await agent.request('POST', '/api/scheduling/locations', { name: 'Mine', timeZone: 'America/New_York' });
    expect([refused.statusCode, errorOf(refused).code]).toEqual([403, 'forbidden']);
    expect((await agent.request('PUT', `/api/scheduling/providers/${drKim.id}/hours`, { periods: [] })).statusCode).toBe(403);
    const viewer = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'viewer'));
    for (const url of ['/api/scheduling/overview', '/api/scheduling/locations', '/api/scheduling/services', `/api/scheduling/providers/${drKim.id}/hours`, '/api/scheduling/exceptions']) {
      expect((await viewer.request('GET', url)).statusCode, url).toBe(200);
    }
    expect((await viewer.request('DELETE', '/api/scheduling/exceptions/00000000-0000-4000-8000-000000000000')).statusCode).toBe(403);
  });
});
