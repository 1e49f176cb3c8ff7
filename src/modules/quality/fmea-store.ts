import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { FmeaFailureModeTable, FmeaStepTable, FmeaWorksheetStatus, FmeaWorksheetTable } from '../../db/schema-fmea.js';

/** From these a failure mode is high priority (see fmea-present.ts). */
export const HIGH_RPN = 200;
export const HIGH_SEVERITY = 9;

/** Every query of the FMEA tables (worksheets, steps, failure modes). Each one filters by the clinic. */
export type Db = Kysely<Database>;
export type WorksheetRow = Selectable<FmeaWorksheetTable>;
export type StepRow = Selectable<FmeaStepTable>;
export type FailureModeRow = Selectable<FmeaFailureModeTable>;

// ---- worksheets

export const insertWorksheet = (db: Db, row: Insertable<FmeaWorksheetTable>) =>
  db.insertInto('fmea_worksheets').values(row).returningAll().executeTakeFirstOrThrow();

export const findWorksheet = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('fmea_worksheets').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** The worksheet, locked until the transaction ends: edits of one worksheet's steps run one after the other. */
export const lockWorksheet = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('fmea_worksheets').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

export const updateWorksheet = (db: Db, organizationId: string, id: string, changes: Updateable<FmeaWorksheetTable>) =>
  db.updateTable('fmea_worksheets').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** Marks the worksheet changed (a step or failure mode was edited). */
export const touchWorksheet = (db: Db, organizationId: string, id: string) =>
  db.updateTable('fmea_worksheets').set({ updated_at: new Date() }).where('organization_id', '=', organizationId).where('id', '=', id).execute();

export const deleteWorksheet = (db: Db, organizationId: string, id: string) =>
  db.deleteFrom('fmea_worksheets').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export interface WorksheetFilter {
  status?: FmeaWorksheetStatus | undefined;
  /** Words in the title or process. */
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** A page of worksheets, most recently changed first, with their counts and highest RPN; and how many match. */
export async function listWorksheets(db: Db, organizationId: string, filter: WorksheetFilter) {
  let query = db.selectFrom('fmea_worksheets as w').where('w.organization_id', '=', organizationId);
  if (filter.status) query = query.where('w.status', '=', filter.status);
  else query = query.where('w.status', '!=', 'archived');
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('w.title', 'ilike', pattern), eb('w.process', 'ilike', pattern)]));
  }
  const [rows, counted] = await Promise.all([
    query.selectAll('w')
      .select((eb) => [
        eb.selectFrom('fmea_steps as s').whereRef('s.worksheet_id', '=', 'w.id').select(sql<string>`count(*)`.as('n')).as('step_count'),
        eb.selectFrom('fmea_failure_modes as f').whereRef('f.worksheet_id', '=', 'w.id').select(sql<string>`count(*)`.as('n')).as('failure_mode_count'),
        eb.selectFrom('fmea_failure_modes as f').whereRef('f.worksheet_id', '=', 'w.id').select(sql<number | null>`max(f.rpn)`.as('m')).as('highest_rpn'),
        eb.selectFrom('fmea_failure_modes as f').whereRef('f.worksheet_id', '=', 'w.id')
          .where('f.action_status', 'in', ['planned', 'in_progress']).select(sql<string>`count(*)`.as('n')).as('open_action_count'),
        eb.selectFrom('fmea_failure_modes as f').whereRef('f.worksheet_id', '=', 'w.id')
          .where((f) => f.or([f('f.rpn', '>=', HIGH_RPN), f('f.severity', '>=', HIGH_SEVERITY)])).select(sql<string>`count(*)`.as('n')).as('high_count'),
      ])
      .orderBy('w.updated_at', 'desc').orderBy('w.id').limit(filter.limit).offset(filter.offset).execute(),
    query.select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(counted.count) };
}

// ---- steps

export const stepsOf = (db: Db, organizationId: string, worksheetId: string) =>
  db.selectFrom('fmea_steps').selectAll().where('organization_id', '=', organizationId).where('worksheet_id', '=', worksheetId)
    .orderBy('position').execute();

export const findStep = (db: Db, organizationId: string, worksheetId: string, id: string) =>
  db.selectFrom('fmea_steps').selectAll().where('organization_id', '=', organizationId).where('worksheet_id', '=', worksheetId)
    .where('id', '=', id).executeTakeFirst();

export const insertStep = (db: Db, row: Insertable<FmeaStepTable>) =>
  db.insertInto('fmea_steps').values(row).returningAll().executeTakeFirstOrThrow();

export const updateStep = (db: Db, organizationId: string, id: string, changes: Updateable<FmeaStepTable>) =>
  db.updateTable('fmea_steps').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** Gives the steps of a worksheet the positions 1..n in the order of the ids given (the unique check runs at commit). */
export async function renumberSteps(db: Db, organizationId: string, worksheetId: string, orderedIds: string[]) {
  for (const [index, id] of orderedIds.entries()) {
    await db.updateTable('fmea_steps').set({ position: index + 1 })
      .where('organization_id', '=', organizationId).where('worksheet_id', '=', worksheetId).where('id', '=', id).execute();
  }
}

export const deleteStep = (db: Db, organizationId: string, id: string) =>
  db.deleteFrom('fmea_steps').where('organization_id', '=', organizationId).where('id', '=', id).execute();

// ---- failure modes

/** A worksheet's failure modes, ranked: highest RPN first, ties by severity, then occurrence, then age. */
export const rankedFailureModes = (db: Db, organizationId: string, worksheetId: string) =>
  db.selectFrom('fmea_failure_modes').selectAll().where('organization_id', '=', organizationId).where('worksheet_id', '=', worksheetId)
    .orderBy('rpn', 'desc').orderBy('severity', 'desc').orderBy('occurrence', 'desc').orderBy('created_at').orderBy('id').execute();

export const findFailureMode = (db: Db, organizationId: string, worksheetId: string, id: string) =>
  db.selectFrom('fmea_failure_modes').selectAll().where('organization_id', '=', organizationId).where('worksheet_id', '=', worksheetId)
    .where('id', '=', id).executeTakeFirst();

export const lockFailureMode = (db: Db, organizationId: string, worksheetId: string, id: string) =>
  db.selectFrom('fmea_failure_modes').selectAll().where('organization_id', '=', organizationId).where('worksheet_id', '=', worksheetId)
    .where('id', '=', id).forUpdate().executeTakeFirst();

export const insertFailureMode = (db: Db, row: Insertable<FmeaFailureModeTable>) =>
  db.insertInto('fmea_failure_modes').values(row).returningAll().executeTakeFirstOrThrow();

export const updateFailureMode = (db: Db, organizationId: string, id: string, changes: Updateable<FmeaFailureModeTable>) =>
  db.updateTable('fmea_failure_modes').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const deleteFailureMode = (db: Db, organizationId: string, id: string) =>
  db.deleteFrom('fmea_failure_modes').where('organization_id', '=', organizationId).where('id', '=', id).execute();

export const countFailureModesOfStep = async (db: Db, organizationId: string, stepId: string) =>
  Number((await db.selectFrom('fmea_failure_modes').select(sql<string>`count(*)`.as('n'))
    .where('organization_id', '=', organizationId).where('step_id', '=', stepId).executeTakeFirstOrThrow()).n);

/** The clinic's highest-RPN failure modes across its worksheets that are not archived, with their worksheet and step. */
export const topFailureModes = (db: Db, organizationId: string, limit: number) =>
  db.selectFrom('fmea_failure_modes as f')
    .innerJoin('fmea_worksheets as w', 'w.id', 'f.worksheet_id')
    .innerJoin('fmea_steps as s', 's.id', 'f.step_id')
    .select(['f.id', 'f.worksheet_id', 'w.title as worksheet_title', 's.name as step_name', 'f.failure_mode', 'f.severity', 'f.rpn',
      'f.rpn_after', 'f.action_status'])
    .where('f.organization_id', '=', organizationId).where('w.organization_id', '=', organizationId)
    .where('w.status', '!=', 'archived')
    .orderBy('f.rpn', 'desc').orderBy('f.severity', 'desc').orderBy('f.occurrence', 'desc').orderBy('f.created_at').orderBy('f.id')
    .limit(limit).execute();
