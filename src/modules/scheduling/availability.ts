import { DateTime } from 'luxon';
import { invalid, notFound } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { slotLabeller } from './present.js';
import type { Slot } from './schemas.js';
import { datesBetween, freeSlots, refusalAt, wallClock, type Busy, type Offering, type Refusal, type Slot as FreeSlot, type SlotRules } from './slots.js';
import * as store from './store.js';

const DAY = 86_400_000;

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
const MAX_RANGE_DAYS = 62;

export interface SearchOptions {
  /** A patient booking online: minimum notice, horizon and the service's online switch apply. */
  online: boolean;
  now?: Date;
  /** A visit being moved does not stand in its own way. */
  ignoreAppointmentId?: string;
}

export interface SlotSearch {
  serviceId: string;
  from: string;
  to?: string | undefined;
  providerId?: string | undefined;
  locationId?: string | undefined;
  limit?: number | undefined;
}

/** The local dates a search covers (a week from `from` unless `to` says otherwise; at most 62 days). */
function searchedDates(search: { from: string; to?: string | undefined }): string[] {
  if (!DateTime.fromISO(search.from).isValid) throw invalid('from', 'is not a calendar date');
  const to = search.to ?? DateTime.fromISO(search.from).plus({ days: 6 }).toISODate()!;
  if (!DateTime.fromISO(to).isValid) throw invalid('to', 'is not a calendar date');
  const dates = datesBetween(search.from, to);
  if (dates.length === 0) throw invalid('to', 'must not be before from');
  if (dates.length > MAX_RANGE_DAYS) throw invalid('to', `a search covers at most ${MAX_RANGE_DAYS} days`);
  return dates;
}

/** Everything slot computation needs for one service, loaded in four queries. */
export async function loadAvailability(platform: Platform, organizationId: string, search: Omit<SlotSearch, 'limit'>, options: SearchOptions) {
  const service = await store.findService(platform.db, organizationId, search.serviceId);
  if (!service || service.archived_at) throw notFound('service', search.serviceId);
  if (options.online && !service.online_booking) throw notFound('service', search.serviceId);
  const dates = searchedDates(search);

  const offerRows = await store.listOfferings(platform.db, organizationId, service.id, { providerId: search.providerId, locationId: search.locationId });
  const providerIds = [...new Set(offerRows.map((o) => o.provider_id))];
  // The searched days as instants, in every zone the offerings are in (extra hours and busy time are read for them only).
  // A visit's buffers may reach past the days' edges.
  const zones = offerRows.length > 0 ? [...new Set(offerRows.map((o) => o.time_zone))] : ['UTC'];
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  const windowFrom = new Date(Math.min(...zones.map((zone) => DateTime.fromISO(first, { zone }).toMillis())) - service.buffer_before_minutes * 60_000);
  const windowUntil = new Date(Math.max(...zones.map((zone) => DateTime.fromISO(last, { zone }).plus({ days: 1 }).toMillis())) + service.buffer_after_minutes * 60_000);
  const [hours, exceptions, busyRows] = await Promise.all([
    store.listWorkingHours(platform.db, organizationId, providerIds),
    store.listExceptions(platform.db, organizationId, windowFrom, windowUntil),
    store.listBusy(platform.db, organizationId, providerIds, windowFrom, windowUntil),
  ]);
  // Grouped once by provider: with hundreds of providers, filtering every row per offering costs more than the search.
  const hoursOf = groupBy(hours, (h) => `${h.provider_id}|${h.location_id}`);
  const busy = new Map<string, Busy[]>();
  for (const b of busyRows) {
    if (b.id === options.ignoreAppointmentId) continue;
    const list = busy.get(b.provider_id) ?? [];
    list.push({ providerId: b.provider_id, from: b.blocked_from.getTime(), until: b.blocked_until.getTime(), startsAt: b.starts_at.getTime(), sameService: b.service_id === service.id });
    busy.set(b.provider_id, list);
  }
  const offerings: (Offering & { providerName: string; locationName: string })[] = offerRows.map((row) => {
    const applying = exceptions.filter((e) => (e.provider_id === null || e.provider_id === row.provider_id) && (e.location_id === null || e.location_id === row.location_id));
    return {
      providerId: row.provider_id, locationId: row.location_id, zone: row.time_zone, providerName: row.provider_name, locationName: row.location_name,
      periods: hoursOf.get(`${row.provider_id}|${row.location_id}`) ?? [],
      extra: applying.filter((e) => e.kind === 'extra_hours').map((e) => ({ from: e.starts_at.getTime(), until: e.ends_at.getTime() })),
      removed: applying.filter((e) => e.kind !== 'extra_hours').map((e) => ({ from: e.starts_at.getTime(), until: e.ends_at.getTime() })),
    };
  });
  const now = (options.now ?? new Date()).getTime();
  const rules: SlotRules = {
    durationMinutes: service.duration_minutes, bufferBeforeMinutes: service.buffer_before_minutes, bufferAfterMinutes: service.buffer_after_minutes,
    stepMinutes: service.slot_step_minutes, maxPerDay: service.max_per_day,
    earliest: options.online ? now + service.min_notice_minutes * 60_000 : now,
    latest: options.online ? now + service.max_days_ahead * DAY : Number.MAX_SAFE_INTEGER,
  };
  return { service, dates, offerings, busy, rules };
}

/**
 * Free times for a service, soonest first, labelled in each location's own zone. The range is
 * walked in growing windows (1, 2, 4, ... days) until the limit is filled: a booking page that
 * shows the next few hundred times rarely needs more than the first day or two of the range.
 */
export async function searchSlots(platform: Platform, organizationId: string, search: SlotSearch, options: SearchOptions) {
  const dates = searchedDates(search);
  const limit = search.limit ?? 500;
  const found: { slot: FreeSlot; offering: Offering & { providerName: string; locationName: string } }[] = [];
  let timeZone = 'UTC';
  for (let start = 0, size = 1; start < dates.length && found.length <= limit; start += size, size *= 2) {
    const window = dates.slice(start, start + size);
    const { offerings, rules, busy } = await loadAvailability(platform, organizationId, { ...search, from: window[0]!, to: window[window.length - 1]! }, options);
    timeZone = offerings[0]?.zone ?? timeZone;
    const toInstant = wallClock();
    const part = offerings.flatMap((offering) => freeSlots(offering, window, rules, busy.get(offering.providerId) ?? [], toInstant).map((slot) => ({ slot, offering })));
    part.sort((a, b) => a.slot.startsAt - b.slot.startsAt || a.offering.providerName.localeCompare(b.offering.providerName));
    found.push(...part);
  }
  const labelOf = slotLabeller();
  return { items: found.slice(0, limit).map(({ slot, offering }) => present(slot, offering, labelOf)), truncated: found.length > limit, timeZone };
}

/** A slot as the API gives it, with the wall-clock label of its location. */
function present(slot: FreeSlot, offering: Offering & { providerName: string; locationName: string }, labelOf: ReturnType<typeof slotLabeller>): Slot {
  return {
    startsAt: new Date(slot.startsAt).toISOString(), endsAt: new Date(slot.endsAt).toISOString(), ...labelOf(slot.startsAt, offering.zone),
    providerId: slot.providerId, providerName: offering.providerName, locationId: slot.locationId, locationName: offering.locationName, timeZone: offering.zone,
  };
}

/** The next few free times with the same provider and place (what a 409 offers instead). */
export async function nextFreeTimes(platform: Platform, organizationId: string, at: { serviceId: string; providerId: string; locationId: string; after: Date }, options: SearchOptions) {
  const zoneFrom = DateTime.fromJSDate(at.after, { zone: 'utc' }).toISODate()!;
  const found = await searchSlots(platform, organizationId, {
    serviceId: at.serviceId, providerId: at.providerId, locationId: at.locationId, from: zoneFrom,
    to: DateTime.fromISO(zoneFrom).plus({ days: 20 }).toISODate()!, limit: 5,
  }, { ...options, now: new Date(Math.max(at.after.getTime(), (options.now ?? new Date()).getTime())) });
  return found.items;
}

/** Why this service cannot start at `start` with this provider and place (null: it can). */
export async function refusalFor(platform: Platform, organizationId: string, at: { serviceId: string; providerId: string; locationId: string; start: Date }, options: SearchOptions): Promise<Refusal | 'not_offered' | null> {
  const day = DateTime.fromJSDate(at.start, { zone: 'utc' }).toISODate()!;
  const { offerings, rules, busy } = await loadAvailability(platform, organizationId, { serviceId: at.serviceId, providerId: at.providerId, locationId: at.locationId, from: day, to: day }, options);
  const offering = offerings[0];
  if (!offering) return 'not_offered';
  return refusalAt(offering, rules, busy.get(offering.providerId) ?? [], at.start.getTime(), options.online);
}
