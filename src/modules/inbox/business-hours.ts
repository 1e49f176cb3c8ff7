import { DateTime } from 'luxon';

/**
 * A department's working time: weekly periods (several per day allowed) and holidays, in the
 * clinic's time zone. With no periods defined, the clinic counts as always open, so business-hours
 * durations equal calendar durations rather than being zero.
 */
export interface BusinessCalendar {
  timeZone: string;
  /** weekday 1 = Monday ... 7 = Sunday; times 'HH:MM' or 'HH:MM:SS', local to timeZone. */
  periods: { weekday: number; opens: string; closes: string }[];
  /** Local dates 'YYYY-MM-DD' on which the department is closed all day. */
  holidays: string[];
}

const MAX_DAYS = 3 * 366;

function minutesOf(time: string) {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The open intervals of one local day, as UTC millisecond ranges (DST-safe: built from local wall times). */
function openIntervals(calendar: BusinessCalendar, day: DateTime): [number, number][] {
  if (calendar.holidays.includes(day.toISODate() ?? '')) return [];
  return calendar.periods
    .filter((period) => period.weekday === day.weekday)
    .map((period): [number, number] => {
      const opens = minutesOf(period.opens);
      const closes = minutesOf(period.closes);
      const start = day.set({ hour: Math.floor(opens / 60), minute: opens % 60, second: 0, millisecond: 0 });
      const end = closes >= 24 * 60 ? day.plus({ days: 1 }).startOf('day') : day.set({ hour: Math.floor(closes / 60), minute: closes % 60, second: 0, millisecond: 0 });
      return [start.toMillis(), end.toMillis()];
    })
    .sort((a, b) => a[0] - b[0]);
}

const alwaysOpen = (calendar: BusinessCalendar) => calendar.periods.length === 0;

/** Seconds of working time between two instants (0 when `to` is not after `from`). */
export function businessSecondsBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  if (alwaysOpen(calendar)) return Math.round((end - start) / 1000);
  let total = 0;
  let day = DateTime.fromMillis(start, { zone: calendar.timeZone }).startOf('day');
  for (let i = 0; i <= MAX_DAYS && day.toMillis() < end; i++, day = day.plus({ days: 1 })) {
    for (const [opens, closes] of openIntervals(calendar, day)) {
      const overlap = Math.min(closes, end) - Math.max(opens, start);
      if (overlap > 0) total += overlap;
    }
  }
  return Math.round(total / 1000);
}

/** The instant `minutes` of working time after `from` (when a due time falls). */
export function addBusinessMinutes(calendar: BusinessCalendar, from: Date, minutes: number): Date {
  if (alwaysOpen(calendar)) return new Date(from.getTime() + minutes * 60_000);
  let remaining = minutes * 60_000;
  const start = from.getTime();
  let day = DateTime.fromMillis(start, { zone: calendar.timeZone }).startOf('day');
  for (let i = 0; i <= MAX_DAYS; i++, day = day.plus({ days: 1 })) {
    for (const [opens, closes] of openIntervals(calendar, day)) {
      const begin = Math.max(opens, start);
      if (closes <= begin) continue;
      if (closes - begin >= remaining) return new Date(begin + remaining);
      remaining -= closes - begin;
    }
  }
  // No working time in three years (every day a holiday): the due time is effectively never.
  return new Date(start + MAX_DAYS * 86_400_000);
}

/** Whether the department is working at an instant. */
export function isOpen(calendar: BusinessCalendar, at: Date): boolean {
  if (alwaysOpen(calendar)) return true;
  const instant = at.getTime();
  const day = DateTime.fromMillis(instant, { zone: calendar.timeZone }).startOf('day');
  return [day.minus({ days: 1 }), day].some((d) => openIntervals(calendar, d).some(([opens, closes]) => instant >= opens && instant < closes));
}
