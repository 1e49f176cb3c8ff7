import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { systemActor } from '../src/platform/permissions.js';
import { signLink } from '../src/platform/links.js';
import { registerPatient } from '../src/modules/patients/service.js';
import { receiveMessage } from '../src/modules/inbox/service.js';
import { apiToken, tokenClient, type Client, type TestClinic } from './harness.js';
import { accessibilityChecker, launchChromium, signIn, skipBrowserTests, startServedClinic } from './browser-kit.js';

interface Detail { id: string; patientLink: string; messages: { direction: string; channel: string; body: string }[] }

describe.skipIf(skipBrowserTests)('inbox settings, the outbox and the patient thread page in a real browser', () => {
  let clinic: TestClinic;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let baseUrl: string;
  let api: Client;
  let conversationId: string;
  const { check: checkAccessibility, violations } = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR });

  beforeAll(async () => {
    ({ clinic, baseUrl } = await startServedClinic());
    api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    await api.request('POST', '/api/channels/endpoints', { channel: 'sms', address: '+1 617 555 0100', name: 'Front desk line' });
    await registerPatient(clinic.careloop.platform, systemActor(clinic.organizationId, 'cli'), {
      givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1984-03-02', tags: [], allowDuplicate: true,
      contactPoints: [{ kind: 'phone', value: '(617) 555-0142', isPrimary: true, consentCare: true }],
    });
    const received = await receiveMessage(clinic.careloop.platform, {
      organizationId: clinic.organizationId, channel: 'sms', endpoint: '+16175550100', fromAddress: '+16175550142',
      threading: 'per-sender', body: 'I need a refill of my metformin please', externalId: 'SM-browser-1',
    });
    conversationId = received.conversation.id;

    browser = await launchChromium();
    context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 900 }, reducedMotion: 'reduce', permissions: ['clipboard-read', 'clipboard-write'] });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page, clinic.adminEmail, clinic.password);
  });

  afterAll(async () => {
    await browser?.close();
    await clinic?.close();
  });

  const heading = (name: string) => page.getByRole('heading', { level: 1, name });
  const detail = async () => (await api.request('GET', `/api/inbox/conversations/${conversationId}`)).json<Detail>();

  it('adds a mailbox and a chat widget, shows the full address and the script tag to copy, and says e-mail and SMS are in test mode', async () => {
    await page.goto('/admin/channels');
    await heading('Channels').waitFor();
    await page.getByText('Test mode — not sent').nth(1).waitFor();
    await expect(page.getByText('Test mode — not sent').count()).resolves.toBe(2);
    await page.getByText('SMTP_URL', { exact: true }).waitFor();

    const form = page.getByRole('form', { name: 'Add a channel' });
    await form.getByLabel('Kind').selectOption('email');
    await form.getByRole('textbox', { name: /^Name/ }).fill('Front desk mail');
    await form.getByLabel('Mailbox name').fill('Front Desk');
    await form.getByRole('button', { name: 'Add mailbox' }).click();
    await form.getByText(/must be a mailbox name/).waitFor();
    await form.getByLabel('Mailbox name').fill('frontdesk');
    await form.getByRole('button', { name: 'Add mailbox' }).click();
    await page.getByRole('table', { name: 'Mailboxes' }).getByText('frontdesk@careloop.localhost').waitFor();

    await form.getByLabel('Kind').selectOption('chat');
    await form.getByRole('textbox', { name: /^Name/ }).fill('Web site chat');
    await form.getByRole('button', { name: 'Add chat widget' }).click();
    const script = page.getByTestId('widget-script');
    await script.waitFor();
    const tag = await script.textContent();
    expect(tag).toMatch(/^<script src="http:\/\/localhost:\d+\/widget\.js" data-clinic="chat_[\w-]+" async><\/script>$/);
    await page.getByRole('button', { name: 'Copy the script tag of Web site chat' }).click();
    await page.getByRole('button', { name: 'Copy the script tag of Web site chat' }).getByText('Copied').waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(tag);
    const stored = (await api.request('GET', '/api/channels/endpoints')).json<{ items: { channel: string; display: string }[] }>().items;
    expect(stored.map((e) => e.channel).sort()).toEqual(['chat', 'email', 'sms']);
    await checkAccessibility(page, 'admin-channels');
  });

  it('creates a canned reply with a variable chip, and an SLA policy', async () => {
    await page.goto('/admin/canned-replies');
    await heading('Canned replies').waitFor();
    const form = page.getByRole('form', { name: 'New canned reply' });
    await form.getByLabel('Title').fill('Refill received');
    await form.getByLabel('Shortcut').fill('refill');
    await form.getByRole('textbox', { name: 'Text' }).fill('Hi , your refill request is with the doctor.');
    await form.getByRole('textbox', { name: 'Text' }).evaluate((area: HTMLTextAreaElement) => area.setSelectionRange(3, 3));
    await form.getByRole('button', { name: 'Insert Patient first name' }).click();
    await expect(form.getByRole('textbox', { name: 'Text' }).inputValue()).resolves.toBe('Hi {{patient.firstName}}, your refill request is with the doctor.');
    await form.getByRole('button', { name: 'Add canned reply' }).click();
    await page.getByRole('table', { name: 'Canned replies' }).getByText('Refill received').waitFor();
    const replies = (await api.request('GET', '/api/inbox/canned-replies')).json<{ items: { title: string; body: string; shortcut: string }[] }>().items;
    expect(replies).toEqual([expect.objectContaining({ title: 'Refill received', shortcut: 'refill', body: 'Hi {{patient.firstName}}, your refill request is with the doctor.' })]);
    await checkAccessibility(page, 'admin-canned-replies');

    await page.goto('/admin/sla-policies');
    await heading('SLA policies').waitFor();
    const policy = page.getByRole('form', { name: 'New SLA policy' });
    await policy.getByLabel('Name').fill('Urgent messages');
    await policy.getByLabel('Priority').selectOption('urgent');
    await policy.getByRole('textbox', { name: 'First response' }).fill('15');
    await policy.getByLabel('First response unit').selectOption('minutes');
    await policy.getByRole('textbox', { name: 'Resolution' }).fill('1');
    await policy.getByLabel('Resolution unit').selectOption('days');
    await policy.getByRole('button', { name: 'Add policy' }).click();
    const table = page.getByRole('table', { name: 'SLA policies' });
    await table.getByText('Urgent messages').waitFor();
    await expect(table.getByRole('row').nth(1).textContent()).resolves.toMatch(/Urgent messagesWhole clinicUrgent15 min—1 dayBusiness hours15 min before/);
    const policies = (await api.request('GET', '/api/inbox/sla-policies')).json<{ items: { priority: string; firstResponseMinutes: number; resolutionMinutes: number }[] }>().items;
    expect(policies).toEqual([expect.objectContaining({ priority: 'urgent', firstResponseMinutes: 15, resolutionMinutes: 1440 })]);
    await checkAccessibility(page, 'admin-sla-policies');
  });

  it('sets business hours with two periods on a day and a holiday', async () => {
    await page.goto('/admin/business-hours');
    await heading('Business hours').waitFor();
    await page.getByText('America/New_York').waitFor();
    await page.getByRole('button', { name: 'Add a period on Monday' }).click();
    await page.getByLabel('Monday period 1 closes').fill('12:00');
    await page.getByRole('button', { name: 'Add a period on Monday' }).click();
    await page.getByLabel('Monday period 2 opens').fill('13:00');
    await page.getByLabel('Monday period 2 closes').fill('17:30');
    await page.getByRole('button', { name: 'Copy Monday to Tuesday–Friday' }).click();
    await expect(page.getByLabel('Friday period 2 closes').inputValue()).resolves.toBe('17:30');
    await page.getByRole('button', { name: 'Save hours' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const hours = (await api.request('GET', '/api/inbox/business-hours')).json<{ periods: { weekday: number; opens: string; closes: string }[] }>();
    expect(hours.periods.filter((p) => p.weekday === 1)).toEqual([{ weekday: 1, opens: '08:00', closes: '12:00' }, { weekday: 1, opens: '13:00', closes: '17:30' }]);
    expect(hours.periods.map((p) => p.weekday)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);

    const holiday = page.getByRole('form', { name: 'Add a holiday' });
    await holiday.getByLabel('Day').fill('2026-12-25');
    await holiday.getByLabel('Name').fill('Christmas Day');
    await holiday.getByRole('button', { name: 'Add holiday' }).click();
    await page.getByRole('table', { name: 'Holidays' }).getByText('Christmas Day').waitFor();
    await checkAccessibility(page, 'admin-business-hours');
  });

  it('previews an automation rule over recent conversations, then saves it', async () => {
    await page.goto('/admin/rules');
    await heading('Automation rules').waitFor();
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Name').fill('Refills get a label');
    await form.getByLabel('When').selectOption('message.received');
    await form.getByRole('button', { name: '+ Add condition' }).click();
    const condition = form.getByRole('group', { name: 'Condition 1' });
    await condition.getByLabel('Field').selectOption('body');
    await condition.getByLabel('Operator').selectOption('contains');
    await condition.getByLabel('Message text value').fill('refill');
    const action = form.getByRole('group', { name: 'Action 1' });
    await action.getByLabel('Action').selectOption('add_label');
    await action.getByLabel('Label').fill('refill');
    await form.getByRole('button', { name: 'Preview (dry run)' }).click();
    const result = page.getByRole('region', { name: 'Dry run result' });
    await result.getByText(/1 of the 1 most recent conversation would match/).waitFor();
    await result.getByRole('link', { name: '#1' }).waitFor();
    await checkAccessibility(page, 'admin-rule-preview');
    await form.getByRole('button', { name: 'Create rule' }).click();
    const rules = page.getByRole('table', { name: 'Automation rules' });
    await rules.getByText('Refills get a label').waitFor();
    await rules.getByText('Message text contains “refill”').waitFor();
    await checkAccessibility(page, 'admin-rules');
  });

  it('shows a reply kept by the test outbox, marked as not sent, with its full text and conversation', async () => {
    const body = 'Hello Maria, the refill is ready.\nPick it up at the front desk after 2 pm.';
    expect((await api.request('POST', `/api/inbox/conversations/${conversationId}/messages`, { body })).statusCode).toBe(201);
    await page.goto('/outbox');
    await heading('Outbox').waitFor();
    await page.getByRole('note').filter({ hasText: 'Test mode: these messages were not sent' }).waitFor();
    const row = page.getByTestId('outbox-row').filter({ hasText: '(617) 555-0142' });
    await row.getByText('TEST — not sent').waitFor();
    await row.getByRole('button', { name: 'Show full message' }).click();
    await page.getByText('Pick it up at the front desk after 2 pm.', { exact: false }).first().waitFor();
    await expect(row.getByRole('link', { name: 'Open' }).getAttribute('href')).resolves.toBe(`/inbox/${conversationId}`);
    await page.locator('label', { hasText: 'Kept in test mode' }).click();
    await expect(page.getByRole('radio', { name: 'Kept in test mode' }).isChecked()).resolves.toBe(true);
    await page.getByTestId('outbox-row').first().waitFor();
    await checkAccessibility(page, 'outbox');
  });

  it('routes the Tasks worklist', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Tasks' }).click();
    await heading('Tasks').waitFor();
  });

  it('lets the patient read and answer the thread from the link on a phone, and the answer reaches the inbox', async () => {
    const token = (await detail()).patientLink.split('/p/thread/')[1]!;
    const phone = await browser.newContext({ baseURL: baseUrl, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce' });
    const patientPage = await phone.newPage();
    patientPage.setDefaultTimeout(20_000);
    await patientPage.goto(`/p/thread/${token}`);
    await patientPage.getByText('sunrise clinic').first().waitFor();
    const messages = patientPage.getByRole('region', { name: 'Messages' }).getByRole('article');
    await messages.nth(1).waitFor();
    await expect(messages.count()).resolves.toBe(2);
    await expect(messages.nth(0).textContent()).resolves.toContain('I need a refill of my metformin please');
    await expect(messages.nth(1).textContent()).resolves.toContain('Pick it up at the front desk after 2 pm.');
    await expect(patientPage.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await checkAccessibility(patientPage, 'patient-thread');

    await patientPage.getByLabel('Write to sunrise clinic').fill('Thank you! Can my husband pick it up?');
    await patientPage.getByRole('button', { name: 'Send' }).click();
    await patientPage.getByRole('status').filter({ hasText: 'Sent.' }).waitFor();
    await messages.nth(2).getByText('Thank you! Can my husband pick it up?').waitFor();
    await expect(messages.count()).resolves.toBe(3);
    const after = await detail();
    expect(after.messages.filter((m) => m.direction === 'in').map((m) => [m.channel, m.body])).toEqual([
      ['sms', 'I need a refill of my metformin please'], ['portal', 'Thank you! Can my husband pick it up?'],
    ]);
    await checkAccessibility(patientPage, 'patient-thread-answered');

    const expired = signLink(clinic.careloop.platform.config.secretKey, { purpose: 'thread', organizationId: clinic.organizationId, subject: conversationId, expiresAt: new Date(Date.now() - 1000) });
    await patientPage.goto(`/p/thread/${expired}`);
    await patientPage.getByRole('alert').filter({ hasText: 'This link has expired' }).waitFor();
    await checkAccessibility(patientPage, 'patient-thread-expired');
    await patientPage.goto('/p/thread/not-a-real-link');
    await patientPage.getByRole('alert').filter({ hasText: 'This link does not work' }).waitFor();
    await phone.close();
  });

  it('has no serious or critical accessibility findings on these pages', () => {
    expect(violations).toEqual([]);
  });
});
