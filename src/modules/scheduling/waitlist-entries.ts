import { DateTime } from 'luxon';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { getPatient, patientRefs } from '../patients/service.js';
import { clinicTime } from './present.js';
import * as store from './store.js';
import type { NewWaitlistEntry, WaitlistEntry, WaitlistQuery } from './waitlist-schemas.js';
import * as waitlist from './waitlist-store.js';
import type { WaitlistEntryRow } from './waitlist-store.js';

/** The front desk's side of the waitlist: who waits for which visit, and what they were offered. */

function checkDate(field: string, value: string) {
  if (!DateTime.fromISO(value).isValid) throw invalid(field, 'is not a calendar date');
}

async function publish(platform: Platform, actor: Actor, type: string, entry: WaitlistEntryRow, summary: string) {
  await platform.events.publish({
    type, version: 1, organizationId: entry.organization_id, patientId: entry.patient_id,
    actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(),
    data: { entryId: entry.id, serviceId: entry.service_id, earliest: entry.earliest, latest: entry.latest, summary },
  });
}

/** Entries with the names staff read, and the offers each received (newest first). */
async function present(platform: Platform, organizationId: string, rows: WaitlistEntryRow[]): Promise<WaitlistEntry[]> {
  const patients = await patientRefs(platform, organizationId, rows.map((r) => r.patient_id));
  const offers = await waitlist.listOffersOfEntries(platform.db, organizationId, rows.map((r) => r.id));
  const services = new Map<string, string>();
  const providers = new Map<string, string>();
  const locations = new Map<string, { name: string; zone: string }>();
  for (const serviceId of new Set(rows.map((r) => r.service_id))) {
    const service = await store.findService(platform.db, organizationId, serviceId);
    services.set(serviceId, service?.name ?? 'A service no longer offered');
    for (const offering of await store.listOfferings(platform.db, organizationId, serviceId, {})) {
      providers.set(offering.provider_id, offering.provider_name);
      locations.set(offering.location_id, { name: offering.location_name, zone: offering.time_zone });
    }
  }
  return rows.map((row) => {
    const patient = patients.get(row.patient_id);
    return {
      id: row.id, patientId: row.patient_id, patientName: patient?.name ?? 'Unknown patient', mrn: patient?.mrn ?? '',
      serviceId: row.service_id, serviceName: services.get(row.service_id) ?? '',
      providerId: row.provider_id, providerName: row.provider_id ? (providers.get(row.provider_id) ?? 'A provider no longer listed') : null,
      locationId: row.location_id, locationName: row.location_id ? (locations.get(row.location_id)?.name ?? 'A location no longer listed') : null,
      earliest: row.earliest, latest: row.latest, priority: row.priority, note: row.note, status: row.status,
      appointmentId: row.appointment_id, createdAt: row.created_at.toISOString(),
      offers: offers.filter((o) => o.entry_id === row.id).map((o) => ({
        id: o.id, providerId: o.provider_id, locationId: o.location_id, startsAt: o.starts_at.toISOString(),
        label: clinicTime(o.starts_at, locations.get(o.location_id)?.zone ?? 'UTC'), status: o.status, expiresAt: o.expires_at.toISOString(),
        appointmentId: o.appointment_id, answeredAt: o.answered_at?.toISOString() ?? null, createdAt: o.created_at.toISOString(),
      })),
    };
  });
}

/** Puts a patient on the waitlist for a service (any or one provider and place) between two dates. */
export async function addToWaitlist(platform: Platform, actor: Actor, input: NewWaitlistEntry): Promise<WaitlistEntry> {
  checkDate('earliest', input.earliest);
  checkDate('latest', input.latest);
  if (input.latest < input.earliest) throw invalid('latest', 'must not be before earliest');
  const patient = await getPatient(platform, actor, input.patientId);
  if (patient.status === 'merged') throw conflict('patient_merged', 'This record was merged into another; put that one on the waitlist.', { replacedBy: patient.replacedBy });
  const service = await store.findService(platform.db, actor.organizationId, input.serviceId);
  if (!service || service.archived_at) throw notFound('service', input.serviceId);
  if (input.providerId || input.locationId) {
    const offered = await store.listOfferings(platform.db, actor.organizationId, input.serviceId, { providerId: input.providerId, locationId: input.locationId });
    if (offered.length === 0) throw conflict('not_offered', 'No provider offers this service with the provider and location asked for.');
  }
  const row = await waitlist.insertEntry(platform.db, {
    organization_id: actor.organizationId, patient_id: patient.id, service_id: service.id, provider_id: input.providerId ?? null,
    location_id: input.locationId ?? null, earliest: input.earliest, latest: input.latest, priority: input.priority ?? 0, note: input.note?.trim() || null,
  });
  await publish(platform, actor, 'waitlist.joined', row, `On the waitlist for ${service.name}, ${row.earliest} to ${row.latest}`);
  const [entry] = await present(platform, actor.organizationId, [row]);
  return entry!;
}

/** The waitlist, highest priority and longest waiting first. */
export async function listWaitlist(platform: Platform, actor: Actor, query: WaitlistQuery) {
  const rows = await waitlist.listEntries(platform.db, actor.organizationId, { status: query.status ?? 'waiting', serviceId: query.serviceId, limit: query.limit ?? 200 });
  return { items: await present(platform, actor.organizationId, rows) };
}

/** Takes a waiting patient off the list; their open offers can no longer be taken. */
export async function removeFromWaitlist(platform: Platform, actor: Actor, id: string): Promise<WaitlistEntry> {
  const removed = await waitlist.removeEntry(platform.db, actor.organizationId, id);
  if (!removed) {
    const existing = await waitlist.findEntry(platform.db, actor.organizationId, id);
    if (!existing) throw notFound('waitlist entry', id);
    if (existing.status === 'booked') throw conflict('waitlist_booked', 'This patient already took a time from the waitlist; cancel the appointment instead.');
    const [entry] = await present(platform, actor.organizationId, [existing]);
    return entry!;
  }
  await publish(platform, actor, 'waitlist.removed', removed, 'Taken off the waitlist');
  const [entry] = await present(platform, actor.organizationId, [removed]);
  return entry!;
}
