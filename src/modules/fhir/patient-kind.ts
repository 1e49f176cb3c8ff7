import type * as fhir4 from 'fhir/r4.js';
import { AppError } from '../../platform/errors.js';
import { findPatientsByContact, getPatient, patientAndMergedIds, searchPatients } from '../patients/service.js';
import type { Patient, PatientSummary } from '../patients/schemas.js';
import { toE164 } from '../patients/phone.js';
import { isCareloopId } from './identifiers.js';
import { fhirError } from './outcome.js';
import { toFhirPatient } from './patient.js';
import type { FhirContext, ResourceKind } from './resource-kind.js';
import { daySpanInWindow, dateWindow, paramValues, stringMatches, stringParams, tokenOf, type SearchRequest } from './search-params.js';

/** A scan without a narrowing parameter looks at no more patients than this. */
const SCAN_LIMIT = 1000;
/** The patients service counts matches up to 250; a narrowed search looks at that many candidates. */
const CANDIDATE_LIMIT = 250;

async function loadPatient(ctx: FhirContext, id: string): Promise<Patient | null> {
  try {
    return await getPatient(ctx.platform, ctx.actor, id);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  }
}

async function asFhir(ctx: FhirContext, patient: Patient): Promise<fhir4.Patient> {
  const merged = patient.replacedBy ? [] : (await patientAndMergedIds(ctx.platform, ctx.actor, patient.id)).filter((id) => id !== patient.id);
  return toFhirPatient(ctx, patient, merged);
}

/** Every patient the service's search box finds for `q` (merged records included), up to the cap. */
async function candidates(ctx: FhirContext, q: string, cap: number): Promise<PatientSummary[]> {
  const found: PatientSummary[] = [];
  for (let offset = 0; offset < cap; offset += 100) {
    const page = await searchPatients(ctx.platform, ctx.actor, { q, includeMerged: true, limit: 100, offset });
    found.push(...page.items);
    if (page.items.length < 100) return found;
  }
  if (q === '') throw fhirError(400, 'too-costly', `This search would look at more than ${cap} patients: add name, family, given, identifier, birthdate (a day), phone, email or _id.`);
  return found;
}

const PHONE = /[\d]/;

/** A birth date is a calendar date, not a time: searched as dates, never shifted by the clinic's zone. */
const BIRTH_DATES = 'UTC';

/** Which summaries a search parameter keeps (the fields a summary carries). */
function summaryMatches(request: SearchRequest, p: PatientSummary): boolean {
  const names = [p.givenName, p.familyName, p.preferredName].filter((n): n is string => !!n);
  const everyOccurrence = (name: string, test: (value: string, modifier?: string) => boolean) =>
    stringParams(request, name).every((o) => o.values.some((v) => test(v, o.modifier)));
  const birth = dateWindow(request, 'birthdate', BIRTH_DATES);
  return everyOccurrence('name', (v, m) => names.some((n) => stringMatches(n, v, m)) || stringMatches(`${p.givenName} ${p.familyName}`, v, m))
    && everyOccurrence('family', (v, m) => stringMatches(p.familyName, v, m))
    && everyOccurrence('given', (v, m) => stringMatches(p.givenName, v, m) || stringMatches(p.preferredName, v, m))
    && paramValues(request, 'identifier').every((alts) => alts.some((v) => tokenOf(v).code.toLowerCase() === p.mrn.toLowerCase()))
    && paramValues(request, 'active').every((alts) => alts.some((v) => (v === 'true') === (p.status === 'active')))
    && daySpanInWindow(p.dateOfBirth, birth);
}

/** Parameters only the full record can answer (every contact point, sex). */
function fullMatches(request: SearchRequest, p: Patient): boolean {
  const phones = p.contactPoints.filter((cp) => cp.kind === 'phone').map((cp) => cp.value);
  const emails = p.contactPoints.filter((cp) => cp.kind === 'email').map((cp) => cp.value.toLowerCase());
  const phoneMatches = (v: string) => { const e164 = toE164(v); const digits = v.replace(/\D/g, ''); return phones.some((ph) => ph === e164 || (digits.length >= 4 && ph.endsWith(digits))); };
  const emailMatches = (v: string) => emails.includes(v.toLowerCase());
  return paramValues(request, 'gender').every((alts) => alts.includes(p.sex))
    && paramValues(request, 'phone').every((alts) => alts.some(phoneMatches))
    && paramValues(request, 'email').every((alts) => alts.some(emailMatches))
    && paramValues(request, 'telecom').every((alts) => alts.some((v) => { const { code } = tokenOf(v); return emailMatches(code) || (PHONE.test(code) && phoneMatches(code)); }));
}

const NEEDS_FULL = ['gender', 'phone', 'email', 'telecom'];
const VALID_GENDER = new Set(['male', 'female', 'other', 'unknown']);

function checkValues(request: SearchRequest) {
  for (const alts of paramValues(request, 'gender')) for (const g of alts) if (!VALID_GENDER.has(g)) throw fhirError(400, 'invalid', `gender must be male, female, other or unknown, got "${g}".`, 'gender');
  for (const alts of paramValues(request, 'active')) for (const a of alts) if (a !== 'true' && a !== 'false') throw fhirError(400, 'invalid', `active must be true or false, got "${a}".`, 'active');
  dateWindow(request, 'birthdate', BIRTH_DATES); // throws on a bad date or prefix
}

/** The narrowest single query the patients service can answer for this search, if any. */
async function narrowed(ctx: FhirContext, request: SearchRequest): Promise<PatientSummary[] | null> {
  const first = (name: string) => paramValues(request, name)[0];
  const ids = first('_id');
  if (ids) {
    const found = await Promise.all(ids.filter(isCareloopId).map((id) => loadPatient(ctx, id)));
    return found.filter((p): p is Patient => !!p).map((p) => ({ ...p, phone: null, email: null }));
  }
  const email = first('email')?.[0];
  if (email) {
    const found = await Promise.all((await findPatientsByContact(ctx.platform, ctx.actor.organizationId, 'email', email.trim().toLowerCase())).map((id) => loadPatient(ctx, id)));
    return found.filter((p): p is Patient => !!p).map((p) => ({ ...p, phone: null, email: null }));
  }
  const identifier = first('identifier')?.[0];
  const birth = dateWindow(request, 'birthdate', BIRTH_DATES);
  const oneDay = birth?.from && birth.to && birth.to.getTime() - birth.from.getTime() === 86_400_000 ? birth.from.toISOString().slice(0, 10) : null;
  const q = (identifier && tokenOf(identifier).code) || oneDay || first('phone')?.[0] || first('family')?.[0] || first('given')?.[0] || first('name')?.[0];
  return q ? candidates(ctx, q, CANDIDATE_LIMIT) : null;
}

async function search(ctx: FhirContext, request: SearchRequest) {
  checkValues(request);
  if (request.params.length === 0) {
    // The plain list, paged by the database.
    const page = await searchPatients(ctx.platform, ctx.actor, { q: '', includeMerged: true, limit: Math.max(request.count, 1), offset: request.offset });
    const resources = request.count === 0 ? [] : await Promise.all(page.items.map(async (s) => asFhir(ctx, (await loadPatient(ctx, s.id))!)));
    // The service counts up to 250: past that the Bundle leaves total out and pages on while pages are full.
    return { total: page.totalIsCapped ? null : page.total, resources };
  }
  const pool = (await narrowed(ctx, request)) ?? await candidates(ctx, '', SCAN_LIMIT);
  let matches = pool.filter((p) => summaryMatches(request, p)).map((p) => p.id);
  const full = new Map<string, Patient>();
  if (NEEDS_FULL.some((name) => paramValues(request, name).length > 0)) {
    const loaded = (await Promise.all(matches.map((id) => loadPatient(ctx, id)))).filter((p): p is Patient => !!p);
    for (const p of loaded) full.set(p.id, p);
    matches = loaded.filter((p) => fullMatches(request, p)).map((p) => p.id);
  }
  const pageIds = matches.slice(request.offset, request.offset + request.count);
  const resources = await Promise.all(pageIds.map(async (id) => asFhir(ctx, full.get(id) ?? (await loadPatient(ctx, id))!)));
  return { total: matches.length, resources };
}

export const patientKind: ResourceKind<fhir4.Patient> = {
  type: 'Patient',
  permission: 'patients:read',
  documentation: 'Registered patients. A record merged into another is inactive with link replaced-by; the survivor links replaces.',
  searchParams: [
    { name: 'identifier', type: 'token', documentation: 'The MRN ([system|]value)' },
    { name: 'name', type: 'string', documentation: 'Any part of the name (starts with; :exact, :contains)' },
    { name: 'family', type: 'string', documentation: 'Family name' },
    { name: 'given', type: 'string', documentation: 'Given or preferred name' },
    { name: 'birthdate', type: 'date', documentation: 'Date of birth (eq, gt, lt, ge, le)' },
    { name: 'phone', type: 'token', documentation: 'A phone number (E.164 or trailing digits)' },
    { name: 'email', type: 'token', documentation: 'An e-mail address' },
    { name: 'telecom', type: 'token', documentation: 'A phone number or e-mail address' },
    { name: 'gender', type: 'token', documentation: 'male | female | other | unknown' },
    { name: 'active', type: 'token', documentation: 'true (not merged into another record) or false' },
  ],
  async read(ctx, id) {
    const patient = await loadPatient(ctx, id);
    return patient ? asFhir(ctx, patient) : null;
  },
  search,
  patientIds: (resource) => (resource.id ? [resource.id] : []),
};
