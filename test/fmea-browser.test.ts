import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addStaff, apiToken, tokenClient, type Client, type TestClinic } from './harness.js';
import { accessibilityChecker, launchChromium, signIn, skipBrowserTests, startServedClinic } from './browser-kit.js';

interface FailureMode { id: string; failureMode: string; effect: string; rank: number; rpn: number; severity: number; actionStatus: string | null; rpnAfter: number | null }
interface Worksheet { id: string; title: string; team: string[]; steps: { name: string }[]; failureModes: FailureMode[] }

describe.skipIf(skipBrowserTests)('a quality manager works an FMEA worksheet in a real browser', () => {
  let clinic: TestClinic;
  let browser: Browser;
  let baseUrl: string;
  let api: Client;
  let managerEmail: string;
  let viewerEmail: string;
  let worksheetId = '';
  const { check: checkAccessibility, violations } = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR, fromTop: true });

  const worksheet = async () => (await api.request('GET', `/api/quality/fmea/${worksheetId}`)).json<Worksheet>();

  beforeAll(async () => {
    ({ clinic, baseUrl } = await startServedClinic());
    api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    managerEmail = await addStaff(clinic.careloop, clinic.organizationId, 'quality_manager');
    viewerEmail = await addStaff(clinic.careloop, clinic.organizationId, 'viewer');
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await clinic?.close();
  });

  async function signedInPage(email: string, width = 1400): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width, height: 900 }, reducedMotion: 'reduce', acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page, email);
    return page;
  }

  const ranked = (page: Page) => page.getByRole('table', { name: 'Failure modes ranked by RPN' });
  const rowOf = (page: Page, failureMode: string) => ranked(page).getByRole('row').filter({ has: page.getByRole('textbox', { name: `Failure mode of "${failureMode}"` }) });

  it('starts a worksheet, adds steps and failure modes, edits scores in place and sees the ranking follow', async () => {
    const page = await signedInPage(managerEmail);
    await page.goto('/quality/fmea');
    await page.getByRole('heading', { level: 1, name: 'FMEA worksheets' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'No worksheet.' }).waitFor();

    const start = page.getByRole('form', { name: 'Start a worksheet' });
    await start.getByRole('textbox', { name: /^Process/ }).fill('Appointment reminders');
    await start.getByLabel('What the process is for').fill('From booking to the reminder reaching the patient');
    const team = start.getByLabel('Team', { exact: true });
    await team.fill('Front desk lead');
    await team.press('Enter');
    await team.fill('Nurse manager');
    await team.press('Enter');
    await start.getByRole('button', { name: 'Start the worksheet' }).click();
    await page.getByRole('heading', { level: 1, name: 'Appointment reminders' }).waitFor();
    worksheetId = /\/quality\/fmea\/([0-9a-f-]{36})$/.exec(page.url())![1]!;
    expect((await worksheet()).team).toEqual(['Front desk lead', 'Nurse manager']);

    for (const name of ['Book the visit', 'Send the reminder']) {
      await page.getByLabel('New step').fill(name);
      await page.getByRole('button', { name: 'Add step' }).click();
      await expect.poll(async () => (await worksheet()).steps.map((s) => s.name)).toContain(name);
    }
    // The screen reads the worksheet again after each step: wait for it rather than counting at once.
    await expect.poll(() => page.getByRole('table', { name: 'Process steps in order' }).getByRole('row').count()).toBe(3);

    // Bad input: no severity chosen. The server's words are shown, nothing is added.
    const add = page.getByRole('form', { name: 'Add a failure mode' });
    await add.getByLabel('Step').selectOption({ label: '2. Send the reminder' });
    await add.getByLabel('Failure mode').fill('Reminder goes to an old phone number');
    await add.getByLabel('Effect').fill('Patient misses the visit');
    await add.getByLabel('Occurrence').selectOption('5');
    await add.getByLabel('Detection').selectOption('4');
    await add.getByRole('button', { name: 'Add failure mode' }).click();
    await add.getByRole('alert').filter({ hasText: 'severity: is required' }).waitFor();
    expect((await worksheet()).failureModes).toEqual([]);

    await add.getByLabel('Severity').selectOption('6'); // 6 x 5 x 4 = 120
    await add.getByRole('button', { name: 'Add failure mode' }).click();
    await rowOf(page, 'Reminder goes to an old phone number').getByLabel('RPN 120, medium priority').waitFor();

    await add.getByLabel('Step').selectOption({ label: '1. Book the visit' });
    await add.getByLabel('Failure mode').fill('Wrong mobile number typed');
    await add.getByLabel('Severity').selectOption('7');
    await add.getByLabel('Occurrence').selectOption('6');
    await add.getByLabel('Detection').selectOption('5'); // 210
    await add.getByRole('button', { name: 'Add failure mode' }).click();
    await rowOf(page, 'Wrong mobile number typed').getByLabel('RPN 210, high priority').waitFor();
    await expect(ranked(page).getByRole('row').nth(1).getByRole('cell').first().textContent()).resolves.toBe('1');
    await expect(rowOf(page, 'Wrong mobile number typed').getByRole('cell').first().textContent()).resolves.toBe('1');
    await checkAccessibility(page, 'fmea-worksheet');

    // Raising a score in place: the server recomputes the RPN (9 x 5 x 4 = 180, high by severity) and the row rises to first.
    await rowOf(page, 'Reminder goes to an old phone number').getByLabel('Severity of "Reminder goes to an old phone number"').selectOption('9');
    await rowOf(page, 'Reminder goes to an old phone number').getByLabel('RPN 180, high priority').waitFor();
    await page.getByRole('combobox', { name: 'Detection of "Reminder goes to an old phone number"' }).selectOption('6'); // 270
    await rowOf(page, 'Reminder goes to an old phone number').getByLabel('RPN 270, high priority').waitFor();
    await expect.poll(async () => rowOf(page, 'Reminder goes to an old phone number').getByRole('cell').first().textContent()).toBe('1');
    expect((await worksheet()).failureModes.map((f) => [f.rank, f.failureMode, f.rpn])).toEqual([
      [1, 'Reminder goes to an old phone number', 270], [2, 'Wrong mobile number typed', 210],
    ]);

    // Text edited where it stands, saved when the field is left.
    const effect = page.getByRole('textbox', { name: 'Effect of "Wrong mobile number typed"' });
    await effect.fill('Reminder never arrives; the visit is missed');
    await effect.press('Tab');
    await expect.poll(async () => (await worksheet()).failureModes.find((f) => f.failureMode === 'Wrong mobile number typed')?.effect)
      .toBe('Reminder never arrives; the visit is missed');
    // A blanked failure mode is refused by the server, which says why, beside the field.
    const name = page.getByRole('textbox', { name: 'Failure mode of "Wrong mobile number typed"' });
    await name.fill('   ');
    await name.press('Tab');
    await page.getByText('failureMode: must not be blank').waitFor();
    await checkAccessibility(page, 'fmea-inline-error');
    await name.press('Escape');
  });

  it('plans the action, records what was done and scores it again: the RPN after action comes from the server', async () => {
    const page = await signedInPage(managerEmail);
    await page.goto(`/quality/fmea/${worksheetId}`);
    const who = '"Reminder goes to an old phone number"';
    await page.getByRole('button', { name: `Show the action for ${who}` }).click();
    const form = page.getByRole('form', { name: `Action for ${who}` });
    await form.getByLabel('Recommended action').fill('Confirm the mobile number at every booking');
    await form.getByLabel('Owner').selectOption({ label: 'quality_manager person' });
    await form.getByLabel('Due on').fill('2031-05-01');
    await form.getByLabel('Action status').selectOption('completed');
    await form.getByRole('button', { name: 'Save action' }).click();
    // Bad input: completed without saying what was done.
    await form.getByText('is required to mark the action completed: say what was done').first().waitFor();
    expect((await worksheet()).failureModes[0]!.actionStatus).toBeNull();

    await form.getByLabel('Action taken').fill('Booking screen asks to confirm the number');
    await form.getByLabel(`severity after the action for ${who}`).selectOption('9');
    await form.getByLabel(`occurrence after the action for ${who}`).selectOption('2');
    await checkAccessibility(page, 'fmea-action');
    await form.getByRole('button', { name: 'Save action' }).click();
    // Only two of the three scores after the action.
    await page.getByText('is required with the other scores after the action (score all three, or none)').first().waitFor();
    await page.getByRole('form', { name: `Action for ${who}` }).getByLabel(`detection after the action for ${who}`).selectOption('2');
    await page.getByRole('form', { name: `Action for ${who}` }).getByRole('button', { name: 'Save action' }).click();
    await rowOf(page, 'Reminder goes to an old phone number').getByLabel('RPN after the action 36, high priority').waitFor();
    const saved = (await worksheet()).failureModes.find((f) => f.failureMode === 'Reminder goes to an old phone number')!;
    expect(saved).toMatchObject({ actionStatus: 'completed', rpn: 270, rpnAfter: 36 });
    await page.getByRole('region', { name: 'Summary' }).or(page.getByLabel('Summary')).getByText('480 → 246 (−49%)').waitFor();

    // The ranked worksheet as CSV.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('fmea-appointment-reminders.csv');
    const chunks = await (await file.createReadStream()).toArray();
    const lines = Buffer.concat(chunks.map((chunk) => Buffer.from(chunk as Uint8Array))).toString('utf8').split('\r\n');
    expect(lines[0]).toMatch(/^rank,step_no,step,failure_mode,effect,cause,current_controls,severity,occurrence,detection,rpn,priority,/);
    expect(lines[1]).toMatch(/^1,2,Send the reminder,Reminder goes to an old phone number,Patient misses the visit,,,9,5,6,270,high,Confirm the mobile number at every booking,quality_manager person,2031-05-01,completed,/);
    expect(lines[1]).toMatch(/,9,2,2,36$/);

    await page.goto('/quality/fmea');
    await page.getByRole('table', { name: 'FMEA worksheets' }).getByRole('link', { name: 'Appointment reminders' }).waitFor();
    await checkAccessibility(page, 'fmea-list');
  });

  it('a viewer reads the worksheet and its ranking but finds nothing to edit', async () => {
    const page = await signedInPage(viewerEmail);
    await page.goto(`/quality/fmea/${worksheetId}`);
    await page.getByRole('heading', { level: 1, name: 'Appointment reminders' }).waitFor();
    const table = ranked(page);
    await table.getByRole('row').nth(1).getByText('Reminder goes to an old phone number').waitFor();
    await table.getByLabel('RPN 270, high priority').waitFor();
    await expect(table.getByRole('combobox').count()).resolves.toBe(0);
    await expect(table.getByRole('textbox').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Add step' }).count()).resolves.toBe(0);
    await expect(page.getByRole('form', { name: 'Add a failure mode' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Export CSV' }).waitFor();
    await checkAccessibility(page, 'fmea-viewer');
    await page.getByRole('button', { name: 'Show the action for "Reminder goes to an old phone number"' }).click();
    const dialog = page.getByRole('dialog', { name: 'Action for "Reminder goes to an old phone number"' });
    await dialog.getByText('9 × 2 × 2 = 36 (was 270)').waitFor();
    await expect(dialog.getByRole('textbox').count()).resolves.toBe(0);
    await checkAccessibility(page, 'fmea-viewer-action');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.goto('/quality/fmea');
    await expect(page.getByRole('form', { name: 'Start a worksheet' }).count()).resolves.toBe(0);
  });

  it('has no serious or critical accessibility violation on any screen', () => {
    expect(violations).toEqual([]);
  });
});
