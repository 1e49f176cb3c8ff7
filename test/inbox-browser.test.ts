import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { systemActor } from '../src/platform/permissions.js';
import { registerPatient } from '../src/modules/patients/service.js';
import { receiveMessage } from '../src/modules/inbox/service.js';
import type { Patient } from '../src/modules/patients/schemas.js';
import { addStaff, apiToken, tokenClient, type Client, type TestClinic } from './harness.js';
import { accessibilityChecker, launchChromium, signIn, skipBrowserTests, startServedClinic } from './browser-kit.js';

// Live updates or, when the socket is down, the 15-second polling: either must bring a new text in.
const ARRIVAL_MS = 20_000;
// Well under the polling interval: only a live push arrives this fast.
const LIVE_MS = 8_000;

interface Detail {
  id: string;
  status: string;
  patientId: string | null;
  messages: { direction: string; body: string; status: string; mentions: string[] }[];
}

describe.skipIf(skipBrowserTests)('the agent inbox in a real browser', () => {
  let clinic: TestClinic;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let baseUrl: string;
  let api: Client;
  let maria: Patient;
  let james: Patient;
  let colleagueId: string;
  let counter = 0;
  const { check: checkAccessibility, violations } = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR, fullPage: false });

  const text = (from: string, body: string) => receiveMessage(clinic.careloop.platform, {
    organizationId: clinic.organizationId, channel: 'sms', endpoint: '+16175550100', fromAddress: from,
    threading: 'per-sender', body, externalId: `SM-inbox-browser-${++counter}`,
  });
  const detail = async (id: string) => (await api.request('GET', `/api/inbox/conversations/${id}`)).json<Detail>();

  beforeAll(async () => {
    ({ clinic, baseUrl } = await startServedClinic());
    api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    await api.request('POST', '/api/channels/endpoints', { channel: 'sms', address: '+1 617 555 0100', name: 'Front desk line' });
    // A first answer is due within 20 minutes, around the clock: every new text is "breaching soon".
    const policy = await api.request('POST', '/api/inbox/sla-policies', { name: 'Texts', priority: 'normal', firstResponseMinutes: 20, businessHours: false });
    expect(policy.statusCode).toBe(201);
    const actor = systemActor(clinic.organizationId, 'cli');
    const register = (givenName: string, familyName: string, dateOfBirth: string, phone: string) => registerPatient(clinic.careloop.platform, actor, {
      givenName, familyName, dateOfBirth, tags: [], allowDuplicate: true,
      contactPoints: [{ kind: 'phone', value: phone, isPrimary: true, consentCare: true }],
    });
    maria = await register('Maria', 'Lopez', '1984-03-02', '(617) 555-0142');
    james = await register('James', 'Okafor', '1952-11-23', '(617) 555-0150');
    const colleagueEmail = await addStaff(clinic.careloop, clinic.organizationId, 'agent');
    const agents = (await api.request('GET', '/api/inbox/agents')).json<{ items: { id: string; name: string }[] }>().items;
    colleagueId = agents.find((a) => a.name === 'agent person')?.id ?? '';
    expect(colleagueEmail).toContain('@');
    expect(colleagueId).not.toBe('');

    browser = await launchChromium();
    context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 768 }, reducedMotion: 'reduce' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page, clinic.adminEmail, clinic.password);
  });

  afterAll(async () => {
    await browser?.close();
    await clinic?.close();
  });

  const conversations = (on: Page = page) => on.getByRole('list', { name: 'Conversations' });
  const thread = (on: Page = page) => on.getByRole('log', { name: 'Messages' });
  const threadTitle = (name: string) => page.locator('#thread-title').filter({ hasText: name });

  it('shows a new text in the open list without a reload, and the agent replies, notes with a mention and resolves', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /^Inbox/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    await page.getByText('No conversations here.').waitFor();
    await page.mouse.move(900, 400);
    await checkAccessibility(page, 'inbox-empty');
    // A reload would drop this mark: the row must arrive by live update or polling.
    await page.evaluate(() => { (window as unknown as { inboxMark: number }).inboxMark = 42; });

    await page.getByLabel('Live updates on').waitFor();
    const { conversation } = await text('+16175550142', 'Can I move my appointment to Friday?');
    const row = conversations().getByRole('link', { name: /Maria Lopez/ });
    await row.waitFor({ timeout: LIVE_MS });
    await expect(page.evaluate(() => (window as unknown as { inboxMark?: number }).inboxMark)).resolves.toBe(42);
    await expect(row.textContent()).resolves.toContain('Can I move my appointment to Friday?');
    await row.getByText(/^Due in (20|19) minutes$/).waitFor();
    await page.getByTestId('inbox-open-count').filter({ hasText: '1' }).waitFor({ timeout: ARRIVAL_MS });

    await row.click();
    await threadTitle('Maria Lopez').waitFor();
    await thread().getByText('Can I move my appointment to Friday?').waitFor();
    const panel = page.getByRole('complementary', { name: 'Patient' });
    await panel.getByText(maria.mrn, { exact: true }).waitFor();
    await panel.getByText('care messages ok').waitFor();
    await checkAccessibility(page, 'inbox-thread');

    // The SMS option is offered (to the number she wrote from); the reply goes to the test outbox.
    await expect(page.getByLabel('Send by').inputValue()).resolves.toBe('0');
    await page.getByRole('textbox', { name: 'Reply' }).fill('Of course — Friday at 10:00 works.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const sent = thread().locator('li', { hasText: 'Of course — Friday at 10:00 works.' });
    await sent.getByText('kept in test outbox, not sent').waitFor({ timeout: ARRIVAL_MS });
    expect((await detail(conversation.id)).messages.find((m) => m.direction === 'out')?.status).toBe('test');

    // An internal note: @ offers colleagues, the pick is sent as a mention.
    await page.getByText('Internal note', { exact: true }).click();
    const note = page.getByRole('textbox', { name: 'Internal note' });
    await note.pressSequentially('Rebooked. @age');
    await page.getByRole('option', { name: 'agent person' }).click();
    await expect(note.inputValue()).resolves.toBe('Rebooked. @agent person ');
    await note.pressSequentially('please send the reminder');
    await checkAccessibility(page, 'inbox-note');
    await page.getByRole('button', { name: 'Add note' }).click();
    const noted = thread().locator('li[data-kind="note"]', { hasText: 'Rebooked.' });
    await noted.getByText('internal', { exact: true }).waitFor();
    const stored = (await detail(conversation.id)).messages.find((m) => m.direction === 'note');
    expect(stored?.mentions).toEqual([colleagueId]);

    // Header actions: priority and assignee, each confirmed by the server's answer.
    await page.getByRole('button', { name: 'Priority: normal' }).click();
    await page.getByRole('menuitem', { name: 'Urgent' }).click();
    await page.getByRole('button', { name: 'Priority: urgent' }).waitFor();
    await page.getByRole('button', { name: /^Assign/ }).click();
    await page.getByRole('menuitem', { name: 'agent person' }).click();
    await page.getByRole('button', { name: /Assign.*agent person/ }).waitFor();
    await conversations().getByRole('link', { name: /Maria Lopez/ }).getByText('urgent').waitFor();
    const changed = await api.request('GET', `/api/inbox/conversations/${conversation.id}`);
    expect(changed.json<{ priority: string; assigneeId: string | null }>()).toMatchObject({ priority: 'urgent', assigneeId: colleagueId });

    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByTestId('conversation-status').filter({ hasText: 'Resolved' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Conversation resolved' }).waitFor();
    await page.getByRole('tab', { name: /Resolved/ }).click();
    await conversations().getByRole('link', { name: /Maria Lopez/ }).waitFor();
    expect((await detail(conversation.id)).status).toBe('resolved');
    await checkAccessibility(page, 'inbox-resolved');
  }, 120_000);

  it('links an unknown sender to an existing patient from the banner', async () => {
    await page.getByRole('tab', { name: /Open/ }).click();
    const { conversation } = await text('+16175550177', 'Hi, this is James, I have a new phone');
    const row = conversations().getByRole('link', { name: /\+16175550177/ });
    await row.waitFor({ timeout: ARRIVAL_MS });
    await expect(row.textContent()).resolves.toContain('unverified');
    // Breaching soon: due within 30 minutes, soonest first.
    await page.getByText(/^Breaching soon/).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('due')).toBe('soon');
    await conversations().getByRole('link', { name: /\+16175550177/ }).waitFor();
    await page.getByText(/^Breaching soon/).click();
    await row.click();
    const banner = page.getByTestId('unverified-banner');
    await banner.getByText('Unverified contact +16175550177').waitFor();
    await checkAccessibility(page, 'inbox-unverified');

    await banner.getByRole('button', { name: 'Link to a patient' }).click();
    const dialog = page.getByRole('dialog', { name: 'Link +16175550177 to a patient' });
    await dialog.getByLabel('Patient', { exact: true }).fill('Okafor');
    await page.getByRole('option', { name: /James Okafor/ }).click();
    await checkAccessibility(page, 'inbox-link-dialog');
    await dialog.getByRole('button', { name: 'Link to this patient' }).click();
    await threadTitle('James Okafor').waitFor();
    await expect(banner.count()).resolves.toBe(0);
    expect((await detail(conversation.id)).patientId).toBe(james.id);
    const record = (await api.request('GET', `/api/patients/${james.id}`)).json<Patient>();
    expect(record.contactPoints.map((cp) => cp.value)).toContain('+16175550177');
  }, 60_000);

  it('registers an unknown sender, shows the likely duplicate, and links to it instead', async () => {
    const { conversation } = await text('+16175550188', 'Maria here, texting from my work phone');
    const row = conversations().getByRole('link', { name: /\+16175550188/ });
    await row.waitFor({ timeout: ARRIVAL_MS });
    await row.click();
    await page.getByTestId('unverified-banner').getByRole('button', { name: 'Register new patient' }).click();
    const form = page.getByRole('form', { name: 'Register the sender' });
    await form.getByLabel('Given name').fill('Maria');
    await form.getByLabel('Family name').fill('Lopez');
    await form.getByLabel('Date of birth').fill('1984-03-02');
    await form.getByRole('button', { name: 'Register and link' }).click();
    const warning = form.getByRole('alert').filter({ hasText: 'This patient may already be registered' });
    await warning.getByRole('link', { name: /Open Maria Lopez/ }).waitFor();
    await checkAccessibility(page, 'inbox-register-duplicate');
    await warning.getByRole('button', { name: 'Link to this one' }).click();
    await threadTitle('Maria Lopez').waitFor();
    expect((await detail(conversation.id)).patientId).toBe(maria.id);
    const found = (await api.request('GET', '/api/patients?q=Lopez')).json<{ total: number }>();
    expect(found.total).toBe(1);
  }, 60_000);

  it('moves through the list with j and k, focuses the reply with r and resolves with e', async () => {
    await page.goto('/inbox');
    await conversations().getByRole('link').first().waitFor();
    const links = conversations().getByRole('link');
    const count = await links.count();
    expect(count).toBeGreaterThanOrEqual(2);
    await page.locator('body').press('j');
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/\/inbox\/[0-9a-f-]{36}/);
    const first = page.url();
    await page.locator('body').press('j');
    await expect.poll(() => page.url(), { timeout: 10_000 }).not.toBe(first);
    await page.locator('body').press('k');
    await expect.poll(() => page.url(), { timeout: 10_000 }).toBe(first);
    const id = /\/inbox\/([0-9a-f-]{36})/.exec(first)?.[1] ?? '';
    // The thread shown is the one picked in the list (not the one before it, still on screen while loading).
    const picked = conversations().locator(`a[data-conversation-id="${id}"]`);
    await expect.poll(() => picked.getAttribute('aria-current')).toBe('page');
    const pickedName = (await picked.locator('p').first().textContent()) ?? '';
    await threadTitle(pickedName).waitFor();
    await page.getByRole('textbox', { name: 'Reply' }).waitFor();

    await page.locator('body').press('r');
    await expect.poll(() => page.getByRole('textbox', { name: 'Reply' }).evaluate((el) => el === document.activeElement)).toBe(true);
    // Typed into the box, e is a letter, not a shortcut.
    await page.keyboard.type('e');
    await expect(page.getByTestId('conversation-status').textContent()).resolves.not.toBe('Resolved');
    await page.getByRole('textbox', { name: 'Reply' }).evaluate((el) => (el as HTMLTextAreaElement).blur());
    await page.locator('body').press('e');
    await page.getByTestId('conversation-status').filter({ hasText: 'Resolved' }).waitFor();
    expect((await detail(id)).status).toBe('resolved');
  }, 60_000);

  it('fits a phone: the list, then the thread with a way back', async () => {
    const phone = await browser.newContext({ baseURL: baseUrl, viewport: { width: 390, height: 844 }, reducedMotion: 'reduce', storageState: await context.storageState() });
    const small = await phone.newPage();
    small.setDefaultTimeout(20_000);
    await text('+16175550142', 'One more question about parking');
    await small.goto('/inbox');
    const row = conversations(small).getByRole('link', { name: /Maria Lopez/ }).filter({ hasText: 'parking' });
    await row.waitFor();
    await checkAccessibility(small, 'inbox-phone-list');
    const width = await small.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await row.click();
    await thread(small).getByText('One more question about parking').waitFor();
    await expect(conversations(small).count()).resolves.toBe(0);
    await checkAccessibility(small, 'inbox-phone-thread');
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await small.getByRole('button', { name: 'Back to the conversation list' }).click();
    await conversations(small).waitFor();
    await phone.close();
  }, 60_000);

  it('starts a conversation from the patient page', async () => {
    await page.goto(`/patients/${james.id}`);
    await page.getByRole('heading', { level: 1, name: 'James Okafor' }).waitFor();
    await page.getByRole('link', { name: 'New message' }).click();
    const dialog = page.getByRole('dialog', { name: 'New message to a patient' });
    await expect.poll(() => dialog.getByLabel('Patient', { exact: true }).inputValue()).toContain('James Okafor');
    await dialog.getByText('To +16175550150').waitFor();
    await checkAccessibility(page, 'inbox-new-message');
    await dialog.getByRole('textbox', { name: /^Message/ }).fill('Your lab results are ready; please call us.');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.url(), { timeout: ARRIVAL_MS }).toMatch(/\/inbox\/[0-9a-f-]{36}$/);
    const sent = thread().locator('li', { hasText: 'Your lab results are ready' });
    await sent.getByText('kept in test outbox, not sent').waitFor({ timeout: ARRIVAL_MS });
    const id = /\/inbox\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    expect((await detail(id)).patientId).toBe(james.id);
  }, 60_000);

  it('says when live updates are down and still shows a new text, by polling', async () => {
    const offline = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 768 }, reducedMotion: 'reduce', storageState: await context.storageState() });
    // The staff socket opens and drops at once, as behind a proxy that refuses WebSockets.
    await offline.routeWebSocket(/\/api\/ws$/, (socket) => { void socket.close(); });
    const cut = await offline.newPage();
    cut.setDefaultTimeout(20_000);
    await cut.goto('/inbox');
    await cut.getByTestId('live-reconnecting').waitFor();
    await conversations(cut).getByRole('link').first().waitFor();
    await text('+16175550199', 'Is the clinic open on Saturday?');
    await conversations(cut).getByRole('link', { name: /\+16175550199/ }).waitFor({ timeout: ARRIVAL_MS });
    await offline.close();
  }, 60_000);

  it('has no serious or critical accessibility violations on the inbox screens', () => {
    expect(violations, `axe found:\n${violations.join('\n')}`).toEqual([]);
  });
});
