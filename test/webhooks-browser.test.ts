import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiToken, tokenClient, type Client, type TestClinic } from './harness.js';
import { accessibilityChecker, launchChromium, signIn, skipBrowserTests, startServedClinic } from './browser-kit.js';

/** The receiver's check, as docs/webhooks.md gives it. */
function verify(secret: string, header: string, rawBody: string) {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2)));
  const timestamp = Number(parts.t);
  if (Math.abs(Date.now() / 1000 - timestamp) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  const given = Buffer.from(String(parts.v1 ?? ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe.skipIf(skipBrowserTests)('an administrator connects a receiving system by webhook, in a real browser', () => {
  let clinic: TestClinic;
  let browser: Browser;
  let baseUrl: string;
  let api: Client;
  let page: Page;
  let secret = '';
  let failing = false;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(failing ? 503 : 200, { 'content-type': 'text/plain' }).end(failing ? 'down for maintenance' : 'thanks');
    });
  });
  const { check: checkAccessibility, violations } = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR, fromTop: true });
  let patients = 0;
  const registerPatient = async () => {
    const response = await api.request('POST', '/api/patients', { givenName: 'Ana', familyName: ['Silva', 'Costa', 'Reyes'][patients++]!, dateOfBirth: '1969-09-09' });
    expect(response.statusCode, response.body).toBe(201);
  };

  beforeAll(async () => {
    ({ clinic, baseUrl } = await startServedClinic());
    api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium();
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 900 }, reducedMotion: 'reduce' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page, clinic.adminEmail);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await clinic?.close();
  });

  it('creates an endpoint (a bad URL is refused on its field), copies the secret shown once, and sees it in the list', async () => {
    await page.goto('/admin/webhooks');
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText('No endpoint yet').waitFor();
    await page.getByRole('button', { name: 'New endpoint' }).click();
    const form = page.getByRole('form', { name: 'New webhook endpoint' });
    await form.getByLabel('Name').fill('Records system');
    await form.getByLabel('URL').fill('ftp://records.example.org/in');
    await form.getByRole('checkbox', { name: /A patient is registered/ }).check();
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    await form.getByText('must use http or https, not ftp').waitFor();
    expect((await api.request('GET', '/api/webhooks')).json<{ items: unknown[] }>().items).toEqual([]);
    await checkAccessibility(page, 'webhooks-new');

    const { port } = receiver.address() as AddressInfo;
    await form.getByLabel('URL').fill(`http://127.0.0.1:${port}/careloop`);
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    const list = page.getByRole('table', { name: 'Webhook endpoints' });
    await list.getByRole('link', { name: 'Records system' }).waitFor();
    await list.getByText('No deliveries yet').waitFor();
    await checkAccessibility(page, 'webhooks-list');
  }, 90_000);

  it('sees a registration delivered in the log, a failed one retrying, and replays it once the receiver is back', async () => {
    await registerPatient();
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1);
    expect(verify(secret, received[0]!.headers['careloop-signature'] as string, received[0]!.body)).toBe(true);

    await page.getByRole('table', { name: 'Webhook endpoints' }).getByRole('link', { name: 'Records system' }).click();
    await page.getByRole('heading', { level: 1, name: 'Records system' }).waitFor();
    const log = page.getByRole('table', { name: 'Deliveries' });
    await log.getByText('Delivered').waitFor();
    await expect(log.getByRole('cell', { name: /^200 · \d+ ms$/ }).count()).resolves.toBe(1);

    failing = true;
    await registerPatient();
    // The log follows on its own: the new delivery failed once and waits for its retry.
    await log.getByText('Retrying').waitFor();
    await log.getByRole('cell', { name: /^503 · \d+ ms$/ }).waitFor();
    const failedRow = log.getByRole('row').filter({ hasText: 'Retrying' });
    await failedRow.getByRole('button', { name: /^Show the patient\.registered delivery/ }).click();
    const attempts = page.getByRole('table', { name: 'Attempts' });
    await attempts.getByText('answered 503').waitFor();
    await attempts.getByText('down for maintenance').waitFor();
    await expect(page.getByLabel('Payload').textContent()).resolves.toContain('"type": "patient.registered"');
    await checkAccessibility(page, 'webhook-detail-failed');

    failing = false;
    await failedRow.getByRole('button', { name: /^Replay/ }).click();
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(3);
    await expect.poll(() => log.getByText('Retrying').count(), { timeout: 10_000 }).toBe(0);
    // The expanded delivery's attempts: the failure, then the replay that went through.
    await attempts.getByRole('row').nth(2).getByText('Delivered').waitFor();
    await expect(attempts.getByRole('row').count()).resolves.toBe(3);
    // The replay is the same delivery (same id, same body), signed afresh.
    expect(received[2]!.headers['careloop-delivery']).toBe(received[1]!.headers['careloop-delivery']);
    expect(received[2]!.body).toBe(received[1]!.body);
    expect(verify(secret, received[2]!.headers['careloop-signature'] as string, received[2]!.body)).toBe(true);
    await checkAccessibility(page, 'webhook-detail-replayed');
  }, 90_000);

  it('pauses the endpoint from its page; an automation rule can send to it', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('Paused', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByText('Healthy', { exact: true }).waitFor();

    await page.goto('/admin/rules');
    await page.getByRole('button', { name: 'New rule' }).click();
    const action = page.getByRole('combobox', { name: 'Action' }).first();
    await action.selectOption('send_webhook');
    await page.getByRole('combobox', { name: 'Webhook endpoint' }).selectOption({ label: 'Records system' });
    await checkAccessibility(page, 'rule-send-webhook');
  }, 60_000);

  it('has no serious accessibility problems on the screens it visited', () => {
    expect(violations).toEqual([]);
  });
});
