import { DateTime, IANAZone } from 'luxon';

/**
 * Free times, computed on demand from weekly hours, exceptions and what is already booked (only
 * busy time is stored). Pure: the store loads the rows, this turns them into slots. Times are epoch
 * milliseconds; wall-clock hours become instants through the location's IANA zone, day by day, so
 * a day on which the clocks change has the right number of hours (23 or 25).
 */

export interface Period { weekday: number; starts: string; ends: string }
export interface Interval { from: number; until: number }

export interface Offering {
  providerId: string;
  locationId: string;
  zone: string;
  periods: Period[];
  /** Extra hours for this provider at this location. */
  extra: Interval[];
  /** Time off, holidays, closures that apply to this provider at this location. */
  removed: Interval[];
}

export interface SlotRules {
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  stepMinutes: number;
  /** Earliest start (now + minimum notice), latest start (now + how far ahead). */
  earliest: number;
  latest: number;
  /** At most this many of the service's visits per provider per local day (null: no limit). */
  maxPerDay: number | null;
}

export interface Busy extends Interval {
  providerId: string;
  /** The visit counts toward the service's daily limit. */
  sameService: boolean;
  startsAt: number;
}

export interface Slot { startsAt: number; endsAt: number; providerId: string; locationId: string }

const MINUTE = 60_000;

/** Local calendar dates from..to inclusive (YYYY-MM-DD). */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  let day = DateTime.fromISO(from, { zone: 'utc' });
  const last = DateTime.fromISO(to, { zone: 'utc' });
  while (day <= last) {
    dates.push(day.toISODate()!);
    day = day.plus({ days: 1 });
  }
  return dates;
}

/**
 * The instant a wall-clock time names in a zone. A time that happens twice (1:30 when clocks fall
 * back) is its first occurrence, as a calendar would read it; a time that does not exist (2:30 when
 * clocks spring forward) moves forward by the gap, as a clock on the wall would.
 */
export function instantOf(zone: string, date: string, time: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const iana = IANAZone.create(zone);
  const offsets = new Set([iana.offset(naive - 43_200_000), iana.offset(naive), iana.offset(naive + 43_200_000)]);
  const fitting = [...offsets].map((offset) => naive - offset * 60_000).filter((at) => naive - iana.offset(at) * 60_000 === at);
  return fitting.length > 0 ? Math.min(...fitting) : DateTime.fromISO(`${date}T${time}`, { zone }).toMillis();
}

/** instantOf, remembering each (zone, date, time) it has seen during one computation. */
export function wallClock() {
  const memo = new Map<string, number>();
  return (zone: string, date: string, time: string): number => {
    const key = `${zone}|${date}|${time}`;
    let value = memo.get(key);
    if (value === undefined) {
      value = instantOf(zone, date, time);
      memo.set(key, value);
    }
    return value;
  };
}

const isoWeekday = (date: string) => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
};

/** Sorted, non-overlapping union of intervals. */
export function union(intervals: Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.until > i.from).sort((a, b) => a.from - b.from);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.from <= last.until) last.until = Math.max(last.until, interval.until);
    else merged.push({ ...interval });
  }
  return merged;
}

/** `open` minus `removed` (both sorted unions). */
export function subtract(open: Interval[], removed: Interval[]): Interval[] {
  const result: Interval[] = [];
  let r = 0;
  for (const interval of open) {
    let from = interval.from;
    while (r < removed.length && removed[r]!.until <= from) r++;
    let k = r;
    while (k < removed.length && removed[k]!.from < interval.until) {
      if (removed[k]!.from > from) result.push({ from, until: removed[k]!.from });
      from = Math.max(from, removed[k]!.until);
      k++;
    }
    if (from < interval.until) result.push({ from, until: interval.until });
  }
  return result;
}

/** The hours an offering is open over the given local dates (weekly hours + extra - removed). */
export function openHours(offering: Offering, dates: string[], toInstant = wallClock()): Interval[] {
  const byWeekday = new Map<number, Period[]>();
  for (const period of offering.periods) byWeekday.set(period.weekday, [...(byWeekday.get(period.weekday) ?? []), period]);
  const intervals: Interval[] = [...offering.extra];
  for (const date of dates) {
    for (const period of byWeekday.get(isoWeekday(date)) ?? []) {
      intervals.push({ from: toInstant(offering.zone, date, period.starts), until: toInstant(offering.zone, date, period.ends) });
    }
  }
  return subtract(union(intervals), union(offering.removed));
}

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export const localDate = (zone: string, at: number) => DateTime.fromMillis(at, { zone }).toISODate()!;

/**
 * Free slots of one offering: starts every step from the beginning of each open stretch, the visit
 * inside open hours, its buffers clear of every busy interval of the provider (which carry their own
 * buffers), within notice and horizon, under the daily limit.
 */
export function freeSlots(offering: Offering, dates: string[], rules: SlotRules, busy: Busy[], toInstant = wallClock()): Slot[] {
  const duration = rules.durationMinutes * MINUTE;
  const before = rules.bufferBeforeMinutes * MINUTE;
  const after = rules.bufferAfterMinutes * MINUTE;
  const step = rules.stepMinutes * MINUTE;
  const taken = busy.filter((b) => b.providerId === offering.providerId).sort((a, b) => a.from - b.from);
  const perDay = new Map<string, number>();
  if (rules.maxPerDay !== null) {
    for (const visit of taken) {
      if (!visit.sameService) continue;
      const day = localDate(offering.zone, visit.startsAt);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
  }
  const slots: Slot[] = [];
  let b = 0;
  for (const open of openHours(offering, dates, toInstant)) {
    for (let start = open.from; start + duration <= open.until; start += step) {
      if (start < rules.earliest) continue;
      if (start > rules.latest) return slots;
      const blockedFrom = start - before;
      const blockedUntil = start + duration + after;
      while (b < taken.length && taken[b]!.until <= blockedFrom) b++;
      let clash = false;
      for (let k = b; k < taken.length && taken[k]!.from < blockedUntil; k++) {
        if (taken[k]!.until > blockedFrom) { clash = true; break; }
      }
      if (clash) continue;
      if (rules.maxPerDay !== null && (perDay.get(localDate(offering.zone, start)) ?? 0) >= rules.maxPerDay) continue;
      slots.push({ startsAt: start, endsAt: start + duration, providerId: offering.providerId, locationId: offering.locationId });
    }
  }
  return slots;
}

export type Refusal = 'outside_hours' | 'slot_taken' | 'too_soon' | 'too_far' | 'day_full';

/**
 * Why a visit cannot start at `start` (null: it can). Patients start on the step grid (onGrid); staff
 * may start anywhere inside open hours. The checks are those of freeSlots, so what the search
 * offers is exactly what booking accepts.
 */
export function refusalAt(offering: Offering, rules: SlotRules, busy: Busy[], start: number, onGrid = false, toInstant = wallClock()): Refusal | null {
  const duration = rules.durationMinutes * MINUTE;
  const day = localDate(offering.zone, start);
  const dates = datesBetween(DateTime.fromISO(day).minus({ days: 1 }).toISODate()!, DateTime.fromISO(day).plus({ days: 1 }).toISODate()!);
  if (start < rules.earliest) return 'too_soon';
  if (start > rules.latest) return 'too_far';
  const step = rules.stepMinutes * MINUTE;
  const inside = openHours(offering, dates, toInstant)
    .some((open) => open.from <= start && start + duration <= open.until && (!onGrid || (start - open.from) % step === 0));
  if (!inside) return 'outside_hours';
  const blockedFrom = start - rules.bufferBeforeMinutes * MINUTE;
  const blockedUntil = start + duration + rules.bufferAfterMinutes * MINUTE;
  const mine = busy.filter((b) => b.providerId === offering.providerId);
  if (mine.some((b) => b.from < blockedUntil && b.until > blockedFrom)) return 'slot_taken';
  if (rules.maxPerDay !== null && mine.filter((b) => b.sameService && localDate(offering.zone, b.startsAt) === day).length >= rules.maxPerDay) return 'day_full';
  return null;
}
