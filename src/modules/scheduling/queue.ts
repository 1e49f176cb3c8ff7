import { DateTime } from 'luxon';
import { invalid, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import * as store from './store.js';

/** What the check-in module needs to know of scheduling's places and visit types, beside service.ts. */

export interface LocationDay {
  timeZone: string;
  /** The local date, YYYY-MM-DD. */
  date: string;
  /** The day's first instant and the next day's, on the location's clock (23 or 25 hours on the days clocks change). */
  from: Date;
  until: Date;
}

/** A day at a location as its clock counts it; without a date, today there. */
export async function locationDay(platform: Platform, actor: Actor, locationId: string, date?: string, now = new Date()): Promise<LocationDay> {
  const location = await store.findLocation(platform.db, actor.organizationId, locationId);
  if (!location) throw notFound('location', locationId);
  const zone = location.time_zone;
  const day = date ? DateTime.fromISO(date, { zone }) : DateTime.fromJSDate(now, { zone });
  if (!day.isValid) throw invalid('date', 'is not a date (YYYY-MM-DD)');
  const start = day.startOf('day');
  return { timeZone: zone, date: start.toISODate() ?? '', from: start.toJSDate(), until: start.plus({ days: 1 }).toJSDate() };
}

/** Whether a visit type exists in the actor's clinic (archived ones too: old questionnaires may name them). */
export async function serviceExists(platform: Platform, actor: Actor, serviceId: string): Promise<boolean> {
  return (await store.findService(platform.db, actor.organizationId, serviceId)) !== undefined;
}
