import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError, conflict, invalid, notFound, pgErrorCode, UNIQUE_VIOLATION } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import { contactPointRows, normalizeContactPoints, type NormalizedContactPoint } from './contact-points.js';
import { findDuplicates, isCalendarDate, LIKELY_DUPLICATE } from './duplicates.js';
import { toE164 } from './phone.js';
import { presentPatient } from './present.js';
import type { NewPatient, Patient, PatientChanges, PatientSummary, SearchQuery } from './schemas.js';
import * as store from './store.js';

export { findDuplicates } from './duplicates.js';

function checkBirthDate(date: string, field = 'dateOfBirth') {
  const today = new Date().toISOString().slice(0, 10);
  if (date > today) throw invalid(field, 'cannot be in the future');
  if (date < '1900-01-01') throw invalid(field, 'must be 1900-01-01 or later');
}

const valuesOf = (points: NormalizedContactPoint[], kind: 'phone' | 'email') => points.filter((cp) => cp.kind === kind).map((cp) => cp.value);

async function publish(platform: Platform, actor: Actor, type: string, patientId: string, data: Record<string, unknown>) {
  await platform.events.publish({
    type, version: 1, organizationId: actor.organizationId, patientId,
    actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(), data,
  });
}

function mrnTaken(error: unknown, mrn: string | undefined): never {
  if (pgErrorCode(error) === UNIQUE_VIOLATION) throw conflict('mrn_taken', `Another patient already has MRN ${mrn}.`, { field: 'mrn' });
  throw error;
}

/** Registers a patient; refuses (409 possible_duplicate, with the candidates) when a likely duplicate exists. */
export async function registerPatient(platform: Platform, actor: Actor, input: NewPatient): Promise<Patient> {
  checkBirthDate(input.dateOfBirth);
  const points = normalizeContactPoints(input.contactPoints ?? []);
  const outcome = await platform.db.transaction().execute(async (trx) => {
    // Two registrations of one person at the same moment wait for each other, so the second sees the first.
    await store.lockRegistration(trx, actor.organizationId, `${store.foldName(input.familyName)}|${input.dateOfBirth}`);
    if (!input.allowDuplicate) {
      const candidates = await findDuplicates({ ...platform, db: trx }, actor, {
        givenName: input.givenName, familyName: input.familyName, dateOfBirth: input.dateOfBirth,
        phones: valuesOf(points, 'phone'), emails: valuesOf(points, 'email'),
      });
      const likely = candidates.filter((candidate) => candidate.score >= LIKELY_DUPLICATE);
      if (likely.length > 0) return { likely, patient: undefined };
    }
    const mrn = input.mrn ?? (await store.unusedMrn(trx, actor.organizationId));
    const row = await store.insertPatient(trx, {
      organization_id: actor.organizationId,
      mrn,
      given_name: input.givenName.trim(),
      family_name: input.familyName.trim(),
      search_name: store.foldName(`${input.givenName} ${input.familyName}`),
      preferred_name: input.preferredName?.trim() || null,
      date_of_birth: input.dateOfBirth,
      sex: input.sex ?? 'unknown',
      language: input.language ?? 'en',
      preferred_channel: input.preferredChannel ?? (points.some((cp) => cp.kind === 'phone') ? 'sms' : points.length > 0 ? 'email' : 'none'),
      address: input.address ? JSON.stringify(input.address) : null,
      tags: normalizeTags(input.tags),
    }).catch((error: unknown) => mrnTaken(error, mrn));
    await store.insertContactPoints(trx, contactPointRows(actor.organizationId, row.id, points));
    return { likely: undefined, patient: presentPatient(row, await store.listContactPoints(trx, actor.organizationId, [row.id])) };
  });
  if (outcome.likely) {
    const { likely } = outcome;
    // The refusal shows the matching records: that is a read of them, and is audited as one.
    await platform.audit.record(actor, likely.map((c) => ({ action: 'read', entityType: 'patient_duplicates', entityId: c.patient.id, patientId: c.patient.id })));
    throw conflict('possible_duplicate', `This may be a patient already registered (${likely.length} likely match${likely.length > 1 ? 'es' : ''}). Open the existing record, or register anyway with allowDuplicate.`, { candidates: likely });
  }
  const { patient } = outcome;
  if (!patient) throw new Error('registration produced neither a patient nor candidates');
  await publish(platform, actor, 'patient.registered', patient.id, { summary: `Registered (MRN ${patient.mrn})`, source: actor.source });
  return patient;
}

const normalizeTags = (tags: string[] | undefined) => [...new Set((tags ?? []).map((tag) => tag.trim().toLowerCase()))].sort();

async function loadPatient(db: Kysely<Database>, actor: Actor, id: string): Promise<Patient> {
  const found = await store.findPatientWithContactPoints(db, actor.organizationId, id);
  if (!found) throw notFound('patient', id);
  return presentPatient(found.patient, found.contactPoints);
}

/** One patient, with contact points. A merged record is returned with replacedBy set. */
export const getPatient = (platform: Platform, actor: Actor, id: string) => loadPatient(platform.db, actor, id);

/** The patient with this MRN, or null (FHIR identifiers and imports find records by it). */
export async function patientByMrn(platform: Platform, actor: Actor, mrn: string): Promise<Patient | null> {
  const row = await store.findPatientIdByMrn(platform.db, actor.organizationId, mrn);
  return row ? loadPatient(platform.db, actor, row.id) : null;
}

/** The version an editor saw, as sent back in If-Match: the record's last change time. */
export const versionOf = (patient: Pick<Patient, 'updatedAt'>) => `"${patient.updatedAt}"`;

/** If-Match as HTTP defines it: `*`, or a list of tags (weak W/ tags compared by their value). */
const versionMatches = (ifMatch: string, current: string) =>
  ifMatch.trim() === '*' || ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, '')).includes(current);

/**
 * Changes a patient's details; contactPoints, when given, replaces the whole list. With
 * `expectedVersion` (If-Match) the change is refused when someone else saved in the meantime.
 */
export async function updatePatient(platform: Platform, actor: Actor, id: string, changes: PatientChanges, expectedVersion?: string): Promise<Patient> {
  if (changes.dateOfBirth) checkBirthDate(changes.dateOfBirth);
  const points = changes.contactPoints ? normalizeContactPoints(changes.contactPoints) : undefined;
  const patient = await platform.db.transaction().execute(async (trx) => {
    const [current] = await store.lockPatients(trx, actor.organizationId, [id]);
    if (!current) throw notFound('patient', id);
    if (current.status === 'merged') throw conflict('patient_merged', 'This record was merged into another; change that one instead.', { replacedBy: current.replaced_by });
    if (expectedVersion && !versionMatches(expectedVersion, versionOf({ updatedAt: current.updated_at.toISOString() }))) {
      throw new AppError(412, 'edit_conflict', 'Someone else changed this patient since you opened it. Reload to see their changes, then make yours again.', { updatedAt: current.updated_at.toISOString() });
    }
    await store.updatePatient(trx, actor.organizationId, id, {
      ...(changes.mrn !== undefined && { mrn: changes.mrn }),
      ...(changes.givenName !== undefined && { given_name: changes.givenName.trim() }),
      ...(changes.familyName !== undefined && { family_name: changes.familyName.trim() }),
      ...((changes.givenName !== undefined || changes.familyName !== undefined) && {
        search_name: store.foldName(`${changes.givenName ?? current.given_name} ${changes.familyName ?? current.family_name}`),
      }),
      ...(changes.preferredName !== undefined && { preferred_name: changes.preferredName?.trim() || null }),
      ...(changes.dateOfBirth !== undefined && { date_of_birth: changes.dateOfBirth }),
      ...(changes.sex !== undefined && { sex: changes.sex }),
      ...(changes.language !== undefined && { language: changes.language }),
      ...(changes.preferredChannel !== undefined && { preferred_channel: changes.preferredChannel }),
      ...(changes.address !== undefined && { address: changes.address ? JSON.stringify(changes.address) : null }),
      ...(changes.tags !== undefined && { tags: normalizeTags(changes.tags) }),
    }).catch((error: unknown) => mrnTaken(error, changes.mrn));
    if (points) {
      // A phone or e-mail that stays keeps its id (other records may point at it); others go or come.
      const previous = await store.listContactPoints(trx, actor.organizationId, [id]);
      const rows = contactPointRows(actor.organizationId, id, points, previous);
      const keyOf = (cp: { kind: string; value: string }) => `${cp.kind}:${cp.value}`;
      const wanted = new Set(rows.map(keyOf));
      await store.deleteContactPointsById(trx, actor.organizationId, previous.filter((cp) => !wanted.has(keyOf(cp))).map((cp) => cp.id));
      for (const row of rows) {
        const before = previous.find((cp) => keyOf(cp) === keyOf(row));
        if (before) await store.updateContactPoint(trx, actor.organizationId, before.id, row);
        else await store.insertContactPoints(trx, [row]);
      }
    }
    return loadPatient(trx, actor, id);
  });
  const fields = Object.keys(changes);
  await publish(platform, actor, 'patient.updated', id, { summary: `Details changed: ${fields.join(', ')}`, fields });
  return patient;
}

const DATE_ISO = /^\d{4}-\d{2}-\d{2}$/;
const DATE_US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const PHONE_LIKE = /^[+\d(][\d\s().-]{5,}$/;

/** Reads a search box: a birth date, a phone number, an MRN or name words. */
export function parseSearch(q: string): Pick<store.SearchCriteria, 'words' | 'dateOfBirth' | 'phone' | 'phoneDigits' | 'mrn'> {
  const text = q.trim();
  if (!text) return {};
  const us = DATE_US.exec(text);
  const date = DATE_ISO.test(text) ? text : us ? `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` : null;
  // A date that is not on the calendar (1990-13-45) finds no one, rather than failing.
  if (date) return isCalendarDate(date) ? { dateOfBirth: date } : { words: [store.foldName(text)] };
  if (PHONE_LIKE.test(text)) {
    const digits = text.replace(/\D/g, '');
    return { phone: toE164(text) ?? undefined, phoneDigits: digits.length >= 4 ? digits : undefined, mrn: text };
  }
  const words = store.foldName(text).split(' ').filter(Boolean).slice(0, 5);
  // Only a word with a digit can be an MRN (ours are CL100234); a plain name is never tried as one.
  return { words, mrn: /^[A-Za-z0-9-]+$/.test(text) && /\d/.test(text) ? text : undefined };
}

/** The patient list: search by name (prefix, substring or fuzzy), phone, birth date or MRN; by tag. */
export async function searchPatients(platform: Platform, actor: Actor, query: SearchQuery) {
  const limit = query.limit ?? 25;
  const offset = query.offset ?? 0;
  const criteria: store.SearchCriteria = {
    ...parseSearch(query.q ?? ''),
    tag: query.tag?.toLowerCase(),
    includeMerged: query.includeMerged ?? false,
    limit,
    offset,
  };
  let result = await store.searchPatients(platform.db, actor.organizationId, criteria);
  // Nothing has these letters in a row: perhaps a typo ('villanueba'); try similar names.
  if (result.total === 0 && criteria.words?.length) result = await store.searchPatients(platform.db, actor.organizationId, { ...criteria, fuzzy: true });
  const items: PatientSummary[] = result.items.map((row) => ({
    id: row.id, mrn: row.mrn, givenName: row.given_name, familyName: row.family_name, preferredName: row.preferred_name,
    dateOfBirth: row.date_of_birth, phone: row.phone, email: row.email, tags: row.tags, status: row.status,
  }));
  return { items, total: result.total, totalIsCapped: result.totalIsCapped, limit, offset };
}

/** The ids whose history belongs to this patient: itself and the records merged into it. */
export async function patientAndMergedIds(platform: Platform, actor: Actor, id: string): Promise<string[]> {
  const row = await store.findPatient(platform.db, actor.organizationId, id);
  if (!row) throw notFound('patient', id);
  const merged = await store.findMergedInto(platform.db, actor.organizationId, id);
  return [id, ...merged.map((m) => m.id)];
}

export async function patientTimeline(platform: Platform, actor: Actor, id: string, limit = 50, offset = 0) {
  const row = await store.findPatient(platform.db, actor.organizationId, id);
  if (!row) throw notFound('patient', id);
  const entries = await store.listTimeline(platform.db, actor.organizationId, id, limit, offset);
  return entries.map((entry) => ({
    id: entry.id, type: entry.event_type, summary: entry.summary, actor: entry.actor_label,
    at: entry.occurred_at.toISOString(), data: entry.data as Record<string, unknown>,
  }));
}

/** Duplicate candidates of an existing patient. */
export async function duplicatesOf(platform: Platform, actor: Actor, id: string) {
  const patient = await getPatient(platform, actor, id);
  return findDuplicates(platform, actor, {
    id, givenName: patient.givenName, familyName: patient.familyName, dateOfBirth: patient.dateOfBirth,
    phones: patient.contactPoints.filter((cp) => cp.kind === 'phone').map((cp) => cp.value),
    emails: patient.contactPoints.filter((cp) => cp.kind === 'email').map((cp) => cp.value),
  });
}
export { addContactPoint, contactConsents, contactPreferences, findPatientsByContact, patientRefs, setConsentByContact, type ContactConsent, type ContactKind, type ContactPreferences, type PatientRef } from './by-contact.js';
