import type { OfferStatus } from '../../db/schema-scheduling.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { verifyLink } from '../../platform/links.js';
import { systemActor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { clinicTime } from './present.js';
import { bookAppointment } from './service.js';
import { closeTakenSlot, OFFER_LINK, offerAgainIfUnanswered, slotDetails, slotOf } from './waitlist.js';
import type { OfferView } from './waitlist-schemas.js';
import * as waitlist from './waitlist-store.js';
import type { WaitlistOfferRow } from './waitlist-store.js';

/** What a patient does with an offered time: look at it, take it, or let it go. Authorized by the signed link. */

const STAY = 'You stay on the waitlist; we will write when another time opens.';
const CLOSED: Record<Exclude<OfferStatus, 'open'>, { code: string; message: string }> = {
  gone: { code: 'offer_gone', message: `Sorry, someone else took this time. ${STAY}` },
  expired: { code: 'offer_expired', message: `This offer has expired. ${STAY}` },
  declined: { code: 'offer_declined', message: `You declined this time. ${STAY}` },
  accepted: { code: 'offer_accepted', message: 'You have already taken this time. To change it, use the link in your confirmation or call the clinic.' },
};

const offerClosed = (status: Exclude<OfferStatus, 'open'>) => new AppError(410, CLOSED[status].code, CLOSED[status].message, { status });

async function openLink(platform: Platform, token: string) {
  const link = verifyLink(platform.config.secretKey, token, OFFER_LINK);
  const offer = await waitlist.findOffer(platform.db, link.organizationId, link.subject);
  if (!offer) throw notFound('offer');
  return offer;
}

/** An open offer past its time reads, and is recorded, as expired. */
async function current(platform: Platform, offer: WaitlistOfferRow, now: Date): Promise<WaitlistOfferRow> {
  if (offer.status !== 'open' || offer.answered_at || offer.expires_at > now) return offer;
  await waitlist.expireOffer(platform.db, offer.id, now);
  await offerAgainIfUnanswered(platform, offer);
  return { ...offer, status: 'expired' };
}

async function present(platform: Platform, offer: WaitlistOfferRow): Promise<OfferView> {
  const details = await slotDetails(platform, offer.organization_id, slotOf(offer));
  if (!details) throw offerClosed('gone');
  return {
    clinicName: details.clinicName, status: offer.status, serviceName: details.serviceName, providerName: details.providerName,
    locationName: details.locationName, startsAt: offer.starts_at.toISOString(), label: clinicTime(offer.starts_at, details.zone),
    timeZone: details.zone, expiresAt: offer.expires_at.toISOString(),
  };
}

/** What the link offers (service, provider, place, the time in the clinic's zone) and whether it is still open. */
export async function viewOffer(platform: Platform, token: string): Promise<OfferView> {
  const offer = await openLink(platform, token);
  return present(platform, await current(platform, offer, new Date()));
}

/**
 * Takes the offered time. Of several patients accepting one time at once, the database's
 * no-double-booking constraint lets exactly one book; the others get 409 and stay on the waitlist.
 * Accepting twice (a double click) answers with the offer as accepted.
 */
export async function acceptOffer(platform: Platform, token: string): Promise<OfferView> {
  const now = new Date();
  const offer = await current(platform, await openLink(platform, token), now);
  const organizationId = offer.organization_id;
  const claim = offer.status === 'open' ? await platform.db.transaction().execute((trx) => waitlist.claimOffer(trx, organizationId, offer.id, now)) : undefined;
  if (!claim) {
    const latest = (await waitlist.findOffer(platform.db, organizationId, offer.id)) ?? offer;
    if (latest.status === 'accepted') return present(platform, latest);
    if (latest.status === 'open') throw conflict('offer_in_progress', 'We are booking this time for you already. Please reload the page in a moment.');
    throw offerClosed(latest.status);
  }
  if (!claim.entry) throw new AppError(410, 'offer_withdrawn', 'This offer is no longer available. Please contact the clinic if you still need an earlier time.', { status: 'gone' });
  const actor = systemActor(organizationId, 'api', 'Patient via waitlist');
  let appointmentId: string;
  try {
    appointmentId = (await bookAppointment(platform, actor, {
      patientId: claim.entry.patient_id, serviceId: offer.service_id, providerId: offer.provider_id, locationId: offer.location_id,
      startsAt: offer.starts_at.toISOString(), source: 'waitlist',
    })).id;
  } catch (error) {
    // Taken by someone else, or no longer bookable: this offer is gone. Anything else: the patient may try again.
    const gone = error instanceof AppError && error.status === 409;
    await platform.db.transaction().execute((trx) => waitlist.releaseClaim(trx, claim.offer, gone ? 'gone' : 'open'));
    if (gone) throw conflict('slot_taken', `Sorry, someone else took this time. ${STAY}`);
    throw error;
  }
  await platform.db.transaction().execute((trx) => waitlist.recordAcceptance(trx, claim.offer, appointmentId));
  await platform.audit.record(actor, [{ action: 'create', entityType: 'appointment', entityId: appointmentId, patientId: claim.entry.patient_id, details: { offerId: offer.id, source: 'waitlist' } }]);
  await closeTakenSlot(platform, organizationId, offer.slot_key);
  return present(platform, { ...offer, status: 'accepted', appointment_id: appointmentId });
}

/** Lets the offered time go (the patient stays on the waitlist); when nobody else holds an offer for it, the next patients hear of it. */
export async function declineOffer(platform: Platform, token: string): Promise<OfferView> {
  const now = new Date();
  const offer = await current(platform, await openLink(platform, token), now);
  const declined = offer.status === 'open' ? await waitlist.declineOffer(platform.db, offer.organization_id, offer.id, now) : undefined;
  if (!declined) {
    const latest = (await waitlist.findOffer(platform.db, offer.organization_id, offer.id)) ?? offer;
    if (latest.status === 'declined') return present(platform, latest);
    if (latest.status === 'open') throw conflict('offer_in_progress', 'This time is being booked for you. Please reload the page in a moment.');
    throw offerClosed(latest.status);
  }
  await offerAgainIfUnanswered(platform, declined);
  return present(platform, declined);
}
