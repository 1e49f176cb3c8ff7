import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addStaff, apiToken, tokenClient, type Client, type TestClinic } from './harness.js';
import { accessibilityChecker, launchChromium, signIn, skipBrowserTests, startServedClinic } from './browser-kit.js';

const PHONE = { width: 390, height: 844 };

interface OutboxItem { purpose: string; body: string; patientId: string | null }
interface Case { id: string; status: string; outcome: string | null; outcomeNote: string | null; resurveyInvitationId: string | null; reasons: string[] }

describe.skipIf(skipBrowserTests)('the feedback loop in a real browser', () => {
  let clinic: TestClinic;
  let browser: Browser;
  let desk: Page;
  let baseUrl: string;
  let api: Client;
  let patientId = '';
  let surveyLink = '';
  const { check: checkAccessibility, violations } = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'careloop-feedback') });

  const surveyTexts = async () => (await api.request('GET', '/api/channels/outbox?limit=100')).json<{ items: OutboxItem[] }>().items
    .filter((m) => m.patientId === patientId && m.purpose === 'survey');
  const casesOfPatient = async () => (await api.request('GET', '/api/feedback/recovery-cases?limit=100')).json<{ items: (Case & { patient: { id: string } })[] }>().items
    .filter((c) => c.patient.id === patientId);

  beforeAll(async () => {
    ({ clinic, baseUrl } = await startServedClinic());
    api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    const created = await api.request('POST', '/api/patients', {
      givenName: 'Rosa', familyName: 'Diaz', dateOfBirth: '1980-02-03', contactPoints: [{ kind: 'phone', value: '(617) 555-0199', isPrimary: true, consentCare: true }],
    });
    expect(created.statusCode, created.body).toBe(201);
    patientId = created.json<{ id: string }>().id;
    const qualityEmail = await addStaff(clinic.careloop, clinic.organizationId, 'quality_manager');

    browser = await launchChromium();
    const staff = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 900 }, reducedMotion: 'reduce' });
    desk = await staff.newPage();
    desk.setDefaultTimeout(20_000);
    await signIn(desk, qualityEmail);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await clinic?.close();
  });

  const heading = (on: Page, name: string | RegExp) => on.getByRole('heading', { level: 1, name });

  it('a quality manager creates a manual survey with NPS, CSAT, a CAHPS item and a comment, previewed as the patient will see it', async () => {
    await desk.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Surveys' }).click();
    await heading(desk, 'Surveys').waitFor();
    await desk.getByText('No survey yet', { exact: false }).waitFor();
    await desk.getByRole('button', { name: 'New survey' }).click();
    const form = desk.getByRole('form', { name: 'New survey' });
    await form.getByLabel('Name').fill('After your visit');
    await form.getByLabel('Send', { exact: true }).selectOption({ label: 'Manual only' });
    await form.getByLabel('Introduction', { exact: true }).fill('One minute: it helps us care for you.');
    await form.getByLabel('Introduction in Spanish').fill('Un minuto: nos ayuda a cuidarle.');
    // The new survey starts with an NPS question and a comment; add a CSAT and a CAHPS-style item.
    await form.getByLabel('New question').selectOption('csat');
    await form.getByRole('button', { name: 'Add a question' }).click();
    await form.getByLabel('New question').selectOption('cahps');
    await form.getByRole('button', { name: 'Add a question' }).click();
    // The comment goes last: moved down twice from second place.
    await form.getByRole('button', { name: 'Move question 2 down' }).click();
    await form.getByRole('button', { name: 'Move question 3 down' }).click();
    await expect(form.getByRole('group', { name: 'Question 4' }).getByLabel('Kind').inputValue()).resolves.toBe('text');

    const preview = desk.getByRole('region', { name: 'Preview: what the patient sees' });
    const nps = preview.getByRole('radiogroup', { name: /recommend our clinic/ });
    await expect(nps.getByRole('radio').count()).resolves.toBe(11);
    await preview.getByRole('radiogroup', { name: /courtesy and respect/ }).getByRole('radio', { name: 'Always', exact: true }).waitFor();
    await preview.getByText('Español').click();
    await preview.getByRole('radiogroup', { name: /cortesía y respeto/ }).getByRole('radio', { name: 'Siempre', exact: true }).waitFor();
    await checkAccessibility(desk, 'survey-editor');

    await form.getByRole('button', { name: 'Save survey' }).click();
    const row = desk.getByRole('table', { name: 'Surveys' }).getByRole('row', { name: /After your visit/ });
    await row.getByText('Manual only').waitFor();
    await checkAccessibility(desk, 'surveys');
    const saved = (await api.request('GET', '/api/feedback/surveys')).json<{ items: { name: string; trigger: string; items: { kind: string; key: string }[] }[] }>().items;
    expect(saved.map((s) => [s.name, s.trigger, s.items.map((i) => i.kind).join(',')])).toEqual([['After your visit', 'manual', 'nps,csat,cahps,text']]);
  }, 90_000);

  it('sends it to a patient from the patient page; the text with the link is in the outbox', async () => {
    await desk.goto(`/patients/${patientId}`);
    await heading(desk, 'Rosa Diaz').waitFor();
    await desk.getByRole('button', { name: 'Send a survey' }).click();
    const dialog = desk.getByRole('dialog', { name: 'Send a survey to Rosa Diaz' });
    await expect(dialog.getByLabel('Survey').inputValue()).resolves.not.toBe('');
    await checkAccessibility(desk, 'send-survey');
    await dialog.getByRole('button', { name: 'Send now' }).click();
    await dialog.getByText(/“After your visit” was sent by text message/).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    const [text] = await surveyTexts();
    const path = /\/s\/\S+$/.exec(text?.body ?? '')?.[0];
    expect(path, `a survey link in ${text?.body}`).toBeTruthy();
    surveyLink = path!;
  }, 60_000);

  it('the patient answers on a phone as a detractor with a complaint, after being told what is missing', async () => {
    const phone = await browser.newContext({ baseURL: baseUrl, viewport: PHONE, isMobile: true, hasTouch: true, locale: 'en-US', reducedMotion: 'reduce' });
    const page = await phone.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(surveyLink);
    await heading(page, 'After your visit').waitFor();
    await page.getByText('One minute: it helps us care for you.').waitFor();
    const nps = page.getByRole('radiogroup', { name: /recommend our clinic/ });
    await nps.getByRole('radio', { name: '3', exact: true }).check();
    await page.getByRole('radiogroup', { name: /satisfied/ }).getByRole('radio', { name: '2', exact: true }).check();
    await page.getByRole('button', { name: 'Send' }).click();
    // The CAHPS item is required and unanswered: named beside the question, nothing sent.
    await page.getByRole('alert').filter({ hasText: 'One question still needs an answer.' }).waitFor();
    const cahps = page.getByRole('radiogroup', { name: /courtesy and respect/ });
    await expect(cahps.getAttribute('aria-invalid')).resolves.toBe('true');
    await checkAccessibility(page, 'patient-survey-missing');
    await cahps.getByRole('radio', { name: 'Sometimes' }).check();
    await page.getByLabel(/anything we could do better/).fill('The receptionist was rude and nobody called me back about my results.');
    await checkAccessibility(page, 'patient-survey-filled');
    await page.getByRole('button', { name: 'Send' }).click();
    await heading(page, 'Thank you!').waitFor();
    await checkAccessibility(page, 'patient-survey-thanks');

    // The same link again: answered already, said kindly, and the form is gone.
    await page.goto(surveyLink);
    await page.getByText('You already answered this survey, thank you').waitFor();
    await expect(page.getByRole('button', { name: 'Send' }).count()).resolves.toBe(0);
    await checkAccessibility(page, 'patient-survey-used');
    await phone.close();
    const cases = await casesOfPatient();
    expect(cases.map((c) => c.status)).toEqual(['open']);
    expect(cases[0]?.reasons).toEqual(expect.arrayContaining(['nps_detractor', 'csat_low', 'complaint_words']));
  }, 90_000);

  it('the answer is in the responses as a detractor, with every question in its drawer and a link to its case', async () => {
    await desk.goto('/feedback/responses');
    await heading(desk, 'Survey responses').waitFor();
    await desk.getByLabel('NPS group').selectOption('detractor');
    const row = desk.getByRole('table', { name: 'Responses' }).getByRole('row', { name: /Rosa Diaz/ });
    await row.getByText('NPS 3 · Detractor').waitFor();
    await row.getByRole('link', { name: 'Recovery case' }).waitFor();
    await desk.getByLabel('NPS group').selectOption('promoter');
    await desk.getByText('No response in this period with these filters.').waitFor();
    await desk.getByLabel('NPS group').selectOption('');
    await desk.getByRole('button', { name: "Details of Rosa Diaz's answer" }).click();
    const drawer = desk.getByRole('dialog', { name: 'Rosa Diaz: After your visit' });
    const answers = drawer.getByRole('table', { name: 'Questions and answers' });
    await answers.getByRole('row', { name: /courtesy and respect.*Sometimes/ }).waitFor();
    await answers.getByRole('row', { name: /rude and nobody called me back/ }).waitFor();
    await checkAccessibility(desk, 'responses-drawer');
    await drawer.getByRole('button', { name: 'Close' }).click();
  }, 60_000);

  it('the case is in the worklist; staff read it beside the answer and close it as resolved, sending the survey again', async () => {
    await desk.goto('/feedback/recovery');
    await heading(desk, 'Recovery cases').waitFor();
    const list = desk.getByRole('table', { name: 'Open recovery cases' });
    await list.getByRole('row', { name: /Rosa Diaz/ }).getByText(/^Due (in|tomorrow)/).waitFor();
    await checkAccessibility(desk, 'recovery-worklist');
    await list.getByRole('link', { name: 'Open the case of Rosa Diaz' }).click();
    await heading(desk, 'Recovery case').waitFor();
    await desk.getByTestId('case-comment').getByText(/rude and nobody called me back/).waitFor();
    await desk.getByRole('region', { name: 'Call task' }).getByText(/^Open, due/).waitFor();
    await checkAccessibility(desk, 'recovery-case');

    // Reassigned to a colleague and made due yesterday: the case shows overdue, here and in the worklist.
    const ownerBox = desk.getByRole('form', { name: 'Owner and deadline' });
    const colleague = (await ownerBox.getByLabel('Owner').locator('option').allTextContents()).find((name) => name !== 'quality_manager person' && !name.startsWith('Nobody'));
    expect(colleague, 'another member of staff to give the case to').toBeTruthy();
    await ownerBox.getByLabel('Owner').selectOption({ label: colleague! });
    const yesterday = new Date(Date.now() - 86_400_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    await ownerBox.getByLabel('Due').fill(`${yesterday.getFullYear()}-${pad(yesterday.getMonth() + 1)}-${pad(yesterday.getDate())}T09:00`);
    await expect(desk.getByTestId('case-status').textContent()).resolves.toBe('Open');
    await ownerBox.getByRole('button', { name: 'Save owner and due' }).click();
    await desk.getByTestId('case-status').filter({ hasText: 'Open, overdue' }).waitFor();
    await desk.getByText(`Owner: ${colleague!}`).waitFor();
    await desk.getByRole('link', { name: 'Back to the worklist' }).click();
    await desk.getByRole('table', { name: 'Open recovery cases' }).getByRole('row', { name: /Rosa Diaz/ }).getByText(/^Overdue, due/).waitFor();
    await desk.getByLabel('Overdue only').check();
    await desk.getByRole('table', { name: 'Open recovery cases' }).getByRole('row', { name: /Rosa Diaz/ }).waitFor();
    await checkAccessibility(desk, 'recovery-worklist-overdue');
    await desk.getByRole('link', { name: 'Open the case of Rosa Diaz' }).click();

    const close = desk.getByRole('region', { name: 'Close the case' });
    await close.getByRole('radio', { name: 'Resolved' }).check();
    await close.getByLabel('Note').fill('Called Rosa, apologised; the results were sent to her the same day.');
    await close.getByLabel(/Send the survey again/).check();
    await close.getByRole('button', { name: 'Close the case' }).click();
    await desk.getByRole('status').filter({ hasText: 'Closed: Resolved' }).getByText('The survey was sent again.').waitFor();
    await expect(desk.getByTestId('case-status').textContent()).resolves.toBe('Closed');
    await checkAccessibility(desk, 'recovery-case-closed');

    const [closed] = await casesOfPatient();
    expect(closed).toMatchObject({ status: 'closed', outcome: 'resolved', outcomeNote: 'Called Rosa, apologised; the results were sent to her the same day.' });
    expect(closed?.resurveyInvitationId).toBeTruthy();
    // The re-survey is a second text with its own, fresh link.
    const texts = await surveyTexts();
    expect(texts).toHaveLength(2);
    expect(texts.map((t) => /\/s\/\S+$/.exec(t.body)?.[0])).toContain(surveyLink);
    expect(new Set(texts.map((t) => /\/s\/\S+$/.exec(t.body)?.[0])).size).toBe(2);

    await desk.goto('/feedback/recovery');
    await desk.getByText('No open case: nobody is waiting for a call back.').waitFor();
    await desk.getByText('Closed', { exact: true }).click();
    await desk.getByRole('table', { name: 'Closed recovery cases' }).getByRole('row', { name: /Rosa Diaz/ }).getByText('Resolved').waitFor();
  }, 90_000);

  it('the quality manager turns the survey off; it stays listed as off and is no longer offered on the patient page', async () => {
    await desk.goto('/feedback/surveys');
    await desk.getByRole('button', { name: 'Edit After your visit' }).click();
    const form = desk.getByRole('form', { name: 'Edit “After your visit”' });
    await form.getByLabel(/^Active/).uncheck();
    await form.getByRole('button', { name: 'Save survey' }).click();
    await desk.getByRole('table', { name: 'Surveys' }).getByRole('row', { name: /After your visit/ }).getByText('Off', { exact: true }).waitFor();
    await desk.goto(`/patients/${patientId}`);
    await desk.getByRole('button', { name: 'Send a survey' }).click();
    await desk.getByRole('dialog', { name: 'Send a survey to Rosa Diaz' }).getByText('There is no active survey.', { exact: false }).waitFor();
  }, 60_000);

  it('has no serious or critical accessibility violations on the feedback screens', () => {
    expect(violations, `axe found:\n${violations.join('\n')}`).toEqual([]);
  });
});
