import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { systemActor } from '../src/platform/permissions.js';
import { registerPatient } from '../src/modules/patients/service.js';
import type { Patient } from '../src/modules/patients/schemas.js';
import { addStaff, apiToken, tokenClient, type Client, type TestClinic } from './harness.js';
import { accessibilityChecker, CHROMIUM, launchChromium, signIn, skipBrowserTests, startServedClinic } from './browser-kit.js';

if (skipBrowserTests) {
  console.warn(`Skipping the browser tests: ${CHROMIUM} is missing. Install it with: apt-get install -y chromium`);
}

describe.skipIf(skipBrowserTests)('the staff console in a real browser', () => {
  let clinic: TestClinic;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let baseUrl: string;
  let api: Client;
  let maria: Patient;
  let viewerEmail: string;
  const axe = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR });
  const violations = axe.violations;
  /** Every screen here is on the one signed-in page. */
  const checkAccessibility = (name: string) => axe.check(page, name);

  beforeAll(async () => {
    ({ clinic, baseUrl } = await startServedClinic());
    api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));

    const actor = systemActor(clinic.organizationId, 'cli');
    const register = (givenName: string, familyName: string, dateOfBirth: string, phone: string, tags: string[] = []) =>
      registerPatient(clinic.careloop.platform, actor, {
        givenName, familyName, dateOfBirth, tags, allowDuplicate: true,
        contactPoints: [{ kind: 'phone', value: phone, isPrimary: true, consentCare: true }],
      });
    maria = await register('Maria', 'Lopez', '1984-03-02', '(617) 555-0142', ['diabetes']);
    await register('Mariah', 'Lopez', '1984-03-02', '(617) 555-0143');
    await register('James', 'Okafor', '1952-11-23', '(617) 555-0150', ['cardiology']);
    await register('Ana', 'Silva', '2011-06-14', '(617) 555-0151');
    await addStaff(clinic.careloop, clinic.organizationId, 'agent');
    await addStaff(clinic.careloop, clinic.organizationId, 'agent');
    await addStaff(clinic.careloop, clinic.organizationId, 'clinician');
    viewerEmail = await addStaff(clinic.careloop, clinic.organizationId, 'viewer');

    browser = await launchChromium();
    context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 900 }, reducedMotion: 'reduce' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await browser?.close();
    await clinic?.close();
  });

  const heading = (name: string) => page.getByRole('heading', { level: 1, name });

  it('refuses a wrong password with the server’s message, then signs in to the shell', async () => {
    await page.goto('/patients');
    await heading('Sign in').waitFor();
    await checkAccessibility('sign-in');

    await page.getByLabel('E-mail').fill(clinic.adminEmail);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The e-mail or password is not right.' }).waitFor();

    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(clinic.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Patients').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const section of ['Inbox', 'Schedule', 'Feedback', 'Quality', 'Reports', 'Staff', 'API tokens']) {
      await expect(nav.getByText(section, { exact: true }).count()).resolves.toBe(1);
    }
    await expect(page.getByTestId('signed-in-user').textContent()).resolves.toBe('sunrise admin');
    await expect(page.getByRole('banner').textContent()).resolves.toContain('sunrise clinic');
  });

  it('finds a patient by name, changes the phone number, and the change survives a reload', async () => {
    await checkAccessibility('patient-list');
    const search = page.waitForResponse((r) => r.url().includes('/api/patients?q=Okafor') && r.status() === 200);
    await page.getByLabel('Search patients').fill('Okafor');
    await search;
    const results = page.getByRole('table', { name: 'Patients found' });
    await results.getByRole('link', { name: 'James Okafor' }).waitFor();
    await expect(results.getByRole('row').count()).resolves.toBe(2);

    await page.getByLabel('Search patients').fill('Maria Lopez');
    await results.getByRole('link', { name: 'Maria Lopez', exact: true }).click();
    await heading('Maria Lopez').waitFor();
    await expect(page.getByTestId('patient-mrn').textContent()).resolves.toBe(maria.mrn);
    await expect(page.getByLabel('Phone 1 number').inputValue()).resolves.toBe('+16175550142');
    await checkAccessibility('patient-detail');

    await page.getByLabel('Phone 1 number').fill('(617) 555-0199');
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/patients/${maria.id}`) && r.request().method() === 'PATCH');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect((await saved).status()).toBe(200);
    await page.getByText(/^Saved at /).waitFor();

    await page.reload();
    await heading('Maria Lopez').waitFor();
    await expect(page.getByLabel('Phone 1 number').inputValue()).resolves.toBe('+16175550199');
    const stored = (await api.request('GET', `/api/patients/${maria.id}`)).json<Patient>();
    expect(stored.contactPoints.filter((cp) => cp.kind === 'phone').map((cp) => cp.value)).toEqual(['+16175550199']);

    await page.getByRole('tab', { name: 'Possible duplicates' }).click();
    await page.getByRole('table', { name: 'Possible duplicates of this patient' }).getByText('Open Mariah Lopez').waitFor();
    await checkAccessibility('patient-duplicates');
    await page.getByRole('button', { name: 'Merge into this record' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge these records?' });
    await dialog.waitFor();
    await checkAccessibility('patient-merge-dialog');
    const merged = page.waitForResponse((r) => r.url().endsWith(`/api/patients/${maria.id}/merge`));
    await dialog.getByRole('button', { name: 'Merge records' }).click();
    expect((await merged).status()).toBe(200);
    await page.getByText('The records were merged into this one.').waitFor();
    const mariah = (await api.request('GET', '/api/patients?q=Mariah&includeMerged=true')).json<{ items: { id: string; status: string }[] }>().items[0];
    expect(mariah?.status).toBe('merged');
    await page.goto(`/patients/${mariah?.id ?? ''}`);
    await page.getByText('This record was merged', { exact: true }).waitFor();
    await checkAccessibility('patient-merged-banner');
    await page.getByRole('link', { name: 'Open the record it was merged into' }).click();
    await heading('Maria Lopez').waitFor();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByText('Contact details changed').or(page.getByText(/Registered \(MRN/)).first().waitFor();
    await page.getByRole('tab', { name: 'Access log' }).click();
    await page.getByRole('table', { name: 'Access log' }).waitFor();
    await checkAccessibility('patient-access-log');
  });

  it('warns about a possible duplicate when registering, and registers anyway on request', async () => {
    await page.goto('/patients/new');
    await heading('New patient').waitFor();
    await checkAccessibility('new-patient');
    await page.getByLabel('Given name').fill('James');
    await page.getByLabel('Family name').fill('Okafor');
    await page.getByLabel('Date of birth').fill('1952-11-23');
    await page.getByLabel('Phone 1 number').fill('617-555-0150');
    await page.getByRole('button', { name: 'Register patient' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'This patient may already be registered' });
    await warning.getByRole('link', { name: /Open James Okafor/ }).waitFor();
    await expect(warning.textContent()).resolves.toMatch(/\d+%/);
    await checkAccessibility('new-patient-duplicate');
    await warning.getByRole('button', { name: 'Register anyway' }).click();
    await heading('James Okafor').waitFor();
    const found = (await api.request('GET', '/api/patients?q=Okafor')).json<{ total: number }>();
    expect(found.total).toBe(2);
  });

  it('imports a CSV and shows progress, counts and the per-row problems', async () => {
    await page.goto('/patients/import');
    await heading('Import patients').waitFor();
    await checkAccessibility('import');
    const csv = 'givenName,familyName,dateOfBirth,phone\nLena,Fischer,1990-01-05,617-555-0160\nNoDate,Person,,\nOmar,Haddad,07/04/1975,617-555-0161\n';
    await page.locator('input[type=file]').setInputFiles({ name: 'front-desk.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload and import' }).click();
    const report = page.getByTestId('import-report');
    await report.getByText('Finished').waitFor();
    await expect(report.textContent()).resolves.toContain('3 of 3 rows processed');
    const problems = page.getByRole('table', { name: 'Rows with problems' });
    await expect(problems.getByRole('row').nth(1).textContent()).resolves.toMatch(/^3dateOfBirth/);
    await checkAccessibility('import-result');
  });

  it('shows every admin page', async () => {
    const pages: [string, string, string][] = [
      ['/admin', 'Admin', 'admin-overview'],
      ['/admin/staff', 'Staff', 'admin-staff'],
      ['/admin/departments', 'Departments', 'admin-departments'],
      ['/admin/roles', 'Roles and permissions', 'admin-roles'],
      ['/admin/tokens', 'API tokens', 'admin-tokens'],
    ];
    for (const [path, title, name] of pages) {
      await page.goto(path);
      await heading(title).waitFor();
      if (name === 'admin-overview') await page.locator('.recharts-bar-rectangle').first().waitFor();
      if (name === 'admin-staff') await page.getByRole('table', { name: 'Staff accounts' }).waitFor();
      if (name === 'admin-roles') await page.getByRole('table', { name: 'Permissions of each role' }).waitFor();
      if (name === 'admin-tokens') await page.getByRole('table', { name: 'API tokens' }).waitFor();
      await checkAccessibility(name);
    }
  });

  it('lets an administrator add a department, a staff member in it, and an API token shown once', async () => {
    await page.goto('/admin/departments');
    await page.getByRole('form', { name: 'New department' }).getByLabel('Name').fill('Cardiology');
    await page.getByRole('button', { name: 'Create department' }).click();
    await page.getByRole('table', { name: 'Departments' }).getByText('Cardiology').waitFor();

    await page.goto('/admin/staff');
    const form = page.getByRole('form', { name: 'New staff member' });
    await form.getByLabel('Full name').fill('Dana Whitfield');
    await form.getByLabel('E-mail').fill('dana@sunrise.test');
    await form.getByLabel('Role').selectOption('clinician');
    await form.getByLabel('Department').selectOption({ label: 'Cardiology' });
    await form.getByLabel('First password').fill('a long first password');
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('status').filter({ hasText: 'Dana Whitfield can now sign in' }).waitFor();
    await expect(page.getByLabel('Department of Dana Whitfield').inputValue()).resolves.not.toBe('');
    await checkAccessibility('admin-staff-created');

    await page.goto('/admin/tokens');
    await page.getByLabel('Name').fill('EHR nightly sync');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.getByTestId('token-secret').textContent();
    const check = await clinic.careloop.app.inject({ method: 'GET', url: '/api/patients?limit=1', headers: { authorization: `Bearer ${secret ?? ''}` } });
    expect(check.statusCode).toBe(200);
    await checkAccessibility('admin-token-created');
  });

  it('hides Admin from a staff member whose role cannot manage staff or tokens', async () => {
    const viewer = await browser.newContext({ baseURL: baseUrl });
    const viewerPage = await viewer.newPage();
    viewerPage.setDefaultTimeout(20_000);
    await signIn(viewerPage, viewerEmail, clinic.password);
    const nav = viewerPage.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByText('Admin', { exact: true }).count()).resolves.toBe(0);
    await expect(nav.getByText('New patient', { exact: true }).count()).resolves.toBe(0);
    await viewer.close();
  });

  it('sends a staff member whose session ended back to sign-in, with a message', async () => {
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const session = await clinic.careloop.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } });
    const { csrfToken } = session.json<{ csrfToken: string }>();
    const logout = await clinic.careloop.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(logout.statusCode).toBe(204);

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Find a patient' }).click();
    await heading('Sign in').waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/session/i);
  });

  it('has no serious or critical accessibility violations on any page visited', () => {
    expect(violations, `axe found:\n${violations.join('\n')}`).toEqual([]);
  });
});
