import { sql, type Insertable, type Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { WaitlistStatus } from '../../db/schema-scheduling.js';
import type { Db } from './store.js';

/** Every query of the waitlist tables (entries and the offers made to them). */
export type WaitlistEntryRow = Selectable<Database['waitlist_entries']>;
export type WaitlistOfferRow = Selectable<Database['waitlist_offers']>;

export const insertEntry = (db: Db, row: Insertable<Database['waitlist_entries']>) =>
  db.insertInto('waitlist_entries').values(row).returningAll().executeTakeFirstOrThrow();

export const findEntry = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('waitlist_entries').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export function listEntries(db: Db, organizationId: string, filter: { status?: WaitlistStatus | undefined; serviceId?: string | undefined; limit: number }) {
  let query = db.selectFrom('waitlist_entries').selectAll().where('organization_id', '=', organizationId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.serviceId) query = query.where('service_id', '=', filter.serviceId);
  return query.orderBy('priority', 'desc').orderBy('created_at').orderBy('id').limit(filter.limit).execute();
}

export const removeEntry = (db: Db, organizationId: string, id: string) =>
  db.updateTable('waitlist_entries').set({ status: 'removed', updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).where('status', '=', 'waiting').returningAll().executeTakeFirst();

/**
 * Waiting entries a freed time suits, in the order they are offered it: higher priority first,
 * then first come. Entries already offered this slot are left out (a slot is offered once to each).
 */
export const matchingEntries = (db: Db, organizationId: string, slot: { serviceId: string; providerId: string; locationId: string; localDate: string; slotKey: string }) =>
  db.selectFrom('waitlist_entries as e').selectAll('e')
    .where('e.organization_id', '=', organizationId).where('e.status', '=', 'waiting').where('e.service_id', '=', slot.serviceId)
    .where((eb) => eb.or([eb('e.provider_id', 'is', null), eb('e.provider_id', '=', slot.providerId)]))
    .where((eb) => eb.or([eb('e.location_id', 'is', null), eb('e.location_id', '=', slot.locationId)]))
    .where('e.earliest', '<=', slot.localDate).where('e.latest', '>=', slot.localDate)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('waitlist_offers as o').select('o.id').whereRef('o.entry_id', '=', 'e.id').where('o.slot_key', '=', slot.slotKey))))
    .orderBy('e.priority', 'desc').orderBy('e.created_at').orderBy('e.id')
    .limit(50).execute();

/** Two offer runs for one slot (a job retried while the first still runs) wait for each other. */
export const lockSlot = (db: Db, slotKey: string) => sql`select pg_advisory_xact_lock(hashtextextended(${slotKey}, 11))`.execute(db);

export const countOpenOffers = async (db: Db, organizationId: string, slotKey: string) => {
  const row = await db.selectFrom('waitlist_offers').select((eb) => eb.fn.countAll<string>().as('open'))
    .where('organization_id', '=', organizationId).where('slot_key', '=', slotKey).where('status', '=', 'open').executeTakeFirstOrThrow();
  return Number(row.open);
};

/** The offer, or nothing when this entry was already offered the slot. */
export const insertOffer = (db: Db, row: Insertable<Database['waitlist_offers']>) =>
  db.insertInto('waitlist_offers').values(row).onConflict((oc) => oc.columns(['entry_id', 'slot_key']).doNothing()).returningAll().executeTakeFirst();

export const findOffer = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('waitlist_offers').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const listOffersOfEntries = (db: Db, organizationId: string, entryIds: string[]) =>
  entryIds.length === 0 ? Promise.resolve([]) : db.selectFrom('waitlist_offers').selectAll()
    .where('organization_id', '=', organizationId).where('entry_id', 'in', entryIds).orderBy('created_at', 'desc').execute();

/**
 * Claims an open offer for answering: only one request can hold it (answered_at is set while the
 * booking runs), and its entry leaves the waiting list so another offer to the same patient cannot book twice.
 */
export async function claimOffer(db: Db, organizationId: string, id: string, now: Date) {
  const offer = await db.updateTable('waitlist_offers').set({ answered_at: now })
    .where('organization_id', '=', organizationId).where('id', '=', id).where('status', '=', 'open').where('answered_at', 'is', null)
    .where('expires_at', '>', now).returningAll().executeTakeFirst();
  if (!offer) return undefined;
  const entry = await db.updateTable('waitlist_entries').set({ status: 'booked', updated_at: now })
    .where('organization_id', '=', organizationId).where('id', '=', offer.entry_id).where('status', '=', 'waiting').returningAll().executeTakeFirst();
  // Staff removed the patient, or another offer booked them: this offer is no longer theirs to take.
  if (!entry) await db.updateTable('waitlist_offers').set({ status: 'gone' }).where('id', '=', offer.id).execute();
  return { offer, entry };
}

/** The claim is given back (the booking failed): the offer is gone, or open again to retry; the patient waits again. */
export async function releaseClaim(db: Db, offer: WaitlistOfferRow, status: 'gone' | 'open') {
  await db.updateTable('waitlist_offers').set(status === 'gone' ? { status } : { answered_at: null }).where('id', '=', offer.id).where('status', '=', 'open').execute();
  await db.updateTable('waitlist_entries').set({ status: 'waiting', updated_at: new Date() })
    .where('id', '=', offer.entry_id).where('status', '=', 'booked').where('appointment_id', 'is', null).execute();
}

export async function recordAcceptance(db: Db, offer: WaitlistOfferRow, appointmentId: string) {
  await db.updateTable('waitlist_offers').set({ status: 'accepted', appointment_id: appointmentId }).where('id', '=', offer.id).execute();
  await db.updateTable('waitlist_entries').set({ appointment_id: appointmentId, updated_at: new Date() }).where('id', '=', offer.entry_id).execute();
  // The patient has a time now: their other open offers close quietly.
  await db.updateTable('waitlist_offers').set({ status: 'gone', answered_at: new Date() })
    .where('entry_id', '=', offer.entry_id).where('status', '=', 'open').where('id', '<>', offer.id).execute();
}

/** Closes the open offers of a slot (someone took it); the offers whose patients are to be told. */
export const closeSlotOffers = (db: Db, organizationId: string, slotKey: string) =>
  db.updateTable('waitlist_offers').set({ status: 'gone' })
    .where('organization_id', '=', organizationId).where('slot_key', '=', slotKey).where('status', '=', 'open').where('answered_at', 'is', null)
    .returningAll().execute();

export const declineOffer = (db: Db, organizationId: string, id: string, now: Date) =>
  db.updateTable('waitlist_offers').set({ status: 'declined', answered_at: now })
    .where('organization_id', '=', organizationId).where('id', '=', id).where('status', '=', 'open').where('answered_at', 'is', null)
    .returningAll().executeTakeFirst();

/** Marks one open offer past its time expired (a lazy check when its link is used). */
export const expireOffer = (db: Db, id: string, now: Date) =>
  db.updateTable('waitlist_offers').set({ status: 'expired' }).where('id', '=', id).where('status', '=', 'open').where('expires_at', '<=', now).execute();

/**
 * Expires open offers past their time, and claims left by an answer that never finished (a crash
 * mid-booking) after `staleBefore`; returns the slots that have no open offer left.
 */
export async function expireOffers(db: Db, now: Date, staleBefore: Date) {
  const expired = await db.updateTable('waitlist_offers').set({ status: 'expired' })
    .where('status', '=', 'open')
    .where((eb) => eb.or([eb.and([eb('expires_at', '<=', now), eb('answered_at', 'is', null)]), eb('answered_at', '<=', staleBefore)]))
    .returningAll().execute();
  for (const offer of expired.filter((o) => o.answered_at)) {
    await db.updateTable('waitlist_entries').set({ status: 'waiting', updated_at: now })
      .where('id', '=', offer.entry_id).where('status', '=', 'booked').where('appointment_id', 'is', null).execute();
  }
  return expired;
}

/** Re-points a merged patient's waitlist entries to the record that was kept. */
export const repointPatient = (db: Db, organizationId: string, fromId: string, toId: string) =>
  db.updateTable('waitlist_entries').set({ patient_id: toId }).where('organization_id', '=', organizationId).where('patient_id', '=', fromId).execute();
