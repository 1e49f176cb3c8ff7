import { DateTime } from 'luxon';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findOrganization, findStaffMember } from '../identity/service.js';
import * as capaStore from './capa-store.js';
import { presentActions } from './incident-present.js';
import type { ActionChanges, ActionQuery, CapaAction, CompleteAction, NewAction, VerifyAction } from './incident-schemas.js';
import * as store from './incident-store.js';
import { advanceTo, loadIncident, publishStatusEvent } from './incidents.js';
import { publishQualityEvent, reference } from './quality-events.js';

/** Corrective and preventive actions: added to an incident, owned, completed, and verified as effective or not. */

const KIND_WORDS = { corrective: 'Corrective', preventive: 'Preventive' } as const;

async function clinicZone(platform: Platform, organizationId: string) {
  return (await findOrganization(platform, organizationId))?.time_zone ?? 'UTC';
}

/** A due date is met until the end of that day in the clinic's zone: due_at is the next midnight there. A day already past is refused. */
async function dueTime(platform: Platform, organizationId: string, field: string, date: string): Promise<Date> {
  const zone = await clinicZone(platform, organizationId);
  const day = DateTime.fromISO(date, { zone });
  if (!day.isValid) throw invalid(field, 'must be a date, YYYY-MM-DD');
  if (day < DateTime.now().setZone(zone).startOf('day')) throw invalid(field, 'is in the past: give today or a later date');
  return day.plus({ days: 1 }).startOf('day').toJSDate();
}

async function checkOwner(platform: Platform, actor: Actor, ownerId: string) {
  const owner = await findStaffMember(platform, actor.organizationId, ownerId);
  if (!owner) throw notFound('staff member', ownerId);
  if (!owner.active) throw invalid('ownerId', 'is a deactivated staff account');
  return owner;
}

const incidentOf = (row: capaStore.ActionRow) => ({ id: row.incident_id, organization_id: row.organization_id, patient_id: row.incident_patient_id, number: row.incident_number });

async function loadAction(platform: Platform, actor: Actor, id: string) {
  const row = await capaStore.findAction(platform.db, actor.organizationId, id);
  if (!row) throw notFound('action', id);
  return row;
}

export async function getAction(platform: Platform, actor: Actor, id: string): Promise<CapaAction> {
  return (await presentActions(platform, actor, [await loadAction(platform, actor, id)]))[0]!;
}

/** An incident's actions, oldest first (who may see the incident may see them). */
export async function actionsOfIncident(platform: Platform, actor: Actor, incidentId: string): Promise<CapaAction[]> {
  await loadIncident(platform, actor, incidentId);
  return presentActions(platform, actor, await capaStore.actionsOfIncident(platform.db, actor.organizationId, incidentId));
}

/** The actions worklist: open ones first, soonest due first. */
export async function listActions(platform: Platform, actor: Actor, query: ActionQuery) {
  if (query.mine && query.ownerId) throw invalid('mine', 'give mine=true or ownerId, not both');
  if (query.mine && (actor.type !== 'user' || !actor.id)) throw invalid('mine', 'means the signed-in staff member; an API token owns no actions');
  const limit = query.limit ?? 25;
  const offset = query.offset ?? 0;
  // Without quality:read, a staff member sees the actions they own, and nothing else.
  const onlyMine = query.mine === true || !actor.permissions.has('quality:read');
  if (onlyMine && (actor.type !== 'user' || !actor.id)) return { items: [], total: 0, limit, offset };
  const { rows, total } = await capaStore.listActions(platform.db, actor.organizationId, {
    status: query.status, overdue: query.overdue, ownerId: onlyMine ? actor.id! : query.ownerId, incidentId: query.incidentId, now: new Date(), limit, offset,
  });
  return { items: await presentActions(platform, actor, rows), total, limit, offset };
}

async function insertAction(platform: Platform, actor: Actor, incidentId: string, input: NewAction, dueAt: Date, replaces: string | null) {
  return platform.db.transaction().execute(async (trx) => {
    const incident = await store.lockIncident(trx, actor.organizationId, incidentId);
    if (!incident) throw notFound('incident', incidentId);
    if (incident.status === 'closed') throw conflict('incident_closed', 'This incident is closed: reopen it (status under_review) before adding actions.');
    const { id } = await capaStore.insertAction(trx, {
      organization_id: actor.organizationId, incident_id: incidentId, kind: input.kind, title: input.title.trim(),
      description: input.description?.trim() || null, owner_id: input.ownerId, due_date: input.dueDate, due_at: dueAt,
      replaces_action_id: replaces, created_by_label: actor.label,
    });
    return { id, moved: await advanceTo(trx, incident, 'actions_open') };
  });
}

async function announceCreated(platform: Platform, actor: Actor, id: string, ownerName: string) {
  const action = await loadAction(platform, actor, id);
  await publishQualityEvent(platform, actor, 'capa_action.created', incidentOf(action),
    `${KIND_WORDS[action.kind]} action for incident ${reference(action.incident_number)}: ${action.title} (${ownerName}, due ${action.due_date})`,
    { actionId: action.id, kind: action.kind, ownerId: action.owner_id, dueDate: action.due_date, replacesActionId: action.replaces_action_id });
}

/** Adds a corrective or preventive action with its owner and due date (quality:manage); the incident moves to actions under way. */
export async function addAction(platform: Platform, actor: Actor, incidentId: string, input: NewAction): Promise<CapaAction> {
  await loadIncident(platform, actor, incidentId);
  const owner = await checkOwner(platform, actor, input.ownerId);
  const dueAt = await dueTime(platform, actor.organizationId, 'dueDate', input.dueDate);
  const { id, moved } = await insertAction(platform, actor, incidentId, input, dueAt, null);
  if (moved) await publishStatusEvent(platform, actor, moved, null);
  await announceCreated(platform, actor, id, owner.display_name);
  return getAction(platform, actor, id);
}

const actionClosed = (status: string) =>
  conflict('action_closed', `This action is ${status.replace('_', ' ')}: only an open action can be changed.`, { status });

/** Changes an open action's title, description, owner or due date, or cancels it with a note (quality:manage). */
export async function changeAction(platform: Platform, actor: Actor, id: string, changes: ActionChanges): Promise<CapaAction> {
  const note = changes.note?.trim() || null;
  if (changes.status === 'cancelled' && !note) throw invalid('note', 'is required to cancel an action: say why');
  if (changes.note !== undefined && changes.status !== 'cancelled') throw invalid('note', 'is recorded when an action is cancelled: send it with status cancelled');
  if (changes.ownerId) await checkOwner(platform, actor, changes.ownerId);
  const dueAt = changes.dueDate ? await dueTime(platform, actor.organizationId, 'dueDate', changes.dueDate) : undefined;
  await platform.db.transaction().execute(async (trx) => {
    const current = await capaStore.lockAction(trx, actor.organizationId, id);
    if (!current) throw notFound('action', id);
    if (current.status !== 'open') throw actionClosed(current.status);
    await capaStore.updateAction(trx, actor.organizationId, id, {
      ...(changes.title !== undefined && { title: changes.title.trim() }),
      ...(changes.description !== undefined && { description: changes.description?.trim() || null }),
      ...(changes.ownerId !== undefined && { owner_id: changes.ownerId }),
      ...(dueAt && { due_date: changes.dueDate!, due_at: dueAt, overdue_notified_at: null }),
      ...(changes.status === 'cancelled' && { status: 'cancelled', completion_note: note }),
    });
  });
  const action = await loadAction(platform, actor, id);
  if (changes.status === 'cancelled') {
    await publishQualityEvent(platform, actor, 'incident.updated', incidentOf(action), `Action cancelled on incident ${reference(action.incident_number)}: ${action.title} (${note})`,
      { fields: ['actions'], actionId: id, actionStatus: 'cancelled' });
  }
  return getAction(platform, actor, id);
}

/** Records an open action as done, with what was done: by a quality manager or by the action's owner. */
export async function completeAction(platform: Platform, actor: Actor, id: string, input: CompleteAction): Promise<CapaAction> {
  const before = await loadAction(platform, actor, id);
  if (!actor.permissions.has('quality:manage') && before.owner_id !== actor.id) throw forbidden('quality:manage');
  await platform.db.transaction().execute(async (trx) => {
    const current = await capaStore.lockAction(trx, actor.organizationId, id);
    if (!current) throw notFound('action', id);
    if (current.status !== 'open') throw actionClosed(current.status);
    await capaStore.updateAction(trx, actor.organizationId, id, {
      status: 'completed', completed_at: new Date(), completed_by_label: actor.label, completion_note: input.note.trim(),
    });
  });
  const action = await loadAction(platform, actor, id);
  await publishQualityEvent(platform, actor, 'capa_action.completed', incidentOf(action),
    `Action done on incident ${reference(action.incident_number)}: ${action.title} (${action.completion_note})`,
    { actionId: id, kind: action.kind, ownerId: action.owner_id, dueDate: action.due_date, late: action.completed_at! > action.due_at });
  return getAction(platform, actor, id);
}

/**
 * Verifies a completed action's effectiveness (quality:manage). Effective closes it. Not effective
 * needs what next: reopen (with a new due date) or a new action that replaces it (this one closes as
 * not effective).
 */
export async function verifyAction(platform: Platform, actor: Actor, id: string, input: VerifyAction): Promise<{ action: CapaAction; newAction: CapaAction | null }> {
  const note = input.note.trim();
  if (input.effective && (input.then || input.dueDate || input.newAction)) throw invalid('then', 'applies only to an action found not effective');
  if (!input.effective && !input.then) throw invalid('then', 'is required when the action was not effective: reopen it or start a new action');
  if (input.then === 'reopen' && !input.dueDate) throw invalid('dueDate', 'is required to reopen an action: give its new due date');
  if (input.then === 'new_action' && !input.newAction) throw invalid('newAction', 'is required: describe the action that replaces this one');
  if (input.then === 'reopen' && input.newAction) throw invalid('newAction', 'goes with then new_action, not reopen');
  const before = await loadAction(platform, actor, id);
  const reopenAt = input.then === 'reopen' ? await dueTime(platform, actor.organizationId, 'dueDate', input.dueDate!) : undefined;
  const owner = input.newAction ? await checkOwner(platform, actor, input.newAction.ownerId) : undefined;
  const newDueAt = input.newAction ? await dueTime(platform, actor.organizationId, 'newAction.dueDate', input.newAction.dueDate) : undefined;
  await platform.db.transaction().execute(async (trx) => {
    const current = await capaStore.lockAction(trx, actor.organizationId, id);
    if (!current) throw notFound('action', id);
    if (current.status !== 'completed') {
      throw conflict('action_not_completed', current.status === 'open'
        ? 'This action is not done yet: its effectiveness is verified after it is completed.'
        : `This action was already ${current.status.replace('_', ' ')}.`, { status: current.status });
    }
    const verified = { verification_note: note, verified_by_label: actor.label };
    if (input.effective) await capaStore.updateAction(trx, actor.organizationId, id, { ...verified, status: 'effective', verified_at: new Date() });
    else if (reopenAt) {
      await capaStore.updateAction(trx, actor.organizationId, id, {
        ...verified, status: 'open', verified_at: null, completed_at: null, due_date: input.dueDate!, due_at: reopenAt,
        overdue_notified_at: null, reopened_count: current.reopened_count + 1,
      });
    } else await capaStore.updateAction(trx, actor.organizationId, id, { ...verified, status: 'not_effective', verified_at: new Date() });
  });
  const created = input.newAction ? await insertAction(platform, actor, before.incident_id, input.newAction, newDueAt!, id) : null;
  const words = input.effective ? 'verified effective' : input.then === 'reopen' ? `found not effective and reopened (due ${input.dueDate})` : 'found not effective; a new action replaces it';
  await publishQualityEvent(platform, actor, 'capa_action.verified', incidentOf(before), `Action on incident ${reference(before.incident_number)} ${words}: ${before.title}`,
    { actionId: id, effective: input.effective, then: input.then ?? null, note, newActionId: created?.id ?? null });
  if (created) await announceCreated(platform, actor, created.id, owner!.display_name);
  return { action: await getAction(platform, actor, id), newAction: created ? await getAction(platform, actor, created.id) : null };
}
