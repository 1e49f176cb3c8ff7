import type { ImportRowError } from '../../db/schema.js';
import { AppError, notFound, type FieldProblem } from '../../platform/errors.js';
import { fieldOf, makeAjv, messageOf } from '../../platform/http.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import { decodeCsv, parsePatientCsv } from './csv.js';
import { NewPatient } from './schemas.js';
import { registerPatient } from './service.js';
import * as store from './store.js';

const validateRow = makeAjv(false).compile(NewPatient);

export const IMPORT_JOB = 'patients.import';

export interface ImportProgress {
  total: number;
  processed: number;
  created: number;
  errors: ImportRowError[];
}

/**
 * Imports rows one by one: a bad row is reported (row number, field, reason) and the good rows
 * are kept. Each created patient is audited as `import` and appears on its timeline.
 */
export async function importPatientRows(
  platform: Platform,
  actor: Actor,
  csvText: string,
  options: { resume?: ImportProgress; onProgress?: (progress: ImportProgress) => Promise<void> | void } = {},
): Promise<ImportProgress> {
  const parsed = parsePatientCsv(csvText);
  const progress: ImportProgress = options.resume
    ? { ...options.resume, errors: [...options.resume.errors] }
    : { total: parsed.rows.length + parsed.errors.length, processed: parsed.errors.length, created: 0, errors: [...parsed.errors] };
  // Rows already handled before a restart: the unreadable ones count as processed from the start.
  const skip = progress.processed - parsed.errors.length;
  for (const [index, { row, patient }] of parsed.rows.entries()) {
    if (index < skip) continue;
    if (!validateRow(patient)) {
      for (const error of validateRow.errors ?? []) progress.errors.push({ row, field: fieldOf(error), message: messageOf(error) });
    } else {
      try {
        const created = await registerPatient(platform, actor, patient);
        await platform.audit.record(actor, [{ action: 'import', entityType: 'patient', entityId: created.id, patientId: created.id }]);
        progress.created += 1;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const details = error.details as { fields?: FieldProblem[]; field?: string } | undefined;
        if (details?.fields) for (const problem of details.fields) progress.errors.push({ row, ...problem });
        else progress.errors.push({ row, field: details?.field ?? null, message: error.message });
      }
    }
    progress.processed += 1;
    await options.onProgress?.(progress);
  }
  progress.errors.sort((a, b) => a.row - b.row);
  return progress;
}

/** Accepts an uploaded CSV for a background import; the header is checked now, the rows by the job. */
export async function startImport(platform: Platform, actor: Actor, bytes: Uint8Array, fileName: string | null) {
  const csv = decodeCsv(bytes);
  const parsed = parsePatientCsv(csv);
  if (actor.id === null) throw new AppError(400, 'invalid_request', 'An import needs a staff member or token to run as.');
  const row = await store.insertImport(platform.db, {
    organization_id: actor.organizationId, created_by: actor.id, file_name: fileName, csv, status: 'queued',
    total_rows: parsed.rows.length + parsed.errors.length, errors: '[]',
  });
  await platform.jobs.send(IMPORT_JOB, { importId: row.id, organizationId: actor.organizationId, actorType: actor.type, actorLabel: actor.label });
  return row;
}

export async function getImport(platform: Platform, actor: Actor, id: string) {
  const row = await store.findImport(platform.db, actor.organizationId, id);
  if (!row) throw notFound('import', id);
  return row;
}

export const listImports = (platform: Platform, actor: Actor) => store.listImports(platform.db, actor.organizationId);

export interface ImportJob {
  importId: string;
  organizationId: string;
  actorType: 'user' | 'token';
  actorLabel: string;
}

/** The import job: resumes after the last row it recorded, so a restart does not redo work. */
export async function runImportJob(platform: Platform, job: ImportJob, actorFor: (job: ImportJob, createdBy: string) => Actor) {
  const row = await store.findImport(platform.db, job.organizationId, job.importId);
  if (!row || row.status === 'done') return;
  const actor = actorFor(job, row.created_by);
  // A retry (after a crash, or after a failure) goes on after the last row it recorded.
  const resume = row.processed_rows > 0
    ? { total: row.total_rows, processed: row.processed_rows, created: row.created_rows, errors: row.errors as ImportRowError[] }
    : undefined;
  await store.updateImport(platform.db, row.id, { status: 'running' });
  const save = (progress: ImportProgress, status: 'running' | 'done' | 'failed') => store.updateImport(platform.db, row.id, {
    status, total_rows: progress.total, processed_rows: progress.processed, created_rows: progress.created,
    failed_rows: new Set(progress.errors.map((e) => e.row)).size, errors: JSON.stringify(progress.errors),
    // The file holds patient data: once imported, only the report is kept.
    ...(status === 'done' && { csv: '' }),
  });
  let latest: ImportProgress | undefined = resume;
  try {
    const result = await importPatientRows(platform, actor, row.csv, {
      resume,
      // Saved after every row: a crash redoes at most the row in flight, which the duplicate
      // check then reports instead of registering twice.
      onProgress: async (progress) => {
        latest = progress;
        await save(progress, 'running');
      },
    });
    await save(result, 'done');
  } catch (error) {
    if (latest) await save(latest, 'failed');
    else await store.updateImport(platform.db, row.id, { status: 'failed' });
    throw error;
  }
}
