import type { ReferralStatus, ReferralUrgency } from '../../db/schema-referrals.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findDepartmentById } from '../identity/service.js';
import { getPatient } from '../patients/service.js';
import { bookAppointment, cancelAppointment } from '../scheduling/service.js';
import { publishReferralEvent, referralName } from './referral-events.js';
import { presentDetail, presentReferrals } from './referral-present.js';
import type { BookReferralBody, NewReferralBody, ReferralDetail, ReferralList, ReferralMove, ReferralQuery } from './referral-schemas.js';
import * as store from './referral-store.js';
import type { ReferralRow } from './referral-store.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How long the loop may stay open, by urgency (docs/referrals.md): emergency 24 hours, urgent 14 days, routine 42 days. */
export const DUE_AFTER: Record<ReferralUrgency, number> = { emergency: DAY, urgent: 14 * DAY, routine: 42 * DAY };
// A due time or a visit arranged elsewhere further than this from now is a typing mistake.
const FAR = 2 * 365 * DAY;

type Move = ReferralMove['status'];
/** Which status each move may start from (anything else is 409 invalid_transition). */
const MOVES_FROM: Record<Move, ReferralStatus[]> = {
  scheduled: ['sent'],
  completed: ['scheduled'],
  // A result that arrives is proof enough the visit or test took place.
  result_received: ['scheduled', 'completed'],
  declined: ['sent', 'scheduled'],
  cancelled: ['sent', 'scheduled'],
};
const STAMPS = { scheduled: 'scheduled_at', completed: 'completed_at', result_received: 'result_received_at', declined: 'closed_at', cancelled: 'closed_at' } as const;
const CLOSED_WORDS: Partial<Record<ReferralStatus, string>> = { result_received: 'closed with its result', declined: 'declined', cancelled: 'cancelled' };

function parseTime(field: string, value: string, notBefore?: Date): Date {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw invalid(field, 'is not a time');
  if (Math.abs(time.getTime() - Date.now()) > FAR) throw invalid(field, 'must be within two years of today');
  if (notBefore && time < notBefore) throw invalid(field, 'must be in the future');
  return time;
}

async function requireReferral(platform: Platform, actor: Actor, id: string): Promise<ReferralRow> {
  const row = await store.findReferral(platform.db, actor.organizationId, id);
  if (!row) throw notFound('referral', id);
  return row;
}

async function detailOf(platform: Platform, actor: Actor, row: ReferralRow): Promise<ReferralDetail> {
  return presentDetail(platform, actor, row, await store.listChanges(platform.db, actor.organizationId, row.id));
}

/** Sends a referral: the loop opens, due by its urgency unless a due time is given. */
export async function createReferral(platform: Platform, actor: Actor, input: NewReferralBody): Promise<ReferralDetail> {
  const patient = await getPatient(platform, actor, input.patientId);
  if (patient.status === 'merged') {
    throw conflict('patient_merged', `This record was merged into ${patient.replacedBy}: refer that record.`, { replacedBy: patient.replacedBy });
  }
  if (input.departmentId) {
    const department = await findDepartmentById(platform, actor.organizationId, input.departmentId);
    if (!department) throw notFound('department', input.departmentId);
    if (department.archived_at) throw invalid('departmentId', 'is an archived department');
  }
  const now = new Date();
  const dueAt = input.dueAt ? parseTime('dueAt', input.dueAt, now) : new Date(now.getTime() + DUE_AFTER[input.urgency]);
  const row = await platform.db.transaction().execute(async (trx) => {
    const inserted = await store.insertReferral(trx, {
      organization_id: actor.organizationId, patient_id: patient.id, kind: input.kind, urgency: input.urgency,
      destination: input.destination.trim(), reason: input.reason.trim(), notes: input.notes?.trim() || null,
      department_id: input.departmentId ?? null, referred_by: actor.type === 'user' ? actor.id : null, referred_by_label: actor.label,
      due_at: dueAt, sent_at: now,
    });
    await store.recordChange(trx, { organization_id: actor.organizationId, referral_id: inserted.id, from_status: null, to_status: 'sent', note: null, actor_label: actor.label, at: now });
    return inserted;
  });
  await publishReferralEvent(platform, actor, 'referral.sent', row, `${referralName(row)} sent`);
  return detailOf(platform, actor, row);
}

/** One referral of the actor's clinic, with its visit and history. */
export async function getReferral(platform: Platform, actor: Actor, id: string): Promise<ReferralDetail> {
  return detailOf(platform, actor, await requireReferral(platform, actor, id));
}

const STATUS_GROUPS: Record<string, ReferralStatus[]> = { open: store.OPEN_STATUSES, closed: store.CLOSED_STATUSES };

/** The worklist: overdue first, then soonest due; filtered by status (or open/closed), urgency, kind, lateness, patient, department. */
export async function listReferrals(platform: Platform, actor: Actor, query: ReferralQuery): Promise<ReferralList> {
  const limit = query.limit ?? 25;
  const offset = query.offset ?? 0;
  const statuses = query.status ? STATUS_GROUPS[query.status] ?? [query.status as ReferralStatus] : undefined;
  const { rows, total, overdue } = await store.listReferrals(platform.db, actor.organizationId, {
    ...(statuses && { statuses }), urgency: query.urgency, kind: query.kind, overdue: query.overdue,
    patientId: query.patientId, departmentId: query.departmentId, now: new Date(), limit, offset,
  });
  return { items: await presentReferrals(platform, actor, rows), total, overdue, limit, offset };
}

/** The fields a move needs, and none that belong to another move: 400 naming the field. */
function checkMoveFields(move: ReferralMove) {
  if (move.status === 'scheduled' && !move.appointmentAt) {
    throw invalid('appointmentAt', 'is required to mark a referral scheduled outside Careloop (or book it: POST /api/referrals/{id}/book)');
  }
  if (move.appointmentAt && move.status !== 'scheduled') throw invalid('appointmentAt', 'is given only with status scheduled');
  if (move.status === 'result_received' && !move.resultSummary) throw invalid('resultSummary', 'is required to close a referral with its result');
  if (move.resultSummary && move.status !== 'result_received') throw invalid('resultSummary', 'is given only with status result_received');
  const closing = move.status === 'declined' || move.status === 'cancelled';
  if (closing && !move.reason) throw invalid('reason', `is required to mark a referral ${move.status}`);
  if (move.reason && !closing) throw invalid('reason', 'is given only with status declined or cancelled');
}

function refuseMove(row: ReferralRow, status: Move): never {
  const closed = CLOSED_WORDS[row.status];
  if (closed) throw conflict('referral_closed', `This referral was ${closed}: it cannot change any more. Send a new referral instead.`, { status: row.status, requested: status });
  throw conflict('invalid_transition', `A referral that is ${row.status.replace('_', ' ')} cannot become ${status.replace('_', ' ')}.`, {
    status: row.status, requested: status, allowedFrom: MOVES_FROM[status],
  });
}

/**
 * Moves a referral along sent -> scheduled -> completed -> result received, or declines or
 * cancels it (with a reason). A move from the wrong status is 409; a closed referral never moves.
 * Declining or cancelling a referral with a visit booked in Careloop cancels that visit too.
 */
export async function moveReferral(platform: Platform, actor: Actor, id: string, move: ReferralMove): Promise<ReferralDetail> {
  checkMoveFields(move);
  const appointmentAt = move.appointmentAt ? parseTime('appointmentAt', move.appointmentAt) : undefined;
  const now = new Date();
  const { before, after } = await platform.db.transaction().execute(async (trx) => {
    const current = await store.lockReferral(trx, actor.organizationId, id);
    if (!current) throw notFound('referral', id);
    if (!MOVES_FROM[move.status].includes(current.status)) refuseMove(current, move.status);
    const updated = await store.updateReferral(trx, actor.organizationId, id, {
      status: move.status, [STAMPS[move.status]]: now,
      ...(move.status === 'result_received' && { result_summary: move.resultSummary!.trim(), completed_at: current.completed_at ?? now }),
      ...((move.status === 'declined' || move.status === 'cancelled') && { close_reason: move.reason!.trim() }),
      ...(appointmentAt && { appointment_at: appointmentAt, appointment_id: null }),
    });
    const note = [move.reason?.trim(), move.note?.trim()].filter(Boolean).join(' — ') || null;
    await store.recordChange(trx, { organization_id: actor.organizationId, referral_id: id, from_status: current.status, to_status: move.status, note, actor_label: actor.label, at: now });
    return { before: current, after: updated };
  });
  if ((after.status === 'declined' || after.status === 'cancelled') && before.appointment_id) {
    await cancelBookedVisit(platform, actor, before.appointment_id, `Referral ${after.status}: ${after.close_reason}`);
  }
  await publishReferralEvent(platform, actor, `referral.${after.status}`, after, moveSummary(after), {
    previousStatus: before.status, ...(after.close_reason && { reason: after.close_reason }),
  });
  return getReferral(platform, actor, id);
}

function moveSummary(row: ReferralRow): string {
  const name = referralName(row);
  if (row.status === 'scheduled') return `${name} scheduled for ${row.appointment_at?.toISOString().slice(0, 10) ?? 'a visit'}`;
  if (row.status === 'completed') return `${name} completed`;
  if (row.status === 'result_received') return `Result received for ${name}`;
  return `${name} ${row.status}: ${row.close_reason}`;
}

/** Cancels the visit booked for a referral that no longer needs it; a visit already closed (completed, no-show) stays as it is. */
async function cancelBookedVisit(platform: Platform, actor: Actor, appointmentId: string, note: string) {
  try {
    await cancelAppointment(platform, actor, appointmentId, { reason: 'other', note: note.slice(0, 1000) });
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'appointment_closed')) throw error;
  }
}

/**
 * Books the referral's visit through scheduling (same rules, same refusals: 409 slot_taken with the
 * next free times) and marks it scheduled. The visit's notes name the referral. Two bookings of one
 * referral at once: the second visit is cancelled again and the caller gets 409.
 */
export async function bookReferral(platform: Platform, actor: Actor, id: string, input: BookReferralBody): Promise<ReferralDetail> {
  if (!actor.permissions.has('schedule:book')) throw forbidden('schedule:book');
  const current = await requireReferral(platform, actor, id);
  if (current.status !== 'sent') {
    if (CLOSED_WORDS[current.status]) refuseMove(current, 'scheduled');
    throw conflict('referral_not_bookable', `This referral is ${current.status}: only a sent referral is booked. Cancel its visit in the schedule to book another.`, { status: current.status });
  }
  const visit = await bookAppointment(platform, actor, {
    patientId: current.patient_id, serviceId: input.serviceId, providerId: input.providerId, locationId: input.locationId, startsAt: input.startsAt,
    notes: `Referral ${current.id}: ${current.destination} (${current.urgency})`, source: actor.type === 'token' ? 'api' : 'staff',
    ...(input.override && { override: input.override }),
  });
  const now = new Date();
  const updated = await platform.db.transaction().execute(async (trx) => {
    const row = await store.updateReferralIfStatus(trx, actor.organizationId, id, 'sent', {
      status: 'scheduled', scheduled_at: now, appointment_id: visit.id, appointment_at: new Date(visit.startsAt),
      provider_id: visit.providerId, location_id: visit.locationId,
    });
    if (row) await store.recordChange(trx, { organization_id: actor.organizationId, referral_id: id, from_status: 'sent', to_status: 'scheduled', note: `Booked: ${visit.serviceName}, ${visit.label}, ${visit.providerName}`, actor_label: actor.label, at: now });
    return row;
  });
  if (!updated) {
    await cancelBookedVisit(platform, actor, visit.id, 'Booked twice for one referral');
    throw conflict('referral_moved', 'Someone changed this referral while the visit was being booked; that visit was cancelled again. Reload and try once more.');
  }
  await publishReferralEvent(platform, actor, 'referral.scheduled', updated, `${referralName(updated)} booked: ${visit.serviceName} on ${visit.label} with ${visit.providerName}`);
  return getReferral(platform, actor, id);
}
