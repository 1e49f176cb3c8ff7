import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, errorOf, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';

let clinic: TestClinic;
let api: Client;
let schedule: ClinicSchedule;
let patientId: string;

interface Slot { startsAt: string; label: string; providerId: string; localTime: string }

beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'admin'));
  schedule = await seedSchedule(clinic.careloop, clinic.organizationId);
  patientId = (await api.request('POST', '/api/patients', { givenName: 'Rosa', familyName: 'Diaz', dateOfBirth: '1980-02-03' })).json<{ id: string }>().id;
});
afterAll(async () => { await clinic?.close(); });

const slots = async (query: string) => (await api.request('GET', `/api/scheduling/slots?serviceId=${schedule.serviceId}&${query}`)).json<{ items: Slot[] }>().items;

describe('booking', () => {
  it('books a free time, which then is no longer offered; a second booking of it gets 409 with the next free times', async () => {
    const free = await slots('from=2027-02-01&to=2027-02-01');
    expect(free.map((s) => s.localTime).slice(0, 3)).toEqual(['09:00', '09:30', '10:00']);
    const body = { patientId, serviceId: schedule.serviceId, providerId: schedule.providerIds[0], locationId: schedule.locationId, startsAt: free[0]!.startsAt };
    const booked = await api.request('POST', '/api/scheduling/appointments', body);
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({ status: 'booked', patientName: 'Rosa Diaz', label: 'Mon, Feb 1, 9:00 AM EST' });
    expect((await slots('from=2027-02-01&to=2027-02-01'))[0]!.localTime).toBe('09:30');
    const again = await api.request('POST', '/api/scheduling/appointments', body);
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('slot_taken');
    expect((errorOf(again).details as { nextFreeTimes: Slot[] }).nextFreeTimes[0]!.localTime).toBe('09:30');
  });
});
