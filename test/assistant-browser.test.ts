import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seedDemoAssistant } from '../src/seed/demo-assistant.js';
import { seedDemoKnowledge } from '../src/seed/demo-knowledge.js';
import { listEndpoints } from '../src/modules/channels/service.js';
import { receiveMessage } from '../src/modules/inbox/service.js';
import { systemActor } from '../src/platform/permissions.js';
import { addStaff, apiToken, tokenClient, type Client, type TestClinic } from './harness.js';
import { accessibilityChecker, launchChromium, signIn, skipBrowserTests, startServedClinic } from './browser-kit.js';

describe.skipIf(skipBrowserTests)('the assistant\'s settings and what it understood, in a real browser', () => {
  let clinic: TestClinic;
  let browser: Browser;
  let baseUrl: string;
  let api: Client;
  let agentEmail: string;
  let handedOff: string;
  const { check: checkAccessibility, violations } = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR, fromTop: true });

  beforeAll(async () => {
    ({ clinic, baseUrl } = await startServedClinic());
    api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    expect((await api.request('POST', '/api/channels/endpoints', { channel: 'chat', name: 'Website chat' })).statusCode).toBe(201);
    await addStaff(clinic.careloop, clinic.organizationId, 'clinician');
    agentEmail = await addStaff(clinic.careloop, clinic.organizationId, 'agent');
    await seedDemoKnowledge(clinic.careloop.platform, clinic.organizationId);
    await seedDemoAssistant(clinic.careloop.platform, clinic.organizationId);
    const list = (await api.request('GET', '/api/inbox/conversations?status=all&channel=chat')).json<{ items: { id: string; labels: string[] }[] }>().items;
    handedOff = list.find((c) => c.labels.includes('assistant-handoff'))!.id;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await clinic?.close();
  });

  async function signedInPage(email: string, path: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page, email);
    await page.goto(path);
    return page;
  }

  it('an administrator sees the demo settings, is told what is wrong with a bad endpoint, and saves a model endpoint', async () => {
    const page = await signedInPage(clinic.adminEmail, '/admin/assistant');
    await page.getByRole('heading', { level: 1, name: 'Assistant' }).waitFor();
    await expect.poll(() => page.getByRole('switch', { name: 'Answer web chat conversations' }).isChecked()).toBe(true);
    await expect.poll(() => page.getByRole('textbox', { name: 'Emergency number' }).inputValue()).toBe('911');
    await page.getByText('clinician person').first().waitFor();
    await checkAccessibility(page, 'assistant-settings');

    await page.getByRole('textbox', { name: 'Endpoint URL' }).fill('ftp://models.example.org');
    await page.getByRole('textbox', { name: 'Model' }).fill('llama3.1:8b');
    await page.getByRole('button', { name: 'Save settings' }).click();
    // Bad input: the server's words appear under the field.
    await page.getByText('must start with http:// or https://').first().waitFor();
    await expect.poll(() => page.getByRole('textbox', { name: 'Endpoint URL' }).getAttribute('aria-invalid')).toBe('true');
    await checkAccessibility(page, 'assistant-settings-error');

    await page.getByRole('textbox', { name: 'Endpoint URL' }).fill('http://localhost:11434/v1');
    await page.getByRole('switch', { name: 'Answer text messages (SMS)' }).uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expect.poll(async () => (await api.request('GET', '/api/assistant/settings')).json<{ llmBaseUrl: string; smsEnabled: boolean }>())
      .toMatchObject({ llmBaseUrl: 'http://localhost:11434/v1', smsEnabled: false });
  });

  it('an agent opens the handed-off chat and reads what the assistant understood beside the bot\'s transcript', async () => {
    const page = await signedInPage(agentEmail, `/inbox/${handedOff}`);
    const panel = page.getByRole('region', { name: 'What the assistant understood' });
    await panel.waitFor();
    await panel.getByText('Book an appointment').waitFor();
    await panel.getByText('not verified').waitFor();
    await panel.getByText(/Handed over to the team at .+: the patient asked for a person/).waitFor();
    await page.getByRole('log', { name: 'Messages' }).getByText('I can help you book an appointment', { exact: false }).waitFor();
    await checkAccessibility(page, 'assistant-inbox-panel');
    await panel.getByRole('button', { name: 'Hide' }).click();
    await expect.poll(() => panel.getByTestId('assistant-context').count()).toBe(0);
  });

  it('an agent on the inbox is told at once, in red, when a patient describes an emergency', async () => {
    const page = await signedInPage(agentEmail, '/inbox');
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    const widget = (await listEndpoints(clinic.careloop.platform, systemActor(clinic.organizationId))).find((e) => e.channel === 'chat')!;
    // The socket may still be connecting: send until the alert shows (each message raises its own alert).
    const alert = page.getByRole('alert').filter({ hasText: 'A patient describes an emergency' });
    await expect.poll(async () => {
      await receiveMessage(clinic.careloop.platform, {
        organizationId: clinic.organizationId, channel: 'chat', endpoint: widget.address, fromAddress: null, fromName: 'Website visitor',
        threading: 'new', body: 'my dad cant breathe and his lips are blue', externalId: `chat:${Date.now()}`,
      });
      return alert.count();
    }, { timeout: 60_000, interval: 3000 }).toBeGreaterThan(0);
    await expect.poll(() => alert.first().textContent()).toMatch(/Emergency described in conversation #\d+/);
  });

  it('an agent cannot open the settings', async () => {
    const page = await signedInPage(agentEmail, '/admin/assistant');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Assistant' }).count()).toBe(0);
  });

  it('has no serious accessibility findings on these screens', () => {
    expect(violations).toEqual([]);
  });
});
