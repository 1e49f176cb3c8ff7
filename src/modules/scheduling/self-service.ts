import { DateTime } from 'luxon';
import { conflict, notFound } from '../../platform/errors.js';
import { systemActor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findOrganization, findOrganizationBySlug } from '../identity/service.js';
import { nextFreeTimes, refusalFor, searchSlots } from './availability.js';
import { visitCalendar } from './calendar-file.js';
import { clinicIdentity, findVisits } from './notices.js';
import { matchOrRegister } from './patient-match.js';
import { appointmentLink, verifyAppointmentLink } from './patient-links.js';
import type { PatientAppointment, SelfBooking } from './public-schemas.js';
import type { Appointment } from './schemas.js';
import { bookAppointment, cancelAppointment, changeAppointmentStatus, getAppointment, moveAppointment, refusalMessage } from './service.js';
import * as store from './store.js';

const CHECK_IN_BEFORE_MS = 2 * 3_600_000;

async function clinicBySlug(platform: Platform, slug: string) {
  const organization = await findOrganizationBySlug(platform, slug);
  if (!organization) throw notFound('clinic', slug);
  return organization;
}

/** What the clinic's booking page offers: services bookable online, who gives them and where. */
export async function bookingPage(platform: Platform, slug: string) {
  const clinic = await clinicBySlug(platform, slug);
  const rows = await store.listOnlineOfferings(platform.db, clinic.organization_id);
  const services = new Map<string, { id: string; name: string; description: string | null; durationMinutes: number; newPatientsOnline: boolean; providerIds: string[]; locationIds: string[] }>();
  const providers = new Map<string, { id: string; name: string; title: string | null }>();
  const locations = new Map<string, { id: string; name: string; address: string | null; timeZone: string }>();
  for (const row of rows) {
    const service = services.get(row.service_id) ?? { id: row.service_id, name: row.service_name, description: row.description, durationMinutes: row.duration_minutes, newPatientsOnline: row.new_patients_online, providerIds: [], locationIds: [] };
    if (!service.providerIds.includes(row.provider_id)) service.providerIds.push(row.provider_id);
    if (!service.locationIds.includes(row.location_id)) service.locationIds.push(row.location_id);
    services.set(row.service_id, service);
    providers.set(row.provider_id, { id: row.provider_id, name: row.provider_name, title: row.title });
    locations.set(row.location_id, { id: row.location_id, name: row.location_name, address: row.address, timeZone: row.time_zone });
  }
  return { clinic: { name: clinic.name, timeZone: clinic.time_zone }, services: [...services.values()], providers: [...providers.values()], locations: [...locations.values()] };
}

export async function publicSlots(platform: Platform, slug: string, query: { serviceId: string; from: string; to?: string | undefined; providerId?: string | undefined; locationId?: string | undefined }) {
  const clinic = await clinicBySlug(platform, slug);
  return searchSlots(platform, clinic.organization_id, { ...query, limit: 400 }, { online: true });
}

const patientActor = (organizationId: string, how: string) => systemActor(organizationId, 'api', `Patient (${how})`);

async function present(platform: Platform, organizationId: string, appointment: Appointment, organizationName: string): Promise<PatientAppointment> {
  const location = await store.findLocationContact(platform.db, organizationId, appointment.locationId);
  const now = Date.now();
  const starts = Date.parse(appointment.startsAt);
  const ends = Date.parse(appointment.endsAt);
  const open = appointment.status === 'booked' || appointment.status === 'confirmed';
  return {
    clinicName: organizationName, patientFirstName: appointment.patientName.split(' ')[0] ?? '', serviceName: appointment.serviceName,
    providerName: appointment.providerName, location: { name: location?.name ?? appointment.locationName, address: location?.address ?? null, phone: location?.phone ?? null },
    startsAt: appointment.startsAt, endsAt: appointment.endsAt, label: appointment.label, timeZone: appointment.timeZone, status: appointment.status,
    confirmedAt: appointment.confirmedAt, rescheduleRequestedAt: appointment.rescheduleRequestedAt,
    canChange: open && starts > now, canCheckIn: open && now >= starts - CHECK_IN_BEFORE_MS && now < ends,
    serviceId: appointment.serviceId, providerId: appointment.providerId, locationId: appointment.locationId,
  };
}

/** The appointment behind a patient's link; what the patient does with it is audited with the patient as the actor. */
async function viaLink(platform: Platform, token: string, action: string) {
  const link = verifyAppointmentLink(platform, token);
  const actor = patientActor(link.organizationId, 'appointment link');
  const appointment = await getAppointment(platform, actor, link.subject);
  await platform.audit.record(actor, [{ action, entityType: 'appointment', entityId: appointment.id, patientId: appointment.patientId, details: { via: 'appointment link' } }]);
  const clinic = await findOrganization(platform, link.organizationId);
  return { link, actor, appointment, clinicName: clinic?.name ?? 'Your clinic' };
}

/** Books from the clinic's page: the patient is matched to their record (or registered) and gets a link to manage the visit. */
export async function selfBook(platform: Platform, slug: string, input: SelfBooking) {
  const clinic = await clinicBySlug(platform, slug);
  const actor = patientActor(clinic.organization_id, 'online booking');
  const service = await store.findService(platform.db, clinic.organization_id, input.serviceId);
  if (!service || service.archived_at || !service.online_booking) throw notFound('service', input.serviceId);
  // The time is checked before anyone is registered, so a refused booking leaves no new record behind
  // (only a race lost in the instant between this check and the insert can, and that record is whole).
  const refusal = await refusalFor(platform, clinic.organization_id, { ...input, start: new Date(input.startsAt) }, { online: true });
  if (refusal) {
    const next = refusal === 'not_offered' ? [] : await nextFreeTimes(platform, clinic.organization_id, { ...input, after: new Date(input.startsAt) }, { online: true });
    throw conflict(refusal, refusalMessage(refusal), { nextFreeTimes: next });
  }
  const match = await matchOrRegister(platform, actor, input, service.new_patients_online);
  const appointment = await bookAppointment(platform, actor, {
    patientId: match.patientId, serviceId: input.serviceId, providerId: input.providerId, locationId: input.locationId,
    startsAt: input.startsAt, source: 'online', ...(input.notes?.trim() && { notes: input.notes.trim() }),
  });
  const link = appointmentLink(platform, { id: appointment.id, organization_id: clinic.organization_id, starts_at: new Date(appointment.startsAt) });
  return { appointment: await present(platform, clinic.organization_id, appointment, clinic.name), manageUrl: link };
}

export async function appointmentByLink(platform: Platform, token: string) {
  const { actor, appointment, clinicName } = await viaLink(platform, token, 'read');
  return present(platform, actor.organizationId, appointment, clinicName);
}

export async function confirmByLink(platform: Platform, token: string) {
  const { actor, appointment, clinicName } = await viaLink(platform, token, 'confirm');
  const confirmed = await changeAppointmentStatus(platform, actor, appointment.id, 'confirmed');
  return present(platform, actor.organizationId, confirmed, clinicName);
}

export async function cancelByLink(platform: Platform, token: string, note: string | undefined) {
  const { actor, appointment, clinicName } = await viaLink(platform, token, 'cancel');
  const cancelled = await cancelAppointment(platform, actor, appointment.id, { reason: 'patient_request', ...(note && { note }) });
  return present(platform, actor.organizationId, cancelled, clinicName);
}

/** Other free times for the same visit at the same place (the same provider unless the patient asks for anyone). */
export async function slotsByLink(platform: Platform, token: string, query: { from: string; to?: string | undefined; anyProvider?: boolean | undefined }) {
  const { actor, appointment } = await viaLink(platform, token, 'read');
  const from = query.from < DateTime.now().toISODate()! ? DateTime.now().toISODate()! : query.from;
  return searchSlots(platform, actor.organizationId, {
    serviceId: appointment.serviceId, locationId: appointment.locationId, from, to: query.to, limit: 400,
    ...(!query.anyProvider && { providerId: appointment.providerId }),
  }, { online: true, ignoreAppointmentId: appointment.id });
}

export async function rescheduleByLink(platform: Platform, token: string, input: { startsAt: string; providerId?: string | undefined }) {
  const { actor, appointment, clinicName } = await viaLink(platform, token, 'reschedule');
  const moved = await moveAppointment(platform, actor, appointment.id, { startsAt: input.startsAt, ...(input.providerId && { providerId: input.providerId }), online: true });
  return present(platform, actor.organizationId, moved, clinicName);
}

/** The visit as an .ics file for the patient's calendar (a cancelled visit comes as a cancellation). */
export async function calendarByLink(platform: Platform, token: string) {
  const { actor, appointment } = await viaLink(platform, token, 'read');
  const [visit] = await findVisits(platform.db, [appointment.id]);
  if (!visit) throw notFound('appointment', appointment.id);
  const clinic = await clinicIdentity(platform, actor.organizationId);
  return visitCalendar(platform, visit, clinic, { method: visit.status === 'cancelled' ? 'CANCEL' : 'REQUEST', link: `${platform.config.publicUrl}/a/${token}` });
}
