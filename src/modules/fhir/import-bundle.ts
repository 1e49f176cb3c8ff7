import { Type } from '@sinclair/typebox';
import type * as fhir4 from 'fhir/r4.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { registerPatient } from '../patients/service.js';
import type { DuplicateCandidate } from '../patients/schemas.js';
import { fhirError, FhirError, outcomeOf } from './outcome.js';
import { importPractitioner } from './import-practitioner.js';
import { asOneTransaction } from './import-unit-of-work.js';
import { renamingFields } from './write-errors.js';
import { parseResource, PatientInput, PractitionerInput } from './write-input.js';
import { PATIENT_PATHS, patientFields, patientWithMrn } from './write-patient.js';

/** Entries in one Bundle: a clinic's roster fits; a whole EHR export goes in several. */
export const MAX_ENTRIES = 1000;

const BundleInput = Type.Object({
  resourceType: Type.Literal('Bundle'),
  id: Type.Optional(Type.String()),
  meta: Type.Optional(Type.Unknown()),
  identifier: Type.Optional(Type.Unknown()),
  type: Type.String(),
  timestamp: Type.Optional(Type.String()),
  entry: Type.Optional(Type.Array(Type.Object({
    fullUrl: Type.Optional(Type.String()),
    resource: Type.Optional(Type.Unknown()),
    request: Type.Optional(Type.Object({ method: Type.String(), url: Type.String() }, { additionalProperties: true })),
    link: Type.Optional(Type.Unknown()),
    search: Type.Optional(Type.Unknown()),
    response: Type.Optional(Type.Unknown()),
  }, { additionalProperties: false }), { maxItems: MAX_ENTRIES })),
}, { additionalProperties: false });

interface EntryResult {
  type: 'Patient' | 'Practitioner';
  id: string;
  created: boolean;
}

interface ImportOptions {
  base: string;
  mrnSystem: string;
}

/**
 * An imported Patient: the record with its MRN when there is one; else registered through the
 * patients module, whose duplicate check finds the same person imported before (exactly one
 * likely match is that person; several are refused: someone must choose).
 */
async function importPatient(platform: Platform, actor: Actor, resource: unknown, mrnSystem: string): Promise<EntryResult> {
  if (!actor.permissions.has('patients:write')) throw fhirError(403, 'forbidden', 'Importing a Patient needs the "patients:write" permission.');
  const fields = patientFields(parseResource(PatientInput, 'Patient', resource), mrnSystem);
  const existing = fields.mrn ? await patientWithMrn(platform, actor, fields.mrn) : null;
  if (existing) return { type: 'Patient', id: existing.id, created: false };
  try {
    const patient = await renamingFields(PATIENT_PATHS, () => registerPatient(platform, actor, fields));
    return { type: 'Patient', id: patient.id, created: true };
  } catch (error) {
    const candidates = error instanceof AppError && error.code === 'possible_duplicate' ? (error.details as { candidates: DuplicateCandidate[] }).candidates : [];
    const [only] = candidates;
    if (candidates.length === 1 && only && !fields.mrn) return { type: 'Patient', id: only.patient.id, created: false };
    throw error;
  }
}

async function importEntry(platform: Platform, actor: Actor, entry: fhir4.BundleEntry, options: ImportOptions): Promise<EntryResult> {
  const method = entry.request?.method;
  const type = (entry.resource as fhir4.Resource | undefined)?.resourceType;
  if (!entry.resource) throw fhirError(400, 'required', 'The entry has no resource.', 'resource');
  if (entry.request && method !== 'POST') throw fhirError(422, 'not-supported', `Careloop imports by POST (create, or match the record already there), not ${method}.`, 'request.method');
  if (entry.request && entry.request.url.replace(/^\/+/, '').split(/[/?]/)[0] !== type) throw fhirError(400, 'invalid', `request.url "${entry.request.url}" does not name the entry's ${type}.`, 'request.url');
  if (type === 'Patient') return importPatient(platform, actor, entry.resource, options.mrnSystem);
  if (type === 'Practitioner') {
    const provider = await importPractitioner(platform, actor, parseResource(PractitionerInput, 'Practitioner', entry.resource));
    return { type, id: provider.providerId, created: provider.created };
  }
  throw fhirError(422, 'not-supported', `Careloop imports Patients and Practitioners, not ${type ?? 'entries without a resourceType'}.`, 'resource.resourceType');
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 412: 'Precondition Failed', 422: 'Unprocessable Entity', 500: 'Internal Server Error' };
const statusLine = (status: number) => `${status} ${STATUS_TEXT[status] ?? ''}`.trim();

function responseEntry(result: EntryResult, options: ImportOptions): fhir4.BundleEntry {
  const location = `${result.type}/${result.id}`;
  return { fullUrl: `${options.base}/${location}`, response: { status: statusLine(result.created ? 201 : 200), location } };
}

/** Where in the Bundle: Patient.name → Bundle.entry[2].resource.name; request.url → Bundle.entry[2].request.url. */
function entryExpression(index: number, expression: string | undefined): string {
  const entry = `Bundle.entry[${index}]`;
  if (!expression) return entry;
  if (/^(request|resource)\b/.test(expression)) return `${entry}.${expression}`;
  return `${entry}.resource${expression.replace(/^[A-Z][A-Za-z]*/, '')}`;
}

/** An entry's failure as its own response; an error that is not one of ours is logged and reported as 500 for that entry only. */
function failedEntry(platform: Platform, error: unknown, index: number): fhir4.BundleEntry {
  const known = outcomeOf(error as Error);
  if (!known) platform.logger.error({ err: { type: (error as Error).name, code: (error as { code?: string }).code } }, 'bundle entry failed unexpectedly');
  const outcome = known?.outcome ?? { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: 'Something went wrong on our side with this entry.' }] };
  for (const issue of outcome.issue) issue.expression = (issue.expression ?? ['']).map((e) => entryExpression(index, e));
  return { response: { status: statusLine(known?.status ?? 500), outcome } };
}

/**
 * Imports a batch or transaction Bundle of Patients and Practitioners (POST /fhir).
 * batch: each entry on its own, each answered with its status (or its OperationOutcome).
 * transaction: all entries in one database transaction; the first failure undoes every entry and
 * is the answer. Either way, importing the same Bundle again creates nothing twice: Patients are
 * matched by MRN (or the patients module's duplicate rules), Practitioners by name.
 */
export async function importBundle(platform: Platform, actor: Actor, body: unknown, options: ImportOptions): Promise<fhir4.Bundle> {
  const bundle = parseResource(BundleInput, 'Bundle', body) as fhir4.Bundle;
  const entries = bundle.entry ?? [];
  if (bundle.type === 'batch') {
    const answers: fhir4.BundleEntry[] = [];
    for (const [index, entry] of entries.entries()) {
      try {
        answers.push(responseEntry(await importEntry(platform, actor, entry, options), options));
      } catch (error) {
        answers.push(failedEntry(platform, error, index));
      }
    }
    return { resourceType: 'Bundle', type: 'batch-response', entry: answers };
  }
  if (bundle.type !== 'transaction') throw fhirError(422, 'not-supported', `Bundle.type: Careloop imports batch and transaction Bundles, not ${bundle.type}.`, 'Bundle.type');
  const results = await asOneTransaction(platform, async (inTransaction) => {
    const done: EntryResult[] = [];
    for (const [index, entry] of entries.entries()) {
      try {
        done.push(await importEntry(inTransaction, actor, entry, options));
      } catch (error) {
        throw inEntry(error, index);
      }
    }
    return done;
  });
  return { resourceType: 'Bundle', type: 'transaction-response', entry: results.map((result) => responseEntry(result, options)) };
}

/** A transaction's failure names the entry that failed; nothing of the Bundle was kept. */
function inEntry(error: unknown, index: number): Error {
  const known = outcomeOf(error as Error);
  if (!known) return error as Error;
  const [first] = known.outcome.issue;
  const where = first?.expression?.[0];
  return new FhirError(known.status, first?.code ?? 'processing', `Bundle.entry[${index}]: ${first?.diagnostics ?? 'failed'} Nothing in the transaction was imported.`, entryExpression(index, where));
}
