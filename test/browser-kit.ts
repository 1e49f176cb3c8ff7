import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { projectRoot } from '../src/platform/paths.js';
import { PASSWORD, startClinic, type TestClinic } from './harness.js';

/** What every browser test shares: the browser, a clinic served over HTTP, signing in, and axe. */
export const CHROMIUM = '/usr/bin/chromium';
export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const hasChromium = existsSync(CHROMIUM);
export const hasWebBuild = existsSync(join(projectRoot(), 'web', 'dist', 'index.html'));
/** Without Chromium the browser tests skip on a developer's machine; on CI they run and fail, so a missing browser is noticed. */
export const skipBrowserTests = !hasChromium && !process.env.CI;

/**
 * Fails when Chromium or the built web app is missing, then starts a clinic listening on a free port.
 * The web app is served by the same server, so `baseUrl` is where the browser goes.
 */
export async function startServedClinic(env?: Record<string, string>): Promise<{ clinic: TestClinic; baseUrl: string }> {
  if (!hasChromium) throw new Error(`${CHROMIUM} is missing (CI is set, so this fails rather than skips): apt-get install -y chromium`);
  if (!hasWebBuild) throw new Error('web/dist is missing: run npm run build before the browser tests.');
  const clinic = await startClinic({ port: 0, ...(env && { env }) });
  await clinic.careloop.app.listen({ port: 0, host: '127.0.0.1' });
  return { clinic, baseUrl: `http://127.0.0.1:${(clinic.careloop.app.server.address() as AddressInfo).port}` };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** Signs in through the sign-in form, as a person would, and waits for the first screen of the console. */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Patients' }).waitFor();
}

export interface ScreenshotOptions {
  /** Where to keep a picture of each checked screen (the tests pass SCREENSHOT_DIR); none is taken without it. */
  dir?: string | undefined;
  /** The whole scrolling page rather than the window (default true). */
  fullPage?: boolean;
  /** Scroll to the top first, so a fixed header is drawn where it belongs in a full-page picture. */
  fromTop?: boolean;
}

/**
 * Runs axe on a page as it is now: serious and critical findings are collected in `violations`,
 * which the last test of a file expects to be empty, so one run reports every screen at once.
 */
export function accessibilityChecker(screenshots: ScreenshotOptions = {}) {
  const violations: string[] = [];
  async function check(page: Page, name: string): Promise<void> {
    if (screenshots.dir) {
      mkdirSync(screenshots.dir, { recursive: true });
      if (screenshots.fromTop) await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(screenshots.dir, `${name}.png`), fullPage: screenshots.fullPage ?? true });
    }
    const result = await new AxeBuilder({ page }).analyze();
    for (const violation of result.violations) {
      if (violation.impact === 'serious' || violation.impact === 'critical') {
        violations.push(`${name}: ${violation.id} (${violation.impact}) at ${violation.nodes.slice(0, 3).map((n) => `${n.html.slice(0, 160)} ${n.failureSummary ?? ''}`).join(' | ')}`);
      }
    }
  }
  return { check, violations };
}
