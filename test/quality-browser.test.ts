import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addStaff, type TestClinic } from './harness.js';
import { accessibilityChecker, launchChromium, signIn, skipBrowserTests, startServedClinic } from './browser-kit.js';

describe.skipIf(skipBrowserTests)('incidents, root cause analysis and actions in a real browser', () => {
  let clinic: TestClinic;
  let browser: Browser;
  let baseUrl: string;
  let clinicianEmail: string;
  let managerEmail: string;
  const { check: checkAccessibility, violations } = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR, fromTop: true });

  beforeAll(async () => {
    ({ clinic, baseUrl } = await startServedClinic());
    clinicianEmail = await addStaff(clinic.careloop, clinic.organizationId, 'clinician');
    managerEmail = await addStaff(clinic.careloop, clinic.organizationId, 'quality_manager');
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

  async function fillReport(page: Page, title: string, harm: string) {
    await page.getByLabel('Summary').fill(title);
    await page.getByLabel('What happened').fill('Two patients with the same surname were called; the wrong one went in.');
    await page.getByLabel('Category').selectOption({ label: 'Patient identification' });
    await page.getByRole('radio', { name: harm }).check();
  }

  it('a clinician reports an incident (an empty form gets the server\'s errors first), then one anonymously', async () => {
    const page = await signedInPage(clinicianEmail);
    await page.goto('/quality/incidents/new');
    await page.getByRole('heading', { level: 1, name: 'Report an incident' }).waitFor();
    await checkAccessibility(page, 'quality-report-form');
    await page.getByRole('button', { name: 'Report the incident' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('title');

    await fillReport(page, 'Wrong patient called into the room', 'Near miss');
    await page.getByLabel('What was done at once').fill('Identity checked with date of birth before starting.');
    await page.getByRole('button', { name: 'Report the incident' }).click();
    await page.getByRole('heading', { level: 1, name: /INC-0001: Wrong patient called into the room/ }).waitFor();
    await expect.poll(() => page.getByText('By clinician person').count()).toBe(1);
    await checkAccessibility(page, 'quality-incident-as-reporter');

    await page.goto('/quality/incidents/new');
    await fillReport(page, 'Aggressive visitor in the waiting room', 'Moderate harm');
    await page.getByLabel('Report anonymously').check();
    await page.getByRole('button', { name: 'Report anonymously' }).click();
    await page.getByText(/INC-0002 was reported anonymously/).waitFor();

    await page.goto('/quality/incidents');
    await page.getByRole('table', { name: 'Incidents' }).waitFor();
    const rows = await page.getByRole('table', { name: 'Incidents' }).getByRole('row').allTextContents();
    expect(rows.join('\n')).toContain('INC-0001');
    expect(rows.join('\n'), 'an anonymous report is not the reporter\'s to find').not.toContain('INC-0002');
  });

  it('a quality manager analyses the incident, adds an action (a past due date is refused), verifies it and closes the incident', async () => {
    const page = await signedInPage(managerEmail);
    await page.goto('/quality/incidents');
    const table = page.getByRole('table', { name: 'Incidents' });
    await table.waitFor();
    await expect.poll(() => table.getByText('Anonymous').count()).toBe(1);
    await checkAccessibility(page, 'quality-incidents');
    await table.getByRole('link', { name: /INC-0001/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Root cause analysis' }).waitFor();

    await page.getByLabel('Problem statement').fill('The wrong patient was called in');
    await page.getByRole('textbox', { name: 'Why 1', exact: true }).fill('Only the surname was called');
    await page.getByRole('button', { name: 'Add a why' }).click();
    await page.getByRole('textbox', { name: 'Why 2', exact: true }).fill('The calling procedure does not ask for a second identifier');
    await page.getByRole('button', { name: 'Add a process cause' }).click();
    await page.getByRole('textbox', { name: 'Process cause 1' }).fill('No two-identifier check at the door');
    await page.getByRole('button', { name: 'Add a contributing factor' }).click();
    await page.getByRole('textbox', { name: 'Contributing factor 1' }).fill('Crowded waiting room');
    await page.getByLabel('Root cause', { exact: true }).fill('Patients are called by surname only');
    await page.getByLabel('The analysis is complete').check();
    await page.getByRole('button', { name: 'Save the analysis' }).click();
    await page.getByText('Saved.').waitFor();
    await expect.poll(() => page.getByText(/Now: Investigating/).count()).toBe(1);

    const addForm = page.getByRole('form', { name: 'Add an action' });
    await addForm.getByLabel('What will be done').fill('Call patients by full name and date of birth');
    await addForm.getByLabel('Owner').selectOption({ label: 'quality_manager person' });
    await addForm.getByLabel('Due date').fill('2020-01-01');
    await addForm.getByRole('button', { name: 'Add the action' }).click();
    await expect.poll(() => addForm.getByRole('alert').textContent()).toContain('is in the past');
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await addForm.getByLabel('Due date').fill(due);
    await addForm.getByRole('button', { name: 'Add the action' }).click();
    const actions = page.getByRole('table', { name: 'Corrective and preventive actions' });
    await actions.getByText('Corrective: Call patients by full name and date of birth').waitFor();
    await checkAccessibility(page, 'quality-incident-analysis');

    await actions.getByRole('button', { name: 'Mark as done' }).click();
    await actions.getByLabel('What was done').fill('Script changed at all desks');
    await actions.getByRole('button', { name: 'Record as done' }).click();
    await actions.getByRole('button', { name: 'Verify effectiveness' }).click();
    await actions.getByLabel('How it was checked').fill('No wrong-patient call in a month of audits');
    await actions.getByRole('button', { name: 'Record the check' }).click();
    await actions.getByText('Verified effective').waitFor();

    await page.getByRole('button', { name: 'Close the incident' }).click();
    // Closing needs a note: the server says so.
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('note');
    await page.getByLabel('Note').fill('Two identifiers at every call.');
    await page.getByRole('button', { name: 'Close the incident' }).click();
    await expect.poll(() => page.getByText(/Now: Closed/).count()).toBe(1);
    await checkAccessibility(page, 'quality-incident-closed');
  });

  it('the actions list and the dashboard show the work', async () => {
    const page = await signedInPage(managerEmail);
    await page.goto('/quality/actions');
    await page.getByLabel('Status').selectOption({ label: 'Any status' });
    await page.getByRole('table', { name: 'Corrective and preventive actions' }).getByText(/Call patients by full name/).waitFor();
    await checkAccessibility(page, 'quality-actions');
    await page.goto('/quality/dashboard');
    await page.getByRole('heading', { level: 2, name: 'Incidents by harm level, per month' }).waitFor();
    const byHarm = page.getByRole('table', { name: 'Incidents by harm level in this period' });
    await expect.poll(async () => (await byHarm.getByRole('row', { name: /Near miss/ }).textContent()) ?? '').toContain('1');
    await expect.poll(async () => (await byHarm.getByRole('row', { name: /Moderate harm/ }).textContent()) ?? '').toContain('1');
    await checkAccessibility(page, 'quality-dashboard');
  });

  it('no serious or critical accessibility violation on any screen', () => {
    expect(violations).toEqual([]);
  });
});
