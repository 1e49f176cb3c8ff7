import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addStaff, apiToken, tokenClient, type Client, type TestClinic } from './harness.js';
import { accessibilityChecker, launchChromium, signIn, skipBrowserTests, startServedClinic } from './browser-kit.js';
import { seedSchedule } from './scheduling-factory.js';

describe.skipIf(skipBrowserTests)('a clinician refers a patient and follows the referral in a real browser', () => {
  let clinic: TestClinic;
  let browser: Browser;
  let baseUrl: string;
  let api: Client;
  let clinicianEmail: string;
  let patientId: string;
  let lateId: string;
  const { check: checkAccessibility, violations } = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR, fromTop: true });

  const created = async <T>(url: string, body: unknown): Promise<T> => {
    const response = await api.request('POST', url, body);
    if (response.statusCode >= 300) throw new Error(`POST ${url}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  };

  beforeAll(async () => {
    ({ clinic, baseUrl } = await startServedClinic());
    api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    await seedSchedule(clinic.careloop, clinic.organizationId);
    await created('/api/departments', { name: 'Family medicine' });
    patientId = (await created<{ id: string }>('/api/patients', { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1984-03-02' })).id;
    const other = (await created<{ id: string }>('/api/patients', { givenName: 'Joseph', familyName: 'Kamau', dateOfBirth: '1949-11-20' })).id;
    lateId = (await created<{ id: string }>('/api/referrals', { patientId: other, kind: 'test', urgency: 'emergency', destination: 'CT head', reason: 'Fall with head strike' })).id;
    // The clock: this emergency referral was sent two days ago, and nobody closed it.
    await sql`update referrals set sent_at = now() - interval '2 days', due_at = now() - interval '1 day' where id = ${lateId}`.execute(clinic.careloop.platform.db);
    clinicianEmail = await addStaff(clinic.careloop, clinic.organizationId, 'clinician');
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await clinic?.close();
  });

  async function signedInPage(email: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page, email);
    return page;
  }

  it('sends a referral from the patient, refuses a blank reason with the server words, books it, and closes the loop', async () => {
    const page = await signedInPage(clinicianEmail);
    await page.goto(`/patients/${patientId}`);
    await page.getByRole('tab', { name: 'Referrals and tasks' }).click();
    await page.getByText('No referral for this patient.').waitFor();
    await page.getByRole('link', { name: 'New referral' }).click();
    await page.getByRole('heading', { level: 1, name: 'New referral' }).waitFor();
    await expect.poll(async () => page.getByLabel('Patient').first().inputValue()).toContain('Maria Lopez');

    await page.getByRole('textbox', { name: 'Referred to' }).fill('Cardiology');
    await page.getByRole('radio', { name: /Urgent/ }).check();
    // Bad input: a reason of spaces passes the browser's "required" but not the server.
    await page.getByRole('textbox', { name: 'Reason' }).fill('   ');
    await page.getByLabel('Referring department').selectOption({ label: 'Family medicine' });
    await checkAccessibility(page, 'new-referral');
    await page.getByRole('button', { name: 'Send referral' }).click();
    await page.getByText(/not only spaces/).waitFor();
    await page.getByRole('textbox', { name: 'Reason' }).fill('Chest pain on exertion for three weeks');
    await page.getByRole('button', { name: 'Send referral' }).click();

    await page.getByRole('heading', { level: 1, name: 'Referral to Cardiology' }).waitFor();
    await page.getByText('Due in 14 days').waitFor();
    const book = page.getByRole('group', { name: 'Free times' }).getByRole('button').first();
    await book.waitFor();
    await checkAccessibility(page, 'referral-sent');
    await book.click();
    await page.getByText(/Follow-up visit, .* with Dr\. Provider 001 at Main Street \(Booked\)/).waitFor();
    expect(await page.getByRole('table', { name: 'Referral history' }).getByRole('row').count()).toBe(3);

    await page.getByLabel('Next step', { exact: true }).selectOption('completed');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('table', { name: 'Referral history' }).getByText('Scheduled → Completed').waitFor();
    await page.getByLabel('Next step', { exact: true }).selectOption('result_received');
    await page.getByRole('textbox', { name: 'Result' }).fill('Stable angina; statin started');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Stable angina; statin started').waitFor();
    await expect.poll(async () => page.getByLabel('Next step', { exact: true }).count()).toBe(0);
    await checkAccessibility(page, 'referral-closed');

    const referrals = (await api.request('GET', `/api/referrals?patientId=${patientId}&status=closed`)).json<{ items: { status: string; appointmentId: string | null }[] }>();
    expect(referrals.items).toEqual([expect.objectContaining({ status: 'result_received' })]);
    await page.goto(`/patients/${patientId}`);
    await page.getByRole('tab', { name: 'Referrals and tasks' }).click();
    await page.getByRole('table', { name: 'Referrals of this patient' }).getByRole('link', { name: /Cardiology/ }).waitFor();
    await checkAccessibility(page, 'patient-referrals');
  });

  it('puts the overdue referral at the top of the worklist and filters to overdue only', async () => {
    const page = await signedInPage(clinicianEmail);
    await page.goto('/referrals');
    const table = page.getByRole('table', { name: 'Referrals' });
    await table.waitFor();
    await page.getByRole('status').getByText(/1 overdue/).waitFor();
    const first = table.getByRole('row').nth(1);
    await first.getByText(/^Overdue, due/).waitFor();
    expect(await first.getAttribute('data-referral')).toBe(lateId);
    await checkAccessibility(page, 'referral-worklist');
    await page.getByRole('radiogroup', { name: 'Overdue or all' }).getByText(/^Overdue/).click();
    await expect.poll(async () => table.getByRole('row').count()).toBe(2);
    await page.getByLabel('Status').selectOption('closed');
    await page.getByText('No referral matches.').waitFor();
  });

  it('finds no serious or critical accessibility problem on any screen', () => {
    expect(violations).toEqual([]);
  });
});
