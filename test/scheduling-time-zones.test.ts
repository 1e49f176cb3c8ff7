import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';

let clinic: TestClinic;
let api: Client;
let newYork: ClinicSchedule;
let berlin: ClinicSchedule;

interface Slot { startsAt: string; label: string; localDate: string; localTime: string; timeZone: string }

// Every day: a night period across the hour the clocks change, and a morning hour.
const periods = [1, 2, 3, 4, 5, 6, 7].flatMap((d): [number, string, string][] => [[d, '01:00', '04:00'], [d, '09:00', '10:00']]);

beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'admin'));
  newYork = await seedSchedule(clinic.careloop, clinic.organizationId, { zone: 'America/New_York', periods });
  berlin = await seedSchedule(clinic.careloop, clinic.organizationId, { zone: 'Europe/Berlin', periods });
});
afterAll(async () => { await clinic?.close(); });

const slotsOn = async (schedule: ClinicSchedule, day: string) => {
  const response = await api.request('GET', `/api/scheduling/slots?serviceId=${schedule.serviceId}&from=${day}&to=${day}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Slot[] }>().items;
};

// The engine is checked on 2026's change days in src/modules/scheduling/slots.test.ts; through the API,
// where only future times are offered, on 2027's.
describe('slots on the days the clocks change', () => {
  it('New York, 2027-03-14 (spring forward): 2:00-3:00 does not exist, so the night period holds two real hours', async () => {
    const slots = await slotsOn(newYork, '2027-03-14');
    expect(slots.map((s) => s.startsAt)).toEqual([
      '2027-03-14T06:00:00.000Z', '2027-03-14T06:30:00.000Z', '2027-03-14T07:00:00.000Z', '2027-03-14T07:30:00.000Z',
      '2027-03-14T13:00:00.000Z', '2027-03-14T13:30:00.000Z',
    ]);
    expect(slots.map((s) => s.localTime)).toEqual(['01:00', '01:30', '03:00', '03:30', '09:00', '09:30']);
    expect(slots[0]!.label).toBe('Sun, Mar 14, 1:00 AM EST');
    expect(slots[2]!.label).toBe('Sun, Mar 14, 3:00 AM EDT');
    // The day before, 9:00 was still 14:00 UTC.
    expect((await slotsOn(newYork, '2027-03-13')).at(-2)!.startsAt).toBe('2027-03-13T14:00:00.000Z');
  });

  it('New York, 2027-11-07 (fall back): 1:00-2:00 happens twice, so the night period holds four real hours', async () => {
    const slots = await slotsOn(newYork, '2027-11-07');
    const night = slots.filter((s) => s.localTime < '05:00');
    expect(night).toHaveLength(8);
    expect(night[0]!.startsAt).toBe('2027-11-07T05:00:00.000Z');
    expect(night.at(-1)!.startsAt).toBe('2027-11-07T08:30:00.000Z');
    expect(night.map((s) => s.label.slice(-11))).toEqual(['1:00 AM EDT', '1:30 AM EDT', '1:00 AM EST', '1:30 AM EST', '2:00 AM EST', '2:30 AM EST', '3:00 AM EST', '3:30 AM EST']);
    expect(slots.find((s) => s.localTime === '09:00')!.startsAt).toBe('2027-11-07T14:00:00.000Z');
  });

  it('Berlin, 2027-03-28 (spring forward at 2:00): the slots skip the missing hour, labelled GMT+1 then GMT+2', async () => {
    const slots = await slotsOn(berlin, '2027-03-28');
    expect(slots.map((s) => s.startsAt)).toEqual([
      '2027-03-28T00:00:00.000Z', '2027-03-28T00:30:00.000Z', '2027-03-28T01:00:00.000Z', '2027-03-28T01:30:00.000Z',
      '2027-03-28T07:00:00.000Z', '2027-03-28T07:30:00.000Z',
    ]);
    expect(slots.every((s) => s.timeZone === 'Europe/Berlin')).toBe(true);
    // English has no abbreviation for Berlin's zone: the label carries the offset instead.
    expect(slots.map((s) => s.label.replace('Sun, Mar 28, ', ''))).toEqual(['1:00 AM GMT+1', '1:30 AM GMT+1', '3:00 AM GMT+2', '3:30 AM GMT+2', '9:00 AM GMT+2', '9:30 AM GMT+2']);
  });

  it('a booking on the spring-forward day lands at the instant the slot said, shown in the clinic\'s zone', async () => {
    const slot = (await slotsOn(newYork, '2027-03-14'))[2]!;
    const patientId = (await api.request('POST', '/api/patients', { givenName: 'Early', familyName: 'Riser', dateOfBirth: '1970-01-01' })).json<{ id: string }>().id;
    const booked = await api.request('POST', '/api/scheduling/appointments', {
      patientId, serviceId: newYork.serviceId, providerId: newYork.providerIds[0], locationId: newYork.locationId,
      // The same instant written with another offset (a caller in Tokyo) is the same slot.
      startsAt: '2027-03-14T16:00:00+09:00',
    });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({ startsAt: slot.startsAt, endsAt: '2027-03-14T07:30:00.000Z', label: 'Sun, Mar 14, 3:00 AM EDT', timeZone: 'America/New_York' });
  });
});
