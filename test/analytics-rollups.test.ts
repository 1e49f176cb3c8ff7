import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factRows, recomputeAll, refreshDirty, sumsFromFacts, type FactFilter, type Sums } from '../src/modules/analytics/facts.js';
import { bucketOf } from '../src/modules/analytics/histogram.js';
import { recomputeRecentDays } from '../src/modules/analytics/jobs.js';
import { bucketInSql } from '../src/modules/analytics/rollups.js';
import { rollupSums } from '../src/modules/analytics/rollup-reads.js';
import { receiveMessage } from '../src/modules/inbox/service.js';
import { addClinic, apiToken, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';

let clinic: TestClinic;
let api: Client;
let schedule: ClinicSchedule;
let patientId: string;
const ZONE = 'America/New_York';
const EVERYTHING = { from: '2026-01-01', to: '2027-12-31' };

const localDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
let sid = 0;
const text = (organizationId: string, endpoint: string, from: string, body: string, at: Date) => receiveMessage(clinic.careloop.platform, {
  organizationId, channel: 'sms', endpoint, fromAddress: from, threading: 'per-sender', body, externalId: `SMA${++sid}`, receivedAt: at,
});
const patientWrites = (from: string, body: string, at = new Date()) => text(clinic.organizationId, '+16175550100', from, body, at);
const staffReplies = (conversationId: string) => api.request('POST', `/api/inbox/conversations/${conversationId}/messages`, { body: 'Thanks, we are on it.' });
const resolve = (conversationId: string) => api.request('PATCH', `/api/inbox/conversations/${conversationId}`, { status: 'resolved' });

/** Refreshes until no marked day is left, as the Reports do before reading. */
async function refreshed(organizationId = clinic.organizationId) {
  while (await refreshDirty(clinic.careloop.platform, organizationId) > 0) { /* the next batch */ }
}
const rollups = (filter: { from: string; to: string }, organizationId = clinic.organizationId) => rollupSums(clinic.careloop.platform, organizationId, filter);
const facts = (filter: FactFilter, organizationId = clinic.organizationId) => sumsFromFacts(clinic.careloop.platform, organizationId, filter);
const find = (sums: Sums[], metric: string, day: string) => sums.find((s) => s.metric === metric && s.day === day);

/** Rollups and the full recomputation from the facts agree on every metric and day of the range. */
async function expectAgreement(filter: { from: string; to: string }, organizationId = clinic.organizationId) {
  await refreshed(organizationId);
  const key = (s: Sums) => `${s.metric} ${s.day}`;
  const fromRollups = new Map((await rollups(filter, organizationId)).map((s) => [key(s), s]));
  const fromFacts = await facts(filter, organizationId);
  expect([...fromRollups.keys()].sort()).toEqual(fromFacts.map(key).sort());
  for (const expected of fromFacts) {
    const actual = fromRollups.get(key(expected))!;
    expect({ ...actual, total: undefined, totalBusiness: undefined }, key(expected)).toEqual({ ...expected, total: undefined, totalBusiness: undefined });
    expect(actual.total).toBeCloseTo(expected.total, 6);
    expect(actual.totalBusiness).toBeCloseTo(expected.totalBusiness, 6);
  }
  return fromFacts;
}

async function book(startsAt: string, providerIndex = 0): Promise<string> {
  const response = await api.request('POST', '/api/scheduling/appointments', {
    patientId, serviceId: schedule.serviceId, providerId: schedule.providerIds[providerIndex], locationId: schedule.locationId, startsAt,
  });
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json<{ id: string }>().id;
}
async function setStatus(id: string, ...statuses: string[]) {
  for (const status of statuses) {
    const response = await api.request('POST', `/api/scheduling/appointments/${id}/status`, { status });
    if (response.statusCode !== 200) throw new Error(`${status}: ${response.body}`);
  }
}

beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
  await api.request('POST', '/api/channels/endpoints', { channel: 'sms', address: '+16175550100', name: 'Main line' });
  schedule = await seedSchedule(clinic.careloop, clinic.organizationId, {
    providers: 2, periods: [1, 2, 3, 4, 5, 6, 7].flatMap((d): [number, string, string][] => [[d, '09:00', '12:00'], [d, '23:00', '23:59']]),
  });
  patientId = (await api.request('POST', '/api/patients', { givenName: 'Rosa', familyName: 'Diaz', dateOfBirth: '1980-02-03' })).json<{ id: string }>().id;
});
afterAll(async () => { await clinic?.close(); });

describe('inbox rollups', () => {
  it('a 90-second first response counts once, in the 1-2 minute bucket, on the day the patient wrote', async () => {
    const { conversation } = await patientWrites('+16175550201', 'Is my refill ready?', new Date(Date.now() - 90_000));
    await staffReplies(conversation.id);
    const today = localDay(new Date());
    await refreshed();
    const first = find(await rollups({ from: today, to: today }), 'inbox.first_response', today);
    expect(first).toMatchObject({ n: 1, dim: 'all' });
    expect(first!.total).toBeGreaterThanOrEqual(90);
    expect(first!.total).toBeLessThan(95);
    expect(first!.hist).toEqual([0, 1]);
    expect(find(await rollups({ from: today, to: today }), 'inbox.cycles', today)).toMatchObject({ n: 1, hits: 0 });
    const rows = await factRows(clinic.careloop.platform, clinic.organizationId, 'inbox.first_response', { from: today, to: today }, { limit: 10, offset: 0 });
    expect(rows.total).toBe(1);
    expect(rows.rows[0]).toMatchObject({ conversationNumber: conversation.number, channel: 'sms', kind: 'first' });
  });

  it('the refresh jobs (a few seconds after the event, or the minute sweep) recompute a marked day by themselves', async () => {
    await patientWrites('+16175550204', 'Anyone there?', new Date('2026-07-07T15:00:00Z'));
    const marked = await clinic.careloop.platform.db.selectFrom('kpi_dirty_days').select('day').where('organization_id', '=', clinic.organizationId).execute();
    expect(marked.map((row) => String(row.day))).toContain('2026-07-07');
    const deadline = Date.now() + 30_000;
    let sums = await rollups({ from: '2026-07-07', to: '2026-07-07' });
    while (sums.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      sums = await rollups({ from: '2026-07-07', to: '2026-07-07' });
    }
    expect(sums).toEqual([expect.objectContaining({ metric: 'inbox.cycles', n: 1, hits: 0 })]);
  }, 40_000);

  it('a message at 23:30 in the clinic\'s zone (03:30 UTC the next day) counts on the clinic\'s day', async () => {
    const { conversation } = await patientWrites('+16175550202', 'Late question', new Date('2026-03-10T03:30:00Z'));
    await resolve(conversation.id);
    await refreshed();
    const sums = await rollups({ from: '2026-03-09', to: '2026-03-10' });
    expect(find(sums, 'inbox.unanswered', '2026-03-09')).toMatchObject({ n: 1 });
    expect(find(sums, 'inbox.cycles', '2026-03-09')).toMatchObject({ n: 1, hits: 1 });
    expect(sums.filter((s) => s.day === '2026-03-10')).toEqual([]);
  });

  it('a scheduled reply that goes out later answers the wait of the day the patient wrote, and that day is recomputed', async () => {
    const { conversation } = await patientWrites('+16175550205', 'Call me back next week?', new Date('2026-05-12T14:00:00Z'));
    await refreshed();
    expect(find(await rollups({ from: '2026-05-12', to: '2026-05-12' }), 'inbox.first_response', '2026-05-12')).toBeUndefined();
    const scheduled = await api.request('POST', `/api/inbox/conversations/${conversation.id}/messages`, { body: 'Good morning!', sendAt: new Date(Date.now() + 1_500).toISOString() });
    expect(scheduled.json<{ status: string }>().status).toBe('scheduled');
    const timings = async () => (await api.request('GET', `/api/inbox/conversations/${conversation.id}/timings`)).json<{ waits: { respondedAt: string | null }[] }>();
    const deadline = Date.now() + 30_000;
    while ((await timings()).waits[0]?.respondedAt == null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await timings()).waits[0]?.respondedAt).not.toBeNull();
    // Without the mark of the day the patient wrote, the rollups would still miss this response.
    const sums = await expectAgreement({ from: '2026-05-12', to: '2026-05-12' });
    expect(find(sums, 'inbox.first_response', '2026-05-12')).toMatchObject({ n: 1 });
  }, 45_000);

  it('an open conversation merged into another leaves the resolution rate: its cycle could never be resolved', async () => {
    const first = (await patientWrites('+16175550206', 'Question about my bill', new Date('2026-05-19T14:00:00Z'))).conversation;
    const second = (await patientWrites('+16175550207', 'Same question, other phone', new Date('2026-05-19T15:00:00Z'))).conversation;
    await refreshed();
    expect(find(await rollups({ from: '2026-05-19', to: '2026-05-19' }), 'inbox.cycles', '2026-05-19')).toMatchObject({ n: 2, hits: 0 });
    const merged = await api.request('POST', `/api/inbox/conversations/${first.id}/merge`, { intoId: second.id });
    expect(merged.statusCode, merged.body).toBe(200);
    await resolve(second.id);
    const sums = await expectAgreement({ from: '2026-05-19', to: '2026-05-19' });
    expect(find(sums, 'inbox.cycles', '2026-05-19')).toMatchObject({ n: 1, hits: 1 });
  });

  it('a new message marks only the days of the conversation\'s latest cycle, not those of cycles closed long ago', async () => {
    const { conversation } = await patientWrites('+16175550208', 'Prescription question', new Date('2026-06-02T14:00:00Z'));
    await resolve(conversation.id);
    await refreshed();
    await patientWrites('+16175550208', 'Me again, months later');
    const marked = (await clinic.careloop.platform.db.selectFrom('kpi_dirty_days').select(['day', 'family']).where('organization_id', '=', clinic.organizationId).execute())
      .filter((row) => row.family === 'inbox').map((row) => String(row.day));
    expect(marked).toContain(localDay(new Date()));
    expect(marked).not.toContain('2026-06-02');
    await expectAgreement(EVERYTHING);
  });

  it('a reopen adds a cycle and moves nothing else; rollups still agree with the facts', async () => {
    const { conversation } = await patientWrites('+16175550203', 'Question', new Date(Date.now() - 600_000));
    await staffReplies(conversation.id);
    await resolve(conversation.id);
    await expectAgreement(EVERYTHING);
    await patientWrites('+16175550203', 'One more thing');
    await staffReplies(conversation.id);
    await resolve(conversation.id);
    const today = localDay(new Date());
    const sums = await expectAgreement(EVERYTHING);
    expect(find(sums, 'inbox.resolution', today)!.n).toBeGreaterThanOrEqual(2);
  });
});

describe('visit rollups', () => {
  it('3 visits with 1 no-show give n 3, hits 1; cancelled and still-booked visits are left out; a late arrival after a no-show moves the hit', async () => {
    const seen = await book('2027-02-01T14:00:00Z');
    const roomed = await book('2027-02-01T14:30:00Z');
    const missed = await book('2027-02-01T15:00:00Z');
    const cancelled = await book('2027-02-01T15:30:00Z');
    await book('2027-02-01T16:00:00Z', 1);
    await setStatus(seen, 'arrived', 'in_room', 'completed');
    await setStatus(roomed, 'arrived', 'in_room');
    await setStatus(missed, 'no_show');
    expect((await api.request('POST', `/api/scheduling/appointments/${cancelled}/cancel`, { reason: 'patient_request' })).statusCode).toBe(200);
    let sums = await expectAgreement(EVERYTHING);
    expect(find(sums, 'visit.outcome', '2027-02-01')).toMatchObject({ n: 3, hits: 1 });
    expect(find(sums, 'visit.wait', '2027-02-01')).toMatchObject({ n: 2, hist: [2] });

    const byProvider = await rollupSums(clinic.careloop.platform, clinic.organizationId, { from: '2027-02-01', to: '2027-02-01', dim: 'provider', dimValue: schedule.providerIds[0]! });
    expect(find(byProvider, 'visit.outcome', '2027-02-01')).toMatchObject({ n: 3, hits: 1 });
    const filtered = await facts({ from: '2027-02-01', to: '2027-02-01', providerId: schedule.providerIds[1]!, locationId: schedule.locationId });
    expect(filtered).toEqual([]);

    await setStatus(missed, 'arrived');
    sums = await expectAgreement(EVERYTHING);
    expect(find(sums, 'visit.outcome', '2027-02-01')).toMatchObject({ n: 3, hits: 0 });

    const rows = await factRows(clinic.careloop.platform, clinic.organizationId, 'visit.outcome', { from: '2027-02-01', to: '2027-02-01' }, { limit: 2, offset: 0 });
    expect(rows.total).toBe(3);
    expect(rows.rows.map((r) => r.startsAt)).toEqual(['2027-02-01T15:00:00.000Z', '2027-02-01T14:30:00.000Z']);
    expect(rows.rows[0]).toMatchObject({ patientName: 'Rosa Diaz', status: 'arrived' });
    const pastTheEnd = await factRows(clinic.careloop.platform, clinic.organizationId, 'visit.outcome', { from: '2027-02-01', to: '2027-02-01' }, { limit: 2, offset: 5 });
    expect(pastTheEnd).toMatchObject({ total: 3, rows: [] });
  });

  it('a visit at 23:00 in the clinic\'s zone (04:00 UTC the next day) counts on the clinic\'s day', async () => {
    const late = await book('2027-02-03T04:00:00Z');
    await setStatus(late, 'no_show');
    await refreshed();
    const sums = await rollups({ from: '2027-02-02', to: '2027-02-03' });
    expect(find(sums, 'visit.outcome', '2027-02-02')).toMatchObject({ n: 1, hits: 1 });
    expect(find(sums, 'visit.outcome', '2027-02-03')).toBeUndefined();
  });
});

describe('through the Reports API', () => {
  it('a no-show marked a moment ago is in the summary at once (the report refreshes marked days), and its rows list it', async () => {
    const missed = await book('2027-02-04T14:00:00Z');
    await setStatus(missed, 'no_show');
    const summary = await api.request('GET', '/api/reports/summary?from=2027-02-04&to=2027-02-04');
    expect(summary.statusCode, summary.body).toBe(200);
    const kpis = summary.json<{ kpis: { kpi: string; value: number | null; n: number }[] }>().kpis;
    expect(kpis.find((k) => k.kpi === 'no_show_rate')).toMatchObject({ value: 100, n: 1 });
    const rows = await api.request('GET', '/api/reports/rows?kpi=no_show_rate&from=2027-02-01&to=2027-02-04&limit=10');
    expect(rows.statusCode, rows.body).toBe(200);
    expect(rows.json<{ total: number; rows: { status: string }[] }>()).toMatchObject({ total: 5, rows: [{ status: 'no_show' }, { status: 'no_show' }, {}, {}, {}] });
  });
});

describe('a service moved to a department', () => {
  it('takes its past visits with it: their department rows move from "none" to the department', async () => {
    const department = await api.request('POST', '/api/departments', { name: 'Cardiology' });
    expect(department.statusCode, department.body).toBe(201);
    const departmentId = department.json<{ id: string }>().id;
    const day = { from: '2027-02-01', to: '2027-02-01', dim: 'department' as const, metrics: ['visit.outcome'] };
    expect(await rollupSums(clinic.careloop.platform, clinic.organizationId, { ...day, dimValue: 'none' })).toEqual([expect.objectContaining({ n: 3 })]);
    const moved = await api.request('PATCH', `/api/scheduling/services/${schedule.serviceId}`, { departmentId });
    expect(moved.statusCode, moved.body).toBe(200);
    await refreshed();
    expect(await rollupSums(clinic.careloop.platform, clinic.organizationId, { ...day, dimValue: 'none' })).toEqual([]);
    expect(await rollupSums(clinic.careloop.platform, clinic.organizationId, { ...day, dimValue: departmentId })).toEqual([expect.objectContaining({ n: 3, hits: 0 })]);
  });
});

describe('survey rollups', () => {
  const item = (id: string, kind: string) => ({ id, key: id, kind, text: `Question ${id}?`, textEs: `¿Pregunta ${id}?`, required: false });
  async function invite(surveyId: string, givenName: string, phone: string) {
    const patient = (await api.request('POST', '/api/patients', {
      givenName, familyName: 'Survey', dateOfBirth: '1970-01-02', allowDuplicate: true, contactPoints: [{ kind: 'phone', value: phone }],
    })).json<{ id: string }>().id;
    const sent = await api.request('POST', `/api/feedback/surveys/${surveyId}/send`, { patientId: patient });
    expect(sent.statusCode, sent.body).toBe(201);
    const outbox = (await api.request('GET', '/api/channels/outbox?limit=100')).json<{ items: { patientId: string | null; purpose: string; body: string }[] }>().items;
    const text = outbox.find((message) => message.patientId === patient && message.purpose === 'survey');
    return /\/s\/(\S+)$/.exec(text!.body)![1]!;
  }
  const answer = (token: string, answers: Record<string, number | string>, address: string) =>
    clinic.careloop.app.inject({ method: 'POST', url: `/api/public/survey/${token}`, remoteAddress: address, payload: { answers } });

  it('3 sent and 2 answered (NPS 10 and 3, CSAT 5 and 1, effort 6 and 2, courtesy always and sometimes) give the hand-computed sums', async () => {
    const created = await api.request('POST', '/api/feedback/surveys', {
      name: 'After your visit', trigger: 'manual', delayMinutes: 0, throttleDays: 0,
      items: [item('recommend', 'nps'), item('satisfied', 'csat'), item('easy', 'ces'), item('courtesy', 'cahps'), item('comment', 'text')],
    });
    expect(created.statusCode, created.body).toBe(201);
    const surveyId = created.json<{ id: string }>().id;
    const happy = await invite(surveyId, 'Happy', '+1 617 555 3001');
    const unhappy = await invite(surveyId, 'Unhappy', '+1 617 555 3002');
    await invite(surveyId, 'Silent', '+1 617 555 3003');
    expect((await answer(happy, { recommend: 10, satisfied: 5, easy: 6, courtesy: 'always', comment: 'Lovely' }, '10.9.0.1')).statusCode).toBe(201);
    expect((await answer(unhappy, { recommend: 3, satisfied: 1, easy: 2, courtesy: 'sometimes', comment: 'Rude desk' }, '10.9.0.2')).statusCode).toBe(201);

    const today = localDay(new Date());
    const sums = await expectAgreement({ from: today, to: today });
    expect(find(sums, 'survey.sent', today)).toMatchObject({ n: 3, hits: 2 });
    expect(find(sums, 'survey.nps', today)).toMatchObject({ n: 2, total: 13, hits: 1, misses: 1 });
    expect(find(sums, 'survey.csat', today)).toMatchObject({ n: 2, total: 6, hits: 1, misses: 1 });
    expect(find(sums, 'survey.ces', today)).toMatchObject({ n: 2, total: 8, hits: 1, misses: 1 });
    expect(find(sums, 'survey.cahps:courtesy', today)).toMatchObject({ n: 2, hits: 1 });
    expect(find(sums, 'survey.cahps:courtesy', today)!.total).toBeCloseTo(133.33, 2);
    const bySms = await rollupSums(clinic.careloop.platform, clinic.organizationId, { from: today, to: today, dim: 'channel', dimValue: 'sms', metrics: ['survey.nps'] });
    expect(bySms).toEqual([expect.objectContaining({ n: 2, hits: 1, misses: 1 })]);

    const rows = await factRows(clinic.careloop.platform, clinic.organizationId, 'survey.nps', { from: today, to: today }, { limit: 10, offset: 0 });
    expect(rows.total).toBe(2);
    expect(rows.rows.map((r) => [r.patientName, r.nps, r.comment])).toEqual([['Unhappy Survey', 3, 'Rude desk'], ['Happy Survey', 10, 'Lovely']]);
    const courtesy = await factRows(clinic.careloop.platform, clinic.organizationId, 'survey.cahps:courtesy', { from: today, to: today }, { limit: 10, offset: 0 });
    expect(courtesy.rows.map((r) => r.answer)).toEqual(['sometimes', 'always']);
  });
});

describe('recomputation', () => {
  const snapshot = async () => (await clinic.careloop.platform.db.selectFrom('kpi_rollups').selectAll().where('organization_id', '=', clinic.organizationId)
    .orderBy('metric').orderBy('dim').orderBy('dim_value').orderBy('day').execute()).map((row) => ({ ...row, n: Number(row.n), hits: Number(row.hits), misses: Number(row.misses), total: Math.round(row.total * 1e6) }));

  it('recomputing twice, in full or by range, gives the same rows as the incremental refresh', async () => {
    await refreshed();
    const incremental = await snapshot();
    expect(incremental.length).toBeGreaterThan(0);
    await recomputeAll(clinic.careloop.platform, clinic.organizationId);
    expect(await snapshot()).toEqual(incremental);
    await recomputeAll(clinic.careloop.platform, clinic.organizationId, EVERYTHING);
    await recomputeAll(clinic.careloop.platform, clinic.organizationId, EVERYTHING);
    expect(await snapshot()).toEqual(incremental);
  });

  it('a fact changed without its event (a lost mark) disagrees until the nightly recompute of the last week repairs it', async () => {
    const today = localDay(new Date());
    await refreshed();
    const db = clinic.careloop.platform.db;
    await db.updateTable('response_waits').set((eb) => ({ seconds: eb('seconds', '+', 3_600) }))
      .where('organization_id', '=', clinic.organizationId).where('responded_at', 'is not', null).execute();
    await expect(expectAgreement({ from: today, to: today })).rejects.toThrow();
    await recomputeRecentDays(clinic.careloop.platform);
    await expectAgreement({ from: today, to: today });
  });

  it('puts a duration in the same histogram bucket in SQL as bucketOf does, at the edges too', async () => {
    const durations = [-5, 0, 59.9, 60, 90, 119.99, 7_199, 7_200, 7_499, 28_800, 604_799, 604_800, 10_000_000];
    const inSql: number[] = [];
    for (const seconds of durations) {
      inSql.push((await sql<{ bucket: number }>`select ${bucketInSql(sql`${seconds}::float8`)} as bucket`.execute(clinic.careloop.platform.db)).rows[0]!.bucket);
    }
    expect(inSql).toEqual(durations.map((seconds) => bucketOf(seconds)));
  });

  it('refuses a range that is not a date (2026-02-30) or runs backwards, an unknown metric and a page of 0 rows, naming the field', async () => {
    await expect(sumsFromFacts(clinic.careloop.platform, clinic.organizationId, { from: '2026-02-30', to: '2026-03-01' })).rejects.toMatchObject({ status: 400, code: 'invalid_request' });
    await expect(recomputeAll(clinic.careloop.platform, clinic.organizationId, { from: '2026-03-02', to: '2026-03-01' })).rejects.toMatchObject({ status: 400 });
    await expect(factRows(clinic.careloop.platform, clinic.organizationId, 'inbox.nonsense', EVERYTHING, { limit: 5, offset: 0 })).rejects.toMatchObject({ status: 400 });
    await expect(factRows(clinic.careloop.platform, clinic.organizationId, 'inbox.cycles', EVERYTHING, { limit: 0, offset: -1 })).rejects.toMatchObject({ status: 400 });
  });
});

describe('tenants', () => {
  it('a clinic never sees another clinic\'s facts or rollups', async () => {
    const other = await addClinic(clinic.careloop, 'harbor');
    const otherApi = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId));
    await otherApi.request('POST', '/api/channels/endpoints', { channel: 'sms', address: '+16175550999', name: 'Harbor line' });
    const before = await facts(EVERYTHING);
    await text(other.organizationId, '+16175550999', '+16175550301', 'Hello harbor', new Date('2026-05-05T15:00:00Z'));
    await expectAgreement(EVERYTHING, other.organizationId);
    expect(await rollups(EVERYTHING, other.organizationId)).toEqual([expect.objectContaining({ metric: 'inbox.cycles', day: '2026-05-05', n: 1 })]);
    await refreshed();
    expect(await facts(EVERYTHING)).toEqual(before);
    expect(find(await rollups(EVERYTHING), 'inbox.cycles', '2026-05-05')).toBeUndefined();
    expect((await factRows(clinic.careloop.platform, clinic.organizationId, 'inbox.cycles', { from: '2026-05-05', to: '2026-05-05' }, { limit: 5, offset: 0 })).total).toBe(0);
  });
});
