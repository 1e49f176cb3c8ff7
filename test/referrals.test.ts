import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceOverdueReferrals } from '../src/modules/care/referral-jobs.js';
import type { ReferralDetail, ReferralList } from '../src/modules/care/referral-schemas.js';
import type { DomainEvent } from '../src/platform/events.js';
import { addClinic, apiToken, errorOf, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';

let clinic: TestClinic;
let api: Client;
let schedule: ClinicSchedule;
let patientId: string;
let cardiology: string;
const events: DomainEvent[] = [];
const DAY = 86_400_000;

async function register(body: Record<string, unknown>): Promise<string> {
  const response = await api.request('POST', '/api/patients', body);
  if (response.statusCode !== 201) throw new Error(`register failed: ${response.body}`);
  return response.json<{ id: string }>().id;
}

async function refer(body: Record<string, unknown>, client = api): Promise<ReferralDetail> {
  const response = await client.request('POST', '/api/referrals', { patientId, kind: 'specialty', urgency: 'routine', destination: 'Cardiology', reason: 'Chest pain on exertion', ...body });
  if (response.statusCode !== 201) throw new Error(`referral not created: ${response.body}`);
  return response.json<ReferralDetail>();
}

const move = (id: string, body: Record<string, unknown>) => api.request('PATCH', `/api/referrals/${id}`, body);
const read = async (id: string) => (await api.request('GET', `/api/referrals/${id}`)).json<ReferralDetail>();
const list = async (query: string) => (await api.request('GET', `/api/referrals${query}`)).json<ReferralList>();
const eventsOf = (type: string, referralId: string) => events.filter((e) => e.type === type && e.data.referralId === referralId);
const timeline = async (id: string) => (await api.request('GET', `/api/patients/${id}/timeline?limit=100`)).json<{ items: { type: string; summary: string }[] }>().items;

/** The first free time of the seeded service on a day a year ahead (the schedule is open every day). */
async function freeTime(day: string) {
  const slots = (await api.request('GET', `/api/scheduling/slots?serviceId=${schedule.serviceId}&from=${day}&to=${day}`)).json<{ items: { startsAt: string; providerId: string; locationId: string }[] }>().items;
  return slots[0]!;
}
const book = async (id: string, day: string) => {
  const slot = await freeTime(day);
  return api.request('POST', `/api/referrals/${id}/book`, { serviceId: schedule.serviceId, providerId: slot.providerId, locationId: slot.locationId, startsAt: slot.startsAt });
};

beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'admin'));
  clinic.careloop.platform.events.subscribe('*', (event) => { if (event.type.startsWith('referral.')) events.push(event); });
  schedule = await seedSchedule(clinic.careloop, clinic.organizationId);
  patientId = await register({ givenName: 'Amara', familyName: 'Nwosu', dateOfBirth: '1961-02-03' });
  cardiology = (await api.request('POST', '/api/departments', { name: 'Family medicine' })).json<{ id: string }>().id;
});
afterAll(async () => { await clinic?.close(); });

describe('sending a referral', () => {
  it("opens the loop, due by its urgency, and puts it on the patient's timeline", async () => {
    const before = Date.now();
    const referral = await refer({ urgency: 'urgent', departmentId: cardiology, notes: 'ECG attached' });
    expect(referral).toMatchObject({
      status: 'sent', kind: 'specialty', urgency: 'urgent', destination: 'Cardiology', patient: { id: patientId, name: 'Amara Nwosu' },
      departmentId: cardiology, departmentName: 'Family medicine', overdue: false, appointment: null, referredBy: 'API token "test admin"',
      history: [{ fromStatus: null, toStatus: 'sent' }],
    });
    expect(Math.abs(Date.parse(referral.dueAt) - (before + 14 * DAY))).toBeLessThan(60_000);
    expect((await refer({ urgency: 'emergency' })).dueAt < new Date(before + DAY + 60_000).toISOString()).toBe(true);
    expect(eventsOf('referral.sent', referral.id)[0]).toMatchObject({
      patientId, organizationId: clinic.organizationId,
      data: { referralId: referral.id, kind: 'specialty', urgency: 'urgent', departmentId: cardiology, providerId: null, locationId: null, appointmentId: null, dueAt: referral.dueAt },
    });
    expect(await timeline(patientId)).toContainEqual(expect.objectContaining({ type: 'referral.sent', summary: 'Urgent referral to Cardiology sent' }));
  });

  it('refuses bad input with the field named: unknown fields, unknown values, empty text, a due time in the past or years away', async () => {
    const base = { patientId, kind: 'test', urgency: 'routine', destination: 'HbA1c', reason: 'Diabetes control' };
    const refused = async (body: Record<string, unknown>) => {
      const response = await api.request('POST', '/api/referrals', body);
      expect(response.statusCode).toBe(400);
      return errorOf(response).message;
    };
    expect(await refused({ ...base, priority: 'high' })).toMatch(/priority/);
    expect(await refused({ ...base, urgency: 'asap' })).toMatch(/urgency/);
    expect(await refused({ ...base, kind: 'lab' })).toMatch(/kind/);
    expect(await refused({ ...base, reason: '   ' })).toMatch(/reason/);
    expect(await refused({ ...base, destination: 'x'.repeat(201) })).toMatch(/destination/);
    expect(await refused({ ...base, dueAt: new Date(Date.now() - DAY).toISOString() })).toMatch(/dueAt: must be in the future/);
    expect(await refused({ ...base, dueAt: '2099-01-01T00:00:00Z' })).toMatch(/dueAt: must be within two years/);
    expect(await refused({ ...base, patientId: 'not-a-uuid' })).toMatch(/patientId/);
    expect((await api.request('GET', '/api/referrals?limit=500')).statusCode).toBe(400);
    expect((await api.request('GET', '/api/referrals?status=lost')).statusCode).toBe(400);
    expect((await api.request('GET', '/api/referrals?color=red')).statusCode).toBe(400);
  });

  it("refuses a referral for a merged record, naming the record to use, and follows merges", async () => {
    const keep = await register({ givenName: 'Tunde', familyName: 'Bakare', dateOfBirth: '1975-05-05' });
    const dupe = await register({ givenName: 'Tunde', familyName: 'Bakare', dateOfBirth: '1975-05-05', allowDuplicate: true });
    const before = await refer({ patientId: dupe });
    expect((await api.request('POST', `/api/patients/${keep}/merge`, { duplicateId: dupe })).statusCode).toBe(200);
    const response = await api.request('POST', '/api/referrals', { patientId: dupe, kind: 'test', urgency: 'routine', destination: 'X-ray', reason: 'Knee' });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response)).toMatchObject({ code: 'patient_merged', details: { replacedBy: keep } });
    expect((await read(before.id)).patientId).toBe(keep);
    expect((await list(`?patientId=${keep}`)).items.map((r) => r.id)).toEqual([before.id]);
  });

  it("treats another clinic's patient, department and referral as not found", async () => {
    const other = await addClinic(clinic.careloop, 'harbor');
    const otherApi = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId, 'admin'));
    const theirPatient = (await otherApi.request('POST', '/api/patients', { givenName: 'Lina', familyName: 'Haddad', dateOfBirth: '1980-01-01' })).json<{ id: string }>().id;
    const theirs = await refer({ patientId: theirPatient }, otherApi);
    const ours = await refer({});
    expect((await api.request('GET', `/api/referrals/${theirs.id}`)).statusCode).toBe(404);
    expect((await api.request('PATCH', `/api/referrals/${theirs.id}`, { status: 'cancelled', reason: 'x' })).statusCode).toBe(404);
    expect((await api.request('POST', `/api/referrals/${theirs.id}/book`, { serviceId: schedule.serviceId, providerId: schedule.providerIds[0], locationId: schedule.locationId, startsAt: '2027-03-01T14:00:00Z' })).statusCode).toBe(404);
    expect((await api.request('POST', '/api/referrals', { patientId: theirPatient, kind: 'test', urgency: 'routine', destination: 'X', reason: 'Y' })).statusCode).toBe(404);
    const theirDepartment = (await otherApi.request('POST', '/api/departments', { name: 'Theirs' })).json<{ id: string }>().id;
    expect((await api.request('POST', '/api/referrals', { patientId, kind: 'test', urgency: 'routine', destination: 'X', reason: 'Y', departmentId: theirDepartment })).statusCode).toBe(404);
    expect((await otherApi.request('GET', '/api/referrals')).json<ReferralList>().items.map((r) => r.id)).toEqual([theirs.id]);
    expect((await read(ours.id)).status).toBe('sent');
  });
});

describe('moving a referral', () => {
  it('goes sent -> scheduled (elsewhere) -> completed -> result received, each step in its history and an event', async () => {
    const referral = await refer({ kind: 'external', destination: "Dr. Lee, St. Mary's" });
    const visitAt = new Date(Date.now() + 10 * DAY).toISOString();
    expect(errorOf(await move(referral.id, { status: 'scheduled' })).message).toMatch(/appointmentAt: is required/);
    const scheduled = (await move(referral.id, { status: 'scheduled', appointmentAt: visitAt })).json<ReferralDetail>();
    expect(scheduled).toMatchObject({ status: 'scheduled', appointmentAt: visitAt, appointmentId: null });
    expect((await move(referral.id, { status: 'completed', note: 'Seen' })).json<ReferralDetail>().status).toBe('completed');
    expect(errorOf(await move(referral.id, { status: 'result_received' })).message).toMatch(/resultSummary: is required/);
    const closed = (await move(referral.id, { status: 'result_received', resultSummary: 'Stable angina; start statin' })).json<ReferralDetail>();
    expect(closed).toMatchObject({ status: 'result_received', resultSummary: 'Stable angina; start statin' });
    expect(closed.history.map((h) => h.toStatus)).toEqual(['sent', 'scheduled', 'completed', 'result_received']);
    expect(['referral.scheduled', 'referral.completed', 'referral.result_received'].map((type) => eventsOf(type, referral.id).length)).toEqual([1, 1, 1]);
    expect(eventsOf('referral.result_received', referral.id)[0]!.data.summary).toBe("Result received for external referral to Dr. Lee, St. Mary's");
  });

  it('refuses illegal moves with 409 and fields that belong to another move with 400', async () => {
    const referral = await refer({});
    const skip = await move(referral.id, { status: 'completed' });
    expect(skip.statusCode).toBe(409);
    expect(errorOf(skip)).toMatchObject({ code: 'invalid_transition', details: { status: 'sent', requested: 'completed', allowedFrom: ['scheduled'] } });
    expect((await move(referral.id, { status: 'result_received', resultSummary: 'x' })).statusCode).toBe(409);
    expect((await move(referral.id, { status: 'sent' })).statusCode).toBe(400);
    expect(errorOf(await move(referral.id, { status: 'declined' })).message).toMatch(/reason: is required/);
    expect(errorOf(await move(referral.id, { status: 'completed', reason: 'x' })).message).toMatch(/reason: is given only/);
    expect((await move(referral.id, { status: 'cancelled', reason: 'x', urgency: 'urgent' })).statusCode).toBe(400);
    expect((await move(referral.id, { status: 'declined', reason: 'No capacity this quarter' })).json<ReferralDetail>()).toMatchObject({ status: 'declined', closeReason: 'No capacity this quarter' });
    const again = await move(referral.id, { status: 'cancelled', reason: 'Not needed' });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('referral_closed');
    expect((await book(referral.id, '2027-03-02')).statusCode).toBe(409);
    expect(eventsOf('referral.declined', referral.id)[0]!.data).toMatchObject({ reason: 'No capacity this quarter' });
  });
});

describe('booking through the schedule', () => {
  it('books the visit, links both ways, goes back to sent when the visit is cancelled, and completes with the visit', async () => {
    const referral = await refer({ departmentId: cardiology });
    const booked = await book(referral.id, '2027-03-03');
    expect(booked.statusCode).toBe(200);
    const scheduled = booked.json<ReferralDetail>();
    expect(scheduled).toMatchObject({ status: 'scheduled', providerId: schedule.providerIds[0], locationId: schedule.locationId, appointment: { serviceName: 'Follow-up visit', status: 'booked' } });
    const visit = (await api.request('GET', `/api/scheduling/appointments/${scheduled.appointmentId}`)).json<{ notes: string; patientId: string }>();
    expect(visit).toMatchObject({ patientId, notes: expect.stringContaining(referral.id) });
    expect(errorOf(await book(referral.id, '2027-03-04')).code).toBe('referral_not_bookable');

    await api.request('POST', `/api/scheduling/appointments/${scheduled.appointmentId}/cancel`, { reason: 'patient_request' });
    const reverted = await read(referral.id);
    expect(reverted).toMatchObject({ status: 'sent', appointmentId: null, appointment: null, providerId: null });
    expect(reverted.history.at(-1)).toMatchObject({ fromStatus: 'scheduled', toStatus: 'sent', note: 'Visit cancelled (the patient asked): book again' });
    expect(eventsOf('referral.unscheduled', referral.id)).toHaveLength(1);

    const rebooked = (await book(referral.id, '2027-03-05')).json<ReferralDetail>();
    await api.request('POST', `/api/scheduling/appointments/${rebooked.appointmentId}/status`, { status: 'arrived' });
    await api.request('POST', `/api/scheduling/appointments/${rebooked.appointmentId}/status`, { status: 'completed' });
    expect((await read(referral.id)).status).toBe('completed');
    expect(eventsOf('referral.completed', referral.id)[0]!.data).toMatchObject({
      referralId: referral.id, departmentId: cardiology, providerId: schedule.providerIds[0], locationId: schedule.locationId, appointmentId: rebooked.appointmentId,
    });
  });

  it('a visit marked a no-show goes back to sent, and still completes the referral when the patient turns up late and is seen', async () => {
    const referral = await refer({});
    const visitId = (await book(referral.id, '2027-03-07')).json<ReferralDetail>().appointmentId!;
    await api.request('POST', `/api/scheduling/appointments/${visitId}/status`, { status: 'no_show' });
    const missed = await read(referral.id);
    expect(missed).toMatchObject({ status: 'sent', appointment: { id: visitId, status: 'no_show' } });
    expect(missed.history.at(-1)).toMatchObject({ fromStatus: 'scheduled', toStatus: 'sent', note: 'Patient missed the visit: book again' });
    // The schedule lets a no-show who arrives late be seen after all: the referral follows the visit.
    await api.request('POST', `/api/scheduling/appointments/${visitId}/status`, { status: 'arrived' });
    await api.request('POST', `/api/scheduling/appointments/${visitId}/status`, { status: 'completed' });
    const seen = await read(referral.id);
    expect(seen).toMatchObject({ status: 'completed', appointmentId: visitId, providerId: schedule.providerIds[0], locationId: schedule.locationId });
    expect(seen.history.at(-1)).toMatchObject({ fromStatus: 'sent', toStatus: 'completed' });
    expect(eventsOf('referral.completed', referral.id)[0]!.data).toMatchObject({ appointmentId: visitId, providerId: schedule.providerIds[0], previousStatus: 'sent' });
    // Booked again after the no-show instead: only the new visit counts.
    const other = await refer({});
    const missedVisit = (await book(other.id, '2027-03-08')).json<ReferralDetail>().appointmentId!;
    await api.request('POST', `/api/scheduling/appointments/${missedVisit}/status`, { status: 'no_show' });
    const rebooked = (await book(other.id, '2027-03-09')).json<ReferralDetail>();
    expect(rebooked).toMatchObject({ status: 'scheduled', appointment: { status: 'booked' } });
    expect(rebooked.appointmentId).not.toBe(missedVisit);
  });

  it('refuses a time the schedule refuses, and cancelling the referral cancels its visit', async () => {
    const referral = await refer({});
    const taken = await freeTime('2027-03-06');
    const first = (await book(referral.id, '2027-03-06')).json<ReferralDetail>();
    const other = await refer({});
    const clash = await api.request('POST', `/api/referrals/${other.id}/book`, { serviceId: schedule.serviceId, providerId: taken.providerId, locationId: taken.locationId, startsAt: taken.startsAt });
    expect(clash.statusCode).toBe(409);
    expect(errorOf(clash).code).toBe('slot_taken');
    expect((await read(other.id)).status).toBe('sent');
    await move(referral.id, { status: 'cancelled', reason: 'Symptoms resolved' });
    const visit = (await api.request('GET', `/api/scheduling/appointments/${first.appointmentId}`)).json<{ status: string; cancelNote: string }>();
    expect(visit).toMatchObject({ status: 'cancelled', cancelNote: 'Referral cancelled: Symptoms resolved' });
    expect((await read(referral.id)).status).toBe('cancelled');
  });
});

describe('the overdue worklist', () => {
  it('lists overdue referrals first, filters them, and announces each one once', async () => {
    const patient = await register({ givenName: 'Olu', familyName: 'Ade', dateOfBirth: '1950-07-07' });
    const late = await refer({ patientId: patient, urgency: 'emergency' });
    const onTime = await refer({ patientId: patient, urgency: 'routine' });
    // The clock: this emergency referral was sent two days ago.
    await sql`update referrals set sent_at = now() - interval '2 days', due_at = now() - interval '1 day' where id = ${late.id}`.execute(clinic.careloop.platform.db);
    const all = await list(`?patientId=${patient}&status=open`);
    expect(all).toMatchObject({ total: 2, overdue: 1 });
    expect(all.items.map((r) => [r.id, r.overdue])).toEqual([[late.id, true], [onTime.id, false]]);
    expect((await list(`?patientId=${patient}&overdue=true`)).items.map((r) => r.id)).toEqual([late.id]);
    expect((await list(`?patientId=${patient}&urgency=routine`)).items.map((r) => r.id)).toEqual([onTime.id]);
    expect((await list(`?patientId=${patient}&limit=1&offset=1`)).items.map((r) => r.id)).toEqual([onTime.id]);

    expect(await announceOverdueReferrals(clinic.careloop.platform)).toBeGreaterThanOrEqual(1);
    expect(await announceOverdueReferrals(clinic.careloop.platform)).toBe(0);
    expect(eventsOf('referral.overdue', late.id)).toHaveLength(1);
    expect(eventsOf('referral.overdue', onTime.id)).toHaveLength(0);
    // The timeline says when it was due on the clinic's clock, not in UTC.
    const { due_at: dueAt, time_zone: zone } = (await sql<{ due_at: Date; time_zone: string }>`
      select r.due_at, o.time_zone from referrals r join organizations o using (organization_id) where r.id = ${late.id}`.execute(clinic.careloop.platform.db)).rows[0]!;
    const entry = (await timeline(patient)).find((item) => item.type === 'referral.overdue');
    expect(entry?.summary).toContain(`due ${DateTime.fromJSDate(dueAt, { zone }).toFormat('yyyy-MM-dd HH:mm ZZZZ')})`);
  });
});

describe('the referral closure KPIs', () => {
  it('counts referrals sent in the period, closed with a result, and the days to close', async () => {
    const summary = async () => (await api.request('GET', '/api/reports/summary')).json<{ kpis: { kpi: string; value: number | null; n: number; detail?: Record<string, number> }[] }>().kpis;
    const kpi = async (name: string) => (await summary()).find((k) => k.kpi === name)!;
    const before = await kpi('referral_closure');
    const referral = await refer({ kind: 'test', destination: 'Echocardiogram' });
    await move(referral.id, { status: 'scheduled', appointmentAt: new Date(Date.now() + DAY).toISOString() });
    await move(referral.id, { status: 'result_received', resultSummary: 'Normal' });
    const after = await kpi('referral_closure');
    expect(after.n).toBe(before.n + 1);
    expect(after.detail?.closed).toBe((before.detail?.closed ?? 0) + 1);
    const days = await kpi('referral_days_to_close');
    expect(days.n).toBeGreaterThanOrEqual(2);
    const rows = (await api.request('GET', '/api/reports/rows?kpi=referral_closure&limit=100')).json<{ rows: { destination: string; status: string }[] }>().rows;
    expect(rows).toContainEqual(expect.objectContaining({ destination: 'Echocardiogram', status: 'result_received' }));
  });
});
