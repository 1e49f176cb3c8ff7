import { DateTime } from 'luxon';

/** An instant written with the offset of a time zone (2026-03-04T10:00:00-05:00): the same moment, read as the clinic reads it. */
export function instantIn(at: string | Date, zone: string): string {
  const time = typeof at === 'string' ? DateTime.fromISO(at, { zone: 'utc' }) : DateTime.fromJSDate(at, { zone: 'utc' });
  const local = time.setZone(zone);
  return (local.isValid ? local : time).toISO({ suppressMilliseconds: true })!;
}
