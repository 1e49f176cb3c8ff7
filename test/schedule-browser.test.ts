import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addStaff, apiToken, tokenClient, type Client, type TestClinic } from './harness.js';
import { accessibilityChecker, launchChromium, signIn, skipBrowserTests, startServedClinic } from './browser-kit.js';

interface Appointment { id: string; patientName: string; status: string; startsAt: string; label: string; overbooked: boolean; overrideReason: string | null; cancelReason: string | null }

describe.skipIf(skipBrowserTests)('the front desk schedule in a real browser', () => {
  let clinic: TestClinic;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let api: Client;
  let agentEmail: string;
  const ids = { location: '', ana: '', ben: '', service: '' };
  const { check: checkAccessibility, violations } = accessibilityChecker({ dir: process.env.SCREENSHOT_DIR });

  const created = async <T>(method: 'POST' | 'PUT', url: string, body: unknown): Promise<T> => {
    const response = await api.request(method, url, body);
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  };
  const appointments = async () => (await api.request('GET', `/api/scheduling/appointments?locationId=${ids.location}`)).json<{ items: Appointment[] }>().items;

  beforeAll(async () => {
    ({ clinic, baseUrl } = await startServedClinic());
    api = tokenClient(clinic.careloop, await apiToken(clinic.careloop, clinic.organizationId));
    // The clinic is set up through the setup API, as an administrator would.
    ids.location = (await created<{ id: string }>('POST', '/api/scheduling/locations', { name: 'Main Street', timeZone: 'America/New_York' })).id;
    ids.ana = (await created<{ id: string }>('POST', '/api/scheduling/providers', { name: 'Dr. Ana Reyes', title: 'Family physician' })).id;
    ids.ben = (await created<{ id: string }>('POST', '/api/scheduling/providers', { name: 'Dr. Ben Okoro', title: 'Pediatrician' })).id;
    ids.service = (await created<{ id: string }>('POST', '/api/scheduling/services', {
      name: 'Follow-up visit', durationMinutes: 30, slotStepMinutes: 30, minNoticeMinutes: 0, offerings: [{ providerId: ids.ana, locationId: ids.location }],
    })).id;
    const periods = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
      { locationId: ids.location, weekday, starts: '09:00', ends: '12:00' }, { locationId: ids.location, weekday, starts: '13:00', ends: '17:00' },
    ]);
    await created('PUT', `/api/scheduling/providers/${ids.ana}/hours`, { periods });
    for (const [givenName, familyName, dateOfBirth] of [['Maria', 'Lopez', '1984-03-02'], ['James', 'Okafor', '1952-11-23']] as const) {
      await created('POST', '/api/patients', { givenName, familyName, dateOfBirth });
    }
    agentEmail = await addStaff(clinic.careloop, clinic.organizationId, 'agent');

    browser = await launchChromium();
    page = await signedInPage(agentEmail);
  });

  afterAll(async () => {
    await browser?.close();
    await clinic?.close();
  });

  async function signedInPage(email: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 900 }, reducedMotion: 'reduce' });
    const signedIn = await context.newPage();
    signedIn.setDefaultTimeout(20_000);
    await signIn(signedIn, email);
    return signedIn;
  }

  const calendar = () => page.getByRole('region', { name: 'Calendar' });
  const block = (name: RegExp) => calendar().getByRole('button', { name });

  it('books a patient into a free time, moves the visit, is refused a taken time with the next free ones, overbooks with a reason and cancels for weather', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Calendar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Schedule' }).waitFor();
    // Tomorrow on the clinic's clock has its whole day free, whatever the hour now.
    await page.getByRole('button', { name: 'Next day' }).click();
    const nine = calendar().getByRole('button', { name: /^Book \w{3}, \w{3} \d+, 9:00 AM E[SD]T with Dr\. Ana Reyes$/ });
    await nine.waitFor();
    await checkAccessibility(page, 'calendar-day');

    await nine.click();
    const booking = page.getByRole('dialog', { name: 'Book a visit at Main Street' });
    await booking.getByRole('combobox', { name: 'Patient' }).fill('Lopez');
    await page.getByRole('option', { name: /Maria Lopez/ }).click();
    await expect(booking.getByLabel('Time').inputValue()).resolves.toBe('09:00');
    await checkAccessibility(page, 'calendar-book');
    await booking.getByRole('button', { name: 'Book', exact: true }).click();
    await block(/^Maria Lopez, Follow-up visit, 9:00 AM to 9:30 AM, Booked$/).waitFor();
    await expect(booking.count()).resolves.toBe(0);

    // Move, from the detail drawer: a free time picked from the list, no mouse needed.
    await block(/^Maria Lopez/).click();
    const drawer = page.getByRole('dialog', { name: 'Maria Lopez, Follow-up visit' });
    await drawer.getByText('Booked by staff, by agent person').waitFor();
    await checkAccessibility(page, 'calendar-drawer');
    await drawer.getByRole('button', { name: 'Move' }).click();
    const move = page.getByRole('dialog', { name: /^Move Maria Lopez/ });
    await move.getByLabel('Free times that day').selectOption({ label: '10:00 AM' });
    await expect(move.getByLabel('New time').inputValue()).resolves.toBe('10:00');
    await move.getByRole('button', { name: 'Move', exact: true }).click();
    await block(/^Maria Lopez, Follow-up visit, 10:00 AM to 10:30 AM, Booked$/).waitFor();
    const maria = (await appointments()).find((a) => a.patientName === 'Maria Lopez');
    expect(maria?.label).toMatch(/10:00 AM E[SD]T$/);

    // Booking over her: refused with the next free times, then booked with an override and its reason.
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    const overbook = page.getByRole('dialog', { name: 'Book a visit at Main Street' });
    await overbook.getByRole('combobox', { name: 'Patient' }).fill('Okafor');
    await page.getByRole('option', { name: /James Okafor/ }).click();
    await overbook.getByLabel('Time').fill('10:00');
    await overbook.getByRole('button', { name: 'Book', exact: true }).click();
    const refusal = overbook.getByRole('alert').filter({ hasText: 'This time is no longer free.' });
    await refusal.waitFor();
    await expect(refusal.getByRole('group', { name: 'Next free times' }).getByRole('button').first().textContent()).resolves.toMatch(/10:30 AM E[SD]T/);
    await checkAccessibility(page, 'calendar-conflict');
    await refusal.getByLabel('Override (overbook)').check();
    await refusal.getByLabel('Reason for the override').fill('In pain, Dr. Reyes agreed to squeeze him in');
    await refusal.getByRole('button', { name: 'Book anyway' }).click();
    const james = block(/^James Okafor, Follow-up visit, 10:00 AM to 10:30 AM, Booked, overbooked$/);
    await james.waitFor();
    await expect(james.getByText('overbooked').isVisible()).resolves.toBe(true);
    await block(/^Maria Lopez, Follow-up visit, 10:00 AM/).waitFor();
    await checkAccessibility(page, 'calendar-overbooked');
    const jamesVisit = (await appointments()).find((a) => a.patientName === 'James Okafor');
    expect(jamesVisit).toMatchObject({ overbooked: true, overrideReason: 'In pain, Dr. Reyes agreed to squeeze him in' });

    // A visit step, then a cancellation with its reason.
    await block(/^Maria Lopez/).click();
    await drawer.getByRole('button', { name: 'Confirm' }).click();
    await drawer.getByText('Confirmed', { exact: true }).waitFor();
    await drawer.getByRole('button', { name: 'Close' }).click();
    await block(/^Maria Lopez, Follow-up visit, 10:00 AM to 10:30 AM, Confirmed$/).waitFor();
    await james.click();
    await page.getByRole('dialog', { name: 'James Okafor, Follow-up visit' }).getByRole('button', { name: 'Cancel visit' }).click();
    const cancel = page.getByRole('dialog', { name: /^Cancel James Okafor/ });
    await cancel.getByLabel('Reason').selectOption({ label: 'Weather' });
    await cancel.getByLabel('Note').fill('Snow storm, roads closed');
    await cancel.getByRole('button', { name: 'Cancel the visit' }).click();
    await page.getByRole('status').filter({ hasText: /^Cancelled James Okafor/ }).waitFor();
    await expect(block(/^James Okafor/).count()).resolves.toBe(0);
    expect((await appointments()).find((a) => a.patientName === 'James Okafor')).toMatchObject({ status: 'cancelled', cancelReason: 'weather' });

    // Dragged onto a free time, the visit opens the move dialog at that time; saving moves it.
    await block(/^Maria Lopez/).dragTo(calendar().getByRole('button', { name: /^Book .* 11:30 AM E[SD]T with Dr\. Ana Reyes$/ }));
    const dragged = page.getByRole('dialog', { name: /^Move Maria Lopez/ });
    await expect(dragged.getByLabel('New time').inputValue()).resolves.toBe('11:30');
    await dragged.getByRole('button', { name: 'Move', exact: true }).click();
    await block(/^Maria Lopez, Follow-up visit, 11:30 AM to 12:00 PM, Booked$/).waitFor();

    // The week of the provider shows the same visit in its day's column.
    await page.getByText('Week', { exact: true }).click();
    await page.getByTestId('calendar-date').filter({ hasText: /–/ }).waitFor();
    await block(/^Maria Lopez, Follow-up visit, 11:30 AM/).waitFor();
    await checkAccessibility(page, 'calendar-week');
  }, 120_000);

  it('puts a patient on the waitlist for any provider', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Waitlist' }).click();
    await page.getByRole('heading', { level: 1, name: 'Waitlist' }).waitFor();
    await page.getByText('Nobody here.').waitFor();
    await page.getByRole('button', { name: 'Add to waitlist' }).click();
    const form = page.getByRole('form', { name: 'Add to the waitlist' });
    await form.getByRole('combobox', { name: 'Patient' }).fill('Okafor');
    await page.getByRole('option', { name: /James Okafor/ }).click();
    await form.getByLabel('Priority').fill('5');
    await checkAccessibility(page, 'waitlist-add');
    await form.getByRole('button', { name: 'Add to waitlist' }).click();
    const row = page.getByRole('table', { name: 'Waitlist' }).getByRole('row', { name: /James Okafor/ });
    await row.getByText('Any provider').waitFor();
    await expect(row.getByText('Follow-up visit').count()).resolves.toBe(1);
    await checkAccessibility(page, 'waitlist');
    const listed = (await api.request('GET', '/api/scheduling/waitlist')).json<{ items: { patientName: string; priority: number }[] }>().items;
    expect(listed).toMatchObject([{ patientName: 'James Okafor', priority: 5 }]);
  }, 60_000);

  it('an administrator adds a service and weekly hours in Scheduling setup, and booking screens see them', async () => {
    const admin = await signedInPage(clinic.adminEmail);
    await admin.goto('/admin/scheduling');
    await admin.getByRole('heading', { level: 1, name: 'Scheduling setup' }).waitFor();
    await admin.getByRole('table', { name: 'Locations' }).getByText('America/New_York').waitFor();
    await checkAccessibility(admin, 'setup-locations');

    await admin.getByRole('tab', { name: 'Services' }).click();
    await admin.getByRole('button', { name: 'Add service' }).click();
    const form = admin.getByRole('dialog', { name: 'Add a service' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Flu shot');
    await form.getByLabel('Duration (min)').fill('15');
    await form.getByRole('list', { name: 'Reminder cadence' }).getByText('7 days').waitFor();
    await form.getByRole('button', { name: 'Remove the reminder 7 days before' }).click();
    await form.getByLabel('Dr. Ben Okoro at Main Street').check();
    await checkAccessibility(admin, 'setup-service-form');
    await form.getByRole('button', { name: 'Save service' }).click();
    const row = admin.getByRole('table', { name: 'Services' }).getByRole('row', { name: /Flu shot/ });
    await row.getByText('2 days, 2 hours').waitFor();

    await admin.getByRole('tab', { name: 'Hours' }).click();
    await admin.getByLabel('Hours of').selectOption({ label: 'Dr. Ben Okoro' });
    await admin.getByRole('button', { name: 'Add a period on Monday' }).click();
    await admin.getByLabel('Monday period 1 starts').fill('08:30');
    await admin.getByLabel('Monday period 1 ends').fill('12:00');
    await admin.getByRole('button', { name: 'Add a period on Monday' }).click();
    await admin.getByLabel('Monday period 2 ends').fill('16:00');
    await checkAccessibility(admin, 'setup-hours');
    await admin.getByRole('button', { name: 'Save hours' }).click();
    await admin.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    const overview = (await api.request('GET', '/api/scheduling/overview')).json<{ services: { name: string; durationMinutes: number; reminderOffsetsMinutes: number[]; offerings: { providerId: string }[] }[] }>();
    expect(overview.services.find((s) => s.name === 'Flu shot')).toMatchObject({ durationMinutes: 15, reminderOffsetsMinutes: [2880, 120], offerings: [{ providerId: ids.ben }] });
    const hours = (await api.request('GET', `/api/scheduling/providers/${ids.ben}/hours`)).json<{ periods: { weekday: number; starts: string; ends: string }[] }>();
    expect(hours.periods.map((p) => [p.weekday, p.starts, p.ends])).toEqual([[1, '08:30', '12:00'], [1, '13:00', '16:00']]);

    await admin.getByRole('tab', { name: 'Exceptions' }).click();
    const exception = admin.getByRole('form', { name: 'Add an exception' });
    await exception.getByLabel('Kind').selectOption({ label: 'Holiday' });
    await exception.getByRole('textbox', { name: 'Day' }).fill('2027-12-25');
    await exception.getByLabel('Reason').fill('Christmas');
    await exception.getByRole('button', { name: 'Add exception' }).click();
    await admin.getByRole('table', { name: 'Exceptions' }).getByRole('row', { name: /Christmas/ }).getByText('Sat, Dec 25, 2027').waitFor();
    await checkAccessibility(admin, 'setup-exceptions');
    await admin.context().close();
  }, 60_000);

  it('has no serious or critical accessibility violations on the calendar, the waitlist and the setup', () => {
    expect(violations, `axe found:\n${violations.join('\n')}`).toEqual([]);
  });
});
