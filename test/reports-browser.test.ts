import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addStaff, apiToken, tokenClient, type Client, type TestClinic } from './harness.js';
import { accessibilityChecker, launchChromium, signIn, skipBrowserTests, startServedClinic } from './browser-kit.js';

interface Kpi { kpi: string; value: number | null; n: number; target: { status: string | null } | null }
interface Summary { period: { from: string; to: string }; kpis: Kpi[] }
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.skipIf(skipBrowserTests)('a quality manager reads the Reports page in a real browser', () => {
  let clinic: TestClinic;
  let browser: Browser;
  let baseUrl: string;
  let api: Client;
  let managerEmail: string;
  let viewerEmail: string;
  const ids = { cardiology: '', pediatrics: '', ana: '', ben: '', location: '', service: '' };
  const { check: checkAccessibility, violations } = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR, fromTop: true });

  const created = async <T>(method: 'POST' | 'PUT', url: string, body: unknown): Promise<T> => {
    const response = await api.request(method, url, body);
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  };
  const summaryOf = async (query: string) => (await api.request('GET', `/api/reports/summary?${query}`)).json<Summary>();
  const kpiOf = (summary: Summary, kpi: string) => summary.kpis.find((k) => k.kpi === kpi)!;

  /** A past visit written straight to the table (test data: the rollups are recomputed from it below). */
  async function pastVisit(providerId: string, patientId: string, daysAgo: number, hour: number, outcome: 'completed' | 'no_show', waitMinutes = 0) {
    const startsAt = new Date(Date.now() - daysAgo * DAY);
    startsAt.setUTCHours(hour, 0, 0, 0);
    const endsAt = new Date(startsAt.getTime() + HOUR / 2);
    const arrivedAt = new Date(startsAt.getTime() - 15 * 60_000);
    await clinic.careloop.platform.db.insertInto('appointments').values({
      organization_id: clinic.organizationId, patient_id: patientId, provider_id: providerId, location_id: ids.location, service_id: ids.service,
      starts_at: startsAt, ends_at: endsAt, blocked_from: startsAt, blocked_until: endsAt, status: outcome, source: 'staff', booked_by: 'test',
      ...(outcome === 'completed'
        ? { arrived_at: arrivedAt, in_room_at: new Date(arrivedAt.getTime() + waitMinutes * 60_000), completed_at: endsAt }
        : { no_show_at: endsAt }),
    }).execute();
  }

  /** A patient answers the survey by the link in the text they received. */
  async function answeredSurvey(surveyId: string, name: string, nps: number, csat: number, courtesy: string) {
    const patientId = (await created<{ id: string }>('POST', '/api/patients', {
      givenName: name, familyName: 'Survey', dateOfBirth: '1980-01-02', allowDuplicate: true,
      contactPoints: [{ kind: 'phone', value: `+1 617 555 ${String(1000 + Math.floor(Math.random() * 8999))}` }],
    })).id;
    await created('POST', `/api/feedback/surveys/${surveyId}/send`, { patientId });
    const outbox = (await api.request('GET', '/api/channels/outbox?limit=100')).json<{ items: { body: string; patientId: string | null; purpose: string }[] }>();
    const text = outbox.items.find((m) => m.patientId === patientId && m.purpose === 'survey');
    const token = /\/s\/(\S+)$/.exec(text?.body ?? '')?.[1];
    if (!token) throw new Error(`no survey link reached ${name}`);
    const answer = await clinic.careloop.app.inject({ method: 'POST', url: `/api/public/survey/${token}`, payload: { answers: { recommend: nps, satisfied: csat, courtesy } } });
    if (answer.statusCode !== 201) throw new Error(`survey answer: ${answer.statusCode} ${answer.body}`);
  }

  beforeAll(async () => {
    ({ clinic, baseUrl } = await startServedClinic({ PUBLIC_URL: 'https://care.example.org' }));
    api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));

    ids.cardiology = (await created<{ id: string }>('POST', '/api/departments', { name: 'Cardiology' })).id;
    ids.pediatrics = (await created<{ id: string }>('POST', '/api/departments', { name: 'Pediatrics' })).id;
    ids.location = (await created<{ id: string }>('POST', '/api/scheduling/locations', { name: 'Main Street', timeZone: 'America/New_York' })).id;
    ids.ana = (await created<{ id: string }>('POST', '/api/scheduling/providers', { name: 'Dr. Ana Reyes', departmentId: ids.cardiology })).id;
    ids.ben = (await created<{ id: string }>('POST', '/api/scheduling/providers', { name: 'Dr. Ben Okoro', departmentId: ids.pediatrics })).id;
    ids.service = (await created<{ id: string }>('POST', '/api/scheduling/services', {
      name: 'Follow-up visit', durationMinutes: 30, offerings: [{ providerId: ids.ana, locationId: ids.location }, { providerId: ids.ben, locationId: ids.location }],
    })).id;
    const patient = (await created<{ id: string }>('POST', '/api/patients', { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1984-03-02' })).id;

    // Last week: Dr. Reyes saw 4 patients and missed 1; Dr. Okoro saw 2 and missed 2 (no-shows 3 of 9).
    // Waits 10, 20, 30, 40 and 15, 35 minutes: 25 min on average. Two months ago, one more no-show.
    let hour = 13;
    for (const wait of [10, 20, 30, 40]) await pastVisit(ids.ana, patient, 2, hour++, 'completed', wait);
    await pastVisit(ids.ana, patient, 3, 14, 'no_show');
    for (const wait of [15, 35]) await pastVisit(ids.ben, patient, 2, hour++, 'completed', wait);
    await pastVisit(ids.ben, patient, 3, 15, 'no_show');
    await pastVisit(ids.ben, patient, 4, 15, 'no_show');
    await pastVisit(ids.ben, patient, 60, 15, 'no_show');
    await created('POST', '/api/reports/recompute', {});

    // Four answers today: 10, 9, 7 and 3 -> 2 promoters, 1 passive, 1 detractor: NPS +25; CSAT 5, 4, 3, 2 -> 50.0%;
    // courtesy "always" 3 times of 4 -> top box 75.0%.
    const survey = await created<{ id: string }>('POST', '/api/feedback/surveys', {
      name: 'After your visit', trigger: 'manual', delayMinutes: 0, throttleDays: 0,
      items: [
        { id: 'recommend', key: 'recommend', kind: 'nps', text: 'How likely are you to recommend us?', textEs: '¿Nos recomendaría?', required: true },
        { id: 'satisfied', key: 'satisfied', kind: 'csat', text: 'How satisfied are you?', textEs: '¿Qué tan satisfecho está?', required: true },
        { id: 'courtesy', key: 'courtesy', kind: 'cahps', text: 'How often did staff treat you with courtesy and respect?', textEs: '¿Con qué frecuencia el personal lo trató con cortesía y respeto?', required: true },
      ],
    });
    const answers = [['Ana', 10, 5, 'always'], ['Ben', 9, 4, 'always'], ['Cleo', 7, 3, 'always'], ['Dan', 3, 2, 'sometimes']] as const;
    for (const [name, nps, csat, courtesy] of answers) await answeredSurvey(survey.id, name, nps, csat, courtesy);

    managerEmail = await addStaff(clinic.careloop, clinic.organizationId, 'quality_manager');
    viewerEmail = await addStaff(clinic.careloop, clinic.organizationId, 'viewer');
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await clinic?.close();
  });

  async function signedInPage(email: string, width = 1280): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width, height: 900 }, reducedMotion: 'reduce', acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page, email);
    return page;
  }

  const card = (page: Page, label: string) => page.getByRole('article', { name: label, exact: true });
  const cardValue = (page: Page, label: string) => card(page, label).getByTestId('kpi-value').textContent();

  it('shows the numbers the API computes, follows the period and a filter, opens the rows behind a number and downloads them', async () => {
    const page = await signedInPage(managerEmail);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    // The pointer leaves the menu: the shell's hovered active item is a state of the navigation, not of this page.
    await page.mouse.move(900, 700);
    await page.getByRole('heading', { name: 'Patient experience' }).waitFor();

    const api30 = await summaryOf('');
    expect(kpiOf(api30, 'nps')).toMatchObject({ value: 25, n: 4 });
    expect(kpiOf(api30, 'no_show_rate')).toMatchObject({ value: 33.33, n: 9 });
    await expect(cardValue(page, 'Net Promoter Score')).resolves.toBe('+25');
    await card(page, 'Net Promoter Score').getByText(/^adjusted Wald \(Rocks 2016\), centred on /).waitFor();
    await expect(card(page, 'Net Promoter Score').getByTestId('kpi-n').textContent()).resolves.toBe('n = 4 answers');
    await expect(card(page, 'Net Promoter Score').getByText('2 promoters · 1 passive · 1 detractor').count()).resolves.toBe(1);
    await expect(cardValue(page, 'CSAT (% satisfied)')).resolves.toBe('50.0%');
    await card(page, 'CSAT (% satisfied)').getByText('% of 4–5 answers on a 1–5 scale').waitFor();
    await expect(cardValue(page, 'No-show rate')).resolves.toBe('33.3%');
    await expect(card(page, 'No-show rate').getByTestId('kpi-n').textContent()).resolves.toBe('n = 9 visits');
    await expect(cardValue(page, 'Wait time (average)')).resolves.toBe('25 min');
    const courtesy = api30.kpis.find((k) => k.kpi.startsWith('cahps:'))!;
    expect(courtesy).toMatchObject({ kpi: 'cahps:courtesy', value: 75, n: 4 });
    await expect(page.getByRole('article').filter({ has: page.getByText('Top box: % answering "always"') }).getByTestId('kpi-value').textContent()).resolves.toBe('75.0%');
    // No referral was sent in this clinic: the referral KPI is shown, with nothing to measure.
    await card(page, 'Referral closure rate').getByText('Nothing to measure in this period.').waitFor();

    // The trend: a chart, and the same numbers as a table with n for each period.
    const trend = page.getByRole('region', { name: 'Trend' });
    await trend.getByRole('img', { name: /Net Promoter Score by week/ }).waitFor();
    await trend.getByText('Month', { exact: true }).click();
    await trend.getByRole('img', { name: /Net Promoter Score by month/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('interval')).toBe('month');
    await trend.getByText('The numbers behind the chart').click();
    const months = trend.getByRole('table', { name: 'Net Promoter Score by month' });
    await months.getByRole('row', { name: /\+25 .* 4$/ }).waitFor();
    await checkAccessibility(page, 'reports-30-days');

    // Last 90 days reaches the no-show of two months ago; the URL keeps the choice, so the report can be shared.
    await page.getByLabel('Period', { exact: true }).selectOption({ label: 'Last 90 days' });
    await card(page, 'No-show rate').getByTestId('kpi-value').filter({ hasText: '40.0%' }).waitFor();
    expect(new URL(page.url()).searchParams.get('period')).toBe('90d');

    // Cardiology (Dr. Reyes) only: one no-show in five visits.
    await page.getByLabel('Department', { exact: true }).selectOption({ label: 'Cardiology' });
    await card(page, 'No-show rate').getByTestId('kpi-value').filter({ hasText: '20.0%' }).waitFor();
    expect(new URL(page.url()).searchParams.get('departmentId')).toBe(ids.cardiology);
    const from = DateTime.now().setZone('America/New_York').minus({ days: 89 }).toISODate();
    const apiCardiology = await summaryOf(`from=${from}&departmentId=${ids.cardiology}`);
    expect(kpiOf(apiCardiology, 'no_show_rate')).toMatchObject({ n: 5, value: 20 });

    // The comparison says which departments differ beyond noise, and how that is tested.
    await page.getByRole('region', { name: 'Comparison by department' }).getByLabel('KPI').selectOption({ label: 'No-show rate' });
    await page.getByTestId('compare-test').filter({ hasText: /95%/ }).waitFor();
    await page.getByRole('table', { name: 'No-show rate by department' }).getByRole('row', { name: /Cardiology/ }).waitFor();
    await checkAccessibility(page, 'reports-cardiology-90-days');

    // The rows behind the number: the five Cardiology visits, and the same rows as CSV.
    await card(page, 'No-show rate').getByRole('link', { name: 'See the 5 rows behind No-show rate' }).click();
    const dialog = page.getByRole('dialog', { name: 'The rows behind No-show rate' });
    const table = dialog.getByRole('table', { name: 'Rows behind No-show rate' });
    await table.waitFor();
    await expect(table.getByRole('row').count()).resolves.toBe(6);
    await expect(table.getByText('Dr. Ben Okoro').count()).resolves.toBe(0);
    await expect(table.getByRole('cell', { name: 'no show', exact: true }).count()).resolves.toBe(1);
    await dialog.getByText('Rows 1–5 of 5').waitFor();
    await checkAccessibility(page, 'reports-rows');
    const download = page.waitForEvent('download');
    await dialog.getByRole('link', { name: 'Download all rows behind No-show rate as CSV' }).click();
    const file = await download;
    const csv = await (await file.createReadStream()).toArray();
    const lines = Buffer.concat(csv.map((chunk) => Buffer.from(chunk as Uint8Array))).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Starts,Patient,MRN,Status,Provider,Service,Location,Department,Arrived,In room,Wait (seconds)');
    expect(lines.filter((line) => line.includes('Cardiology'))).toHaveLength(5);
    // Closed from the keyboard.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(new URL(page.url()).searchParams.get('rows')).toBeNull();

    // The summary CSV has the same filters as the screen.
    const summaryHref = await page.getByRole('link', { name: 'Download the summary as CSV' }).getAttribute('href');
    expect(summaryHref).toContain(`departmentId=${ids.cardiology}`);
    const summaryCsv = await page.request.get(summaryHref!);
    expect((await summaryCsv.text()).split('\r\n')[0]).toMatch(/^kpi,label,unit,value,n,ci_low,ci_high/);
    await page.context().close();
  }, 120_000);

  it('a target set on the page turns the NPS card amber, then green, in words as well as colour', async () => {
    const page = await signedInPage(managerEmail);
    // A shared link opens the same report: here the no-show trend by day.
    await page.goto('/reports?period=30d&trend=no_show_rate&interval=day');
    await page.getByRole('region', { name: 'Trend' }).getByRole('img', { name: /No-show rate by day/ }).waitFor();
    const nps = card(page, 'Net Promoter Score');
    await nps.getByText('No target').waitFor();

    const form = page.getByRole('form', { name: 'Set a target' });
    await form.getByLabel('KPI').selectOption({ label: 'Net Promoter Score' });
    await form.getByLabel('Green').fill('30');
    await form.getByLabel('Amber').fill('10');
    await form.getByRole('button', { name: 'Save target' }).click();
    await nps.getByText('Near target').waitFor();
    await nps.getByText('Target: green ≥ +30, amber ≥ +10').waitFor();
    await checkAccessibility(page, 'reports-target-amber');

    await form.getByLabel('Green').fill('20');
    await form.getByRole('button', { name: 'Save target' }).click();
    await nps.getByText('On target').waitFor();
    const targets = (await api.request('GET', '/api/reports/targets')).json<{ items: { kpi: string; departmentId: string | null; green: number; amber: number }[] }>().items;
    expect(targets).toMatchObject([{ kpi: 'nps', departmentId: null, green: 20, amber: 10 }]);
    expect(kpiOf(await summaryOf(''), 'nps').target?.status).toBe('green');
    await checkAccessibility(page, 'reports-1280');

    // An amber threshold better than green is refused, with the server's reason on the form.
    await form.getByLabel('Amber').fill('40');
    await form.getByRole('button', { name: 'Save target' }).click();
    await form.getByText(/must not be better than green/).waitFor();
    await nps.getByText('On target').waitFor();
    await page.context().close();
  }, 60_000);

  it('reads on a phone 390 px wide, and a viewer sees the numbers but cannot edit targets', async () => {
    const phone = await signedInPage(viewerEmail, 390);
    await phone.goto('/reports');
    await phone.getByRole('heading', { name: 'Patient experience' }).waitFor();
    await expect(cardValue(phone, 'Net Promoter Score')).resolves.toBe('+25');
    await card(phone, 'Net Promoter Score').getByText('On target').waitFor();
    await expect(phone.getByRole('heading', { name: 'Targets' }).count()).resolves.toBe(0);
    await expect(phone.getByRole('form', { name: 'Set a target' }).count()).resolves.toBe(0);
    // Nothing wider than the screen but the tables that scroll sideways on purpose.
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await checkAccessibility(phone, 'reports-390-viewer');
    const viewerApi = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId, 'viewer'));
    const refused = await viewerApi.request('PUT', '/api/reports/targets', { kpi: 'nps', departmentId: null, green: 0, amber: -10 });
    expect(refused.statusCode).toBe(403);
    await phone.context().close();
  }, 60_000);

  it('has no serious or critical accessibility violations on the Reports page', () => {
    expect(violations, `axe found:\n${violations.join('\n')}`).toEqual([]);
  });
});
