import { DateTime } from 'luxon';
import { listUsers } from '../modules/identity/service.js';
import {
  createException, createLocation, createProvider, createService, replaceWeek,
} from '../modules/scheduling/setup-service.js';
import type { WorkingPeriod } from '../modules/scheduling/setup-schemas.js';
import { systemActor } from '../platform/permissions.js';
import type { Platform } from '../platform/platform.js';

const ZONE = 'America/New_York';
const WEEKDAYS = [1, 2, 3, 4, 5];

/** Mornings and afternoons with a lunch break: two periods a day at one location. */
const fullDays = (locationId: string, weekdays = WEEKDAYS): WorkingPeriod[] => weekdays.flatMap((weekday) => [
  { locationId, weekday, starts: '08:30', ends: '12:00' },
  { locationId, weekday, starts: '13:00', ends: '17:00' },
]);

/**
 * The demo clinic's scheduling: two locations, four providers (the nurse is Nora Nurse's staff
 * account), four visit types, weekday hours, a holiday and a provider's time off. Appointments are
 * booked elsewhere, through the booking service.
 */
export async function seedDemoScheduling(platform: Platform, organizationId: string, departments: ReadonlyMap<string, string>) {
  const actor = systemActor(organizationId, 'cli', 'Demo seed');
  const main = await createLocation(platform, actor, { name: 'Riverside Main Street', timeZone: ZONE, address: '120 Main Street, Riverside', phone: '+1 212 555 0140' });
  const north = await createLocation(platform, actor, { name: 'Riverside North', timeZone: ZONE, address: '8 Hillcrest Avenue, Riverside', phone: '+1 212 555 0175' });

  const nurseAccount = (await listUsers(platform, actor)).find((user) => user.email === 'nurse@riverside.example');
  const chen = await createProvider(platform, actor, { name: 'Dr. Maya Chen', title: 'MD, Family Medicine', departmentId: departments.get('Primary Care') ?? null });
  const okafor = await createProvider(platform, actor, { name: 'Dr. Samuel Okafor', title: 'MD, Internal Medicine', departmentId: departments.get('Cardiology') ?? null });
  const raman = await createProvider(platform, actor, { name: 'Priya Raman', title: 'FNP-C, Nurse Practitioner', departmentId: departments.get('Pediatrics') ?? null });
  const nurse = await createProvider(platform, actor, { name: 'Nora Nurse', title: 'RN', userId: nurseAccount?.id ?? null, departmentId: departments.get('Primary Care') ?? null });

  await replaceWeek(platform, actor, chen.id, { periods: fullDays(main.id) });
  await replaceWeek(platform, actor, okafor.id, { periods: [...fullDays(main.id, [1, 2, 3]), ...fullDays(north.id, [4, 5])] });
  await replaceWeek(platform, actor, raman.id, { periods: fullDays(north.id) });
  await replaceWeek(platform, actor, nurse.id, { periods: [...fullDays(main.id, [1, 3, 5]), ...fullDays(north.id, [2, 4])] });

  const doctors = [
    { providerId: chen.id, locationId: main.id }, { providerId: okafor.id, locationId: main.id },
    { providerId: okafor.id, locationId: north.id }, { providerId: raman.id, locationId: north.id },
  ];
  await createService(platform, actor, {
    name: 'New patient visit', description: 'A first, longer visit: history, medications, a full exam.',
    durationMinutes: 40, bufferBeforeMinutes: 5, bufferAfterMinutes: 5, newPatientsOnline: true, maxPerDay: 4, offerings: doctors,
  });
  await createService(platform, actor, {
    name: 'Follow-up visit', description: 'A check on a known problem or a new result.',
    durationMinutes: 20, newPatientsOnline: false, minNoticeMinutes: 60, offerings: doctors,
  });
  await createService(platform, actor, {
    name: 'Annual physical', description: 'The yearly preventive exam.',
    durationMinutes: 30, bufferAfterMinutes: 5, newPatientsOnline: false, maxDaysAhead: 180, offerings: doctors.slice(0, 3),
  });
  await createService(platform, actor, {
    name: 'Flu shot', description: 'Seasonal influenza vaccine with the nurse.',
    durationMinutes: 10, slotStepMinutes: 10, minNoticeMinutes: 30,
    offerings: [{ providerId: nurse.id, locationId: main.id }, { providerId: nurse.id, locationId: north.id }],
  });

  // Dates follow the day the demo is seeded, so the holiday and the time off are always ahead.
  const today = DateTime.now().setZone(ZONE).startOf('day');
  const christmas = today.set({ month: 12, day: 25 });
  const holiday = christmas < today ? christmas.plus({ years: 1 }) : christmas;
  await createException(platform, actor, { kind: 'holiday', date: holiday.toISODate()!, reason: 'Christmas Day: the clinic is closed' });
  const conference = today.startOf('week').plus({ weeks: 2 });
  await createException(platform, actor, {
    kind: 'time_off', providerId: okafor.id,
    startsAt: conference.toISO()!, endsAt: conference.plus({ days: 2 }).toISO()!, reason: 'Medical conference',
  });
}
