import { sql, type ExpressionBuilder, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { BroadcastRecipientTable, BroadcastTable, RecipientStatusValue } from '../../db/schema-broadcast.js';
import type { Database } from '../../db/schema.js';

/** The broadcast tables (broadcasts, broadcast_recipients) and nothing else. */
export type Db = Kysely<Database> | Transaction<Database>;
export type BroadcastRow = Selectable<BroadcastTable>;
export type RecipientRow = Selectable<BroadcastRecipientTable>;

const INSERT_CHUNK = 1000;

export const insertBroadcast = (db: Db, values: Insertable<BroadcastTable>) =>
  db.insertInto('broadcasts').values(values).returningAll().executeTakeFirstOrThrow();

export const findBroadcast = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('broadcasts').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const lockBroadcast = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('broadcasts').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

export const updateBroadcast = (db: Db, organizationId: string, id: string, changes: Updateable<BroadcastTable>) =>
  db.updateTable('broadcasts').set({ ...changes, updated_at: sql`now()` }).where('organization_id', '=', organizationId).where('id', '=', id)
    .returningAll().executeTakeFirstOrThrow();

export async function listBroadcasts(db: Db, organizationId: string, filter: { status?: string | undefined; limit: number; offset: number }) {
  let query = db.selectFrom('broadcasts').where('organization_id', '=', organizationId);
  if (filter.status) query = query.where('status', '=', filter.status as BroadcastRow['status']);
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Writes the recipients of a send, a thousand rows per statement. */
export async function insertRecipients(db: Db, rows: Insertable<BroadcastRecipientTable>[]) {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db.insertInto('broadcast_recipients').values(rows.slice(i, i + INSERT_CHUNK)).execute();
}

export interface CountRow { broadcast_id: string; channel: 'sms' | 'email' | null; status: RecipientStatusValue; n: number; replied: number }

/** Recipients by broadcast, channel and status, with how many replied: one grouped read. */
export async function recipientCounts(db: Db, broadcastIds: string[]): Promise<CountRow[]> {
  if (broadcastIds.length === 0) return [];
  const rows = await db.selectFrom('broadcast_recipients')
    .select(['broadcast_id', 'channel', 'status'])
    .select(sql<string>`count(*)`.as('n'))
    .select(sql<string>`count(replied_at)`.as('replied'))
    .where('broadcast_id', 'in', broadcastIds)
    .groupBy(['broadcast_id', 'channel', 'status']).execute();
  return rows.map((row) => ({ ...row, n: Number(row.n), replied: Number(row.replied) }));
}

export async function listRecipients(db: Db, organizationId: string, broadcastId: string, filter: {
  status?: RecipientStatusValue | undefined; channel?: 'sms' | 'email' | undefined; replied?: boolean | undefined; limit: number; offset: number;
}) {
  let query = db.selectFrom('broadcast_recipients').where('organization_id', '=', organizationId).where('broadcast_id', '=', broadcastId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.channel) query = query.where('channel', '=', filter.channel);
  if (filter.replied !== undefined) query = query.where('replied_at', filter.replied ? 'is not' : 'is', null);
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('created_at').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Recipients of a broadcast with visits to cancel (appointment segments). */
export const appointmentIdsOf = async (db: Db, organizationId: string, broadcastId: string) =>
  (await db.selectFrom('broadcast_recipients').select('appointment_ids').where('organization_id', '=', organizationId)
    .where('broadcast_id', '=', broadcastId).execute()).flatMap((row) => row.appointment_ids);

/**
 * Claims the cancellation of a broadcast's visits: when never done, when a run with failures may be
 * run again, or when a run in progress stopped reporting (crashed) for `staleSeconds`. `renew`: the
 * run holding it reports it is alive. The marker is { inProgress: true, since }.
 */
export const claimAppointmentCancellation = (db: Db, organizationId: string, id: string, staleSeconds: number, renew = false) =>
  db.updateTable('broadcasts').set({ appointments_cancelled: sql`jsonb_build_object('inProgress', true, 'since', now())` })
    .where('id', '=', id).where('organization_id', '=', organizationId)
    .where(renew
      ? sql<boolean>`appointments_cancelled->>'inProgress' = 'true'`
      : sql<boolean>`(appointments_cancelled is null
        or coalesce((appointments_cancelled->>'failed')::int, 0) > 0
        or (appointments_cancelled->>'inProgress' = 'true'
          and coalesce((appointments_cancelled->>'since')::timestamptz, '-infinity') < now() - make_interval(secs => ${staleSeconds})))`)
    .returning('id').executeTakeFirst();

export const cancellationInProgress = (value: unknown) => typeof value === 'object' && value !== null && 'inProgress' in value;

/**
 * Takes (or renews) the sender's lease on a broadcast being sent: granted when nobody holds it, this
 * owner holds it, or the holder let it lapse (a crashed worker). Nothing when another sender is alive.
 */
export const takeLease = (db: Db, id: string, owner: string, seconds: number) =>
  db.updateTable('broadcasts')
    .set({ lease_owner: owner, lease_until: sql<Date>`now() + make_interval(secs => ${seconds})` })
    .where('id', '=', id).where('status', '=', 'sending')
    .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_until', '<', sql<Date>`now()`)]))
    .returningAll().executeTakeFirst();

export const releaseLease = (db: Db, id: string, owner: string) =>
  db.updateTable('broadcasts').set({ lease_owner: null, lease_until: null }).where('id', '=', id).where('lease_owner', '=', owner).execute();

/** Broadcasts being sent whose sender is gone (no lease, or a lapsed one): the resume job hands them out again. */
export const stalledBroadcasts = (db: Db) =>
  db.selectFrom('broadcasts').select(['id', 'organization_id', 'lease_owner', 'lease_until']).where('status', '=', 'sending')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', sql<Date>`now()`)])).limit(100).execute();

/** The next recipients of a channel, locked for this transaction (SKIP LOCKED: two senders never take the same). */
export const claimPending = (db: Db, broadcastId: string, channel: 'sms' | 'email', limit: number) =>
  db.selectFrom('broadcast_recipients').selectAll()
    .where('broadcast_id', '=', broadcastId).where('channel', '=', channel).where('status', '=', 'pending')
    .orderBy('id').limit(limit).forUpdate().skipLocked().execute();

export async function pendingChannels(db: Db, broadcastId: string): Promise<Set<'sms' | 'email'>> {
  const rows = await db.selectFrom('broadcast_recipients').select('channel').distinct()
    .where('broadcast_id', '=', broadcastId).where('status', '=', 'pending').execute();
  return new Set(rows.flatMap((row) => (row.channel ? [row.channel] : [])));
}

export type RecipientOutcome =
  | { id: string; status: 'queued'; outboxId: string }
  | { id: string; status: 'skipped'; skipReason: string };

/** Records what became of claimed recipients, in one statement. */
export async function recordQueued(db: Db, outcomes: RecipientOutcome[]) {
  if (outcomes.length === 0) return;
  const values = outcomes.map((o) => sql`(${o.id}::uuid, ${o.status}, ${o.status === 'queued' ? o.outboxId : null}::uuid, ${o.status === 'skipped' ? o.skipReason : null})`);
  await sql`
    update broadcast_recipients r set status = v.status, outbox_id = v.outbox_id, skip_reason = v.skip_reason,
      queued_at = case when v.status = 'queued' then now() else null end
    from (values ${sql.join(values)}) as v(id, status, outbox_id, skip_reason)
    where r.id = v.id and r.status = 'pending'`.execute(db);
}

/** The send is over when nobody is pending: the broadcast becomes 'sent' (once). */
export const finishIfDone = (db: Db, id: string) =>
  db.updateTable('broadcasts').set({ status: 'sent', finished_at: sql`now()`, lease_owner: null, lease_until: null, updated_at: sql`now()` })
    .where('id', '=', id).where('status', '=', 'sending')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('broadcast_recipients').select('id').where('broadcast_id', '=', id).where('status', '=', 'pending'))))
    .returningAll().executeTakeFirst();

export const cancelPending = (db: Db, broadcastId: string) =>
  db.updateTable('broadcast_recipients').set({ status: 'cancelled' }).where('broadcast_id', '=', broadcastId).where('status', '=', 'pending').executeTakeFirst();

export interface DeliveryChange { organizationId: string; outboxId: string; status: 'sent' | 'delivered' | 'failed'; error: string | null }

/** Follows the outbox: a recipient's message sent, delivered or failed. A status never goes back (delivered stays delivered). */
export async function recordDeliveries(db: Db, changes: DeliveryChange[]): Promise<string[]> {
  if (changes.length === 0) return [];
  const values = changes.map((c) => sql`(${c.outboxId}::uuid, ${c.status}, ${c.error})`);
  const rows = await sql<{ broadcast_id: string }>`
    update broadcast_recipients r set status = v.status,
      sent_at = coalesce(r.sent_at, case when v.status in ('sent', 'delivered') then now() end),
      delivered_at = case when v.status = 'delivered' then now() else r.delivered_at end,
      error = case when v.status = 'failed' then v.error else r.error end
    from (values ${sql.join(values)}) as v(outbox_id, status, error)
    where r.outbox_id = v.outbox_id and r.organization_id = ${changes[0]!.organizationId}
      and (case r.status when 'queued' then 0 when 'sent' then 1 else 2 end) < (case v.status when 'sent' then 1 else 2 end)
    returning r.broadcast_id`.execute(db);
  return [...new Set(rows.rows.map((row) => row.broadcast_id))];
}

/**
 * A reply from a patient counts for the latest broadcast message that reached them on that channel in
 * the window, once: a second reply is about that same message, never counted for an older broadcast.
 */
export const markReplied = (db: Db, organizationId: string, patientId: string, channel: 'sms' | 'email', since: Date, conversationId: string | null) =>
  db.updateTable('broadcast_recipients').set({ replied_at: sql`now()`, conversation_id: conversationId })
    .where('replied_at', 'is', null)
    .where('id', '=', (eb) => eb.selectFrom('broadcast_recipients').select('id')
      .where('organization_id', '=', organizationId).where('patient_id', '=', patientId).where('channel', '=', channel)
      .where('queued_at', '>=', since).where('status', 'in', ['queued', 'sent', 'delivered'])
      .orderBy('queued_at', 'desc').limit(1))
    .returning(['broadcast_id']).executeTakeFirst();

/**
 * A merge: the duplicate's recipient rows move to the record kept. Where that record is a recipient
 * of the same broadcast already, the duplicate's message not yet queued is cancelled (one person,
 * one message); one already sent stays on the duplicate's row (each row is one patient's message).
 */
export async function repointPatient(db: Db, organizationId: string, mergedId: string, survivorId: string) {
  const both = (eb: ExpressionBuilder<Database, 'broadcast_recipients'>) => eb.exists(eb.selectFrom('broadcast_recipients as kept').select('kept.id')
    .whereRef('kept.broadcast_id', '=', 'broadcast_recipients.broadcast_id').where('kept.patient_id', '=', survivorId));
  await db.updateTable('broadcast_recipients').set({ status: 'cancelled' })
    .where('organization_id', '=', organizationId).where('patient_id', '=', mergedId).where('status', '=', 'pending').where(both).execute();
  await db.updateTable('broadcast_recipients').set({ patient_id: survivorId })
    .where('organization_id', '=', organizationId).where('patient_id', '=', mergedId).where((eb) => eb.not(both(eb))).execute();
}

/** A broadcast by id alone, for the sender (a job's payload carries no clinic). */
export const findBroadcastById = (db: Db, id: string) => db.selectFrom('broadcasts').selectAll().where('id', '=', id).executeTakeFirst();
