import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seedDemoKnowledge } from '../src/seed/demo-knowledge.js';
import { addStaff, type TestClinic } from './harness.js';
import { accessibilityChecker, launchChromium, signIn, skipBrowserTests, startServedClinic } from './browser-kit.js';

describe.skipIf(skipBrowserTests)('staff keep the knowledge base the assistant answers from, in a real browser', () => {
  let clinic: TestClinic;
  let browser: Browser;
  let baseUrl: string;
  let agentEmail: string;
  const { check: checkAccessibility, violations } = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR, fromTop: true });

  beforeAll(async () => {
    ({ clinic, baseUrl } = await startServedClinic());
    await seedDemoKnowledge(clinic.careloop.platform, clinic.organizationId);
    agentEmail = await addStaff(clinic.careloop, clinic.organizationId, 'agent');
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
    await page.goto('/knowledge');
    await page.getByRole('heading', { level: 1, name: 'Knowledge base' }).waitFor();
    return page;
  }

  async function tryQuestion(page: Page, question: string) {
    const form = page.getByRole('form', { name: 'Try a question' });
    await form.getByLabel('Question').fill(question);
    await form.getByRole('button', { name: 'Ask' }).click();
    return page.getByTestId('try-result');
  }

  it('an administrator writes an article (after a blank title is refused), finds it by a misspelt question, and edits it', async () => {
    const page = await signedInPage(clinic.adminEmail);
    await page.getByRole('heading', { level: 2, name: /Parking/ }).waitFor();
    await checkAccessibility(page, 'knowledge-list');

    await page.getByRole('button', { name: 'New article' }).click();
    const form = page.getByRole('form', { name: 'New article' });
    await form.getByRole('textbox', { name: 'Title' }).fill('   ');
    await form.getByLabel('Category').selectOption('other');
    await form.getByRole('textbox', { name: 'Answer' }).fill('Both offices have step-free entrances. Borrow a wheelchair at reception.');
    await form.getByRole('textbox', { name: 'Questions patients ask' }).fill('Can I borrow a wheelchair?\nwheelchair access');
    await form.getByRole('button', { name: 'Create article' }).click();
    // Bad input: a title of spaces is refused by the server and named under the field.
    await expect.poll(() => form.getByRole('textbox', { name: 'Title' }).getAttribute('aria-invalid')).toBe('true');
    await form.getByText('must be a title that is not only spaces', { exact: true }).waitFor();
    await checkAccessibility(page, 'knowledge-new-article-error');
    await form.getByRole('textbox', { name: 'Title' }).fill('Wheelchair access');
    await form.getByRole('button', { name: 'Create article' }).click();
    await form.waitFor({ state: 'detached' });
    const other = page.getByRole('table', { name: /Other/ });
    await other.getByRole('button', { name: 'Wheelchair access' }).waitFor();

    const result = await tryQuestion(page, 'can i borow a wheelchiar');
    await result.getByText('The assistant would answer with “Wheelchair access”').waitFor();
    await result.getByText('Borrow a wheelchair at reception.').waitFor();
    await checkAccessibility(page, 'knowledge-try-answer');

    await other.getByRole('button', { name: 'Wheelchair access' }).click();
    const edit = page.getByRole('form', { name: 'Edit Wheelchair access' });
    await edit.getByRole('textbox', { name: 'Answer' }).fill('Both offices have step-free entrances and lifts. Borrow a wheelchair at reception, no deposit.');
    await checkAccessibility(page, 'knowledge-edit');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await tryQuestion(page, 'can I borrow a wheelchair please');
    await result.getByText('no deposit').waitFor();
    await page.context().close();
  }, 90_000);

  it('an agent reads articles but cannot change them', async () => {
    const page = await signedInPage(agentEmail);
    await page.getByRole('button', { name: 'Wheelchair access' }).click();
    const view = page.getByTestId('article-view');
    await view.getByText('no deposit').waitFor();
    await view.getByText('Only staff who manage the assistant can change articles.').waitFor();
    expect(await page.getByRole('button', { name: 'New article' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Archive' }).count()).toBe(0);
    await checkAccessibility(page, 'knowledge-agent-view');
    await page.getByRole('button', { name: 'Close' }).click();
    // The agent searches too: a Spanish word finds the Spanish parking article.
    await page.getByLabel('Search').fill('aparcar');
    await page.getByRole('table', { name: 'Best matches first' }).getByRole('button', { name: 'Estacionamiento' }).waitFor();
    await page.context().close();
  }, 90_000);

  it('an administrator archives the article: it leaves the list, and the assistant no longer answers with it', async () => {
    const page = await signedInPage(clinic.adminEmail);
    await page.getByRole('button', { name: 'Wheelchair access' }).click();
    await page.getByRole('form', { name: 'Edit Wheelchair access' }).getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('form', { name: 'Edit Wheelchair access' }).waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('button', { name: 'Wheelchair access' }).count()).toBe(0);
    const result = await tryQuestion(page, 'can i borow a wheelchiar');
    await result.getByText("I don't know — would hand over to a person").waitFor();
    await checkAccessibility(page, 'knowledge-try-unknown');
    await page.getByLabel('Archived articles').check();
    await page.getByRole('table', { name: /Other/ }).getByRole('button', { name: 'Wheelchair access' }).waitFor();
    await page.context().close();
  }, 90_000);

  it('has no serious accessibility problems on any screen it went through', () => {
    expect(violations).toEqual([]);
  });
});
