import type { Platform } from '../../platform/platform.js';
import { findOrganization } from '../identity/service.js';
import type { BusinessCalendar } from './business-hours.js';
import * as store from './store.js';

const CACHE_MS = 30_000;
// Keyed by the configuration object, which transaction-scoped copies of the platform share.
const cache = new WeakMap<Platform['config'], Map<string, { calendar: BusinessCalendar; until: number }>>();

/** A department's working calendar (its own hours, else the clinic's), in the clinic's time zone. Cached for 30 s. */
export async function calendarFor(platform: Platform, organizationId: string, departmentId: string | null): Promise<BusinessCalendar> {
  const entries = cache.get(platform.config) ?? new Map<string, { calendar: BusinessCalendar; until: number }>();
  cache.set(platform.config, entries);
  const key = `${organizationId}|${departmentId ?? ''}`;
  const hit = entries.get(key);
  if (hit && hit.until > Date.now()) return hit.calendar;
  const [organization, hours, holidays] = await Promise.all([
    findOrganization(platform, organizationId),
    store.listBusinessHours(platform.db, organizationId, departmentId),
    store.listHolidayDays(platform.db, organizationId, departmentId),
  ]);
  const calendar: BusinessCalendar = {
    timeZone: organization?.time_zone ?? 'UTC',
    periods: hours.map((row) => ({ weekday: row.weekday, opens: row.opens, closes: row.closes })),
    holidays: holidays.map((row) => row.day),
  };
  entries.set(key, { calendar, until: Date.now() + CACHE_MS });
  return calendar;
}

/** Forgets cached calendars of an organization (after its hours or holidays change). */
export function forgetCalendars(platform: Platform, organizationId: string) {
  const entries = cache.get(platform.config);
  for (const key of entries?.keys() ?? []) if (key.startsWith(`${organizationId}|`)) entries?.delete(key);
}
