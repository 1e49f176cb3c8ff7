import { DateTime } from 'luxon';
import { AppError } from '../../platform/errors.js';
import type { DomainEvent } from '../../platform/events.js';
import { signLink } from '../../platform/links.js';
import { systemActor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { dispatch, isOptedOut, queueOutbound, senderFor } from '../channels/service.js';
import type { OutboxRow } from '../channels/service.js';
import { findOrganization } from '../identity/service.js';
import { contactConsents, getPatient } from '../patients/service.js';
import { refusalFor } from './availability.js';
import { clinicTime } from './present.js';
import * as store from './store.js';
import { localeOf, offerMessage, slotGoneMessage, type Message } from './waitlist-templates.js';
import * as waitlist from './waitlist-store.js';
import type { WaitlistOfferRow } from './waitlist-store.js';

export const OFFER_LINK = 'waitlist_offer';
const OFFER_JOB = 'scheduling.offer-freed-time';
const TAKEN_JOB = 'scheduling.waitlist-slot-taken';
const EXPIRE_JOB = 'scheduling.expire-waitlist-offers';
/** How many waiting patients hear of one freed time at once; the first to accept gets it. */
const OFFERS_AT_ONCE = 3;
const OFFER_HOURS = 2;
/** An offer closes this long before the visit, so the one who takes it can still get there. */
const CLOSE_BEFORE_START_MS = 60 * 60_000;
/** An answer still booking after this long was cut off (a crash); its claim is given back. */
const STALE_CLAIM_MS = 10 * 60_000;

export interface FreedTime { organizationId: string; serviceId: string; providerId: string; locationId: string; startsAt: string }

export const slotKeyOf = (providerId: string, startsAt: Date | string) => `${providerId}|${new Date(startsAt).toISOString()}`;

/** The names and zone a message or page about one offered time shows; undefined when it is no longer offered there. */
export async function slotDetails(platform: Platform, organizationId: string, slot: { serviceId: string; providerId: string; locationId: string }) {
  const service = await store.findService(platform.db, organizationId, slot.serviceId);
  const [offering] = await store.listOfferings(platform.db, organizationId, slot.serviceId, { providerId: slot.providerId, locationId: slot.locationId });
  if (!service || service.archived_at || !offering) return undefined;
  const organization = await findOrganization(platform, organizationId);
  return {
    clinicName: organization?.name ?? 'Your clinic', serviceName: service.name, providerName: offering.provider_name,
    locationName: offering.location_name, zone: offering.time_zone,
  };
}
export type SlotDetails = NonNullable<Awaited<ReturnType<typeof slotDetails>>>;

export const slotOf = (offer: WaitlistOfferRow) => ({ serviceId: offer.service_id, providerId: offer.provider_id, locationId: offer.location_id });

interface Contact { patientId: string; channel: 'sms' | 'email'; recipient: string; language: string }

/** Where a patient can be written to about care: their preferred channel first, consented addresses only, no texts after STOP. */
async function contactFor(platform: Platform, organizationId: string, patientId: string): Promise<Contact | null> {
  const patient = await getPatient(platform, systemActor(organizationId), patientId).catch(() => null);
  if (!patient || patient.status !== 'active' || patient.preferredChannel === 'none') return null;
  const order: ('sms' | 'email')[] = patient.preferredChannel === 'email' ? ['email', 'sms'] : ['sms', 'email'];
  for (const channel of order) {
    const points = await contactConsents(platform, organizationId, patientId, channel === 'sms' ? 'phone' : 'email');
    const point = points.find((p) => p.consentCare);
    if (!point || (channel === 'sms' && (await isOptedOut(platform, organizationId, point.value)))) continue;
    return { patientId, channel, recipient: point.value, language: patient.language };
  }
  return null;
}

/** Queues one waitlist message in the caller's transaction (`platform.db`). */
async function queueToPatient(platform: Platform, organizationId: string, contact: Contact, purpose: string, idempotencyKey: string, message: Message) {
  return queueOutbound(platform, {
    organizationId, purpose, category: 'care', channel: contact.channel, recipient: contact.recipient,
    sender: await senderFor(platform, organizationId, contact.channel), patientId: contact.patientId,
    subject: contact.channel === 'email' ? message.subject : null, body: message.body, idempotencyKey,
  });
}

const offerLink = (platform: Platform, offer: WaitlistOfferRow) => `${platform.config.publicUrl}/w/${signLink(platform.config.secretKey, {
  // The link outlives the offer so a late patient reads "expired" on the page rather than a bare error.
  purpose: OFFER_LINK, organizationId: offer.organization_id, subject: offer.id, expiresAt: offer.starts_at, oneTime: false,
})}`;

/** Whether the time can still be booked by staff rules (nothing booked over it, still in working hours). */
async function stillFree(platform: Platform, freed: FreedTime, start: Date) {
  try {
    return (await refusalFor(platform, freed.organizationId, { ...freed, start }, { online: false })) === null;
  } catch (error) {
    // The service was archived meanwhile: nothing to offer.
    if (error instanceof AppError && error.status < 500) return false;
    throw error;
  }
}

/**
 * The job: offers a freed time to the first few matching waiting patients (priority, then first
 * come), one offer row and one message each, written together. Safe to run twice: while offers of
 * the slot are open nothing more is offered, and an entry is offered a slot at most once.
 */
export async function offerFreedTime(platform: Platform, freed: FreedTime, now = new Date()): Promise<number> {
  const start = new Date(freed.startsAt);
  const expiresAt = new Date(Math.min(now.getTime() + OFFER_HOURS * 3_600_000, start.getTime() - CLOSE_BEFORE_START_MS));
  if (Number.isNaN(start.getTime()) || expiresAt <= now) return 0;
  const { organizationId } = freed;
  const slotKey = slotKeyOf(freed.providerId, start);
  if ((await waitlist.countOpenOffers(platform.db, organizationId, slotKey)) > 0 || !(await stillFree(platform, freed, start))) return 0;
  const details = await slotDetails(platform, organizationId, freed);
  if (!details) return 0;
  const localDate = DateTime.fromJSDate(start, { zone: details.zone }).toISODate()!;
  const candidates = await waitlist.matchingEntries(platform.db, organizationId, { ...freed, localDate, slotKey });
  const chosen: { entryId: string; contact: Contact }[] = [];
  for (const entry of candidates) {
    if (chosen.length >= OFFERS_AT_ONCE) break;
    const contact = await contactFor(platform, organizationId, entry.patient_id);
    if (contact) chosen.push({ entryId: entry.id, contact });
  }
  if (chosen.length === 0) return 0;
  const sent = await platform.db.transaction().execute(async (trx) => {
    const inTrx = { ...platform, db: trx };
    await waitlist.lockSlot(trx, slotKey);
    if ((await waitlist.countOpenOffers(trx, organizationId, slotKey)) > 0) return [];
    const rows: { offer: WaitlistOfferRow; outbox: OutboxRow; patientId: string }[] = [];
    for (const { entryId, contact } of chosen) {
      const offer = await waitlist.insertOffer(trx, {
        organization_id: organizationId, entry_id: entryId, slot_key: slotKey, provider_id: freed.providerId,
        location_id: freed.locationId, service_id: freed.serviceId, starts_at: start, expires_at: expiresAt,
      });
      if (!offer) continue;
      const locale = localeOf(contact.language);
      const message = offerMessage(contact.language, {
        ...details, when: clinicTime(start, details.zone, locale), until: clinicTime(expiresAt, details.zone, locale), link: offerLink(platform, offer),
      });
      rows.push({ offer, patientId: contact.patientId, outbox: await queueToPatient(inTrx, organizationId, contact, 'waitlist_offer', `waitlist-offer:${offer.id}`, message) });
    }
    return rows;
  });
  const label = clinicTime(start, details.zone);
  for (const { offer, outbox, patientId } of sent) {
    await dispatch(platform, outbox);
    await platform.events.publish({
      type: 'waitlist.offered', version: 1, organizationId, patientId, actor: { type: 'system', id: null, label: 'Waitlist' }, at: new Date().toISOString(),
      data: { offerId: offer.id, entryId: offer.entry_id, startsAt: start.toISOString(), summary: `Offered ${details.serviceName} on ${label} from the waitlist` },
    });
  }
  return sent.length;
}

/** Someone took the slot: its open offers close and each of those patients is told they stay on the waitlist. */
export async function closeTakenSlot(platform: Platform, organizationId: string, slotKey: string) {
  const told = await platform.db.transaction().execute(async (trx) => {
    const inTrx = { ...platform, db: trx };
    const closed = await waitlist.closeSlotOffers(trx, organizationId, slotKey);
    const rows: OutboxRow[] = [];
    for (const offer of closed) {
      const entry = await waitlist.findEntry(trx, organizationId, offer.entry_id);
      const details = await slotDetails(inTrx, organizationId, slotOf(offer));
      const contact = entry && details ? await contactFor(inTrx, organizationId, entry.patient_id) : null;
      if (!contact || !details) continue;
      const message = slotGoneMessage(contact.language, { clinicName: details.clinicName, when: clinicTime(offer.starts_at, details.zone, localeOf(contact.language)) });
      rows.push(await queueToPatient(inTrx, organizationId, contact, 'waitlist_gone', `waitlist-gone:${offer.id}`, message));
    }
    return rows;
  });
  for (const row of told) await dispatch(platform, row);
  return told.length;
}

/** When no offer of a slot is open any more (all declined or expired), the next waiting patients hear of it. */
export async function offerAgainIfUnanswered(platform: Platform, offer: WaitlistOfferRow) {
  if ((await waitlist.countOpenOffers(platform.db, offer.organization_id, offer.slot_key)) > 0) return;
  await platform.jobs.send(OFFER_JOB, {
    organizationId: offer.organization_id, serviceId: offer.service_id, providerId: offer.provider_id, locationId: offer.location_id, startsAt: offer.starts_at.toISOString(),
  } satisfies FreedTime);
}

/** The job: expires offers past their time and offers those slots to the next patients. */
export async function expireWaitlistOffers(platform: Platform, now = new Date()) {
  const expired = await waitlist.expireOffers(platform.db, now, new Date(now.getTime() - STALE_CLAIM_MS));
  const bySlot = new Map(expired.map((offer) => [`${offer.organization_id}|${offer.slot_key}`, offer]));
  for (const offer of bySlot.values()) await offerAgainIfUnanswered(platform, offer);
  return expired.length;
}

const freedOf = (event: DomainEvent): FreedTime | undefined => {
  const freed = event.data.freed as Omit<FreedTime, 'organizationId'> | undefined;
  return freed?.startsAt ? { organizationId: event.organizationId, serviceId: freed.serviceId, providerId: freed.providerId, locationId: freed.locationId, startsAt: freed.startsAt } : undefined;
};

/** Offers freed times to waiting patients (event subscribers that enqueue, and the jobs that do the work). */
export async function startWaitlist(platform: Platform) {
  await platform.jobs.define<FreedTime>({ name: OFFER_JOB, handle: async (data) => { await offerFreedTime(platform, data); } });
  await platform.jobs.define<{ organizationId: string; slotKey: string }>({ name: TAKEN_JOB, handle: async (data) => { await closeTakenSlot(platform, data.organizationId, data.slotKey); } });
  await platform.jobs.define<object>({ name: EXPIRE_JOB, handle: async () => { await expireWaitlistOffers(platform); } });
  await platform.jobs.schedule(EXPIRE_JOB, '*/5 * * * *');

  // The handlers only enqueue: the work survives a crash of this process, and a retry is harmless.
  const offerFreed = async (event: DomainEvent) => {
    const freed = freedOf(event);
    if (freed && new Date(freed.startsAt).getTime() > Date.now()) await platform.jobs.send(OFFER_JOB, freed);
  };
  // A time offered to the waitlist that staff book (or move a visit into) is gone for the waiting patients.
  const closeTaken = async (event: DomainEvent) => {
    const { providerId, startsAt, source } = event.data as { providerId?: string; startsAt?: string; source?: string };
    if (!providerId || !startsAt || (event.type === 'appointment.booked' && source === 'waitlist')) return;
    // Most bookings were never offered to anyone: one indexed look-up spares them a job.
    if ((await waitlist.countOpenOffers(platform.db, event.organizationId, slotKeyOf(providerId, startsAt))) === 0) return;
    await platform.jobs.send(TAKEN_JOB, { organizationId: event.organizationId, slotKey: slotKeyOf(providerId, startsAt) });
  };
  platform.events.subscribe('appointment.cancelled', offerFreed);
  platform.events.subscribe('appointment.moved', async (event) => { await offerFreed(event); await closeTaken(event); });
  platform.events.subscribe('appointment.booked', closeTaken);
  platform.events.subscribe('patient.merged', async (event) => {
    const { survivorId, mergedId } = event.data as { survivorId: string; mergedId: string };
    await waitlist.repointPatient(platform.db, event.organizationId, mergedId, survivorId);
  });
}
