import type { Static } from '@sinclair/typebox';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import type { ContactPointInput, NewPatient, Patient } from '../patients/schemas.js';
import { getPatient, patientByMrn, registerPatient, updatePatient, versionOf } from '../patients/service.js';
import { fhirError } from './outcome.js';
import { renamingFields } from './write-errors.js';
import type { Identifier, PatientInput } from './write-input.js';

type FhirIdentifier = Static<typeof Identifier>;
type PatientFields = Omit<NewPatient, 'allowDuplicate' | 'tags'>;

/** The v2 identifier type of a medical record number. */
const MR_TYPE = 'MR';

/** The identifier that carries the MRN: typed MR (v2-0203), or in Careloop's own MRN namespace. */
export function mrnOf(identifiers: FhirIdentifier[] | undefined, mrnSystem: string): string | undefined {
  const list = identifiers ?? [];
  const ours = list.find((i) => i.system === mrnSystem) ?? list.find((i) => (i.type?.coding ?? []).some((c) => c.code === MR_TYPE));
  return ours?.value?.trim() || undefined;
}

const LABELS: Record<string, ContactPointInput['label']> = { mobile: 'mobile', home: 'home', work: 'work', temp: 'other', old: 'other' };

function contactPoints(resource: PatientInput): ContactPointInput[] {
  const points: ContactPointInput[] = [];
  const ranked = (resource.telecom ?? []).map((t, index) => ({ t, index })).filter(({ t }) => t.value && t.use !== 'old');
  const best = { phone: Infinity, email: Infinity };
  for (const { t, index } of ranked) {
    const kind = t.system === 'email' ? 'email' : t.system === 'phone' || t.system === 'sms' ? 'phone' : null;
    if (!kind) throw fhirError(422, 'not-supported', `Patient.telecom[${index}]: Careloop keeps phone and e-mail contact points, not "${t.system ?? 'unspecified'}".`, `Patient.telecom[${index}].system`);
    const rank = t.rank ?? Infinity;
    const isPrimary = rank < best[kind];
    if (isPrimary) best[kind] = rank;
    points.push({ kind, value: t.value!, ...(t.use && LABELS[t.use] && { label: LABELS[t.use] }), ...(isPrimary && rank !== Infinity && { isPrimary: true }) });
  }
  return points;
}

const COUNTRY = /^[A-Z]{2}$/;

function address(resource: PatientInput): NewPatient['address'] {
  const first = resource.address?.find((a) => a.use !== 'old') ?? resource.address?.[0];
  if (!first) return null;
  const country = first.country?.trim().toUpperCase();
  if (country && !COUNTRY.test(country)) throw fhirError(422, 'value', 'Patient.address.country: Careloop keeps the two-letter ISO 3166 code (e.g. US).', 'Patient.address[0].country');
  const [line1, line2] = first.line ?? [];
  return {
    ...(line1 && { line1 }), ...(line2 && { line2 }), ...(first.city && { city: first.city }), ...(first.state && { region: first.state }),
    ...(first.postalCode && { postalCode: first.postalCode }), ...(country && { country }),
  };
}

function language(resource: PatientInput): string | undefined {
  const spoken = resource.communication ?? [];
  const preferred = spoken.find((c) => c.preferred) ?? spoken[0];
  const code = preferred?.language.coding?.find((c) => c.code)?.code;
  return code ? code.replace(/^([a-z]{2})-([a-z]{2})$/i, (_, l: string, r: string) => `${l.toLowerCase()}-${r.toUpperCase()}`) : undefined;
}

/**
 * A FHIR Patient as the patients module's fields. Careloop needs an official (or first) name with
 * family and given parts and a full birth date; the rest is optional. The patients module's own
 * schema checks what is left (name letters, phone numbers, e-mail addresses) when it is called.
 */
export function patientFields(resource: PatientInput, mrnSystem: string): PatientFields {
  const names = resource.name ?? [];
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use !== 'nickname' && n.use !== 'old') ?? names[0];
  const given = name?.given?.join(' ').trim();
  const family = name?.family?.trim();
  if (!name || !given || !family) throw fhirError(400, 'required', 'Patient.name: Careloop needs a name with family and given parts.', 'Patient.name');
  if (!resource.birthDate) throw fhirError(400, 'required', 'Patient.birthDate is required (YYYY-MM-DD).', 'Patient.birthDate');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(resource.birthDate)) throw fhirError(422, 'value', 'Patient.birthDate: Careloop needs the full date of birth (YYYY-MM-DD), not a year or month.', 'Patient.birthDate');
  // Careloop writes the preferred name as a usual name beside the official one; other clients say nickname.
  const nickname = names.find((n) => n !== name && (n.use === 'nickname' || n.use === 'usual'))?.given?.join(' ').trim();
  const mrn = mrnOf(resource.identifier, mrnSystem);
  const spoken = language(resource);
  return {
    ...(mrn && { mrn }),
    givenName: given,
    familyName: family,
    preferredName: nickname && nickname !== given ? nickname : null,
    dateOfBirth: resource.birthDate,
    sex: resource.gender ?? 'unknown',
    ...(spoken && { language: spoken }),
    address: address(resource),
    contactPoints: contactPoints(resource),
  };
}

/** The patients module checks its own fields; problems come back as Careloop field names, named here in FHIR terms. */
export const PATIENT_PATHS: [RegExp, string][] = [
  [/^contactPoints\.(\d+)/, 'Patient.telecom[$1]'], [/^givenName/, 'Patient.name.given'], [/^familyName/, 'Patient.name.family'],
  [/^preferredName/, 'Patient.name(nickname)'], [/^dateOfBirth/, 'Patient.birthDate'], [/^mrn/, 'Patient.identifier(MRN)'],
  [/^language/, 'Patient.communication.language'], [/^address\.?(\w*)/, 'Patient.address.$1'],
];

export interface PatientWrite {
  patient: Patient;
  created: boolean;
}

/**
 * Registers a patient from FHIR through the patients module (its duplicate check included: a
 * likely duplicate is a 409 with the candidates). With an MRN already in use by another record
 * the registration is refused by the patients module (409 mrn_taken).
 */
export async function createPatient(platform: Platform, actor: Actor, resource: PatientInput, mrnSystem: string): Promise<PatientWrite> {
  const fields = patientFields(resource, mrnSystem);
  return { patient: await renamingFields(PATIENT_PATHS, () => registerPatient(platform, actor, fields)), created: true };
}

/** The record an import entry means: the same MRN, followed through merges to the record kept. */
export async function patientWithMrn(platform: Platform, actor: Actor, mrn: string): Promise<Patient | null> {
  let patient = await patientByMrn(platform, actor, mrn);
  for (let hops = 0; patient?.status === 'merged' && patient.replacedBy && hops < 5; hops++) patient = await getPatient(platform, actor, patient.replacedBy);
  return patient;
}

/**
 * FHIR's conditional create (If-None-Exist: identifier=[system|]value): the patient with that MRN,
 * when there is one, so a client that retries a create gets the record it made. Careloop finds
 * patients by MRN only; another search here is refused rather than ignored.
 */
export async function patientForCondition(platform: Platform, actor: Actor, condition: string): Promise<Patient | null> {
  const params = new URLSearchParams(condition.replace(/^.*\?/, ''));
  const identifier = params.get('identifier');
  if (!identifier || [...params.keys()].some((key) => key !== 'identifier')) {
    throw fhirError(400, 'not-supported', 'If-None-Exist: Careloop matches a Patient by identifier=[system|]MRN only.', 'If-None-Exist');
  }
  const mrn = identifier.includes('|') ? identifier.slice(identifier.indexOf('|') + 1) : identifier;
  return mrn ? patientWithMrn(platform, actor, mrn) : null;
}

/**
 * Replaces a patient's details with a FHIR Patient (PUT: what the resource leaves out is cleared,
 * except tags and the MRN, which FHIR clients do not manage). Contact points that stay keep their
 * consent. `ifMatch` is the ETag the client read (W/"<versionId>"); a stale one is 412.
 */
export async function replacePatient(platform: Platform, actor: Actor, id: string, resource: PatientInput, mrnSystem: string, ifMatch?: string): Promise<Patient> {
  if (resource.id !== undefined && resource.id !== id) throw fhirError(400, 'invalid', `Patient.id "${resource.id}" does not match the id in the URL (${id}).`, 'Patient.id');
  const current = await getPatient(platform, actor, id);
  const fields = patientFields(resource, mrnSystem);
  const kept = (point: ContactPointInput) => current.contactPoints.find((cp) => cp.kind === point.kind && sameAddress(cp.value, point.value));
  const points = (fields.contactPoints ?? []).map((point) => {
    const before = kept(point);
    return before ? { ...point, consentCare: before.consentCare, consentMarketing: before.consentMarketing } : point;
  });
  return renamingFields(PATIENT_PATHS, () => updatePatient(platform, actor, id, {
    ...(fields.mrn && { mrn: fields.mrn }),
    givenName: fields.givenName, familyName: fields.familyName, preferredName: fields.preferredName ?? null,
    dateOfBirth: fields.dateOfBirth, sex: fields.sex ?? 'unknown', ...(fields.language && { language: fields.language }),
    address: fields.address ?? null, contactPoints: points,
  }, ifMatch ? versionFromEtag(ifMatch, current) : undefined));
}

/** A phone written differently (+1 555 ... and 555-...) is still the same number: compare the digits' tail. */
function sameAddress(stored: string, sent: string) {
  if (stored.includes('@')) return stored === sent.trim().toLowerCase();
  const digits = sent.replace(/\D/g, '');
  return digits.length >= 7 && stored.replace(/\D/g, '').endsWith(digits.slice(-10));
}

/**
 * FHIR's If-Match carries W/"<versionId>"; the patients module compares its own version (the
 * record's last change time). A versionId that is not the current one becomes a tag that cannot
 * match, so the patients module answers 412 as it does for the web app.
 */
function versionFromEtag(ifMatch: string, current: Patient): string {
  const sent = ifMatch.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  // The ETag of a write, or the meta.lastUpdated of a read (reads carry no ETag).
  const isCurrent = sent === patientVersionId(current) || Date.parse(sent) === Date.parse(current.updatedAt) || ifMatch.trim() === '*';
  return isCurrent ? versionOf(current) : `"stale:${sent}"`;
}

/** The versionId Careloop gives a Patient: its last change time in milliseconds. */
export const patientVersionId = (patient: Pick<Patient, 'updatedAt'>) => String(Date.parse(patient.updatedAt));
