import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDepartment } from '../src/modules/identity/service.js';
import { receiveMessage } from '../src/modules/inbox/service.js';
import { checkSlaDeadlines } from '../src/modules/inbox/sla.js';
import type { DomainEvent } from '../src/platform/events.js';
import { systemActor } from '../src/platform/permissions.js';
import { addClinic, addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';

// Dates are years ahead, so the real once-a-minute SLA job never reaches them while these tests run.
let clinic: TestClinic;
let admin: Client;
let sid = 0;

const text = (from: string, body: string, at: string, departmentId?: string) => receiveMessage(clinic.careloop.platform, {
  organizationId: clinic.organizationId, channel: 'sms', endpoint: '+16175550100', fromAddress: from, threading: 'per-sender', body,
  externalId: `SLA${++sid}`, receivedAt: new Date(at), departmentId: departmentId ?? null,
});
interface Sla { firstResponseDueAt: string | null; nextResponseDueAt: string | null; resolutionDueAt: string | null; dueAt: string | null }
const slaOf = async (id: string) => (await admin.request('GET', `/api/inbox/conversations/${id}`)).json<{ sla: Sla }>().sla;
const fieldsOf = (response: Awaited<ReturnType<Client['request']>>) =>
  (errorOf(response).details as { fields: { field: string; message: string }[] }).fields.map((f) => f.field);

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Mon-Fri 08:00-12:00 and 13:00-17:00 (the clinic is in America/New_York). */
const weekdays = [1, 2, 3, 4, 5].flatMap((weekday) => [{ weekday, opens: '08:00', closes: '12:00' }, { weekday, opens: '13:00', closes: '17:00' }]);

beforeAll(async () => {
  clinic = await startClinic();
  admin = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  await admin.request('POST', '/api/channels/endpoints', { channel: 'sms', address: '+16175550100', name: 'Main line' });
  const hours = await admin.request('PUT', '/api/inbox/business-hours', { departmentId: null, periods: weekdays });
  expect(hours.statusCode).toBe(200);
});
afterAll(() => clinic.close());

describe('business hours and holidays', () => {
  it('keeps several periods a day, and a team without hours of its own inherits the clinic\'s', async () => {
    const clinicHours = (await admin.request('GET', '/api/inbox/business-hours')).json<{ timeZone: string; periods: unknown[]; inherited: boolean }>();
    expect(clinicHours).toMatchObject({ timeZone: 'America/New_York', inherited: false });
    expect(clinicHours.periods).toEqual(weekdays);
    const team = (await admin.request('POST', '/api/departments', { name: 'Radiology' })).json<{ id: string }>();
    const inherited = await admin.request('GET', `/api/inbox/business-hours?departmentId=${team.id}`);
    expect(inherited.json()).toMatchObject({ departmentId: team.id, inherited: true, periods: weekdays });
    const own = await admin.request('PUT', '/api/inbox/business-hours', { departmentId: team.id, periods: [{ weekday: 6, opens: '09:00', closes: '13:00' }] });
    expect(own.json()).toMatchObject({ inherited: false, periods: [{ weekday: 6, opens: '09:00', closes: '13:00' }] });
    const back = await admin.request('PUT', '/api/inbox/business-hours', { departmentId: team.id, periods: [] });
    expect(back.json()).toMatchObject({ inherited: true, periods: weekdays });
  });

  it('refuses overlapping periods, closing before opening, bad times and days, other clinics\' teams and viewers', async () => {
    const put = (periods: unknown, departmentId: string | null = null) => admin.request('PUT', '/api/inbox/business-hours', { departmentId, periods });
    const overlap = await put([{ weekday: 1, opens: '08:00', closes: '12:00' }, { weekday: 1, opens: '11:30', closes: '14:00' }]);
    expect(overlap.statusCode).toBe(400);
    expect(fieldsOf(overlap)).toEqual(['periods.1']);
    expect(errorOf(overlap).message).toMatch(/overlaps periods\.0 on Monday/);
    const backwards = await put([{ weekday: 2, opens: '17:00', closes: '08:00' }]);
    expect(fieldsOf(backwards)).toEqual(['periods.0.closes']);
    expect(fieldsOf(await put([{ weekday: 2, opens: '09:00', closes: '09:00' }]))).toEqual(['periods.0.closes']);
    expect((await put([{ weekday: 2, opens: '8:00', closes: '12:00' }])).statusCode).toBe(400);
    expect((await put([{ weekday: 2, opens: '08:00', closes: '25:00' }])).statusCode).toBe(400);
    expect((await put([{ weekday: 8, opens: '08:00', closes: '12:00' }])).statusCode).toBe(400);
    expect((await put([{ weekday: 0, opens: '08:00', closes: '12:00' }])).statusCode).toBe(400);

    const other = await addClinic(clinic.careloop, 'elsewhere');
    const theirs = await createDepartment(clinic.careloop.platform, systemActor(other.organizationId), { name: 'Their desk' });
    expect((await put(weekdays, theirs.id)).statusCode).toBe(404);
    expect((await admin.request('GET', `/api/inbox/business-hours?departmentId=${theirs.id}`)).statusCode).toBe(404);
    expect((await admin.request('POST', '/api/inbox/holidays', { departmentId: theirs.id, day: '2030-12-25', name: 'Christmas' })).statusCode).toBe(404);

    const viewer = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'viewer'));
    expect((await viewer.request('PUT', '/api/inbox/business-hours', { departmentId: null, periods: [] })).statusCode).toBe(403);
    expect((await viewer.request('GET', '/api/inbox/business-hours')).statusCode).toBe(200);
    // None of the refused changes touched the clinic's hours.
    expect((await admin.request('GET', '/api/inbox/business-hours')).json<{ periods: unknown[] }>().periods).toEqual(weekdays);
  });

  it('lists the clinic\'s holidays with a team\'s own, and refuses the same day twice', async () => {
    const first = await admin.request('POST', '/api/inbox/holidays', { day: '2030-01-01', name: 'New Year' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ day: '2030-01-01', name: 'New Year', departmentId: null });
    const team = (await admin.request('POST', '/api/departments', { name: 'Lab' })).json<{ id: string }>();
    expect((await admin.request('POST', '/api/inbox/holidays', { departmentId: team.id, day: '2030-01-01', name: 'Also closed' })).statusCode).toBe(201);
    await admin.request('POST', '/api/inbox/holidays', { departmentId: team.id, day: '2030-01-02', name: 'Lab inventory' });
    const days = async (query = '') => (await admin.request('GET', `/api/inbox/business-hours${query}`)).json<{ holidays: { day: string; departmentId: string | null }[] }>().holidays;
    expect(await days()).toEqual([expect.objectContaining({ day: '2030-01-01', departmentId: null })]);
    expect((await days(`?departmentId=${team.id}`)).map((h) => `${h.day} ${h.departmentId === null ? 'clinic' : 'team'}`).sort())
      .toEqual(['2030-01-01 clinic', '2030-01-01 team', '2030-01-02 team']);
    const again = await admin.request('POST', '/api/inbox/holidays', { departmentId: null, day: '2030-01-01', name: 'New Year again' });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('holiday_exists');
    expect((await admin.request('POST', '/api/inbox/holidays', { day: '2030-02-30', name: 'No such day' })).statusCode).toBe(400);
    expect((await admin.request('DELETE', `/api/inbox/holidays/${first.json<{ id: string }>().id}`)).statusCode).toBe(204);
    expect((await admin.request('DELETE', `/api/inbox/holidays/${first.json<{ id: string }>().id}`)).statusCode).toBe(404);
  });
});

describe('SLA due times', () => {
  it('counts business hours across a weekend, a holiday and the change to summer time', async () => {
    const policy = await admin.request('POST', '/api/inbox/sla-policies', {
      name: 'Standard', priority: 'normal', firstResponseMinutes: 60, nextResponseMinutes: 45, resolutionMinutes: 480, businessHours: true, warnBeforeMinutes: 15,
    });
    expect(policy.statusCode).toBe(201);
    const holiday = (await admin.request('POST', '/api/inbox/holidays', { day: '2030-03-11', name: 'Staff training day' })).json<{ id: string }>();

    // Friday 8 March 2030, 16:30 in New York (EST): 30 working minutes left that day; Saturday, Sunday
    // (clocks go forward) and Monday (holiday) closed; Tuesday opens at 08:00 EDT = 12:00 UTC.
    const { conversation } = await text('+16175550121', 'Can someone call me about my results?', '2030-03-08T21:30:00Z');
    expect(await slaOf(conversation.id)).toMatchObject({
      firstResponseDueAt: '2030-03-12T12:30:00.000Z', // Tue 08:30 EDT
      nextResponseDueAt: null,
      resolutionDueAt: '2030-03-12T20:30:00.000Z', // 30 min Fri + 4 h Tue morning + 3 h 30 Tue afternoon: Tue 16:30 EDT
    });

    // Without the holiday, Monday counts: the running conversation's due times move (recomputed in the background).
    expect((await admin.request('DELETE', `/api/inbox/holidays/${holiday.id}`)).statusCode).toBe(204);
    await until(() => slaOf(conversation.id), (sla) => sla.firstResponseDueAt === '2030-03-11T12:30:00.000Z', 'due times without the holiday');

    // A calendar-time policy for high priority: 60 minutes are 60 minutes, even on a Friday evening.
    await admin.request('POST', '/api/inbox/sla-policies', { name: 'High', priority: 'high', firstResponseMinutes: 60, businessHours: false });
    await admin.request('PATCH', `/api/inbox/conversations/${conversation.id}`, { priority: 'high' });
    expect(await slaOf(conversation.id)).toMatchObject({ firstResponseDueAt: '2030-03-08T22:30:00.000Z', resolutionDueAt: null });

    // A team's own policy wins over the clinic's for that priority.
    const team = (await admin.request('POST', '/api/departments', { name: 'Nursing' })).json<{ id: string }>();
    await admin.request('POST', '/api/inbox/sla-policies', { name: 'Nursing high', departmentId: team.id, priority: 'high', firstResponseMinutes: 15, businessHours: false });
    await admin.request('PATCH', `/api/inbox/conversations/${conversation.id}`, { departmentId: team.id });
    expect((await slaOf(conversation.id)).firstResponseDueAt).toBe('2030-03-08T21:45:00.000Z');

    // Resolved: no clock runs.
    await admin.request('PATCH', `/api/inbox/conversations/${conversation.id}`, { status: 'resolved' });
    expect(await slaOf(conversation.id)).toMatchObject({ firstResponseDueAt: null, nextResponseDueAt: null, resolutionDueAt: null, dueAt: null });
  });

  it('raises "breach soon" and "breached" once per target; a human answer stops the first-response clock and the next message starts the next-response one', async () => {
    const seen: DomainEvent[] = [];
    const unsubscribe = ['sla.breach_soon', 'sla.breached'].map((type) => clinic.careloop.platform.events.subscribe(type, (event) => { seen.push(event); }));
    try {
      // Wednesday 13 March 2030, 10:00 EDT: first response due 11:00 EDT (15:00 UTC), warned from 10:45.
      const { conversation } = await text('+16175550122', 'Is the clinic open on Friday?', '2030-03-13T14:00:00Z');
      const mine = () => seen.filter((event) => (event.data as { conversationId: string }).conversationId === conversation.id)
        .map((event) => `${event.type}:${(event.data as { target: string }).target}`);
      expect((await slaOf(conversation.id)).firstResponseDueAt).toBe('2030-03-13T15:00:00.000Z');

      await checkSlaDeadlines(clinic.careloop.platform, new Date('2030-03-13T14:40:00Z'));
      expect(mine()).toEqual([]);
      await checkSlaDeadlines(clinic.careloop.platform, new Date('2030-03-13T14:50:00Z'));
      await checkSlaDeadlines(clinic.careloop.platform, new Date('2030-03-13T14:55:00Z'));
      expect(mine()).toEqual(['sla.breach_soon:first_response']);
      await checkSlaDeadlines(clinic.careloop.platform, new Date('2030-03-13T15:01:00Z'));
      await checkSlaDeadlines(clinic.careloop.platform, new Date('2030-03-13T15:30:00Z'));
      expect(mine()).toEqual(['sla.breach_soon:first_response', 'sla.breached:first_response']);
      const breachedEvent = seen.find((event) => event.type === 'sla.breached' && (event.data as { conversationId: string }).conversationId === conversation.id)!;
      expect(breachedEvent.data).toMatchObject({ target: 'first_response', dueAt: '2030-03-13T15:00:00.000Z', priority: 'normal' });

      // A person answers: the first-response clock stops; resolution keeps running.
      expect((await admin.request('POST', `/api/inbox/conversations/${conversation.id}/messages`, { body: 'Yes, 8 to 5.' })).statusCode).toBe(201);
      expect(await slaOf(conversation.id)).toMatchObject({ firstResponseDueAt: null, nextResponseDueAt: null, resolutionDueAt: '2030-03-14T14:00:00.000Z' });

      // The patient writes again at 11:30 EDT: 45 working minutes run to 12:00, then lunch, then 13:00-13:15 EDT.
      await text('+16175550122', 'And on Saturday?', '2030-03-13T15:30:00Z');
      expect((await slaOf(conversation.id)).nextResponseDueAt).toBe('2030-03-13T17:15:00.000Z');
      await checkSlaDeadlines(clinic.careloop.platform, new Date('2030-03-13T17:05:00Z'));
      await checkSlaDeadlines(clinic.careloop.platform, new Date('2030-03-13T17:20:00Z'));
      await checkSlaDeadlines(clinic.careloop.platform, new Date('2030-03-13T17:21:00Z'));
      expect(mine()).toEqual(['sla.breach_soon:first_response', 'sla.breached:first_response', 'sla.breach_soon:next_response', 'sla.breached:next_response']);
    } finally {
      unsubscribe.forEach((stop) => stop());
    }
  });
});

describe('SLA policies', () => {
  it('allow one policy per team and priority, with at least one target, for this clinic\'s teams, changed by managers only', async () => {
    const duplicate = await admin.request('POST', '/api/inbox/sla-policies', { name: 'Another standard', priority: 'normal', firstResponseMinutes: 30 });
    expect(duplicate.statusCode).toBe(409);
    expect(errorOf(duplicate).code).toBe('sla_policy_exists');
    const empty = await admin.request('POST', '/api/inbox/sla-policies', { name: 'Nothing', priority: 'low' });
    expect(empty.statusCode).toBe(400);
    expect(fieldsOf(empty)).toEqual(['firstResponseMinutes']);
    expect((await admin.request('POST', '/api/inbox/sla-policies', { name: 'Zero', priority: 'low', firstResponseMinutes: 0 })).statusCode).toBe(400);
    expect((await admin.request('POST', '/api/inbox/sla-policies', { name: 'Text', priority: 'low', firstResponseMinutes: '30' })).statusCode).toBe(400);
    expect((await admin.request('POST', '/api/inbox/sla-policies', { name: 'Bad', priority: 'whenever', firstResponseMinutes: 30 })).statusCode).toBe(400);
    const other = await addClinic(clinic.careloop, 'another');
    const theirs = await createDepartment(clinic.careloop.platform, systemActor(other.organizationId), { name: 'Their team' });
    expect((await admin.request('POST', '/api/inbox/sla-policies', { name: 'Theirs', departmentId: theirs.id, priority: 'low', firstResponseMinutes: 30 })).statusCode).toBe(404);

    const list = (await admin.request('GET', '/api/inbox/sla-policies')).json<{ items: { id: string; name: string; priority: string; departmentId: string | null }[] }>().items;
    const standard = list.find((p) => p.name === 'Standard')!;
    const high = list.find((p) => p.name === 'High')!;
    expect((await admin.request('PATCH', `/api/inbox/sla-policies/${standard.id}`, { firstResponseMinutes: null, nextResponseMinutes: null, resolutionMinutes: null })).statusCode).toBe(400);
    const clash = await admin.request('PATCH', `/api/inbox/sla-policies/${high.id}`, { priority: 'normal' });
    expect(errorOf(clash).code).toBe('sla_policy_exists');
    const renamed = await admin.request('PATCH', `/api/inbox/sla-policies/${standard.id}`, { warnBeforeMinutes: 30, name: 'Standard hours' });
    expect(renamed.json()).toMatchObject({ name: 'Standard hours', warnBeforeMinutes: 30, firstResponseMinutes: 60 });

    const agent = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'agent'));
    expect((await agent.request('POST', '/api/inbox/sla-policies', { name: 'Mine', priority: 'low', firstResponseMinutes: 5 })).statusCode).toBe(403);
    expect((await agent.request('DELETE', `/api/inbox/sla-policies/${standard.id}`)).statusCode).toBe(403);
    expect((await agent.request('GET', '/api/inbox/sla-policies')).statusCode).toBe(200);
  });

  it('removing a policy stops the clocks it ran', async () => {
    const { conversation } = await text('+16175550123', 'Hello', '2030-04-03T14:00:00Z');
    expect((await slaOf(conversation.id)).firstResponseDueAt).not.toBeNull();
    const standard = (await admin.request('GET', '/api/inbox/sla-policies')).json<{ items: { id: string; priority: string; departmentId: string | null }[] }>()
      .items.find((p) => p.priority === 'normal' && p.departmentId === null)!;
    expect((await admin.request('DELETE', `/api/inbox/sla-policies/${standard.id}`)).statusCode).toBe(204);
    expect(await slaOf(conversation.id)).toMatchObject({ firstResponseDueAt: null, resolutionDueAt: null });
    expect((await admin.request('DELETE', `/api/inbox/sla-policies/${standard.id}`)).statusCode).toBe(404);
  });

  it('feeds the inbox\'s "due soon" list', async () => {
    await admin.request('POST', '/api/inbox/sla-policies', { name: 'Low', priority: 'low', firstResponseMinutes: 30, businessHours: false });
    const { conversation } = await text('+16175550124', 'No hurry', new Date().toISOString());
    await admin.request('PATCH', `/api/inbox/conversations/${conversation.id}`, { priority: 'low' });
    const due = (minutes: number) => admin.request('GET', `/api/inbox/conversations?dueWithinMinutes=${minutes}&sort=due`)
      .then((r) => r.json<{ items: { id: string }[] }>().items.map((item) => item.id));
    expect(await due(45)).toContain(conversation.id);
    expect(await due(10)).not.toContain(conversation.id);
  });
});
