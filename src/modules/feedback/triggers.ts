import type { DomainEvent } from '../../platform/events.js';
import { systemActor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import type { SurveyTrigger } from '../../db/schema-feedback.js';
import { getProvider, getService } from '../scheduling/setup-service.js';
import { scheduleInvitation, type SurveySource } from './invitations.js';
import * as store from './store.js';

/**
 * What sends surveys by itself: a completed visit, a resolved conversation, a completed referral
 * (the referrals module publishes referral.completed with data.referralId and departmentId). Each
 * event schedules one invitation per active survey of that trigger whose department and service
 * match; a repeated event schedules nothing twice (unique survey + source).
 */
const text = (value: unknown) => (typeof value === 'string' && value ? value : null);
const AUTOMATIC = { type: 'system', id: null, label: 'Careloop (survey trigger)' };

/** The surveys of a trigger that apply to a source in this department (and of this service, for visits). */
async function matchingSurveys(platform: Platform, organizationId: string, trigger: SurveyTrigger, departmentId: string | null, serviceId: string | null) {
  const surveys = await store.listSurveys(platform.db, organizationId, { active: true, trigger });
  return surveys.filter((survey) => (!survey.department_id || survey.department_id === departmentId) && (!survey.service_id || survey.service_id === serviceId));
}

async function scheduleFor(platform: Platform, trigger: SurveyTrigger, source: SurveySource, serviceId: string | null) {
  for (const survey of await matchingSurveys(platform, source.organizationId, trigger, source.departmentId, serviceId)) {
    await scheduleInvitation(platform, AUTOMATIC, survey, source);
  }
}

/** A visit's department: its service's, else its provider's. */
async function visitDepartment(platform: Platform, organizationId: string, serviceId: string | null, providerId: string | null) {
  const actor = systemActor(organizationId);
  const service = serviceId ? await getService(platform, actor, serviceId).catch(() => null) : null;
  if (service?.departmentId) return service.departmentId;
  const provider = providerId ? await getProvider(platform, actor, providerId).catch(() => null) : null;
  return provider?.departmentId ?? null;
}

async function onVisitCompleted(platform: Platform, event: DomainEvent) {
  const appointmentId = text(event.data.appointmentId);
  if (!event.patientId || !appointmentId) return;
  const serviceId = text(event.data.serviceId);
  const providerId = text(event.data.providerId);
  await scheduleFor(platform, 'visit_completed', {
    organizationId: event.organizationId, patientId: event.patientId, type: 'appointment', id: appointmentId,
    departmentId: await visitDepartment(platform, event.organizationId, serviceId, providerId), providerId, locationId: text(event.data.locationId), channel: null,
  }, serviceId);
}

async function onConversationResolved(platform: Platform, event: DomainEvent) {
  const conversationId = text(event.data.conversationId);
  // A conversation with no patient (an unknown sender) has no one to survey.
  if (!event.patientId || !conversationId) return;
  await scheduleFor(platform, 'conversation_resolved', {
    organizationId: event.organizationId, patientId: event.patientId, type: 'conversation', id: conversationId,
    cycle: typeof event.data.cycle === 'number' ? event.data.cycle : 1,
    departmentId: text(event.data.departmentId), providerId: null, locationId: null, channel: text(event.data.channel),
  }, null);
}

async function onReferralCompleted(platform: Platform, event: DomainEvent) {
  const referralId = text(event.data.referralId);
  if (!event.patientId || !referralId) return;
  await scheduleFor(platform, 'referral_completed', {
    organizationId: event.organizationId, patientId: event.patientId, type: 'referral', id: referralId,
    departmentId: text(event.data.departmentId), providerId: text(event.data.providerId), locationId: text(event.data.locationId), channel: null,
  }, null);
}

/** Subscribes the triggers once (they write to the database: they run in the publishing process only). */
export function subscribeSurveyTriggers(platform: Platform) {
  platform.events.subscribe('visit.completed', (event) => onVisitCompleted(platform, event));
  platform.events.subscribe('conversation.resolved', (event) => onConversationResolved(platform, event));
  platform.events.subscribe('referral.completed', (event) => onReferralCompleted(platform, event));
}
