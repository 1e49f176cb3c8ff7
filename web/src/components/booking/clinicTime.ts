// Times on the patient pages are always the clinic's wall clock, named with its zone: a patient
// travelling or booking for a parent elsewhere must not see their own zone's hours.
import { localeOf, type Language } from './texts.js';

/** The zone's everyday name: "Eastern Time" (Spanish: "hora del este de Norteamérica"). */
export function zoneName(timeZone: string, language: Language): string {
  try {
    const part = new Intl.DateTimeFormat(localeOf(language), { timeZone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date()).find((p) => p.type === 'timeZoneName');
    return part?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The clock right now in a zone (the browser's own when none is given): "10:05 AM". */
export function clockNow(language: Language, timeZone?: string, now = new Date()): string {
  return new Intl.DateTimeFormat(localeOf(language), { hour: 'numeric', minute: '2-digit', ...(timeZone && { timeZone }) }).format(now);
}

/** Whether the browser's clock shows another time than the clinic's (same offset, other name: no notice). */
export function clockDiffers(timeZone: string, now = new Date()): boolean {
  const at = (zone: string) => new Intl.DateTimeFormat('en-US', { timeZone: zone, day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(now);
  try {
    return at(timeZone) !== at(browserZone());
  } catch {
    return false;
  }
}

/** Today's date on the clinic's calendar, YYYY-MM-DD. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const asUtc = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
};

/** A calendar date moved by whole days (no zone involved). */
export function addDays(date: string, days: number): string {
  const value = asUtc(date);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

/** A calendar date as a heading: "Monday, March 9". */
export function dayHeading(date: string, language: Language): string {
  return asUtc(date).toLocaleDateString(localeOf(language), { timeZone: 'UTC', weekday: 'long', month: 'long', day: 'numeric' });
}

/** A calendar date on a day button: "Mon, Mar 9". */
export function shortDay(date: string, language: Language): string {
  return asUtc(date).toLocaleDateString(localeOf(language), { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric' });
}

/** The two lines of a day button: "Mon" and "Mar 9". */
export const weekdayOf = (date: string, language: Language) => asUtc(date).toLocaleDateString(localeOf(language), { timeZone: 'UTC', weekday: 'short' });
export const monthDayOf = (date: string, language: Language) => asUtc(date).toLocaleDateString(localeOf(language), { timeZone: 'UTC', month: 'short', day: 'numeric' });

/** A wall-clock HH:MM as people read it: "9:00 AM" (Spanish: "9:00 a. m."). */
export function timeOfDay(localTime: string, language: Language): string {
  const [h, m] = localTime.split(':').map(Number);
  return new Date(Date.UTC(2000, 0, 1, h ?? 0, m ?? 0)).toLocaleTimeString(localeOf(language), { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' });
}

/** A visit's time on the clinic's clock with the zone: the server's label in English, the same in Spanish. */
export function visitTime(visit: { startsAt: string; timeZone: string; label: string }, language: Language): string {
  if (language === 'en') return visit.label;
  return new Intl.DateTimeFormat(localeOf(language), {
    timeZone: visit.timeZone, weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short',
  }).format(new Date(visit.startsAt));
}

/** A moment shown in the clinic's zone, for things like "answered on …". */
export function momentIn(timestamp: string, timeZone: string, language: Language): string {
  return new Intl.DateTimeFormat(localeOf(language), { timeZone, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' })
    .format(new Date(timestamp));
}
