import { DateTime } from 'luxon';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findOrganization, findStaffMember, listUsers } from '../identity/service.js';
import { presentListItem, presentWorksheet } from './fmea-present.js';
import { resolveFailureMode } from './fmea-rules.js';
import type {
  FailureModeChanges, NewFailureMode, NewStep, NewWorksheet, StepChanges, Worksheet, WorksheetChanges, WorksheetQuery,
} from './fmea-schemas.js';
import * as store from './fmea-store.js';

/** FMEA worksheets: a process's steps and the ways each can fail, scored and ranked by RPN, with actions. */

export interface TopFailureMode {
  worksheetId: string;
  worksheetTitle: string;
  stepName: string;
  failureModeId: string;
  failureMode: string;
  severity: number;
  rpn: number;
  rpnAfter: number | null;
  actionStatus: string | null;
}

/** The clinic's highest-RPN failure modes (ties by severity) across worksheets that are not archived: the quality dashboard's top RPNs. */
export async function topFailureModes(platform: Platform, actor: Actor, limit: number): Promise<TopFailureMode[]> {
  const rows = await store.topFailureModes(platform.db, actor.organizationId, Math.max(1, Math.min(100, Math.floor(limit))));
  return rows.map((row) => ({
    worksheetId: row.worksheet_id,
    worksheetTitle: row.worksheet_title,
    stepName: row.step_name,
    failureModeId: row.id,
    failureMode: row.failure_mode,
    severity: row.severity,
    rpn: row.rpn,
    rpnAfter: row.rpn_after,
    actionStatus: row.action_status,
  }));
}

/** Active staff an action can be given to. */
export async function listActionOwners(platform: Platform, actor: Actor) {
  const staff = await listUsers(platform, actor);
  return staff.filter((user) => user.active).map((user) => ({ id: user.id, displayName: user.display_name }));
}

/** A page of worksheets (not archived unless asked), most recently changed first. */
export async function listWorksheets(platform: Platform, actor: Actor, query: WorksheetQuery) {
  const { rows, total } = await store.listWorksheets(platform.db, actor.organizationId, {
    status: query.status, q: query.q?.trim() || undefined, limit: query.limit ?? 25, offset: query.offset ?? 0,
  });
  return { items: rows.map(presentListItem), total };
}

/** Starts a worksheet for a process. */
export async function createWorksheet(platform: Platform, actor: Actor, input: NewWorksheet): Promise<Worksheet> {
  const title = input.title.trim();
  if (!title) throw invalid('title', 'must not be blank');
  const row = await store.insertWorksheet(platform.db, {
    organization_id: actor.organizationId,
    title,
    process: input.process?.trim() ?? '',
    scope: input.scope?.trim() ?? '',
    team: cleanTeam(input.team) ?? [],
    ...(input.status && { status: input.status }),
    created_by: actor.type === 'user' ? actor.id : null,
  });
  return getWorksheet(platform, actor, row.id);
}

const cleanTeam = (team: string[] | undefined) => team?.map((member) => member.trim()).filter(Boolean);

/** The worksheet with its steps in order and its failure modes ranked by RPN. */
export async function getWorksheet(platform: Platform, actor: Actor, id: string): Promise<Worksheet> {
  const worksheet = await store.findWorksheet(platform.db, actor.organizationId, id);
  if (!worksheet) throw notFound('FMEA worksheet', id);
  const [steps, ranked, staff, today] = await Promise.all([
    store.stepsOf(platform.db, actor.organizationId, id),
    store.rankedFailureModes(platform.db, actor.organizationId, id),
    listUsers(platform, actor),
    clinicToday(platform, actor),
  ]);
  return presentWorksheet(worksheet, steps, ranked, { ownerNames: new Map(staff.map((user) => [user.id, user.display_name])), today });
}

/** The clinic's date today (actions are due on clinic days). */
async function clinicToday(platform: Platform, actor: Actor) {
  const organization = await findOrganization(platform, actor.organizationId);
  return DateTime.now().setZone(organization?.time_zone ?? 'UTC').toISODate() ?? DateTime.utc().toISODate()!;
}

/** Changes the worksheet's title, process, scope, team or status. */
export async function changeWorksheet(platform: Platform, actor: Actor, id: string, changes: WorksheetChanges): Promise<Worksheet> {
  if (changes.title !== undefined && !changes.title.trim()) throw invalid('title', 'must not be blank');
  await platform.db.transaction().execute(async (trx) => {
    const current = await store.lockWorksheet(trx, actor.organizationId, id);
    if (!current) throw notFound('FMEA worksheet', id);
    // An archived worksheet is read-only, except to bring it back.
    if (current.status === 'archived' && (changes.status === undefined || changes.status === 'archived')) throw archived(current.title);
    await store.updateWorksheet(trx, actor.organizationId, id, {
      ...(changes.title !== undefined && { title: changes.title.trim() }),
      ...(changes.process !== undefined && { process: changes.process.trim() }),
      ...(changes.scope !== undefined && { scope: changes.scope.trim() }),
      ...(changes.team !== undefined && { team: cleanTeam(changes.team) ?? [] }),
      ...(changes.status !== undefined && { status: changes.status }),
    });
  });
  return getWorksheet(platform, actor, id);
}

const archived = (title: string) =>
  conflict('worksheet_archived', `The worksheet "${title}" is archived: bring it back (status draft, in_review or completed) to change it.`);

/** Deletes a draft worksheet with its steps and failure modes; a worksheet past draft is archived instead (409). */
export async function deleteWorksheet(platform: Platform, actor: Actor, id: string) {
  await platform.db.transaction().execute(async (trx) => {
    const current = await store.lockWorksheet(trx, actor.organizationId, id);
    if (!current) throw notFound('FMEA worksheet', id);
    if (current.status !== 'draft') {
      throw conflict('worksheet_not_draft', 'Only a draft worksheet can be deleted; archive this one instead (status archived).');
    }
    await store.deleteWorksheet(trx, actor.organizationId, id);
  });
}

/** Locks an editable worksheet for the rest of the transaction. */
async function editable(trx: store.Db, actor: Actor, worksheetId: string) {
  const worksheet = await store.lockWorksheet(trx, actor.organizationId, worksheetId);
  if (!worksheet) throw notFound('FMEA worksheet', worksheetId);
  if (worksheet.status === 'archived') throw archived(worksheet.title);
  return worksheet;
}

/** Adds a step to the process, at the position given (the others move down) or at the end. */
export async function addStep(platform: Platform, actor: Actor, worksheetId: string, input: NewStep): Promise<Worksheet> {
  const name = input.name.trim();
  if (!name) throw invalid('name', 'must not be blank');
  await platform.db.transaction().execute(async (trx) => {
    await editable(trx, actor, worksheetId);
    const steps = await store.stepsOf(trx, actor.organizationId, worksheetId);
    const index = Math.min(input.position ?? steps.length + 1, steps.length + 1) - 1;
    const step = await store.insertStep(trx, {
      organization_id: actor.organizationId, worksheet_id: worksheetId, position: index + 1, name, description: input.description?.trim() ?? '',
    });
    const order = steps.map((s) => s.id);
    order.splice(index, 0, step.id);
    await store.renumberSteps(trx, actor.organizationId, worksheetId, order);
    await store.touchWorksheet(trx, actor.organizationId, worksheetId);
  });
  return getWorksheet(platform, actor, worksheetId);
}

/** Renames, describes or moves a step. */
export async function changeStep(platform: Platform, actor: Actor, worksheetId: string, stepId: string, changes: StepChanges): Promise<Worksheet> {
  if (changes.name !== undefined && !changes.name.trim()) throw invalid('name', 'must not be blank');
  await platform.db.transaction().execute(async (trx) => {
    await editable(trx, actor, worksheetId);
    const steps = await store.stepsOf(trx, actor.organizationId, worksheetId);
    if (!steps.some((s) => s.id === stepId)) throw notFound('FMEA step', stepId);
    await store.updateStep(trx, actor.organizationId, stepId, {
      ...(changes.name !== undefined && { name: changes.name.trim() }),
      ...(changes.description !== undefined && { description: changes.description.trim() }),
    });
    if (changes.position !== undefined) {
      const order = steps.map((s) => s.id).filter((id) => id !== stepId);
      order.splice(Math.min(changes.position, order.length + 1) - 1, 0, stepId);
      await store.renumberSteps(trx, actor.organizationId, worksheetId, order);
    }
    await store.touchWorksheet(trx, actor.organizationId, worksheetId);
  });
  return getWorksheet(platform, actor, worksheetId);
}

/** Removes a step that has no failure modes (409 step_has_failure_modes otherwise: move or delete them first). */
export async function removeStep(platform: Platform, actor: Actor, worksheetId: string, stepId: string): Promise<Worksheet> {
  await platform.db.transaction().execute(async (trx) => {
    await editable(trx, actor, worksheetId);
    const steps = await store.stepsOf(trx, actor.organizationId, worksheetId);
    const step = steps.find((s) => s.id === stepId);
    if (!step) throw notFound('FMEA step', stepId);
    const count = await store.countFailureModesOfStep(trx, actor.organizationId, stepId);
    if (count > 0) {
      throw conflict('step_has_failure_modes', `The step "${step.name}" has ${count} failure mode${count === 1 ? '' : 's'}: move or delete them first.`, { count });
    }
    await store.deleteStep(trx, actor.organizationId, stepId);
    await store.renumberSteps(trx, actor.organizationId, worksheetId, steps.filter((s) => s.id !== stepId).map((s) => s.id));
    await store.touchWorksheet(trx, actor.organizationId, worksheetId);
  });
  return getWorksheet(platform, actor, worksheetId);
}

/** An action's owner must be an active staff member of the clinic. */
async function checkOwner(platform: Platform, actor: Actor, ownerId: string | null | undefined) {
  if (!ownerId) return;
  const owner = await findStaffMember(platform, actor.organizationId, ownerId);
  if (!owner) throw invalid('actionOwnerId', 'is not a staff member of this clinic');
  if (!owner.active) throw invalid('actionOwnerId', 'is a deactivated staff account');
}

async function checkStep(trx: store.Db, actor: Actor, worksheetId: string, stepId: string) {
  if (!await store.findStep(trx, actor.organizationId, worksheetId, stepId)) throw invalid('stepId', 'is not a step of this worksheet');
}

/** Adds a failure mode to a step; its RPN is computed by the database. */
export async function addFailureMode(platform: Platform, actor: Actor, worksheetId: string, input: NewFailureMode): Promise<Worksheet> {
  if (!input.failureMode.trim()) throw invalid('failureMode', 'must not be blank');
  await checkOwner(platform, actor, input.actionOwnerId);
  const columns = resolveFailureMode(null, input, new Date());
  await platform.db.transaction().execute(async (trx) => {
    await editable(trx, actor, worksheetId);
    await checkStep(trx, actor, worksheetId, input.stepId);
    await store.insertFailureMode(trx, {
      ...columns,
      organization_id: actor.organizationId,
      worksheet_id: worksheetId,
      step_id: input.stepId,
      failure_mode: input.failureMode.trim(),
      severity: input.severity,
      occurrence: input.occurrence,
      detection: input.detection,
      created_by: actor.type === 'user' ? actor.id : null,
    });
    await store.touchWorksheet(trx, actor.organizationId, worksheetId);
  });
  return getWorksheet(platform, actor, worksheetId);
}

/** Changes a failure mode: its text, scores, step, action, or scores after the action. */
export async function changeFailureMode(
  platform: Platform, actor: Actor, worksheetId: string, failureModeId: string, changes: FailureModeChanges,
): Promise<Worksheet> {
  if (changes.failureMode !== undefined && !changes.failureMode.trim()) throw invalid('failureMode', 'must not be blank');
  await checkOwner(platform, actor, changes.actionOwnerId);
  await platform.db.transaction().execute(async (trx) => {
    await editable(trx, actor, worksheetId);
    const current = await store.lockFailureMode(trx, actor.organizationId, worksheetId, failureModeId);
    if (!current) throw notFound('failure mode', failureModeId);
    if (changes.stepId !== undefined) await checkStep(trx, actor, worksheetId, changes.stepId);
    await store.updateFailureMode(trx, actor.organizationId, failureModeId, resolveFailureMode(current, changes, new Date()));
    await store.touchWorksheet(trx, actor.organizationId, worksheetId);
  });
  return getWorksheet(platform, actor, worksheetId);
}

/** Removes a failure mode (with its action). */
export async function removeFailureMode(platform: Platform, actor: Actor, worksheetId: string, failureModeId: string): Promise<Worksheet> {
  await platform.db.transaction().execute(async (trx) => {
    await editable(trx, actor, worksheetId);
    const current = await store.findFailureMode(trx, actor.organizationId, worksheetId, failureModeId);
    if (!current) throw notFound('failure mode', failureModeId);
    await store.deleteFailureMode(trx, actor.organizationId, failureModeId);
    await store.touchWorksheet(trx, actor.organizationId, worksheetId);
  });
  return getWorksheet(platform, actor, worksheetId);
}
