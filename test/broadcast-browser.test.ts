import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addStaff, apiToken, errorOf, tokenClient, type Client, type TestClinic } from './harness.js';
import { accessibilityChecker, launchChromium, signIn, skipBrowserTests, startServedClinic } from './browser-kit.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';

// The SMS provider's side, as in the SMS tests: outbound texts reach a real HTTP server playing the
// provider's REST API, and delivery reports and replies come back as webhooks signed with the
// official twilio package.
const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const TOKEN = randomBytes(16).toString('hex');
const PUBLIC = 'https://care.example.org';
const CLINIC_NUMBER = '+16175550100';
const ZONE = 'America/New_York';
const CLOSED = 'Main Street is closed today because of flooding. We will call you to rebook your visit.';

interface ProviderText { to: string; body: string; sid: string }
const newSid = () => `SM${randomBytes(16).toString('hex')}`;

describe.skipIf(skipBrowserTests)('a clinic closed by a flood tells its patients, in a real browser', () => {
  let provider: Server;
  const texts: ProviderText[] = [];
  let clinic: TestClinic;
  let browser: Browser;
  let baseUrl: string;
  let api: Client;
  let schedule: ClinicSchedule;
  let viewerEmail: string;
  /** The clinic day of the closure, three days ahead, and the visits booked on it. */
  const day = DateTime.now().setZone(ZONE).plus({ days: 3 }).toISODate()!;
  const phones: Record<string, string> = { Ana: '+16175550111', Ben: '+16175550112', Cleo: '+16175550113' };
  const appointmentIds: string[] = [];
  let broadcastId = '';
  const { check: checkAccessibility, violations } = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR, fromTop: true });

  const created = async <T>(url: string, body: unknown): Promise<T> => {
    const response = await api.request('POST', url, body);
    if (response.statusCode >= 300) throw new Error(`POST ${url}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  };
  const webhook = (path: string, params: Record<string, string>) => clinic.careloop.app.inject({
    method: 'POST', url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, PUBLIC + path, params) },
    payload: new URLSearchParams(params).toString(),
  });
  const delivered = (text: ProviderText) => webhook('/webhooks/sms/status', {
    AccountSid: ACCOUNT, MessageSid: text.sid, SmsSid: text.sid, MessageStatus: 'delivered', SmsStatus: 'delivered', To: text.to, From: CLINIC_NUMBER, ApiVersion: '2010-04-01',
  });
  const reply = (from: string, body: string) => {
    const sid = newSid();
    return webhook('/webhooks/sms/inbound', {
      ToCountry: 'US', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received', Body: body, To: CLINIC_NUMBER,
      NumSegments: '1', MessageSid: sid, AccountSid: ACCOUNT, From: from, ApiVersion: '2010-04-01',
    });
  };

  async function patientWithVisit(name: string, contact: { kind: 'phone' | 'email'; value: string }, time: string): Promise<string> {
    const patient = await created<{ id: string }>('/api/patients', { givenName: name, familyName: 'Rivera', dateOfBirth: '1980-02-03', contactPoints: [contact], allowDuplicate: true });
    const startsAt = DateTime.fromISO(`${day}T${time}`, { zone: ZONE }).toUTC().toISO()!;
    const visit = await created<{ id: string }>('/api/scheduling/appointments', {
      patientId: patient.id, serviceId: schedule.serviceId, providerId: schedule.providerIds[0], locationId: schedule.locationId, startsAt,
    });
    appointmentIds.push(visit.id);
    return patient.id;
  }

  beforeAll(async () => {
    provider = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => { body += chunk; });
      request.on('end', () => {
        const form = new URLSearchParams(body);
        const sid = newSid();
        texts.push({ to: form.get('To') ?? '', body: form.get('Body') ?? '', sid });
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ sid, status: 'queued' }));
      });
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const port = (provider.address() as AddressInfo).port;
    ({ clinic, baseUrl } = await startServedClinic({ SMS_ACCOUNT_SID: ACCOUNT, SMS_AUTH_TOKEN: TOKEN, SMS_API_URL: `http://127.0.0.1:${port}`, PUBLIC_URL: PUBLIC }));
    api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    await created('/api/channels/endpoints', { channel: 'sms', address: '+1 617 555 0100', name: 'Front desk line' });
    schedule = await seedSchedule(clinic.careloop, clinic.organizationId, { zone: ZONE });
    // Three patients with a mobile number, and Dana, who left only an e-mail address (the broadcast has no e-mail).
    const times = ['09:00', '09:30', '10:00'];
    for (const [name, phone] of Object.entries(phones)) await patientWithVisit(name, { kind: 'phone', value: phone }, times.shift()!);
    await patientWithVisit('Dana', { kind: 'email', value: 'dana@example.org' }, '10:30');
    viewerEmail = await addStaff(clinic.careloop, clinic.organizationId, 'viewer');
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await clinic?.close();
    await new Promise((resolve) => provider?.close(resolve));
  });

  async function signedInPage(email: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page, email);
    return page;
  }

  const figure = (page: Page, label: string) => page.getByRole('region', { name: 'Delivery statistics' }).getByRole('group', { name: label, exact: true }).getByTestId('stat-value');
  const waitForFigure = (page: Page, label: string, value: number) =>
    page.getByRole('region', { name: 'Delivery statistics' }).getByRole('group', { name: label, exact: true }).getByText(String(value), { exact: true }).waitFor();

  async function openCompose(page: Page) {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Broadcasts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Broadcasts' }).waitFor();
    await page.getByRole('link', { name: 'New broadcast' }).click();
    await page.getByRole('heading', { level: 1, name: 'New broadcast' }).waitFor();
  }

  it('shows the server\'s own words for a broadcast without a message and for a segment with nobody in it', async () => {
    const page = await signedInPage(clinic.adminEmail);
    await openCompose(page);
    const form = page.getByRole('form', { name: 'Compose a broadcast' });

    // Bad input 1: no message on any channel. The server refuses the draft; the screen says what it said.
    await form.getByLabel('Title').fill('Without a message');
    await form.getByText('Patients with a tag').click();
    await form.getByRole('textbox', { name: 'Tag' }).fill('flood-zone');
    await form.getByRole('button', { name: 'Review and send…' }).click();
    const noMessage = await api.request('POST', '/api/broadcasts', { title: 'Without a message', purpose: 'urgent_operational', segment: { type: 'tag', tag: 'flood-zone' }, smsBody: null, emailSubject: null, emailBody: null });
    expect(noMessage.statusCode).toBeGreaterThanOrEqual(400);
    expect(noMessage.statusCode).toBeLessThan(500);
    const noMessageError = page.getByRole('alert').filter({ hasText: 'The broadcast was not saved' });
    await noMessageError.waitFor();
    expect(await noMessageError.textContent()).toContain(errorOf(noMessage).message);

    // Bad input 2: a tag nobody carries. The preview says nobody would receive it, and sending is refused by the server.
    await form.getByLabel('Text (SMS)').fill('Flood warning: stay safe.');
    await form.getByRole('button', { name: 'Preview recipients' }).click();
    await expect(page.getByTestId('preview-summary').textContent()).resolves.toBe('0 patients would receive it, of 0 patients in the segment.');
    await form.getByRole('button', { name: 'Review and send…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send this broadcast?' });
    await dialog.getByRole('button', { name: 'Send to 0 patients' }).click();
    const refusal = dialog.getByRole('alert').filter({ hasText: 'The broadcast was not sent' });
    await refusal.waitFor();
    const drafts = (await api.request('GET', '/api/broadcasts?status=draft')).json<{ items: { id: string; title: string }[] }>().items;
    expect(drafts.map((d) => d.title)).toEqual(['Without a message']);
    const again = await api.request('POST', `/api/broadcasts/${drafts[0]!.id}/send`, {});
    expect([409, 422]).toContain(again.statusCode);
    expect(errorOf(again).code).toBe('empty_segment');
    expect(await refusal.textContent()).toContain(errorOf(again).message);
    await checkAccessibility(page, 'compose-refused');
    await page.context().close();
  });

  it('composes, previews, sends, and follows the figures as texts are delivered and answered', async () => {
    const page = await signedInPage(clinic.adminEmail);
    await openCompose(page);
    const form = page.getByRole('form', { name: 'Compose a broadcast' });
    await form.getByLabel('Title').fill('Flood closure, Main Street');
    await form.getByRole('radio', { name: 'Urgent operational' }).check();
    await form.getByRole('combobox', { name: 'Location' }).selectOption({ label: 'Main Street' });
    await form.getByLabel(/^From\b/).fill(day);
    await form.getByLabel(/^To\b/).fill(day);

    // The SMS counter: 161 plain characters take two parts; one emoji turns the text into UCS-2.
    const sms = form.getByLabel('Text (SMS)');
    await sms.fill('x'.repeat(161));
    await expect(page.getByTestId('sms-length').textContent()).resolves.toMatch(/^161 characters · 2 parts \(GSM-7, 145 left in this part\)/);
    await sms.fill('Closed 🌊');
    await expect(page.getByTestId('sms-length').textContent()).resolves.toMatch(/^8 characters · 1 part \(UCS-2, 61 left in this part\)/);
    await sms.fill(CLOSED);
    await expect(page.getByTestId('sms-length').textContent()).resolves.toBe(`${CLOSED.length} characters · 1 part (GSM-7, ${160 - CLOSED.length} left in this part)`);

    await form.getByRole('button', { name: 'Preview recipients' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await expect.poll(() => page.getByTestId('preview-summary').textContent()).toBe('3 patients would receive it, of 4 patients in the segment.');
    await preview.getByText('No phone or e-mail for the channels with a message: 1').waitFor();
    await expect(preview.getByRole('table', { name: 'First recipients' }).getByRole('row').count()).resolves.toBe(4);
    await checkAccessibility(page, 'compose-preview');

    await form.getByRole('button', { name: 'Review and send…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send this broadcast?' });
    await dialog.getByText('3 text messages and 0 e-mails', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Send to 3 patients' }).click();
    await page.getByRole('heading', { level: 1, name: 'Flood closure, Main Street' }).waitFor();
    broadcastId = new URL(page.url()).pathname.split('/').pop()!;

    // Every text goes out (to the provider), then the provider reports delivery and Ana answers: the page follows without a reload.
    await waitForFigure(page, 'Sent', 3);
    await page.getByTestId('broadcast-status').getByText('Sent').waitFor();
    await expect(figure(page, 'Delivered').textContent()).resolves.toBe('0');
    // The page follows the staff socket (not the 15-second polling it falls back to).
    await expect.poll(() => page.getByTestId('live-status').textContent()).toBe('Live');
    const ours = texts.filter((t) => t.body.includes('closed today because of flooding'));
    expect(ours.map((t) => t.to).sort()).toEqual(Object.values(phones).sort());
    for (const text of ours) expect((await delivered(text)).statusCode).toBe(200);
    await waitForFigure(page, 'Delivered', 3);
    expect((await reply(phones.Ana!, 'Thank you, please call me after 5 pm')).statusCode).toBe(200);
    await waitForFigure(page, 'Replied', 1);

    // The recipients: Dana was left out, with the reason; Ana's reply opens her conversation.
    const recipients = page.getByRole('table', { name: 'Recipients' });
    // The count above the table says when the filtered list has arrived (the previous rows stay until then).
    const counted = (text: string) => page.getByRole('status').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
    await counted('4 recipients');
    await expect(recipients.getByRole('row').count()).resolves.toBe(5);
    await recipients.getByRole('row', { name: /Dana Rivera/ }).getByText('Skipped').waitFor();
    await page.getByLabel('Replies').selectOption({ label: 'Only who replied' });
    await counted('1 recipient');
    await expect(recipients.getByRole('row').count()).resolves.toBe(2);
    await recipients.getByRole('row', { name: /Ana Rivera/ }).getByRole('link', { name: /^Replied/ }).waitFor();
    await page.getByLabel('Replies').selectOption({ label: 'Everyone' });
    await page.getByLabel('Status').selectOption({ label: 'Delivered' });
    await counted('3 recipients');
    await expect(recipients.getByRole('row').count()).resolves.toBe(4);
    await checkAccessibility(page, 'detail-delivered');

    const list = (await api.request('GET', `/api/broadcasts/${broadcastId}`)).json<{ stats: { sent: number; delivered: number; replied: number; skipped: number } }>();
    expect(list.stats).toMatchObject({ sent: 3, delivered: 3, replied: 1, skipped: 1 });
    await page.context().close();
  });

  it('cancels the affected visits with a reason, after a confirmation, and says how many', async () => {
    expect(broadcastId).not.toBe('');
    const page = await signedInPage(clinic.adminEmail);
    await page.goto(`/broadcasts/${broadcastId}`);
    await page.getByRole('button', { name: 'Cancel the affected visits…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel the affected visits' });
    await dialog.getByLabel('Reason').selectOption({ label: 'Weather' });
    await dialog.getByRole('button', { name: 'Cancel the visits…' }).click();
    await dialog.getByText('Cancel these visits?').waitFor();
    await checkAccessibility(page, 'cancel-visits-confirm');
    await dialog.getByRole('button', { name: 'Yes, cancel the visits' }).click();
    await dialog.getByText('4 visits cancelled; their times are offered to the waitlist.').waitFor();
    for (const id of appointmentIds) {
      expect((await api.request('GET', `/api/scheduling/appointments/${id}`)).json<{ status: string; cancelReason: string }>()).toMatchObject({ status: 'cancelled', cancelReason: 'weather' });
    }
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await page.getByText('Affected visits cancelled').waitFor();
    await expect(page.getByRole('button', { name: 'Cancel the affected visits…' }).count()).resolves.toBe(0);
    await page.context().close();
  });

  it('lets a viewer follow a broadcast but not send or cancel one', async () => {
    const page = await signedInPage(viewerEmail);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Broadcasts' }).click();
    const table = page.getByRole('table', { name: 'Broadcasts' });
    await table.getByRole('link', { name: 'Flood closure, Main Street' }).waitFor();
    await expect(page.getByRole('link', { name: 'New broadcast' }).count()).resolves.toBe(0);
    await checkAccessibility(page, 'list');
    await table.getByRole('link', { name: 'Flood closure, Main Street' }).click();
    await waitForFigure(page, 'Delivered', 3);
    await expect(page.getByRole('button', { name: /Cancel/ }).count()).resolves.toBe(0);
    await page.context().close();
  });

  it('finds no serious or critical accessibility problem on the broadcast screens', () => {
    expect(violations).toEqual([]);
  });
});
