import { DateTime } from 'luxon';
import { zoneAbbreviation } from './templates.js';

/**
 * An appointment as an iCalendar file (RFC 5545, iTIP methods of RFC 5546) that calendar programs
 * add, move (same UID, higher SEQUENCE) or remove (METHOD:CANCEL). Times are written on the
 * clinic's wall clock with the location's IANA zone, and the file carries that zone's definition
 * (VTIMEZONE), so a calendar in another zone shows the right moment.
 */
export interface CalendarVisit {
  /** Stable per appointment: the calendar recognises the same visit when it moves or is cancelled. */
  uid: string;
  /** Higher on every change: a calendar ignores an update older than what it has. */
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  start: Date;
  end: Date;
  timeZone: string;
  summary: string;
  location: string;
  description: string;
  url?: string;
  organizer?: { name: string; email: string };
  attendee?: { name: string; email: string };
  /** When the file was made (DTSTAMP); now by default. */
  stamp?: Date;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

/** TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 3.3.11). */
export const escapeText = (value: string) => value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** A parameter value (a person's name) is quoted, and may hold no quote of its own. */
const quoteParam = (value: string) => `"${value.replace(/"/g, "'").replace(/[\r\n]/g, ' ')}"`;

/** Lines longer than 75 octets continue on the next line after CRLF and a space, never inside a UTF-8 character (3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // The first line holds 75 octets; a continuation line's leading space counts towards its 75.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const offsetAt = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).offset;

const utcStamp = (at: Date) => DateTime.fromJSDate(at, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss'Z'");

/**
 * DTSTART/DTEND on the clinic's wall clock with its zone; a wall time the autumn change makes occur
 * twice is written in UTC instead, since parsers disagree on which of the two it means.
 */
function zonedTime(name: 'DTSTART' | 'DTEND', at: Date, zone: string): string {
  const local = DateTime.fromJSDate(at, { zone });
  const wall = local.toFormat("yyyyLLdd'T'HHmmss");
  const repeated = [-3, 3].some((hours) => {
    const offset = offsetAt(at.getTime() + hours * 60 * MINUTE, zone);
    if (offset === local.offset) return false;
    const twin = at.getTime() + (local.offset - offset) * MINUTE;
    return DateTime.fromMillis(twin, { zone }).toFormat("yyyyLLdd'T'HHmmss") === wall;
  });
  return repeated ? `${name}:${utcStamp(at)}` : `${name};TZID=${zone}:${wall}`;
}
const offsetText = (minutes: number) => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
};

interface Transition { at: number; from: number; to: number }

/** The zone's offset changes in [from, until): found by stepping a day at a time, then narrowed to the minute. */
export function offsetTransitions(zone: string, from: number, until: number): Transition[] {
  const found: Transition[] = [];
  let previous = offsetAt(from, zone);
  for (let day = from + DAY; day < until + DAY; day += DAY) {
    const offset = offsetAt(day, zone);
    if (offset === previous) continue;
    let low = day - DAY;
    let high = day;
    while (high - low > MINUTE) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
      if (offsetAt(middle, zone) === previous) low = middle;
      else high = middle;
    }
    if (high < until) found.push({ at: high, from: previous, to: offset });
    previous = offset;
  }
  return found;
}

/**
 * The VTIMEZONE for the years around the visit: one observance per offset change (DTSTART on the
 * wall clock of the offset it leaves, as RFC 5545 wants), or a single one for a zone without changes.
 */
export function timeZoneLines(zone: string, around: Date[]): string[] {
  const years = around.map((at) => DateTime.fromJSDate(at, { zone }).year);
  const from = DateTime.fromObject({ year: Math.min(...years) - 1, month: 1, day: 1 }, { zone: 'utc' }).toMillis();
  const until = DateTime.fromObject({ year: Math.max(...years) + 2, month: 1, day: 1 }, { zone: 'utc' }).toMillis();
  const transitions = offsetTransitions(zone, from, until);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  if (transitions.length === 0) {
    const offset = offsetText(offsetAt(from, zone));
    const name = zoneAbbreviation(new Date(from), zone);
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, `TZNAME:${escapeText(name)}`, 'END:STANDARD');
  }
  for (const change of transitions) {
    const after = DateTime.fromMillis(change.at, { zone });
    const kind = after.isInDST ? 'DAYLIGHT' : 'STANDARD';
    const localStart = DateTime.fromMillis(change.at + change.from * MINUTE, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss");
    lines.push(
      `BEGIN:${kind}`, `DTSTART:${localStart}`, `TZOFFSETFROM:${offsetText(change.from)}`, `TZOFFSETTO:${offsetText(change.to)}`,
      `TZNAME:${escapeText(zoneAbbreviation(after.toJSDate(), zone))}`, `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

/** The .ics file's text: CRLF line ends, folded lines. */
export function appointmentCalendar(visit: CalendarVisit): string {
  const cancelled = visit.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Careloop//Scheduling//EN', 'CALSCALE:GREGORIAN', `METHOD:${visit.method}`,
    ...timeZoneLines(visit.timeZone, [visit.start, visit.end]),
    'BEGIN:VEVENT',
    `UID:${visit.uid}`,
    `DTSTAMP:${utcStamp(visit.stamp ?? new Date())}`,
    `SEQUENCE:${visit.sequence}`,
    zonedTime('DTSTART', visit.start, visit.timeZone),
    zonedTime('DTEND', visit.end, visit.timeZone),
    `SUMMARY:${escapeText(visit.summary)}`,
    `LOCATION:${escapeText(visit.location)}`,
    `DESCRIPTION:${escapeText(visit.description)}`,
    ...(visit.url ? [`URL:${visit.url}`] : []),
    ...(visit.organizer ? [`ORGANIZER;CN=${quoteParam(visit.organizer.name)}:mailto:${visit.organizer.email}`] : []),
    ...(visit.attendee ? [`ATTENDEE;CN=${quoteParam(visit.attendee.name)};ROLE=REQ-PARTICIPANT:mailto:${visit.attendee.email}`] : []),
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/** A sequence number that grows with every change of the appointment (seconds since 2024, fits a 32-bit integer for decades). */
export const calendarSequence = (updatedAt: Date) => Math.max(0, Math.floor((updatedAt.getTime() - Date.UTC(2024, 0, 1)) / 1000));
