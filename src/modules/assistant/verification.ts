import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { searchPatients } from '../patients/service.js';
import type { Language } from './language.js';

/** A patient says who they are: full name and date of birth, in one message. */
export interface Identification { words: string[]; dateOfBirth: string }

const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  enero: 1, febrero: 2, marzo: 3, abril: 4, mayo: 5, junio: 6, julio: 7, agosto: 8, septiembre: 9, setiembre: 9, octubre: 10, noviembre: 11, diciembre: 12,
};
const FILLER = new Set([
  'my', 'name', 'is', 'i', 'am', 'im', 'born', 'on', 'dob', 'date', 'of', 'birth', 'and', 'the', 'it', 'its', 'this', 'me', 'called',
  'mi', 'nombre', 'es', 'me', 'llamo', 'soy', 'naci', 'el', 'fecha', 'de', 'nacimiento', 'y', 'en', 'del',
]);

export const foldName = (text: string) => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

const pad = (n: number) => String(n).padStart(2, '0');

function calendarDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  if (date.getTime() > Date.now()) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * Reads "Maria Lopez, 03/04/1980", "Maria Lopez 1980-03-04", "I'm Maria Lopez born March 4 1980",
 * "Me llamo María López, 4 de marzo de 1980". Slashed dates are month first in English and day
 * first in Spanish, as each is written.
 */
export function readIdentification(text: string, language: Language): Identification | null {
  const folded = foldName(text);
  const patterns: [RegExp, (m: RegExpExecArray) => string | null][] = [
    [/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/, (m) => calendarDate(+m[1]!, +m[2]!, +m[3]!)],
    [/\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/, (m) => language === 'es' ? calendarDate(+m[3]!, +m[2]!, +m[1]!) : calendarDate(+m[3]!, +m[1]!, +m[2]!)],
    [/\b([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b/, (m) => MONTHS[m[1]!] ? calendarDate(+m[3]!, MONTHS[m[1]!]!, +m[2]!) : null],
    [/\b(\d{1,2})(?:st|nd|rd|th)? (?:de |of )?([a-z]+)\.?,? (?:de |del )?(\d{4})\b/, (m) => MONTHS[m[2]!] ? calendarDate(+m[3]!, MONTHS[m[2]!]!, +m[1]!) : null],
  ];
  for (const [pattern, read] of patterns) {
    const match = pattern.exec(folded);
    if (!match) continue;
    const dateOfBirth = read(match);
    if (!dateOfBirth) return null;
    const rest = folded.slice(0, match.index) + ' ' + folded.slice(match.index + match[0].length);
    const words = rest.split(/[^a-z'-]+/).map((w) => w.replace(/^['-]+|['-]+$/g, '')).filter((w) => w.length > 0 && !FILLER.has(w.replace(/'/g, '')));
    return words.length >= 2 ? { words, dateOfBirth } : null;
  }
  return null;
}

/**
 * The one active record whose birth date is the one given and whose given and family names are
 * both among the words given; null when none or several match (nothing is told about which part
 * was wrong).
 */
export async function matchPatient(platform: Platform, actor: Actor, who: Identification): Promise<string | null> {
  // By birth date first (exact, and indifferent to a middle name the record lacks); by name when the date is a common one.
  let found = await searchPatients(platform, actor, { q: who.dateOfBirth, limit: 100 });
  if (found.total > found.items.length) found = await searchPatients(platform, actor, { q: who.words.join(' ').slice(0, 100), limit: 100 });
  const given = new Set(who.words);
  const matches = found.items.filter((p) => p.status !== 'merged' && p.dateOfBirth === who.dateOfBirth
    && nameWords(p.familyName).every((w) => given.has(w))
    && (nameWords(p.givenName).every((w) => given.has(w)) || (p.preferredName !== null && nameWords(p.preferredName).every((w) => given.has(w)))));
  return matches.length === 1 ? matches[0]!.id : null;
}

const nameWords = (name: string) => foldName(name).split(/[^a-z'-]+/).filter(Boolean);
