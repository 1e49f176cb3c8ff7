import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Task } from '../src/modules/care/schemas.js';
import { escalateByLadder } from '../src/modules/care/task-rule-escalation.js';
import type { TaskRule } from '../src/modules/care/task-rule-schemas.js';
import { apiToken, PASSWORD, tokenClient, type Client, type TestClinic } from './harness.js';
import { accessibilityChecker, launchChromium, signIn, skipBrowserTests, startServedClinic } from './browser-kit.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';

const HOUR = 3_600_000;

describe.skipIf(skipBrowserTests)('a quality manager sets up task rules and works the tasks they make, in a real browser', () => {
  let clinic: TestClinic;
  let browser: Browser;
  let baseUrl: string;
  let api: Client;
  let schedule: ClinicSchedule;
  let patientId: string;
  const managerEmail = 'quinn.quality@sunrise.test';
  let nurseId = '';
  let dayOffset = 0;
  const { check: checkAccessibility, violations } = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR, fromTop: true });

  const post = async <T>(url: string, body: unknown): Promise<T> => {
    const response = await api.request('POST', url, body);
    if (response.statusCode >= 300) throw new Error(`POST ${url}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  };
  async function completeVisit() {
    const startsAt = new Date(Date.UTC(2027, 4, 3 + dayOffset++, 14, 0)).toISOString();
    const { id } = await post<{ id: string }>('/api/scheduling/appointments', {
      patientId, serviceId: schedule.serviceId, providerId: schedule.providerIds[0], locationId: schedule.locationId, startsAt,
    });
    for (const status of ['arrived', 'completed']) await post(`/api/scheduling/appointments/${id}/status`, { status });
  }

  beforeAll(async () => {
    ({ clinic, baseUrl } = await startServedClinic());
    api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    schedule = await seedSchedule(clinic.careloop, clinic.organizationId);
    const cardiology = (await post<{ id: string }>('/api/departments', { name: 'Cardiology' })).id;
    const head = await post<{ id: string }>('/api/users', { email: 'dana.ruiz@sunrise.test', displayName: 'Dana Ruiz', role: 'clinician', password: PASSWORD, departmentId: cardiology });
    nurseId = (await post<{ id: string }>('/api/users', { email: 'nurse.ada@sunrise.test', displayName: 'Nurse Ada', role: 'clinician', password: PASSWORD, departmentId: cardiology })).id;
    await post('/api/users', { email: managerEmail, displayName: 'Quinn Quality', role: 'quality_manager', password: PASSWORD });
    await api.request('PATCH', `/api/departments/${cardiology}`, { ownerId: head.id });
    await api.request('PATCH', `/api/scheduling/services/${schedule.serviceId}`, { departmentId: cardiology });
    patientId = (await post<{ id: string }>('/api/patients', { givenName: 'Grace', familyName: 'Obi', dateOfBirth: '1958-04-12' })).id;
    await completeVisit(); // last week's event the preview finds
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await clinic?.close();
  });

  async function signedInPage(email: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page, email);
    return page;
  }

  it('writes a rule, is told what is wrong with it, previews it and saves it; the rule then makes a task for the next visit', async () => {
    const page = await signedInPage(managerEmail);
    await page.goto('/admin/task-rules');
    await page.getByRole('heading', { level: 1, name: 'Task rules' }).waitFor();
    await page.getByText('No rule yet').waitFor();
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'New task rule' });
    await form.getByLabel('Name').fill('Call after cardiology visits');
    await form.getByLabel('When').selectOption('visit.completed');
    await form.getByLabel('Task kind').selectOption('post_visit_call');
    await form.getByLabel('Due in').fill('2');
    await form.getByLabel('Unit').selectOption('days');
    await form.getByLabel('Owner', { exact: true }).selectOption('department_owner');

    // Bad input: a placeholder the event does not have is named under the title.
    await form.getByLabel('Task title').fill('Call {{patinet}}');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await form.getByText('{{patinet}} is not a placeholder of visit.completed').waitFor();
    expect((await api.request('GET', '/api/task-rules')).json<{ items: unknown[] }>().items).toEqual([]);

    await form.getByLabel('Task title').fill('Call {{patient}} after the {{service}}');
    await form.getByRole('button', { name: 'Preview' }).click();
    await form.getByText('In the last 7 days, 1 of 1 such event would have made a task.').waitFor();
    const sample = form.getByRole('table', { name: 'Tasks the rule would have made' });
    await expect(sample.getByRole('cell', { name: 'Call Grace Obi after the Follow-up visit' }).count()).resolves.toBe(1);
    await expect(sample.getByRole('cell', { name: 'Dana Ruiz' }).count()).resolves.toBe(1);
    await checkAccessibility(page, 'task-rule-preview');

    await form.getByRole('button', { name: 'Create rule' }).click();
    const rules = page.getByRole('table', { name: 'Task rules' });
    await rules.getByRole('cell', { name: 'Call after cardiology visits', exact: true }).waitFor();
    const [saved] = (await api.request('GET', '/api/task-rules')).json<{ items: TaskRule[] }>().items;
    expect(saved).toMatchObject({ event: 'visit.completed', enabled: true, owner: { type: 'department_owner' }, task: { title: 'Call {{patient}} after the {{service}}', dueIn: { amount: 2, unit: 'days' } } });

    await completeVisit();
    await page.reload();
    await rules.getByRole('cell', { name: /^1\s*last/ }).waitFor();

    // The ladder: overdue by 30 minutes, tell the department's owner.
    await page.getByRole('button', { name: 'Add a step' }).click();
    await page.getByLabel('Then').selectOption('notify');
    await page.getByRole('button', { name: 'Save the ladder' }).click();
    await page.getByText('Ladder saved.').waitFor();
    expect((await api.request('GET', '/api/task-escalation')).json<{ steps: unknown[] }>().steps).toMatchObject([{ afterMinutes: 30, action: 'notify', target: 'department_owner' }]);
    await checkAccessibility(page, 'task-rules');

    await page.getByRole('switch', { name: 'Call after cardiology visits enabled' }).click({ force: true });
    await expect.poll(async () => (await api.request('GET', `/api/task-rules/${saved!.id}`)).json<TaskRule>().enabled).toBe(false);
    await page.context().close();
  }, 90_000);

  it('shows rule-made and escalated tasks on the worklist, reassigns two at once, and lists them on the patient', async () => {
    const made = (await api.request('GET', `/api/tasks?patientId=${patientId}`)).json<{ items: Task[] }>().items;
    expect(made.map((t) => t.title)).toEqual(['Call Grace Obi after the Follow-up visit']);
    const late = await post<Task>('/api/tasks', { patientId, kind: 'lab_result', title: 'Explain the lipid panel', dueAt: new Date(Date.now() - 2 * HOUR).toISOString() });
    await escalateByLadder(clinic.careloop.platform);

    const page = await signedInPage(managerEmail);
    await page.goto('/tasks');
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    await page.getByText('All', { exact: true }).click();
    const table = page.getByRole('table', { name: 'Open tasks' });
    await table.getByText('by rule “Call after cardiology visits”', { exact: false }).waitFor();
    await table.getByText('Escalated · step 1').waitFor();
    await table.getByText('Step 1, overdue by 30 min: nobody to turn to', { exact: false }).waitFor();
    await checkAccessibility(page, 'tasks-worklist');

    await page.getByLabel('Select every task on this page').check();
    await page.getByLabel('Give them to').selectOption({ label: 'Nurse Ada' });
    await page.getByRole('button', { name: 'Reassign selected' }).click();
    await page.getByText('2 tasks reassigned.').waitFor();
    expect((await api.request('GET', `/api/tasks/${late.id}`)).json<Task>().ownerId).toBe(nurseId);
    // The worklist reads the tasks again after the change: wait for it.
    await expect.poll(() => table.getByRole('cell', { name: 'Nurse Ada' }).count()).toBe(2);

    await page.getByLabel('Priority').selectOption('urgent');
    await page.getByText('Nothing to do here.').waitFor();

    await page.goto(`/patients/${patientId}`);
    await page.getByRole('tab', { name: 'Referrals and tasks' }).click();
    const open = page.getByRole('table', { name: 'Open tasks of this patient' });
    await open.getByText('Explain the lipid panel').waitFor();
    await open.getByText('Call Grace Obi after the Follow-up visit').waitFor();
    await api.request('PATCH', `/api/tasks/${late.id}`, { status: 'done', outcome: 'Explained by phone' });
    await page.reload();
    await page.getByRole('tab', { name: 'Referrals and tasks' }).click();
    await page.getByRole('table', { name: 'Tasks done for this patient' }).getByText('Explained by phone').waitFor();
    await checkAccessibility(page, 'patient-tasks');
    await page.context().close();
  }, 90_000);

  it('has no serious or critical accessibility violations on the task screens', () => {
    expect(violations, `axe found:\n${violations.join('\n')}`).toEqual([]);
  });
});
