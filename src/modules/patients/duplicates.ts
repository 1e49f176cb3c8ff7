import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import { areNicknames, nameVariants } from './nicknames.js';
import { transposedDigits } from './phone.js';
import { presentPatient, summarize } from './present.js';
import type { DuplicateCandidate } from './schemas.js';
import * as store from './store.js';

/** Candidates at or above this score stop a registration unless the caller insists. */
export const LIKELY_DUPLICATE = 60;
const SHOWN_FROM = 35;

export interface PatientDraft {
  id?: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  phones: string[];
  emails: string[];
}

/** True for a real date written YYYY-MM-DD (not 2023-02-30), from year 1 on. */
export function isCalendarDate(iso: string): boolean {
  if (iso < '0001-01-01') return false;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso;
}

/** Birth dates one slip away: neighbouring digits swapped, or day and month swapped. */
export function transposedBirthDates(iso: string): string[] {
  const [year, month, day] = iso.split('-');
  const variants = new Set<string>();
  for (const digits of transposedDigits(`${year}${month}${day}`)) {
    variants.add(`${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`);
  }
  variants.add(`${year}-${day}-${month}`);
  variants.delete(iso);
  return [...variants].filter(isCalendarDate);
}

/** Scored possible duplicates of a patient (or of a registration not yet made), best first. */
export async function findDuplicates(platform: Platform, actor: Actor, draft: PatientDraft): Promise<DuplicateCandidate[]> {
  const name = store.foldName(`${draft.givenName} ${draft.familyName}`);
  const birthTypos = transposedBirthDates(draft.dateOfBirth);
  const phoneTypos = draft.phones.flatMap(transposedDigits);
  const ids = await store.findCandidateIds(platform.db, actor.organizationId, {
    excludeId: draft.id,
    name,
    familyName: draft.familyName,
    givenNameVariants: nameVariants(draft.givenName),
    birthDates: [draft.dateOfBirth, ...birthTypos],
    phones: [...draft.phones, ...phoneTypos],
    emails: draft.emails,
  });
  const rows = await store.findCandidates(platform.db, actor.organizationId, ids, name);
  const contactPoints = await store.listContactPoints(platform.db, actor.organizationId, rows.map((row) => row.id));

  const candidates = rows.map((row) => {
    const patient = presentPatient(row, contactPoints);
    const theirPhones = patient.contactPoints.filter((cp) => cp.kind === 'phone').map((cp) => cp.value);
    const theirEmails = patient.contactPoints.filter((cp) => cp.kind === 'email').map((cp) => cp.value);
    const reasons: DuplicateCandidate['reasons'] = [];
    const samePhone = theirPhones.find((phone) => draft.phones.includes(phone));
    if (samePhone) reasons.push({ code: 'same_phone', label: `Same phone ${samePhone}`, weight: 40 });
    else if (theirPhones.some((phone) => phoneTypos.includes(phone))) reasons.push({ code: 'transposed_phone', label: 'Phone differs by two swapped digits', weight: 20 });
    const sameEmail = theirEmails.find((email) => draft.emails.includes(email));
    if (sameEmail) reasons.push({ code: 'same_email', label: `Same e-mail ${sameEmail}`, weight: 30 });
    if (row.date_of_birth === draft.dateOfBirth) reasons.push({ code: 'same_birth_date', label: `Same date of birth ${row.date_of_birth}`, weight: 25 });
    else if (birthTypos.includes(row.date_of_birth)) reasons.push({ code: 'transposed_birth_date', label: `Date of birth ${row.date_of_birth} differs by swapped digits`, weight: 15 });
    const similarity = Number(row.name_similarity);
    const nickname = areNicknames(row.given_name, draft.givenName) && store.foldName(row.family_name) === store.foldName(draft.familyName);
    if (nickname) reasons.push({ code: 'nickname', label: `${row.given_name} and ${draft.givenName} are the same name`, weight: 25 });
    // Same name and same birth date together (60) are a likely duplicate even with no contact details.
    else if (similarity >= 0.95) reasons.push({ code: 'same_name', label: 'Same name', weight: 35 });
    else if (similarity >= 0.45) reasons.push({ code: 'similar_name', label: `Similar name (${Math.round(similarity * 100)}% alike)`, weight: Math.round(30 * similarity) });
    const score = Math.min(100, reasons.reduce((sum, reason) => sum + reason.weight, 0));
    return { patient: summarize(patient), score, reasons };
  });
  return candidates.filter((c) => c.score >= SHOWN_FROM).sort((a, b) => b.score - a.score).slice(0, 10);
}
