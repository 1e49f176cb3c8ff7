import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiToken, tokenClient, type Client, type TestClinic } from './harness.js';
import { seedSchedule, type ClinicSchedule } from './scheduling-factory.js';
import { accessibilityChecker, CHROMIUM, launchChromium, signIn, skipBrowserTests, startServedClinic } from './browser-kit.js';

const PHONE = { width: 390, height: 844 };

interface Slot { startsAt: string; label: string; providerId: string; locationId: string }
interface Booked { manageUrl: string; appointment: { label: string } }

if (skipBrowserTests) {
  console.warn(`Skipping the patient pages' browser tests: ${CHROMIUM} is missing. Install it with: apt-get install -y chromium`);
}

describe.skipIf(skipBrowserTests)('patient pages and the waiting room in a real browser', () => {
  let clinic: TestClinic;
  let browser: Browser;
  let patient: BrowserContext;
  let page: Page;
  let baseUrl: string;
  let api: Client;
  let schedule: ClinicSchedule;
  let manageToken = '';
  let takenVisit: Booked | null = null;
  const { check: checkAccessibility, violations } = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'careloop-patient-pages') });

  /** A date some days from now, YYYY-MM-DD (UTC: a day's slack either way is fine for these searches). */
  const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const bookByApi = async (slot: Pick<Slot, 'startsAt' | 'providerId' | 'locationId'>, givenName: string, familyName: string, dateOfBirth: string, phone: string) => {
    const response = await api.request('POST', `/api/public/booking/${clinic.slug}/appointments`, {
      serviceId: schedule.serviceId, providerId: slot.providerId, locationId: slot.locationId, startsAt: slot.startsAt, givenName, familyName, dateOfBirth, phone,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Booked>();
  };
  const tokenOf = (url: string) => new URL(url, baseUrl).pathname.replace(/^\/a\//, '');

  beforeAll(async () => {
    ({ clinic, baseUrl } = await startServedClinic());
    api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    // Open nearly around the clock, so a visit "in about an hour" exists whenever the test runs.
    schedule = await seedSchedule(clinic.careloop, clinic.organizationId, {
      periods: [1, 2, 3, 4, 5, 6, 7].flatMap((d): [number, string, string][] => [[d, '00:00', '12:00'], [d, '12:00', '23:59']]),
    });
    const questionnaire = await api.request('POST', '/api/checkin/questionnaires', {
      title: 'Before your follow-up', serviceId: schedule.serviceId, items: [
        { id: 'reason', text: 'What would you like to talk about?', kind: 'text', required: true }, { id: 'fever', text: 'Have you had a fever this week?', kind: 'yes_no', required: true },
        { id: 'pain', text: 'How is your pain?', kind: 'choice', options: ['None', 'Mild', 'Strong'], required: false }, { id: 'weight', text: 'Your weight in pounds', kind: 'number', required: false },
      ] });
    expect(questionnaire.statusCode, questionnaire.body).toBe(201);

    browser = await launchChromium();
    // The patient's phone runs on Berlin time; the clinic is in New York.
    patient = await browser.newContext({ baseURL: baseUrl, viewport: PHONE, isMobile: true, hasTouch: true, timezoneId: 'Europe/Berlin', locale: 'en-US', reducedMotion: 'reduce' });
    page = await patient.newPage();
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await browser?.close();
    await clinic?.close();
  });

  const heading = (on: Page, name: string | RegExp) => on.getByRole('heading', { level: 1, name });
  /** The front desk on a desktop screen, signed in as the clinic's administrator. */
  async function signedInStaff() {
    const staff = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 900 }, reducedMotion: 'reduce' });
    const desk = await staff.newPage();
    desk.setDefaultTimeout(20_000);
    await signIn(desk, clinic.adminEmail, clinic.password);
    return { staff, desk };
  }
  async function fillAboutYou(on: Page, values: [string, string, string, string]) {
    for (const [index, label] of ['First name', 'Last name', 'Date of birth', 'Mobile phone'].entries()) await on.getByLabel(label).fill(values[index]!);
  }
  const times = (on: Page) => on.getByRole('region', { name: 'Free times' }).getByRole('button', { name: /E[SD]T$/ });

  it('a patient on a phone in another zone books a visit on the clinic\'s clock and gets a link to manage it', async () => {
    await page.goto(`/book/${clinic.slug}`);
    await heading(page, 'Book an appointment').waitFor();
    await page.getByText('Español', { exact: true }).click();
    await heading(page, 'Pedir una cita').waitFor();
    await page.getByRole('radio', { name: /Follow-up visit/ }).check();
    await page.getByTestId('zone-notice').getByText(/^Las horas están en .+ \(America\/New_York\)\.$/).waitFor();
    await page.getByText('English', { exact: true }).click();
    await heading(page, 'Book an appointment').waitFor();
    const notice = page.getByTestId('zone-notice').first();
    await notice.getByText('Times are in Eastern Time (America/New_York).').waitFor();
    await notice.getByText(/Times shown are the clinic's local time; it is \d{1,2}:\d{2}\s?[AP]M where you are\./).waitFor();
    await page.getByRole('button', { name: /Later days/ }).click();
    await times(page).first().waitFor();
    await checkAccessibility(page, 'booking-times');
    const chosen = times(page).first();
    const label = (await chosen.getAttribute('aria-label')) ?? '';
    expect(label).toMatch(/^\w{3}, \w{3} \d{1,2}, \d{1,2}:\d{2} [AP]M E[SD]T$/);
    await chosen.click();
    await expect(page.getByTestId('chosen-time').textContent()).resolves.toBe(label);

    await fillAboutYou(page, ['Rosa', 'Diaz', '1980-02-03', '(617) 555-0199']);
    await page.getByLabel('E-mail').fill('rosa.diaz@example.test');
    await checkAccessibility(page, 'booking-form');
    await page.getByRole('button', { name: 'Book this time' }).click();
    await heading(page, 'You are booked').waitFor();
    await expect(page.getByTestId('booked-time').textContent()).resolves.toBe(label);
    await checkAccessibility(page, 'booking-done');

    await page.getByRole('link', { name: 'Manage your appointment' }).click();
    await heading(page, 'Hello Rosa').waitFor();
    manageToken = tokenOf(page.url());
    await expect(page.getByTestId('visit-time').textContent()).resolves.toBe(label);
    await expect(page.getByTestId('visit-status').textContent()).resolves.toBe('Booked');
    // "Add to my calendar" hands the browser the visit's .ics.
    const calendarLink = await page.getByRole('link', { name: 'Add to my calendar' }).getAttribute('href');
    const calendar = await page.request.get(calendarLink!);
    expect(calendar.headers()['content-type']).toContain('text/calendar');
    expect(await calendar.text()).toContain('TZID=America/New_York');
  }, 90_000);

  it('the patient confirms, moves the visit to another free time and answers the questionnaire; a required answer left out is named', async () => {
    await page.getByRole('button', { name: 'Confirm I will come' }).click();
    await page.getByText('Thank you, your visit is confirmed.').waitFor();
    await expect(page.getByTestId('visit-status').textContent()).resolves.toBe('Confirmed');
    await checkAccessibility(page, 'appointment');

    await page.getByRole('button', { name: 'Reschedule' }).click();
    for (let week = 0; week < 2; week++) await page.getByRole('button', { name: /Later days/ }).click();
    const other = times(page).nth(2);
    await other.waitFor();
    const newLabel = (await other.getAttribute('aria-label')) ?? '';
    await other.click();
    await checkAccessibility(page, 'appointment-reschedule');
    await page.getByRole('button', { name: `Move my visit to ${newLabel}` }).click();
    await page.getByText('Done: your visit is moved.').waitFor();
    await expect(page.getByTestId('visit-time').textContent()).resolves.toBe(newLabel);
    const moved = (await api.request('GET', `/api/public/appointments/${manageToken}`)).json<{ label: string }>();
    expect(moved.label).toBe(newLabel);

    const form = page.getByRole('region', { name: 'Before your follow-up' });
    await form.getByLabel(/What would you like to talk about/).fill('My blood pressure readings');
    await form.getByRole('button', { name: 'Send answers' }).click();
    await form.getByText(/is required \("Have you had a fever this week\?"\)/).waitFor();
    await form.getByRole('radio', { name: 'No', exact: true }).check();
    await form.getByRole('radio', { name: 'Mild' }).check();
    await form.getByLabel('Your weight in pounds').fill('154');
    await form.getByRole('button', { name: 'Send answers' }).click();
    await form.getByText('Thank you, your answers are saved.', { exact: false }).waitFor();
    await checkAccessibility(page, 'appointment-questionnaire');
    const saved = (await api.request('GET', `/api/public/appointments/${manageToken}/questionnaire`)).json<{ items: { answers: Record<string, unknown> | null }[] }>();
    expect(saved.items[0]?.answers).toEqual({ reason: 'My blood pressure readings', fever: false, pain: 'Mild', weight: 154 });
  }, 90_000);

  it('a broken or altered link gets a polite message, not an error page', async () => {
    const broken = await patient.newPage();
    broken.setDefaultTimeout(20_000);
    await broken.goto(`/a/${manageToken.slice(0, -4)}abcd`);
    await broken.getByRole('alert').filter({ hasText: 'This link does not work' }).waitFor();
    await checkAccessibility(broken, 'appointment-bad-link');
    await broken.close();
  }, 60_000);

  it('on the day the patient taps "I\'m here"; the front desk sees them waiting and moves them to a room and done', async () => {
    const now = Date.now();
    const free = await api.request('GET', `/api/public/booking/${clinic.slug}/slots?serviceId=${schedule.serviceId}&from=${day(-1)}&to=${day(2)}`);
    const soon = free.json<{ items: Slot[] }>().items.find((s) => Date.parse(s.startsAt) >= now + 30 * 60_000 && Date.parse(s.startsAt) <= now + 110 * 60_000);
    expect(soon, 'a free time within the next two hours').toBeDefined();
    const visit = await bookByApi(soon!, 'Rosa', 'Diaz', '1980-02-03', '(617) 555-0199');

    await page.goto(new URL(visit.manageUrl).pathname);
    await heading(page, 'Hello Rosa').waitFor();
    await page.getByRole('button', { name: "I'm here" }).click();
    await page.getByText('Thank you, you are checked in.', { exact: false }).waitFor();
    await checkAccessibility(page, 'appointment-checked-in');

    const { staff, desk } = await signedInStaff();
    await desk.goto('/schedule/queue');
    await heading(desk, 'Waiting room').waitFor();
    const section = (name: string) => desk.getByRole('region', { name: new RegExp(`^${name}`) });
    const rosa = section('Waiting').getByRole('listitem', { name: 'Rosa Diaz' });
    await rosa.waitFor();
    await rosa.getByText(/^\d+ min$/).waitFor();
    await rosa.getByText('Questionnaire not answered').waitFor();
    await checkAccessibility(desk, 'queue-waiting');
    await rosa.getByRole('button', { name: 'To room: Rosa Diaz' }).click();
    const inRoom = section('In a room').getByRole('listitem', { name: 'Rosa Diaz' });
    await inRoom.getByRole('button', { name: 'Done: Rosa Diaz' }).click();
    await section('Done').getByRole('listitem', { name: 'Rosa Diaz' }).waitFor();
    await expect(section('Waiting').getByText('Nobody is waiting.').count()).resolves.toBe(1);
    await checkAccessibility(desk, 'queue-done');
    await staff.close();
  }, 90_000);

  it('an administrator sees the questionnaire defined by the API and opens it to edit its questions', async () => {
    const { staff, desk } = await signedInStaff();
    await desk.goto('/admin/questionnaires');
    await desk.getByRole('table', { name: 'Questionnaires' }).getByRole('row', { name: /Before your follow-up/ }).waitFor();
    await desk.getByRole('button', { name: 'Edit Before your follow-up' }).click();
    await desk.getByRole('group', { name: 'Question 3' }).getByLabel('Options').waitFor();
    await checkAccessibility(desk, 'admin-questionnaires');
    await staff.close();
  }, 90_000);

  it('a second patient who picks a time someone else just booked is told so and offered the next free times', async () => {
    const second = await patient.newPage();
    second.setDefaultTimeout(20_000);
    await second.goto(`/book/${clinic.slug}`);
    await heading(second, 'Book an appointment').waitFor();
    for (let week = 0; week < 3; week++) await second.getByRole('button', { name: /Later days/ }).click();
    const shown = times(second).nth(1);
    await shown.waitFor();
    const label = (await shown.getAttribute('aria-label')) ?? '';
    const startsAt = (await shown.getAttribute('data-starts-at')) ?? '';
    await shown.click();
    await fillAboutYou(second, ['James', 'Okafor', '1952-11-23', '(617) 555-0150']);

    // Meanwhile someone else books the very time this page still shows.
    takenVisit = await bookByApi({ startsAt, providerId: schedule.providerIds[0]!, locationId: schedule.locationId }, 'Ana', 'Silva', '2011-06-14', '(617) 555-0151');

    await second.getByRole('button', { name: 'Book this time' }).click();
    const alert = second.getByRole('alert').filter({ hasText: 'Someone just took this time' });
    await alert.waitFor();
    await checkAccessibility(second, 'booking-slot-taken');
    const next = alert.getByRole('button').first();
    const nextLabel = (await next.getAttribute('aria-label')) ?? '';
    expect(nextLabel).not.toBe(label);
    await next.click();
    await expect(second.getByTestId('chosen-time').textContent()).resolves.toBe(nextLabel);
    await second.getByRole('button', { name: 'Book this time' }).click();
    await heading(second, 'You are booked').waitFor();
    await second.close();
  }, 90_000);

  it('a time freed by a cancellation is offered to two waiting patients: the first to accept gets it, the other is told it is gone', async () => {
    for (const [givenName, phone] of [['Olga', '(617) 555-0161'], ['Pablo', '(617) 555-0162']]) {
      const contactPoints = [{ kind: 'phone', value: phone, isPrimary: true, consentCare: true }];
      const created = await api.request('POST', '/api/patients', { givenName, familyName: 'Waiting', dateOfBirth: '1970-01-01', contactPoints });
      const entry = await api.request('POST', '/api/scheduling/waitlist', {
        patientId: created.json<{ id: string }>().id, serviceId: schedule.serviceId, earliest: day(0), latest: day(60),
      });
      expect(entry.statusCode, entry.body).toBe(201);
    }
    expect(takenVisit).not.toBeNull();
    const cancelled = await api.request('POST', `/api/public/appointments/${tokenOf(takenVisit!.manageUrl)}/cancel`, { note: 'Cannot come' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);

    let links: string[] = [];
    // The offers go out after the cancellation's event: poll the outbox until both are there.
    for (const deadline = Date.now() + 20_000; links.length < 2 && Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
      const outbox = (await api.request('GET', '/api/channels/outbox?limit=100')).json<{ items: { purpose: string; body: string }[] }>();
      links = outbox.items.filter((m) => m.purpose === 'waitlist_offer').flatMap((m) => m.body.match(/\/w\/[A-Za-z0-9._~-]+/g) ?? []);
    }
    expect(links.length, 'two offers sent').toBe(2);

    const [first, other] = [await patient.newPage(), await patient.newPage()];
    for (const [offerPage, link] of [[first, links[0]!], [other, links[1]!]] as const) {
      offerPage.setDefaultTimeout(20_000);
      await offerPage.goto(link);
      await heading(offerPage, 'A time opened up for you').waitFor();
      await offerPage.getByText(takenVisit!.appointment.label).waitFor();
    }
    await checkAccessibility(first, 'waitlist-offer');
    await first.getByRole('button', { name: 'Yes, book this time' }).click();
    await first.getByText('You are booked. We sent you a confirmation.').waitFor();
    await other.getByRole('button', { name: 'Yes, book this time' }).click();
    await other.getByRole('alert').filter({ hasText: 'Sorry, someone else took this time' }).waitFor();
    await checkAccessibility(other, 'waitlist-offer-gone');
    await Promise.all([first.close(), other.close()]);
  }, 90_000);

  it('has no serious or critical accessibility violations on the patient pages and the board', () => {
    expect(violations, `axe found:\n${violations.join('\n')}`).toEqual([]);
  });
});
