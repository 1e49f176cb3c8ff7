import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { signLink } from '../src/platform/links.js';
import { apiToken, tokenClient, type Client, type TestClinic } from './harness.js';
import { accessibilityChecker, launchChromium, skipBrowserTests, startServedClinic } from './browser-kit.js';

const PHONE = { width: 390, height: 844 };

const item = (id: string, kind: string, text: string, textEs: string, required = true) => ({ id, key: id, kind, text, textEs, required });
const ITEMS = [
  item('recommend', 'nps', 'How likely are you to recommend us?', '¿Nos recomendaría?'),
  item('satisfied', 'csat', 'How satisfied are you?', '¿Qué tan satisfecho está?'),
  item('easy', 'ces', 'It was easy to get care.', 'Fue fácil recibir atención.'),
  item('listened', 'cahps', 'How often did the doctor listen carefully?', '¿Con qué frecuencia le escuchó el médico con atención?'),
  item('comment', 'text', 'Anything else?', '¿Algo más?', false),
];

describe.skipIf(skipBrowserTests)('the patient survey page on a phone', () => {
  let clinic: TestClinic;
  let browser: Browser;
  let phone: BrowserContext;
  let api: Client;
  let surveyId = '';
  const { check: checkAccessibility, violations } = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'careloop-survey-page') });

  /** A new patient sent the survey; returns the path of the link in their text message. */
  async function invitedPatient(language: 'en' | 'es') {
    const created = await api.request('POST', '/api/patients', {
      givenName: language === 'es' ? 'Lucía' : 'Tom', familyName: 'Survey', dateOfBirth: '1975-05-06', language, allowDuplicate: true,
      contactPoints: [{ kind: 'phone', value: `+1 617 555 ${String(1000 + Math.floor(Math.random() * 8999))}`, isPrimary: true, consentCare: true }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const patientId = created.json<{ id: string }>().id;
    const sent = await api.request('POST', `/api/feedback/surveys/${surveyId}/send`, { patientId });
    expect(sent.json<{ status: string }>().status, sent.body).toBe('sent');
    const outbox = (await api.request('GET', '/api/channels/outbox?limit=100')).json<{ items: { patientId: string | null; purpose: string; body: string }[] }>().items;
    const path = outbox.filter((m) => m.patientId === patientId && m.purpose === 'survey').map((m) => /\/s\/\S+$/.exec(m.body)?.[0])[0];
    expect(path).toBeTruthy();
    return { patientId, invitationId: sent.json<{ id: string }>().id, path: path! };
  }

  beforeAll(async () => {
    const served = await startServedClinic();
    clinic = served.clinic;
    const baseUrl = served.baseUrl;
    api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    const survey = await api.request('POST', '/api/feedback/surveys', {
      name: 'Your visit', trigger: 'manual', throttleDays: 0, intro: 'Three taps and you are done.', introEs: 'Tres toques y listo.', items: ITEMS,
    });
    expect(survey.statusCode, survey.body).toBe(201);
    surveyId = survey.json<{ id: string }>().id;
    browser = await launchChromium();
    // An English phone: the page follows the clinic's record of the patient's language, not the phone's.
    phone = await browser.newContext({ baseURL: baseUrl, viewport: PHONE, isMobile: true, hasTouch: true, locale: 'en-US', reducedMotion: 'reduce' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await clinic?.close();
  });

  const newPage = async () => {
    const page = await phone.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  };

  it('opens in Spanish for a Spanish-speaking patient, switches to English, and is answered with the keyboard alone in under 30 seconds', async () => {
    const { patientId, path } = await invitedPatient('es');
    const page = await newPage();
    const started = Date.now();
    await page.goto(path);
    await page.getByRole('heading', { level: 1, name: 'Your visit' }).waitFor();
    await page.getByText('Tres toques y listo.').waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('es');
    const nps = page.getByRole('radiogroup', { name: '¿Nos recomendaría?' });
    await nps.waitFor();
    await page.getByText('0 = Nada probable').waitFor();
    await checkAccessibility(page, 'survey-es');

    await page.getByText('English', { exact: true }).click();
    await page.getByRole('radiogroup', { name: 'How likely are you to recommend us?' }).waitFor();
    await page.getByText('0 = Not at all likely').waitFor();
    await page.getByText('Español', { exact: true }).click();

    // Each scale is one radio group: arrows move the choice, Tab goes on to the next question.
    await nps.getByRole('radio', { name: '0', exact: true }).focus();
    await page.keyboard.press('Space');
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
    await expect(nps.getByRole('radio', { name: '9', exact: true }).isChecked()).resolves.toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radiogroup', { name: '¿Qué tan satisfecho está?' }).getByRole('radio', { name: '4', exact: true }).isChecked()).resolves.toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radiogroup', { name: /le escuchó el médico/ }).getByRole('radio', { name: 'Siempre', exact: true }).isChecked()).resolves.toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Muy amables');
    await page.getByRole('button', { name: 'Enviar' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '¡Gracias!' }).waitFor();
    expect(Date.now() - started, 'the whole survey in under 30 seconds').toBeLessThan(30_000);
    await checkAccessibility(page, 'survey-es-thanks');

    const [response] = (await api.request('GET', `/api/feedback/responses?patientId=${patientId}`)).json<{ items: Record<string, unknown>[] }>().items;
    expect(response).toMatchObject({ nps: 9, csat: 4, ces: 7, comment: 'Muy amables', language: 'es' });
    await page.close();
  }, 90_000);

  it('gives every answer a target a thumb can hit, with nothing wider than the phone', async () => {
    const { path } = await invitedPatient('en');
    const page = await newPage();
    await page.goto(path);
    await page.getByRole('radiogroup', { name: 'How likely are you to recommend us?' }).waitFor();
    const radios = page.locator('.survey-choice');
    await expect(radios.count()).resolves.toBe(11 + 5 + 7 + 4);
    for (const box of await radios.evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect()).map((r) => ({ width: r.width, height: r.height })))) {
      expect(box.width).toBeGreaterThanOrEqual(44);
      expect(box.height).toBeGreaterThanOrEqual(44);
    }
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width);
    await checkAccessibility(page, 'survey-en');
    await page.close();
  }, 60_000);

  it('says politely when a link has expired, was altered, or is not a link at all', async () => {
    const { invitationId, path } = await invitedPatient('en');
    const secret = clinic.careloop.platform.config.secretKey;
    const expired = signLink(secret, { purpose: 'survey', organizationId: clinic.organizationId, subject: invitationId, expiresAt: new Date(Date.now() - 1000), oneTime: true });
    const page = await newPage();
    await page.goto(`/s/${expired}`);
    await page.getByRole('alert').filter({ hasText: 'This survey link has expired' }).waitFor();
    await checkAccessibility(page, 'survey-expired');

    const token = path.replace(/^\/s\//, '');
    await page.goto(`/s/${token.slice(0, -4)}abcd`);
    await page.getByRole('alert').filter({ hasText: 'This link does not work' }).waitFor();
    await page.goto('/s/not-a-link');
    await page.getByRole('alert').filter({ hasText: 'This link does not work' }).waitFor();
    await expect(page.getByRole('button', { name: 'Send' }).count()).resolves.toBe(0);
    await checkAccessibility(page, 'survey-invalid');
    await page.close();
  }, 60_000);

  it('has no serious or critical accessibility violations on the survey page', () => {
    expect(violations, `axe found:\n${violations.join('\n')}`).toEqual([]);
  });
});
