import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLink } from '../src/platform/links.js';
import { offerFreedTime } from '../src/modules/scheduling/waitlist.js';
import { addClinic, apiToken, errorOf, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';

let clinic: TestClinic;
let api: Client;

interface Slot { startsAt: string; localTime: string; providerId: string }
interface OutboxItem { id: string; purpose: string; patientId: string | null; recipient: string; body: string; channel: string }
interface Entry { id: string; patientId: string; status: string; appointmentId: string | null; offers: { id: string; status: string; appointmentId: string | null }[] }

const ZONE = 'America/New_York';
const dayAhead = (days: number) => DateTime.now().setZone(ZONE).plus({ days }).toISODate()!;

beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'admin'));
  await api.request('POST', '/api/channels/endpoints', { channel: 'sms', address: '+1 617 555 0100', name: 'Front desk line' });
});
afterAll(async () => { await clinic?.close(); });

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let phoneCounter = 0;
async function patient(givenName: string, options: { language?: string; email?: boolean } = {}) {
  phoneCounter += 1;
  const contact = options.email
    ? { kind: 'email', value: `${givenName.toLowerCase()}@example.com` }
    : { kind: 'phone', value: `+1 617 555 ${String(2000 + phoneCounter)}` };
  const created = await api.request('POST', '/api/patients', {
    givenName, familyName: 'Waiting', dateOfBirth: `19${String(50 + phoneCounter).padStart(2, '0')}-03-04`, language: options.language ?? 'en',
    preferredChannel: options.email ? 'email' : 'sms', contactPoints: [contact], allowDuplicate: true,
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ id: string }>().id;
}

async function firstFree(schedule: ClinicSchedule, day: string, localTime: string) {
  const items = (await api.request('GET', `/api/scheduling/slots?serviceId=${schedule.serviceId}&from=${day}&to=${day}`)).json<{ items: Slot[] }>().items;
  const slot = items.find((s) => s.localTime === localTime);
  if (!slot) throw new Error(`no free time at ${localTime} on ${day}`);
  return slot;
}

async function book(schedule: ClinicSchedule, patientId: string, startsAt: string) {
  const booked = await api.request('POST', '/api/scheduling/appointments', { patientId, serviceId: schedule.serviceId, providerId: schedule.providerIds[0], locationId: schedule.locationId, startsAt });
  expect(booked.statusCode, booked.body).toBe(201);
  return booked.json<{ id: string }>().id;
}

const cancel = (appointmentId: string) => api.request('POST', `/api/scheduling/appointments/${appointmentId}/cancel`, { reason: 'patient_request' });

async function wait(schedule: ClinicSchedule, patientId: string, extra: Record<string, unknown> = {}) {
  const added = await api.request('POST', '/api/scheduling/waitlist', { patientId, serviceId: schedule.serviceId, earliest: dayAhead(1), latest: dayAhead(30), ...extra });
  expect(added.statusCode, added.body).toBe(201);
  return added.json<Entry>().id;
}

const outbox = async (purpose: string) =>
  (await api.request('GET', '/api/channels/outbox?limit=100')).json<{ items: OutboxItem[] }>().items.filter((item) => item.purpose === purpose);
const offersTo = async (patientIds: string[], count: number) => until(`${count} waitlist offers`, async () => {
  const rows = (await outbox('waitlist_offer')).filter((row) => patientIds.includes(row.patientId!));
  return rows.length >= count && rows;
});
const tokenIn = (body: string) => /\/w\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(body)?.[1] ?? '';
const answer = (token: string, what: 'accept' | 'decline') => clinic.careloop.app.inject({ method: 'POST', url: `/api/public/waitlist-offers/${token}/${what}` });
const view = (token: string) => clinic.careloop.app.inject({ method: 'GET', url: `/api/public/waitlist-offers/${token}` });

describe('a cancelled time goes to the waitlist', () => {
  it('is offered to the first three waiting patients by priority then first come; the first to accept books it and the others are told it is gone', async () => {
    const schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { zone: ZONE });
    const day = dayAhead(10);
    const rosa = await patient('Rosa');
    const [ana, ben, carla, dan] = [await patient('Ana', { language: 'es' }), await patient('Ben'), await patient('Carla', { email: true }), await patient('Dan')];
    await wait(schedule, ana);
    await wait(schedule, ben, { priority: 5 });
    await wait(schedule, carla);
    await wait(schedule, dan);
    await wait(schedule, await patient('Eli'), { earliest: dayAhead(20), latest: dayAhead(25), priority: 9 });
    const slot = await firstFree(schedule, day, '10:00');
    expect((await cancel(await book(schedule, rosa, slot.startsAt))).statusCode).toBe(200);

    const offers = await offersTo([ana, ben, carla, dan], 3);
    expect(offers.map((o) => o.patientId).sort()).toEqual([ana, ben, carla].sort());
    const offerTo = (id: string) => offers.find((o) => o.patientId === id)!;
    expect(offerTo(ana).body).toContain('se ha liberado una hora');
    expect(offerTo(ben).body).toContain('a time has opened for your Follow-up visit');
    expect(offerTo(carla).channel).toBe('email');
    expect(offerTo(ben).body).toContain(`${clinic.careloop.platform.config.publicUrl}/w/`);

    const seen = await view(tokenIn(offerTo(ben).body));
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ status: 'open', serviceName: 'Follow-up visit', locationName: 'Main Street', timeZone: ZONE, startsAt: slot.startsAt });
    expect(seen.json<{ label: string }>().label).toMatch(/10:00 AM E[SD]T$/);

    const taken = await answer(tokenIn(offerTo(ben).body), 'accept');
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json()).toMatchObject({ status: 'accepted' });
    const again = await answer(tokenIn(offerTo(ben).body), 'accept');
    expect(again.json(), 'a double click changes nothing').toMatchObject({ status: 'accepted' });

    const late = await answer(tokenIn(offerTo(ana).body), 'accept');
    expect(late.statusCode).toBe(410);
    expect(errorOf(late)).toMatchObject({ code: 'offer_gone', message: expect.stringContaining('someone else took this time') });
    const told = await until('the others told', async () => {
      const rows = await outbox('waitlist_gone');
      return rows.filter((r) => [ana, carla].includes(r.patientId!)).length === 2 && rows;
    });
    expect(told.find((r) => r.patientId === ana)!.body).toContain('Sigue en la lista de espera');
    expect(told.some((r) => r.patientId === ben || r.patientId === dan)).toBe(false);

    const calendar = (await api.request('GET', `/api/scheduling/appointments?patientId=${ben}`)).json<{ items: { startsAt: string; source: string; status: string }[] }>().items;
    expect(calendar).toEqual([expect.objectContaining({ startsAt: slot.startsAt, source: 'waitlist', status: 'booked' })]);
    const booked = (await api.request('GET', '/api/scheduling/waitlist?status=booked')).json<{ items: Entry[] }>().items;
    expect(booked.find((e) => e.patientId === ben)).toMatchObject({ appointmentId: expect.any(String), offers: [expect.objectContaining({ status: 'accepted' })] });
    const waiting = (await api.request('GET', `/api/scheduling/waitlist?serviceId=${schedule.serviceId}`)).json<{ items: Entry[] }>().items;
    expect(waiting.map((e) => e.patientId)).toContain(ana);
    expect(waiting.find((e) => e.patientId === ana)!.offers.map((o) => o.status)).toEqual(['gone']);
  });

  it('two patients accepting at the same moment: exactly one gets the appointment', async () => {
    const schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { zone: ZONE });
    const [first, second] = [await patient('Fay'), await patient('Gus')];
    await wait(schedule, first);
    await wait(schedule, second);
    const slot = await firstFree(schedule, dayAhead(11), '14:00');
    await cancel(await book(schedule, await patient('Hal'), slot.startsAt));
    const offers = await offersTo([first, second], 2);

    const answers = await Promise.all(offers.map((offer) => answer(tokenIn(offer.body), 'accept')));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, answers.find((a) => a.statusCode !== 200)!.statusCode]);
    const loser = answers.find((a) => a.statusCode !== 200)!;
    expect([409, 410]).toContain(loser.statusCode);
    expect(errorOf(loser).message).toContain('someone else took this time');
    const live = (await api.request('GET', `/api/scheduling/appointments?providerId=${schedule.providerIds[0]}&status=booked`)).json<{ items: { startsAt: string; source: string }[] }>().items;
    expect(live.filter((a) => a.startsAt === slot.startsAt)).toEqual([expect.objectContaining({ source: 'waitlist' })]);
  });
});

describe('offer links that cannot book', () => {
  let schedule: ClinicSchedule;
  let offers: OutboxItem[];
  let ids: string[] = [];
  const entries: string[] = [];
  const offerOf = (index: number) => offers.find((o) => o.patientId === ids[index])!;
  beforeAll(async () => {
    schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { zone: ZONE });
    ids = [await patient('Ida'), await patient('Jon'), await patient('Lia')];
    for (const id of ids) entries.push(await wait(schedule, id));
    const slot = await firstFree(schedule, dayAhead(12), '09:30');
    await cancel(await book(schedule, await patient('Kim'), slot.startsAt));
    offers = await offersTo(ids, 3);
  });

  it('a patient staff took off the list cannot take the offer (410 offer_withdrawn)', async () => {
    expect((await api.request('DELETE', `/api/scheduling/waitlist/${entries[2]}`)).statusCode).toBe(200);
    const accepted = await answer(tokenIn(offerOf(2).body), 'accept');
    expect(accepted.statusCode).toBe(410);
    expect(errorOf(accepted).code).toBe('offer_withdrawn');
  });

  it('a declined offer cannot be accepted afterwards (410 offer_declined); declining twice changes nothing', async () => {
    const token = tokenIn(offerOf(0).body);
    expect((await answer(token, 'decline')).json()).toMatchObject({ status: 'declined' });
    expect((await answer(token, 'decline')).statusCode).toBe(200);
    const accepted = await answer(token, 'accept');
    expect(accepted.statusCode).toBe(410);
    expect(errorOf(accepted).code).toBe('offer_declined');
  });

  it('an offer past its time is refused with 410 offer_expired', async () => {
    const token = tokenIn(offerOf(1).body);
    const offerId = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')).s as string;
    await clinic.careloop.platform.db.updateTable('waitlist_offers').set({ expires_at: new Date(Date.now() - 60_000) }).where('id', '=', offerId).execute();
    const accepted = await answer(token, 'accept');
    expect(accepted.statusCode).toBe(410);
    expect(errorOf(accepted).code).toBe('offer_expired');
    expect((await view(token)).json()).toMatchObject({ status: 'expired' });
  });

  it('a forged token, a token for another purpose and an expired link are refused in the error shape', async () => {
    const [body, signature] = tokenIn(offerOf(0).body).split('.');
    const forged = await answer(`${body}.${signature!.slice(0, -2)}xx`, 'accept');
    expect(forged.statusCode).toBe(403);
    expect(errorOf(forged).code).toBe('link_invalid');
    const secret = clinic.careloop.platform.config.secretKey;
    const offerId = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')).s as string;
    const otherPurpose = signLink(secret, { purpose: 'appointment', organizationId: clinic.organizationId, subject: offerId, expiresAt: new Date(Date.now() + 3_600_000) });
    expect(errorOf(await answer(otherPurpose, 'accept')).code).toBe('link_invalid');
    const expired = signLink(secret, { purpose: 'waitlist_offer', organizationId: clinic.organizationId, subject: offerId, expiresAt: new Date(Date.now() - 3_600_000) });
    const old = await view(expired);
    expect(old.statusCode).toBe(410);
    expect(errorOf(old).code).toBe('link_expired');
    expect((await answer('not-a-token', 'decline')).statusCode).toBe(403);
  });
});

describe('what is not offered', () => {
  it('a freed time someone already re-booked is not offered; once it is freed again, it is', async () => {
    const schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { zone: ZONE });
    const slot = await firstFree(schedule, dayAhead(13), '11:00');
    await cancel(await book(schedule, await patient('Lou'), slot.startsAt));
    const rebooked = await book(schedule, await patient('Max'), slot.startsAt);
    const ned = await patient('Ned');
    await wait(schedule, ned);
    // The job, run late (a retry after a crash), re-reads the calendar and offers nothing.
    const freed = { organizationId: clinic.organizationId, serviceId: schedule.serviceId, providerId: slot.providerId, locationId: schedule.locationId, startsAt: slot.startsAt };
    expect(await offerFreedTime(clinic.careloop.platform, freed)).toBe(0);
    expect((await outbox('waitlist_offer')).filter((r) => r.patientId === ned)).toEqual([]);
    await cancel(rebooked);
    expect(await offersTo([ned], 1)).toHaveLength(1);
  });

  it('a time staff book while it is offered closes the offers, and the patients are told they stay on the waitlist', async () => {
    const schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { zone: ZONE });
    const waiting = await patient('Pat');
    await wait(schedule, waiting);
    const slot = await firstFree(schedule, dayAhead(14), '15:00');
    await cancel(await book(schedule, await patient('Sam'), slot.startsAt));
    const [offer] = await offersTo([waiting], 1);
    await book(schedule, await patient('Tia'), slot.startsAt);
    const told = await until('the waiting patient told', async () => (await outbox('waitlist_gone')).find((r) => r.patientId === waiting));
    expect(told.body).toContain('You stay on the waitlist');
    expect(errorOf(await answer(tokenIn(offer!.body), 'accept')).code).toBe('offer_gone');
  });

  it('a time too close to its start is not offered (nobody could get there)', async () => {
    const schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { zone: ZONE });
    await wait(schedule, await patient('Oma'), { earliest: dayAhead(0) });
    const soon = new Date(Date.now() + 30 * 60_000);
    soon.setUTCSeconds(0, 0);
    expect(await offerFreedTime(clinic.careloop.platform, {
      organizationId: clinic.organizationId, serviceId: schedule.serviceId, providerId: schedule.providerIds[0]!, locationId: schedule.locationId, startsAt: soon.toISOString(),
    })).toBe(0);
  });
});

describe('staff keep the waitlist', () => {
  let schedule: ClinicSchedule;
  beforeAll(async () => { schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { zone: ZONE }); });

  it('refuses another clinic\'s patient with 404', async () => {
    const harbor = await addClinic(clinic.careloop, 'harbor');
    const harborApi = tokenClient(clinic.careloop, await apiToken(clinic.careloop, harbor.organizationId, 'admin'));
    const stranger = (await harborApi.request('POST', '/api/patients', { givenName: 'Pia', familyName: 'Elsewhere', dateOfBirth: '1990-01-01' })).json<{ id: string }>().id;
    const added = await api.request('POST', '/api/scheduling/waitlist', { patientId: stranger, serviceId: schedule.serviceId, earliest: dayAhead(1), latest: dayAhead(5) });
    expect(added.statusCode).toBe(404);
    expect(errorOf(added).code).toBe('not_found');
    const theirs = await harborApi.request('POST', '/api/scheduling/waitlist', { patientId: stranger, serviceId: schedule.serviceId, earliest: dayAhead(1), latest: dayAhead(5) });
    expect(theirs.statusCode, 'our service is not theirs').toBe(404);
  });

  it('refuses bad dates with 400: latest before earliest, a date not on the calendar, an unknown field', async () => {
    const patientId = await patient('Quinn');
    const base = { patientId, serviceId: schedule.serviceId, earliest: dayAhead(5), latest: dayAhead(2) };
    const backwards = await api.request('POST', '/api/scheduling/waitlist', base);
    expect(backwards.statusCode).toBe(400);
    expect(errorOf(backwards).details).toEqual({ fields: [{ field: 'latest', message: 'must not be before earliest' }] });
    expect((await api.request('POST', '/api/scheduling/waitlist', { ...base, earliest: '2031-02-30', latest: '2031-03-01' })).statusCode).toBe(400);
    expect((await api.request('POST', '/api/scheduling/waitlist', { ...base, latest: dayAhead(9), urgent: true })).statusCode).toBe(400);
  });

  it('takes a patient off the list; a viewer may read the list but not change it', async () => {
    const id = await wait(schedule, await patient('Ray'));
    const viewer = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'viewer'));
    expect((await viewer.request('GET', '/api/scheduling/waitlist')).statusCode).toBe(200);
    expect((await viewer.request('DELETE', `/api/scheduling/waitlist/${id}`)).statusCode).toBe(403);
    expect((await api.request('DELETE', `/api/scheduling/waitlist/${id}`)).json()).toMatchObject({ status: 'removed' });
    const waiting = (await api.request('GET', `/api/scheduling/waitlist?serviceId=${schedule.serviceId}`)).json<{ items: Entry[] }>().items;
    expect(waiting.map((e) => e.id)).not.toContain(id);
    expect((await api.request('DELETE', '/api/scheduling/waitlist/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
