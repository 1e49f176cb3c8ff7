import { conflict, invalid, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { getTask, updateTask } from '../care/service.js';
import { findStaffMember } from '../identity/service.js';
import { resurvey } from './invitations.js';
import { publishCaseEvent } from './recovery-events.js';
import { presentCases } from './recovery-present.js';
import type { CaseChanges, CaseQuery, CloseCase, RecoveryCase } from './recovery-schemas.js';
import * as store from './recovery-store.js';
import { findInvitation } from './store.js';

/** What staff do with recovery cases: read them, give them to someone, move the deadline, close them. */

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const OUTCOME_WORDS = { resolved: 'resolved', escalated: 'escalated to an incident', no_contact: 'closed: the patient could not be reached' } as const;

const caseClosed = (row: store.RecoveryCaseRow) =>
  conflict('case_closed', `This recovery case was closed (${row.outcome}): it cannot be changed or closed again.`, { outcome: row.outcome });

async function loadCase(platform: Platform, actor: Actor, id: string) {
  const row = await store.findCase(platform.db, actor.organizationId, id);
  if (!row) throw notFound('recovery case', id);
  return row;
}

/** The recovery worklist: open cases first, soonest due first; by status, owner, department or lateness. */
export async function listCases(platform: Platform, actor: Actor, query: CaseQuery): Promise<{ items: RecoveryCase[]; total: number }> {
  const { rows, total } = await store.listCases(platform.db, actor.organizationId, {
    status: query.status, ownerId: query.ownerId, departmentId: query.departmentId, overdue: query.overdue,
    now: new Date(), limit: query.limit ?? 25, offset: query.offset ?? 0,
  });
  return { items: await presentCases(platform, actor, rows), total };
}

/** One case, with the answer, its questions and the visit or conversation it was about. */
export async function getCase(platform: Platform, actor: Actor, id: string): Promise<RecoveryCase> {
  return (await presentCases(platform, actor, [await loadCase(platform, actor, id)]))[0]!;
}

/** The case's recovery call task, when it is still open (staff may have closed it from the worklist). */
async function openTaskOf(platform: Platform, actor: Actor, row: store.RecoveryCaseRow) {
  if (!row.task_id) return null;
  const task = await getTask(platform, actor, row.task_id);
  return task.status === 'open' ? task : null;
}

/** Gives a case to someone else (null: nobody) or moves its deadline; its call task follows. */
export async function changeCase(platform: Platform, actor: Actor, id: string, changes: CaseChanges): Promise<RecoveryCase> {
  const dueAt = changes.dueAt !== undefined ? new Date(changes.dueAt) : undefined;
  if (changes.dueAt !== undefined && (!ISO_TIME.test(changes.dueAt) || Number.isNaN(dueAt!.getTime()))) {
    throw invalid('dueAt', 'must be an ISO 8601 time with its offset, e.g. 2025-03-04T15:00:00Z');
  }
  if (changes.ownerId) {
    const owner = await findStaffMember(platform, actor.organizationId, changes.ownerId);
    if (!owner) throw invalid('ownerId', 'is not a staff member of this organization');
    if (!owner.active) throw invalid('ownerId', 'is a deactivated staff account');
  }
  const updated = await platform.db.transaction().execute(async (trx) => {
    const current = await store.lockCase(trx, actor.organizationId, id);
    if (!current) throw notFound('recovery case', id);
    if (current.status !== 'open') throw caseClosed(current);
    return store.updateCase(trx, actor.organizationId, id, {
      ...(changes.ownerId !== undefined && { owner_id: changes.ownerId }),
      ...(dueAt && { due_at: dueAt }),
    });
  });
  const task = await openTaskOf(platform, actor, updated);
  if (task) {
    await updateTask(platform, actor, task.id, {
      ...(changes.ownerId !== undefined && { ownerId: changes.ownerId }),
      ...(dueAt && { dueAt: dueAt.toISOString() }),
    });
  }
  return getCase(platform, actor, id);
}

/** How the re-survey went, for the timeline: sent, or skipped with the reason (no consent, a STOP). */
async function resurveyWords(platform: Platform, actor: Actor, invitationId: string) {
  const invitation = await findInvitation(platform.db, actor.organizationId, invitationId);
  if (invitation?.status === 'skipped') return `; the survey could not be sent again (${invitation.skip_reason ?? 'skipped'})`;
  return '; the survey was sent again';
}

/**
 * Closes a case with its outcome (a note is required unless it was resolved). Its call task is
 * completed with the outcome; an escalation is announced for the quality module to open an
 * incident; with resurvey, the patient is sent the same survey again first, so a refused
 * re-survey (consent, a retired survey) leaves the case open. Closing twice: 409 case_closed.
 */
export async function closeCase(platform: Platform, actor: Actor, id: string, input: CloseCase): Promise<RecoveryCase> {
  const note = input.note?.trim() || null;
  if (!note && input.outcome !== 'resolved') throw invalid('note', `is required when the outcome is ${input.outcome}: say what happened`);
  const before = await loadCase(platform, actor, id);
  if (before.status !== 'open') throw caseClosed(before);
  const resurveyed = input.resurvey ? await resurvey(platform, actor, { responseId: before.response_id }) : null;
  const closed = await platform.db.transaction().execute(async (trx) => {
    const current = await store.lockCase(trx, actor.organizationId, id);
    if (!current) throw notFound('recovery case', id);
    if (current.status !== 'open') throw caseClosed(current);
    return store.updateCase(trx, actor.organizationId, id, {
      status: 'closed', outcome: input.outcome, outcome_note: note, closed_at: new Date(),
      closed_by: actor.type === 'user' ? actor.id : null,
      ...(resurveyed && { resurvey_invitation_id: resurveyed.invitationId }),
    });
  });
  const task = await openTaskOf(platform, actor, closed);
  if (task) await updateTask(platform, actor, task.id, { status: 'done', outcome: `Recovery case ${OUTCOME_WORDS[input.outcome]}${note ? `: ${note}` : ''}` });
  const words = `Recovery case ${OUTCOME_WORDS[input.outcome]}${resurveyed ? await resurveyWords(platform, actor, resurveyed.invitationId) : ''}`;
  await publishCaseEvent(platform, actor, 'recovery_case.closed', closed, words, { outcome: input.outcome, resurveyInvitationId: closed.resurvey_invitation_id });
  if (input.outcome === 'escalated') {
    await publishCaseEvent(platform, actor, 'recovery_case.escalated', closed, `Recovery case escalated to an incident: ${note}`, { responseId: closed.response_id, note });
  }
  return getCase(platform, actor, id);
}
