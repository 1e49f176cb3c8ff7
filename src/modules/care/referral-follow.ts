import type { DomainEvent } from '../../platform/events.js';
import { systemActor, type Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { publishReferralEvent, referralName } from './referral-events.js';
import * as store from './referral-store.js';

/** The event's own actor, for the referral's history and the events it causes (a patient who cancels by text, a nurse who checks out a visit). */
function actorOfEvent(event: DomainEvent): Actor {
  return systemActor(event.organizationId, 'job', event.actor.label);
}

const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);

/**
 * A referral's booked visit cancelled or missed: the referral goes back to sent (it must be booked
 * again), says so in its history and publishes referral.unscheduled. A missed visit stays linked
 * (keepVisit): the schedule lets a no-show who turns up late be seen, and that visit then completes
 * the referral; booking again replaces the link.
 */
async function onVisitLost(platform: Platform, event: DomainEvent, why: string, keepVisit = false) {
  const appointmentId = text(event.data.appointmentId);
  if (!appointmentId) return;
  const actor = actorOfEvent(event);
  for (const referral of await store.referralsOfAppointment(platform.db, event.organizationId, appointmentId)) {
    const now = new Date();
    const reverted = await platform.db.transaction().execute(async (trx) => {
      const row = await store.updateReferralIfStatus(trx, event.organizationId, referral.id, 'scheduled', {
        status: 'sent', scheduled_at: null, ...(!keepVisit && { appointment_id: null, appointment_at: null, provider_id: null, location_id: null }),
      });
      if (row) await store.recordChange(trx, { organization_id: event.organizationId, referral_id: row.id, from_status: 'scheduled', to_status: 'sent', note: `${why}: book again`, actor_label: actor.label, at: now });
      return row;
    });
    if (reverted) {
      await publishReferralEvent(platform, actor, 'referral.unscheduled', reverted, `${why}: ${referralName(reverted)} is back to sent, to book again`, {
        previousAppointmentId: appointmentId, reason: why,
      });
    }
  }
}

/**
 * A referral's visit took place: the referral is completed (referral.completed, which surveys listen
 * to), also from sent when that visit was first marked a no-show and the patient was seen after all.
 */
async function onVisitCompleted(platform: Platform, event: DomainEvent) {
  const appointmentId = text(event.data.appointmentId);
  if (!appointmentId) return;
  const actor = actorOfEvent(event);
  for (const referral of await store.referralsOfAppointment(platform.db, event.organizationId, appointmentId)) {
    const from = referral.status;
    if (from !== 'scheduled' && from !== 'sent') continue;
    const now = new Date();
    const completed = await platform.db.transaction().execute(async (trx) => {
      const row = await store.updateReferralIfStatus(trx, event.organizationId, referral.id, from, {
        status: 'completed', completed_at: now, provider_id: text(event.data.providerId) ?? referral.provider_id, location_id: text(event.data.locationId) ?? referral.location_id,
      });
      if (row) await store.recordChange(trx, { organization_id: event.organizationId, referral_id: row.id, from_status: from, to_status: 'completed', note: 'Visit completed', actor_label: actor.label, at: now });
      return row;
    });
    if (completed) await publishReferralEvent(platform, actor, 'referral.completed', completed, `${referralName(completed)} completed (visit done)`, { previousStatus: from });
  }
}

/** A referral's visit moved: its time, provider and place follow (no status change). */
async function onVisitMoved(platform: Platform, event: DomainEvent) {
  const appointmentId = text(event.data.appointmentId);
  const startsAt = text(event.data.startsAt);
  if (!appointmentId || !startsAt) return;
  for (const referral of await store.referralsOfAppointment(platform.db, event.organizationId, appointmentId)) {
    await store.updateReferral(platform.db, event.organizationId, referral.id, {
      appointment_at: new Date(startsAt), provider_id: text(event.data.providerId) ?? referral.provider_id, location_id: text(event.data.locationId) ?? referral.location_id,
    });
  }
}

const CANCEL_WORDS: Record<string, string> = {
  patient_request: 'the patient asked', clinic: 'by the clinic', provider_unavailable: 'provider unavailable', weather: 'weather',
  no_show: 'no-show', rescheduled: 'rescheduled', duplicate: 'duplicate', other: 'other reason',
};

/** Referrals follow their visits in the schedule, and patient merges. */
export function followVisitsAndMerges(platform: Platform) {
  platform.events.subscribe('appointment.cancelled', (event) =>
    onVisitLost(platform, event, `Visit cancelled (${CANCEL_WORDS[text(event.data.reason) ?? 'other'] ?? 'other reason'})`));
  platform.events.subscribe('appointment.no_show', (event) => onVisitLost(platform, event, 'Patient missed the visit', true));
  platform.events.subscribe('visit.completed', (event) => onVisitCompleted(platform, event));
  platform.events.subscribe('appointment.moved', (event) => onVisitMoved(platform, event));
  platform.events.subscribe('patient.merged', async (event) => {
    const survivorId = text(event.data.survivorId);
    const mergedId = text(event.data.mergedId);
    if (survivorId && mergedId) await store.repointPatient(platform.db, event.organizationId, mergedId, survivorId);
  });
}
