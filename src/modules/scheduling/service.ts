import type { AppointmentSource, AppointmentStatus } from '../../db/schema-scheduling.js';
import { conflict, invalid, notFound, pgErrorCode } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { dispatch } from '../channels/service.js';
import { getPatient } from '../patients/service.js';
import { nextFreeTimes, refusalFor } from './availability.js';
import { queueAppointmentNotice } from './notices.js';
import { presentAppointment } from './present.js';
import { cancelReminders, planReminders } from './reminder-plan.js';
import type { Appointment, AppointmentQuery, CancelBody, MoveBody, NewAppointment } from './schemas.js';
import * as store from './store.js';
import type { AppointmentRow } from './store.js';

const EXCLUSION_VIOLATION = '23P01';
const DEADLOCK = '40P01';

/**
 * Bookings racing for overlapping times can deadlock inside the exclusion check; PostgreSQL aborts
 * one of them. Running it again decides the race properly: it meets the constraint, or wins.
 */
async function againAfterDeadlock<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (pgErrorCode(error) !== DEADLOCK || attempt >= 3) throw error;
    }
  }
}

/** The time went to someone else: the constraint said so, or a race kept deadlocking. */
const lostTheRace = (error: unknown) => pgErrorCode(error) === EXCLUSION_VIOLATION || pgErrorCode(error) === DEADLOCK;

const REFUSALS: Record<string, string> = {
  slot_taken: 'This time is no longer free.',
  outside_hours: 'The provider does not see patients for this service at this time.',
  too_soon: 'This time is too soon to book.',
  too_far: 'This time is too far ahead to book.',
  day_full: 'The provider has no more room for this service that day.',
  not_offered: 'This provider does not offer this service at this location.',
};

export const refusalMessage = (code: string) => REFUSALS[code] ?? 'This time cannot be booked.';

export interface BookingInput extends NewAppointment {
  source: AppointmentSource;
}

/** Publishes an appointment event (on the patient's timeline) with what subscribers need without reading it again. */
export async function publishAppointmentEvent(platform: Platform, actor: Pick<Actor, 'type' | 'id' | 'label'>, type: string, row: AppointmentRow, summary: string, data: Record<string, unknown> = {}) {
  await platform.events.publish({
    type, version: 1, organizationId: row.organization_id, patientId: row.patient_id,
    actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(),
    data: {
      appointmentId: row.id, patientId: row.patient_id, serviceId: row.service_id, providerId: row.provider_id, locationId: row.location_id,
      startsAt: row.starts_at.toISOString(), endsAt: row.ends_at.toISOString(), status: row.status, source: row.source, summary, ...data,
    },
  });
}

async function loadDetail(platform: Platform, organizationId: string, id: string): Promise<Appointment> {
  const row = await store.findAppointmentDetail(platform.db, organizationId, id);
  if (!row) throw notFound('appointment', id);
  return presentAppointment(row);
}

function parseStart(value: string): Date {
  const start = new Date(value);
  if (Number.isNaN(start.getTime())) throw invalid('startsAt', 'is not a time');
  if (start.getUTCSeconds() !== 0 || start.getUTCMilliseconds() !== 0) throw invalid('startsAt', 'must be on a whole minute');
  return start;
}

/** 409 with the next free times of the same provider and place, so the caller can offer them at once. */
async function refused(platform: Platform, organizationId: string, code: string, at: { serviceId: string; providerId: string; locationId: string; after: Date }, online: boolean): Promise<never> {
  const next = await nextFreeTimes(platform, organizationId, at, { online });
  throw conflict(code, `${refusalMessage(code)}${next.length ? ' Next free times are listed in details.' : ''}`, { nextFreeTimes: next });
}

interface Placement { serviceId: string; providerId: string; locationId: string; start: Date; override?: { reason: string } | undefined; online: boolean; ignoreAppointmentId?: string }

/** Checks the rules for a time; an override (staff only) sets them aside and says whether the visit overlaps another. */
async function checkPlacement(platform: Platform, organizationId: string, placement: Placement) {
  const service = await store.findService(platform.db, organizationId, placement.serviceId);
  if (!service || service.archived_at) throw notFound('service', placement.serviceId);
  const refusal = await refusalFor(platform, organizationId, placement, { online: placement.online, ...(placement.ignoreAppointmentId && { ignoreAppointmentId: placement.ignoreAppointmentId }) });
  if (refusal === 'not_offered') throw conflict('not_offered', REFUSALS.not_offered!);
  if (refusal && !placement.override) await refused(platform, organizationId, refusal, { ...placement, after: placement.start }, placement.online);
  const end = new Date(placement.start.getTime() + service.duration_minutes * 60_000);
  const blockedFrom = new Date(placement.start.getTime() - service.buffer_before_minutes * 60_000);
  const blockedUntil = new Date(end.getTime() + service.buffer_after_minutes * 60_000);
  // The first refusal found may hide an overlap (outside hours and taken): an override asks the calendar itself.
  const overlaps = refusal === 'slot_taken'
    || (refusal !== null && await store.overlapsLiveVisit(platform.db, organizationId, placement.providerId, blockedFrom, blockedUntil, placement.ignoreAppointmentId));
  return { service, end, blockedFrom, blockedUntil, overlaps };
}

/** Setting the booking rules aside is written to the audit trail with its reason (beside the route's own entry). */
const auditOverride = (platform: Platform, actor: Actor, row: AppointmentRow) => platform.audit.record(actor, [{
  action: row.overbooked ? 'overbook' : 'override', entityType: 'appointment', entityId: row.id, patientId: row.patient_id,
  details: { reason: row.overbook_reason, startsAt: row.starts_at.toISOString(), providerId: row.provider_id },
}]);

/**
 * Books a visit. The database refuses a second live visit of a provider at the same moment (an
 * exclusion constraint), so of many simultaneous requests for one time exactly one wins; the
 * others get 409 slot_taken with the next free times. An override books outside the rules (and
 * over another visit, marked overbooked) and is audited with its reason.
 */
export async function bookAppointment(platform: Platform, actor: Actor, input: BookingInput): Promise<Appointment> {
  const organizationId = actor.organizationId;
  const patient = await getPatient(platform, actor, input.patientId);
  if (patient.status === 'merged') throw conflict('patient_merged', `This record was merged into ${patient.replacedBy}: book for that record.`, { replacedBy: patient.replacedBy });
  const start = parseStart(input.startsAt);
  const online = input.source === 'online';
  const placement = await checkPlacement(platform, organizationId, { ...input, start, online, override: input.override });
  let booked: { row: AppointmentRow; outbox: Awaited<ReturnType<typeof queueAppointmentNotice>> };
  try {
    booked = await againAfterDeadlock(() => platform.db.transaction().execute(async (trx) => {
      const inserted = await store.insertAppointment(trx, {
        organization_id: organizationId, patient_id: patient.id, provider_id: input.providerId, location_id: input.locationId,
        service_id: input.serviceId, starts_at: start, ends_at: placement.end, blocked_from: placement.blockedFrom, blocked_until: placement.blockedUntil,
        overbooked: placement.overlaps, overbook_reason: input.override?.reason.trim() ?? null, source: input.source, booked_by: actor.label,
        notes: input.notes?.trim() || null,
      });
      const inTrx = { ...platform, db: trx };
      await planReminders(inTrx, inserted, placement.service.reminder_offsets_minutes);
      return { row: inserted, outbox: await queueAppointmentNotice(inTrx, inserted, 'booked') };
    }));
  } catch (error) {
    if (lostTheRace(error)) await refused(platform, organizationId, 'slot_taken', { ...input, after: start }, online);
    throw error;
  }
  const { row, outbox } = booked;
  if (outbox) await dispatch(platform, outbox);
  if (input.override) await auditOverride(platform, actor, row);
  const detail = await loadDetail(platform, organizationId, row.id);
  await publishAppointmentEvent(platform, actor, 'appointment.booked', row, `${detail.serviceName} booked for ${detail.label} with ${detail.providerName}${row.overbooked ? ' (overbooked)' : ''}`, {
    overbooked: row.overbooked, overrideReason: row.overbook_reason,
  });
  return detail;
}

export const getAppointment = (platform: Platform, actor: Actor, id: string) => loadDetail(platform, actor.organizationId, id);

export async function listAppointments(platform: Platform, actor: Actor, query: AppointmentQuery) {
  const rows = await store.listAppointments(platform.db, actor.organizationId, {
    ...(query.from && { from: new Date(query.from) }), ...(query.to && { until: new Date(query.to) }),
    providerId: query.providerId, locationId: query.locationId, patientId: query.patientId, statuses: query.status, limit: query.limit ?? 500,
  });
  return { items: rows.map(presentAppointment) };
}

const OPEN: AppointmentStatus[] = ['booked', 'confirmed'];

async function lockOpen(platform: Platform, organizationId: string, id: string) {
  const row = await store.lockAppointment(platform.db, organizationId, id);
  if (!row) throw notFound('appointment', id);
  if (!OPEN.includes(row.status)) throw conflict('appointment_closed', `This appointment is ${row.status.replace('_', ' ')}: it can no longer be changed.`, { status: row.status });
  return row;
}

/** Moves a visit to another time (and provider or place); its reminders are planned anew, the freed time goes to the waitlist. */
export async function moveAppointment(platform: Platform, actor: Actor, id: string, input: MoveBody & { online?: boolean }): Promise<Appointment> {
  const organizationId = actor.organizationId;
  const current = await store.findAppointment(platform.db, organizationId, id);
  if (!current) throw notFound('appointment', id);
  const start = parseStart(input.startsAt);
  const target = { serviceId: current.service_id, providerId: input.providerId ?? current.provider_id, locationId: input.locationId ?? current.location_id };
  const online = input.online ?? false;
  const placement = await checkPlacement(platform, organizationId, { ...target, start, online, override: input.override, ignoreAppointmentId: id });
  let moved: { before: AppointmentRow; after: AppointmentRow; outbox: Awaited<ReturnType<typeof queueAppointmentNotice>> };
  try {
    moved = await againAfterDeadlock(() => platform.db.transaction().execute(async (trx) => {
      const inTrx = { ...platform, db: trx };
      const before = await lockOpen(inTrx, organizationId, id);
      const after = await store.updateAppointment(trx, organizationId, id, {
        provider_id: target.providerId, location_id: target.locationId, starts_at: start, ends_at: placement.end,
        blocked_from: placement.blockedFrom, blocked_until: placement.blockedUntil, overbooked: placement.overlaps,
        overbook_reason: input.override?.reason.trim() ?? null, status: 'booked', confirmed_at: null, reschedule_requested_at: null,
      });
      await planReminders(inTrx, after, placement.service.reminder_offsets_minutes);
      return { before, after, outbox: await queueAppointmentNotice(inTrx, after, 'moved') };
    }));
  } catch (error) {
    if (lostTheRace(error)) await refused(platform, organizationId, 'slot_taken', { ...target, after: start }, online);
    throw error;
  }
  if (moved.outbox) await dispatch(platform, moved.outbox);
  if (input.override) await auditOverride(platform, actor, moved.after);
  const detail = await loadDetail(platform, organizationId, id);
  await publishAppointmentEvent(platform, actor, 'appointment.moved', moved.after, `${detail.serviceName} moved to ${detail.label} with ${detail.providerName}`, {
    previousStartsAt: moved.before.starts_at.toISOString(), overbooked: moved.after.overbooked, overrideReason: moved.after.overbook_reason,
    freed: freedSlot(moved.before),
  });
  return detail;
}

const freedSlot = (row: AppointmentRow) => ({ serviceId: row.service_id, providerId: row.provider_id, locationId: row.location_id, startsAt: row.starts_at.toISOString() });

/** Cancels a visit with a reason; the time is freed (the waitlist hears of it) and the patient is told. */
export async function cancelAppointment(platform: Platform, actor: Actor, id: string, input: CancelBody): Promise<Appointment> {
  const organizationId = actor.organizationId;
  const { row, outbox } = await platform.db.transaction().execute(async (trx) => {
    const inTrx = { ...platform, db: trx };
    await lockOpen(inTrx, organizationId, id);
    const cancelled = await store.updateAppointment(trx, organizationId, id, {
      status: 'cancelled', cancel_reason: input.reason, cancel_note: input.note?.trim() || null, cancelled_at: new Date(), cancelled_by: actor.label,
    });
    await cancelReminders(inTrx, cancelled);
    return { row: cancelled, outbox: await queueAppointmentNotice(inTrx, cancelled, 'cancelled') };
  });
  if (outbox) await dispatch(platform, outbox);
  const detail = await loadDetail(platform, organizationId, id);
  await publishAppointmentEvent(platform, actor, 'appointment.cancelled', row, `${detail.serviceName} on ${detail.label} cancelled (${input.reason.replace('_', ' ')})`, {
    reason: input.reason, note: row.cancel_note, byPatient: actor.type === 'system' && actor.label.startsWith('Patient'), freed: freedSlot(row),
  });
  return detail;
}

/** The steps a visit may take; each a timestamp on the row and an event. */
const TRANSITIONS: Record<string, { from: AppointmentStatus[]; stamp: 'confirmed_at' | 'arrived_at' | 'in_room_at' | 'completed_at' | 'no_show_at'; event: string; words: string }> = {
  confirmed: { from: ['booked'], stamp: 'confirmed_at', event: 'appointment.confirmed', words: 'confirmed' },
  // A patient marked a no-show who turns up late may still be seen.
  arrived: { from: ['booked', 'confirmed', 'no_show'], stamp: 'arrived_at', event: 'appointment.arrived', words: 'patient arrived' },
  in_room: { from: ['arrived'], stamp: 'in_room_at', event: 'appointment.in_room', words: 'patient in the room' },
  completed: { from: ['arrived', 'in_room'], stamp: 'completed_at', event: 'visit.completed', words: 'visit completed' },
  no_show: { from: ['booked', 'confirmed'], stamp: 'no_show_at', event: 'appointment.no_show', words: 'marked as a no-show' },
};

/**
 * Moves a visit along booked -> confirmed -> arrived -> in room -> completed (or no-show). Asking
 * for the status it already has changes nothing (a patient who confirms twice, a repeated check-in).
 */
export async function changeAppointmentStatus(platform: Platform, actor: Actor, id: string, status: keyof typeof TRANSITIONS): Promise<Appointment> {
  const organizationId = actor.organizationId;
  const step = TRANSITIONS[status];
  if (!step) throw invalid('status', `cannot be set to ${status}`);
  const changed = await platform.db.transaction().execute(async (trx) => {
    const row = await store.lockAppointment(trx, organizationId, id);
    if (!row) throw notFound('appointment', id);
    if (row.status === status) return null;
    if (!step.from.includes(row.status)) {
      throw conflict('invalid_transition', `An appointment that is ${row.status.replace('_', ' ')} cannot become ${status.replace('_', ' ')}.`, { status: row.status, requested: status });
    }
    const updated = await store.updateAppointment(trx, organizationId, id, { status: status as AppointmentStatus, [step.stamp]: new Date() });
    if (status === 'no_show' || status === 'arrived') await cancelReminders({ ...platform, db: trx }, updated);
    return updated;
  });
  const detail = await loadDetail(platform, organizationId, id);
  if (changed) {
    await publishAppointmentEvent(platform, actor, step.event, changed, `${detail.serviceName} on ${detail.label}: ${step.words}`, {
      waitedSeconds: changed.arrived_at && changed.in_room_at ? Math.round((changed.in_room_at.getTime() - changed.arrived_at.getTime()) / 1000) : null,
    });
  }
  return detail;
}

/** A patient asked (by text or link) to be given another time: staff are told and a callback task opens. */
export async function requestReschedule(platform: Platform, actor: Actor, id: string): Promise<Appointment> {
  const organizationId = actor.organizationId;
  const row = await platform.db.transaction().execute(async (trx) => {
    const current = await lockOpen({ ...platform, db: trx }, organizationId, id);
    if (current.reschedule_requested_at) return null;
    return store.updateAppointment(trx, organizationId, id, { reschedule_requested_at: new Date() });
  });
  const detail = await loadDetail(platform, organizationId, id);
  if (row) await publishAppointmentEvent(platform, actor, 'appointment.reschedule_requested', row, `Patient asked to reschedule ${detail.serviceName} on ${detail.label}`);
  return detail;
}

