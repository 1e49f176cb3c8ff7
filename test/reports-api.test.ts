import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketOf } from '../src/modules/analytics/histogram.js';
import { addClinic, addStaff, apiToken, errorOf, sessionClient, startClinic, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule } from './scheduling-factory.js';

/**
 * The Reports API over known rollups: the sums are written straight to kpi_rollups (test data, as
 * the refresh would write them), so every number the API answers can be worked out by hand.
 */

let clinic: TestClinic;
let api: Client;
let viewer: Client;
let small: string; // 10 promoters, 5 passives, 5 detractors on 2 March
let happy: string; // 80 / 10 / 10 on 4 March
let unhappy: string; // 30 / 30 / 40 on 10 March
let formula: string; // a department named like a spreadsheet formula
let otherClinicDepartment: string;
let providerId: string;

interface Kpi { kpi: string; value: number | null; n: number; ci: { low: number; high: number; method: string } | null; adjusted?: number; detail?: Record<string, number>; businessValue?: number | null; target: { status: string | null; green: number; amber: number } | null }
interface Summary { period: { from: string; to: string; timeZone: string }; kpis: Kpi[] }

const MARCH = 'from=2026-03-01&to=2026-03-14';

async function department(name: string) {
  const response = await api.request('POST', '/api/departments', { name });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

type Sums = { n: number; hits?: number; misses?: number; total?: number; totalBusiness?: number; hist?: number[] };
async function rollup(metric: string, day: string, dim: 'all' | 'department' | 'provider', dimValue: string, sums: Sums) {
  await clinic.careloop.platform.db.insertInto('kpi_rollups').values({
    organization_id: clinic.organizationId, metric, day, dim, dim_value: dimValue,
    n: sums.n, hits: sums.hits ?? 0, misses: sums.misses ?? 0, total: sums.total ?? 0, total_business: sums.totalBusiness ?? 0, hist: sums.hist ?? null,
  }).execute();
}

/** NPS sums of promoters / passives / detractors, for a department and the clinic's 'all' row. */
async function npsDay(day: string, departmentId: string, promoters: number, passives: number, detractors: number) {
  const sums = { n: promoters + passives + detractors, hits: promoters, misses: detractors };
  await rollup('survey.nps', day, 'department', departmentId, sums);
  await rollup('survey.nps', day, 'all', '', sums);
}

function histogramOf(seconds: number[]) {
  const hist: number[] = [];
  for (const s of seconds) hist[bucketOf(s)] = (hist[bucketOf(s)] ?? 0) + 1;
  return Array.from(hist, (count) => count ?? 0);
}

beforeAll(async () => {
  clinic = await startClinic();
  api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'admin'));
  viewer = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'viewer'));
  small = await department('Small clinic');
  happy = await department('Cardiology');
  unhappy = await department('Dermatology');
  formula = await department('=HYPERLINK("http://evil.test","x")');
  providerId = (await seedSchedule(clinic.careloop, clinic.organizationId)).providerIds[0]!;
  const other = await addClinic(clinic.careloop, 'elsewhere');
  const otherApi = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId, 'admin'));
  otherClinicDepartment = (await otherApi.request('POST', '/api/departments', { name: 'Theirs' })).json<{ id: string }>().id;

  await npsDay('2026-03-02', small, 10, 5, 5);
  await npsDay('2026-03-04', happy, 80, 10, 10);
  await npsDay('2026-03-10', unhappy, 30, 30, 40);
  await rollup('survey.csat', '2026-03-02', 'all', '', { n: 10, hits: 8, misses: 1, total: 42 });
  await rollup('survey.csat', '2026-03-02', 'department', formula, { n: 10, hits: 8, misses: 1, total: 42 });
  await rollup('visit.outcome', '2026-03-03', 'all', '', { n: 100, hits: 15 });
  await rollup('visit.wait', '2026-03-03', 'all', '', { n: 4, total: 160, hist: histogramOf([10, 10, 70, 70]) });
  await rollup('inbox.first_response', '2026-03-03', 'all', '', { n: 2, total: 120, totalBusiness: 60, hist: histogramOf([30, 90]) });
  await rollup('survey.cahps:courtesy', '2026-03-03', 'all', '', { n: 20, hits: 15, total: 1800 });
});
afterAll(async () => { await clinic?.close(); });

const summaryOf = async (query: string, client = api) => {
  const response = await client.request('GET', `/api/reports/summary?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Summary>();
};
const kpiOf = (summary: Summary, name: string) => summary.kpis.find((kpi) => kpi.kpi === name)!;

describe('the summary', () => {
  it('10 promoters, 5 passives, 5 detractors: NPS 25, adjusted 21.74, adjusted Wald 95% CI [-11.72, 55.20]', async () => {
    const nps = kpiOf(await summaryOf(`${MARCH}&departmentId=${small}`), 'nps');
    expect(nps).toMatchObject({ value: 25, n: 20, adjusted: 21.74, ci: { low: -11.72, high: 55.2 }, detail: { promoters: 10, passives: 5, detractors: 5 } });
    expect(nps.ci!.method).toMatch(/adjusted Wald/);
  });

  it('the whole clinic adds the departments: 120 promoters and 55 detractors of 220 is NPS 29.55', async () => {
    const summary = await summaryOf(MARCH);
    expect(summary.period).toEqual({ from: '2026-03-01', to: '2026-03-14', timeZone: 'America/New_York' });
    expect(kpiOf(summary, 'nps')).toMatchObject({ value: 29.55, n: 220 });
  });

  it('CSAT is the share of 4-5 (8 of 10 = 80%) with a Wilson interval [49.02, 94.33]; no-show rate 15 of 100', async () => {
    const summary = await summaryOf(MARCH);
    expect(kpiOf(summary, 'csat')).toMatchObject({ value: 80, n: 10, ci: { low: 49.02, high: 94.33, method: 'Wilson score interval' } });
    expect(kpiOf(summary, 'no_show_rate')).toMatchObject({ value: 15, n: 100, detail: { no_shows: 15, visits: 100 } });
  });

  it('durations: average wait 40 s and its p90 from the histogram; first response 60 s (30 s in business hours)', async () => {
    const summary = await summaryOf(MARCH);
    expect(kpiOf(summary, 'wait_avg')).toMatchObject({ value: 40, n: 4 });
    // 90% of 4 = 3.6 answers: 0.6 of the way through the [60, 120) bucket holding the last two
    expect(kpiOf(summary, 'wait_p90').value).toBe(108);
    expect(kpiOf(summary, 'first_response_avg')).toMatchObject({ value: 60, businessValue: 30, n: 2 });
  });

  it('a CAHPS item answered appears as its own top-box KPI (15 of 20 "always"), and referral closure waits for referrals', async () => {
    const summary = await summaryOf(MARCH);
    expect(kpiOf(summary, 'cahps:courtesy')).toMatchObject({ value: 75, n: 20, detail: { always: 15, answers: 20, linearMean: 90 } });
    expect(kpiOf(summary, 'referral_closure')).toMatchObject({ value: null, n: 0, ci: null });
  });

  it('a period without answers has no NPS (null), not zero', async () => {
    expect(kpiOf(await summaryOf('from=2025-01-01&to=2025-01-31'), 'nps')).toMatchObject({ value: null, n: 0, ci: null });
  });

  it('a viewer may read the reports', async () => {
    expect(kpiOf(await summaryOf(MARCH, viewer), 'nps').n).toBe(220);
  });
});

describe('trends', () => {
  it('weeks start on Monday: 1 March (a Sunday) falls in the week of 23 February; each week has its own NPS', async () => {
    const response = await api.request('GET', `/api/reports/trend?${MARCH}&kpi=nps&interval=week`);
    expect(response.statusCode, response.body).toBe(200);
    const points = response.json<{ points: { start: string; value: number | null; n: number }[] }>().points;
    expect(points.map((p) => [p.start, p.value, p.n])).toEqual([['2026-02-23', null, 0], ['2026-03-02', 62.5, 120], ['2026-03-09', -10, 100]]);
  });

  it('days and months: one point a day in the period, one for March', async () => {
    const days = (await api.request('GET', `/api/reports/trend?${MARCH}&kpi=nps&interval=day`)).json<{ points: { start: string; n: number }[] }>().points;
    expect(days).toHaveLength(14);
    expect(days.find((p) => p.start === '2026-03-04')!.n).toBe(100);
    const months = (await api.request('GET', `/api/reports/trend?${MARCH}&kpi=nps&interval=month`)).json<{ points: { start: string; n: number }[] }>().points;
    expect(months).toEqual([expect.objectContaining({ start: '2026-03-01', n: 220 })]);
  });
});

describe('comparisons between departments', () => {
  interface Row { id: string; name: string; value: number | null; n: number; difference: string; differenceCi: { low: number; high: number } | null; note: string | null }
  const compareOf = async (query: string) => {
    const response = await api.request('GET', `/api/reports/compare?${MARCH}&${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ overall: { value: number; n: number }; test: string; rows: Row[] }>();
  };

  it('a clearly happier department is higher, a clearly unhappier one lower, and 20 answers at NPS 25 are within noise', async () => {
    const comparison = await compareOf('kpi=nps&by=department');
    expect(comparison.overall).toMatchObject({ value: 29.55, n: 220 });
    expect(comparison.test).toMatch(/within noise/);
    const byId = new Map(comparison.rows.map((row) => [row.id, row]));
    expect(byId.get(happy)).toMatchObject({ name: 'Cardiology', value: 70, difference: 'higher' });
    expect(byId.get(unhappy)).toMatchObject({ name: 'Dermatology', value: -10, difference: 'lower' });
    const smallRow = byId.get(small)!;
    expect(smallRow).toMatchObject({ value: 25, difference: 'within_noise' });
    expect(smallRow.differenceCi!.low).toBeLessThan(0);
    expect(smallRow.differenceCi!.high).toBeGreaterThan(0);
    expect(comparison.rows.map((row) => row.name)).toEqual(['Cardiology', 'Small clinic', 'Dermatology']);
  });

  it('a group with fewer than 10 answers is never called different (named in a note); percentiles are not tested', async () => {
    await rollup('survey.ces', '2026-03-05', 'department', small, { n: 5, hits: 5 });
    await rollup('survey.ces', '2026-03-05', 'department', happy, { n: 50, hits: 5 });
    await rollup('survey.ces', '2026-03-05', 'all', '', { n: 55, hits: 10 });
    const ces = await compareOf('kpi=ces&by=department');
    expect(ces.rows.find((row) => row.id === small)).toMatchObject({ value: 100, difference: 'within_noise', differenceCi: null, note: expect.stringMatching(/fewer than 10/) });
    const p90 = await compareOf('kpi=wait_p90&by=department');
    expect(p90.test).toMatch(/not tested/);
  });

  it('average waits: 30 visits at 10 minutes against 30 at 30 minutes are lower and higher (Welch, the clinic\'s spread)', async () => {
    await rollup('visit.wait', '2026-03-06', 'department', happy, { n: 30, total: 30 * 600, hist: histogramOf(Array<number>(30).fill(600)) });
    await rollup('visit.wait', '2026-03-06', 'department', unhappy, { n: 30, total: 30 * 1800, hist: histogramOf(Array<number>(30).fill(1800)) });
    await rollup('visit.wait', '2026-03-06', 'all', '', { n: 60, total: 30 * 600 + 30 * 1800, hist: histogramOf([...Array<number>(30).fill(600), ...Array<number>(30).fill(1800)]) });
    const waits = await compareOf('kpi=wait_avg&by=department');
    expect(waits.test).toMatch(/Welch/);
    expect(waits.rows.map((row) => [row.id, row.value, row.n, row.difference])).toEqual([[happy, 600, 30, 'lower'], [unhappy, 1800, 30, 'higher']]);
  });

  it('filtering by the compared department shows its row against the rest of the clinic', async () => {
    const comparison = await compareOf(`kpi=nps&by=department&departmentId=${happy}`);
    expect(comparison.overall.n).toBe(220);
    expect(comparison.rows).toEqual([expect.objectContaining({ id: happy, difference: 'higher' })]);
  });
});

describe('targets', () => {
  it('red, amber and green follow the KPI\'s direction, and a department\'s own target comes before the clinic\'s', async () => {
    const put = (body: object) => api.request('PUT', '/api/reports/targets', body);
    expect((await put({ kpi: 'nps', departmentId: null, green: 50, amber: 20 })).statusCode).toBe(200);
    expect((await put({ kpi: 'no_show_rate', departmentId: null, green: 10, amber: 20 })).statusCode).toBe(200);
    expect((await put({ kpi: 'csat', departmentId: null, green: 80, amber: 70 })).statusCode).toBe(200);
    expect((await put({ kpi: 'nps', departmentId: small, green: 20, amber: 0 })).statusCode).toBe(200);
    const clinicWide = await summaryOf(MARCH);
    expect(kpiOf(clinicWide, 'nps').target).toMatchObject({ green: 50, amber: 20, status: 'amber' }); // 29.55
    expect(kpiOf(clinicWide, 'no_show_rate').target).toMatchObject({ status: 'amber' }); // 15%, lower is better
    expect(kpiOf(clinicWide, 'csat').target).toMatchObject({ status: 'green' }); // 80 is at green
    expect(kpiOf(await summaryOf(`${MARCH}&departmentId=${small}`), 'nps').target).toMatchObject({ green: 20, status: 'green' });
    expect(kpiOf(await summaryOf(`${MARCH}&departmentId=${unhappy}`), 'nps').target).toMatchObject({ green: 50, status: 'red' }); // -10, the clinic's target

    // setting it again replaces it
    const replaced = await put({ kpi: 'nps', departmentId: null, green: 30, amber: 10 });
    expect(replaced.json()).toMatchObject({ kpi: 'nps', green: 30, amber: 10, better: 'higher', departmentId: null });
    const list = (await viewer.request('GET', '/api/reports/targets')).json<{ items: { id: string; kpi: string; departmentName: string | null }[] }>().items;
    expect(list.filter((t) => t.kpi === 'nps')).toHaveLength(2);
    expect(list.find((t) => t.departmentName === 'Small clinic')).toBeDefined();

    const removed = await api.request('DELETE', `/api/reports/targets/${replaced.json<{ id: string }>().id}`);
    expect(removed.statusCode).toBe(204);
    expect(kpiOf(await summaryOf(MARCH), 'nps').target).toBeNull();
  });

  it.each([
    ['amber better than green where higher is better', { kpi: 'nps', departmentId: null, green: 20, amber: 40 }, 400, 'amber'],
    ['amber better than green where lower is better', { kpi: 'wait_avg', departmentId: null, green: 600, amber: 300 }, 400, 'amber'],
    ['an unknown KPI', { kpi: 'happiness', departmentId: null, green: 1, amber: 0 }, 400, 'kpi'],
    ['a percentage above 100', { kpi: 'csat', departmentId: null, green: 120, amber: 80 }, 400, 'green'],
    ['a green given as text', { kpi: 'csat', departmentId: null, green: '90', amber: 80 }, 400, 'green'],
    ['an unknown field', { kpi: 'csat', departmentId: null, green: 90, amber: 80, red: 10 }, 400, 'red'],
  ])('a target with %s is refused (400)', async (_name, body, status, field) => {
    const response = await api.request('PUT', '/api/reports/targets', body);
    expect(response.statusCode, response.body).toBe(status);
    expect(errorOf(response).message).toContain(field);
  });

  it('another clinic\'s department is not found (404); a viewer cannot set or remove targets (403); an unknown target is 404', async () => {
    expect((await api.request('PUT', '/api/reports/targets', { kpi: 'nps', departmentId: otherClinicDepartment, green: 50, amber: 20 })).statusCode).toBe(404);
    expect((await viewer.request('PUT', '/api/reports/targets', { kpi: 'nps', departmentId: null, green: 50, amber: 20 })).statusCode).toBe(403);
    expect((await viewer.request('DELETE', `/api/reports/targets/${randomUUID()}`)).statusCode).toBe(403);
    expect((await viewer.request('POST', '/api/reports/recompute', {})).statusCode).toBe(403);
    expect((await api.request('DELETE', `/api/reports/targets/${randomUUID()}`)).statusCode).toBe(404);
  });
});

describe('CSV exports', () => {
  const csvOf = async (query: string) => {
    const response = await api.request('GET', `/api/reports/export.csv?${MARCH}&${query}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    return { body: response.body, disposition: String(response.headers['content-disposition']) };
  };

  it('the summary downloads as a named file with the numbers and their intervals', async () => {
    const { body, disposition } = await csvOf(`what=summary&departmentId=${small}`);
    expect(disposition).toBe('attachment; filename="summary-2026-03-01-2026-03-14.csv"');
    const lines = body.split('\r\n');
    expect(lines[0]).toMatch(/^kpi,label,unit,value,n,ci_low,ci_high,ci_method,adjusted/);
    expect(lines.find((line) => line.startsWith('nps,'))).toMatch(/^nps,Net Promoter Score,score,25,20,-11\.72,55\.2,adjusted Wald \(Rocks 2016\),21\.74,/);
  });

  it('a department named like a formula is written as text (prefixed with \'), quoted; negative numbers stay numbers', async () => {
    const { body, disposition } = await csvOf('what=compare&kpi=csat&by=department');
    expect(disposition).toContain('compare-csat-by-department');
    expect(body).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
    expect(body).not.toMatch(/(^|,)=HYPERLINK/m);
    const trend = await csvOf('what=trend&kpi=nps&interval=week');
    expect(trend.body).toContain('2026-03-09,nps,-10,100,');
  });
});

describe('bad input', () => {
  it.each([
    ['a date that does not exist (30 February)', 'from=2026-02-30&to=2026-03-14', 'from'],
    ['a date in another format', 'from=03/01/2026&to=2026-03-14', 'from'],
    ['from after to', 'from=2026-03-14&to=2026-03-01', 'from'],
    ['a period longer than 3 years and 31 days', 'from=2020-01-01&to=2026-03-14', 'from'],
    ['a department id that is not a UUID', `${MARCH}&departmentId=cardiology`, 'departmentId'],
    ['an unknown channel', `${MARCH}&channel=fax`, 'channel'],
    ['an unknown query key', `${MARCH}&clinic=all`, 'clinic'],
  ])('the summary refuses %s (400)', async (_name, query, field) => {
    const response = await api.request('GET', `/api/reports/summary?${query}`);
    expect(response.statusCode, response.body).toBe(400);
    expect(errorOf(response).message).toContain(field);
  });

  it.each([
    ['another clinic\'s department', () => `departmentId=${otherClinicDepartment}`],
    ['a provider that does not exist', () => `providerId=${randomUUID()}`],
    ['a location that does not exist', () => `locationId=${randomUUID()}`],
  ])('the summary answers 404 for %s', async (_name, query) => {
    expect((await api.request('GET', `/api/reports/summary?${MARCH}&${query()}`)).statusCode).toBe(404);
  });

  it.each([
    ['trend of an unknown KPI', `/api/reports/trend?${MARCH}&kpi=happiness`, 'kpi'],
    ['trend by year', `/api/reports/trend?${MARCH}&kpi=nps&interval=year`, 'interval'],
    ['compare by room', `/api/reports/compare?${MARCH}&kpi=nps&by=room`, 'by'],
    ['compare without by', `/api/reports/compare?${MARCH}&kpi=nps`, 'by'],
    ['rows with a limit of 10,000', `/api/reports/rows?${MARCH}&kpi=nps&limit=10000`, 'limit'],
    ['an export of a trend without its KPI', `/api/reports/export.csv?${MARCH}&what=trend`, 'kpi'],
    ['an export of a comparison without by', `/api/reports/export.csv?${MARCH}&what=compare&kpi=nps`, 'by'],
    ['an export of something else', `/api/reports/export.csv?${MARCH}&what=everything`, 'what'],
  ])('%s is refused (400)', async (_name, url, field) => {
    const response = await api.request('GET', url);
    expect(response.statusCode, response.body).toBe(400);
    expect(errorOf(response).message).toContain(field);
  });

  it('a filter on a provider alone reads that provider\'s rollup row', async () => {
    await rollup('visit.outcome', '2026-03-03', 'provider', providerId, { n: 40, hits: 10 });
    expect(kpiOf(await summaryOf(`${MARCH}&providerId=${providerId}`), 'no_show_rate')).toMatchObject({ value: 25, n: 40 });
  });

  it('recompute refuses a date that does not exist (400) and a period of another format', async () => {
    const response = await api.request('POST', '/api/reports/recompute', { from: '2026-02-31' });
    expect(response.statusCode, response.body).toBe(400);
    expect(errorOf(response).message).toContain('from');
    expect((await api.request('POST', '/api/reports/recompute', { from: 20260201 })).statusCode).toBe(400);
  });

  it('without a token the reports answer 401', async () => {
    expect((await clinic.careloop.app.inject({ method: 'GET', url: '/api/reports/summary' })).statusCode).toBe(401);
  });
});

describe('dimensions', () => {
  it('names departments, providers, locations and channels from their modules, and the clinic\'s KPIs', async () => {
    const response = await viewer.request('GET', '/api/reports/dimensions');
    expect(response.statusCode).toBe(200);
    const dims = response.json<{ departments: { name: string }[]; providers: { id: string }[]; channels: { id: string }[]; kpis: { kpi: string }[] }>();
    expect(dims.departments.map((d) => d.name)).toContain('Cardiology');
    expect(dims.departments.map((d) => d.name)).not.toContain('Theirs');
    expect(dims.providers.map((p) => p.id)).toEqual([providerId]);
    expect(dims.channels.map((c) => c.id)).toEqual(['sms', 'email', 'chat', 'voice', 'portal']);
    expect(dims.kpis.map((k) => k.kpi)).toContain('cahps:courtesy');
  });
});
