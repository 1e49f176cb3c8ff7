import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { EndpointChannel, OutboxTable } from '../../db/schema-inbox.js';

/** Every query of the channels module: the clinic's addresses, the outbox, SMS opt-outs, raw inbound mail, chat sessions. */
export type Db = Kysely<Database>;
export type OutboxRow = Selectable<OutboxTable>;
export type EndpointRow = Selectable<Database['channel_endpoints']>;

export const findEndpoint = (db: Db, channel: EndpointChannel, address: string) =>
  db.selectFrom('channel_endpoints').selectAll().where('channel', '=', channel).where(sql`lower(address)`, '=', address.toLowerCase()).executeTakeFirst();

export const listEndpoints = (db: Db, organizationId: string) =>
  db.selectFrom('channel_endpoints').selectAll().where('organization_id', '=', organizationId).orderBy('channel').orderBy('created_at').execute();

export const firstEndpoint = (db: Db, organizationId: string, channel: EndpointChannel) =>
  db.selectFrom('channel_endpoints').selectAll().where('organization_id', '=', organizationId).where('channel', '=', channel)
    .orderBy('created_at').limit(1).executeTakeFirst();

export const insertEndpoint = (db: Db, row: Insertable<Database['channel_endpoints']>) =>
  db.insertInto('channel_endpoints').values(row).returningAll().executeTakeFirstOrThrow();

export const deleteEndpoint = (db: Db, organizationId: string, id: string) =>
  db.deleteFrom('channel_endpoints').where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();

export const isOptedOut = async (db: Db, organizationId: string, phone: string) =>
  (await db.selectFrom('sms_opt_outs').select('phone').where('organization_id', '=', organizationId).where('phone', '=', phone).executeTakeFirst()) !== undefined;

/** Which of these numbers texted STOP (a batch of messages is checked in one query). */
export async function optedOutAmong(db: Db, organizationId: string, phones: string[]): Promise<Set<string>> {
  if (phones.length === 0) return new Set();
  const rows = await db.selectFrom('sms_opt_outs').select('phone').where('organization_id', '=', organizationId).where('phone', 'in', [...new Set(phones)]).execute();
  return new Set(rows.map((row) => row.phone));
}

export const optOut = (db: Db, organizationId: string, phone: string) =>
  db.insertInto('sms_opt_outs').values({ organization_id: organizationId, phone }).onConflict((oc) => oc.doNothing()).execute();

export const optIn = (db: Db, organizationId: string, phone: string) =>
  db.deleteFrom('sms_opt_outs').where('organization_id', '=', organizationId).where('phone', '=', phone).execute();

/** Queues a message; the same idempotency key returns the row already queued instead of a second one. */
export async function insertOutbox(db: Db, row: Insertable<OutboxTable>): Promise<{ row: OutboxRow; created: boolean }> {
  const inserted = await db.insertInto('outbox').values(row).onConflict((oc) => oc.columns(['organization_id', 'idempotency_key']).doNothing()).returningAll().executeTakeFirst();
  if (inserted) return { row: inserted, created: true };
  const existing = await db.selectFrom('outbox').selectAll().where('organization_id', '=', row.organization_id).where('idempotency_key', '=', row.idempotency_key).executeTakeFirstOrThrow();
  return { row: existing, created: false };
}

/**
 * Queues many messages in one statement; a key already queued (a batch re-run after a crash) is
 * not inserted again: its existing row is read back and returned with created false.
 */
export async function insertOutboxMany(db: Db, rows: Insertable<OutboxTable>[]): Promise<{ row: OutboxRow; created: boolean }[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insertInto('outbox').values(rows).onConflict((oc) => oc.columns(['organization_id', 'idempotency_key']).doNothing()).returningAll().execute();
  const keyOf = (row: { organization_id: string; idempotency_key: string }) => `${row.organization_id} ${row.idempotency_key}`;
  const created = new Map(inserted.map((row) => [keyOf(row), row]));
  const missing = rows.filter((row) => !created.has(keyOf(row)));
  const existing = new Map<string, OutboxRow>();
  for (const organizationId of new Set(missing.map((row) => row.organization_id))) {
    const keys = missing.filter((row) => row.organization_id === organizationId).map((row) => row.idempotency_key);
    const found = await db.selectFrom('outbox').selectAll().where('organization_id', '=', organizationId).where('idempotency_key', 'in', [...new Set(keys)]).execute();
    for (const row of found) existing.set(keyOf(row), row);
  }
  const firstSeen = new Set<string>();
  return rows.map((row) => {
    const key = keyOf(row);
    const fresh = created.get(key);
    // The same key twice in one call: the first gets the new row, the second is the repeat.
    if (fresh && !firstSeen.has(key)) {
      firstSeen.add(key);
      return { row: fresh, created: true };
    }
    const found = fresh ?? existing.get(key);
    if (!found) throw new Error(`outbox row ${row.idempotency_key} was neither inserted nor found`);
    return { row: found, created: false };
  });
}

export const findOutbox = (db: Db, id: string) => db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();

export const findOutboxByProviderId = (db: Db, providerId: string) =>
  db.selectFrom('outbox').selectAll().where('provider_id', '=', providerId).executeTakeFirst();

/** Takes a queued message for sending; undefined if another worker has it, it was cancelled, or it is not due. */
export const claimOutbox = (db: Db, id: string) =>
  db.updateTable('outbox').set({ status: 'sending', attempts: sql`attempts + 1`, updated_at: sql`now()` })
    .where('id', '=', id).where('status', '=', 'queued').where('send_after', '<=', sql<Date>`now()`)
    .returningAll().executeTakeFirst();

/** Takes many queued messages for sending in one statement; those another worker has, cancelled or not due are left out. */
export const claimOutboxMany = (db: Db, ids: string[]) => ids.length === 0 ? Promise.resolve([]) :
  db.updateTable('outbox').set({ status: 'sending', attempts: sql`attempts + 1`, updated_at: sql`now()` })
    .where('id', 'in', ids).where('status', '=', 'queued').where('send_after', '<=', sql<Date>`now()`)
    .returningAll().execute();

/** What became of one send: handed over (sent, delivered, test), to be tried again at `retryAt`, or failed for good. */
export type SendOutcome =
  | { id: string; result: 'sent'; status: 'sent' | 'delivered' | 'test'; providerId: string | null }
  | { id: string; result: 'retry'; error: string; retryAt: Date }
  | { id: string; result: 'failed'; error: string };

/** Records many sends' outcomes in one statement (a statement per message would double the delivery's round trips). */
export async function recordOutcomes(db: Db, outcomes: SendOutcome[]): Promise<OutboxRow[]> {
  if (outcomes.length === 0) return [];
  const values = outcomes.map((o) => o.result === 'sent'
    ? sql`(${o.id}::uuid, ${o.status}::text, true, ${o.providerId}::text, ${null}::text, ${null}::timestamptz)`
    : sql`(${o.id}::uuid, ${o.result === 'retry' ? 'queued' : 'failed'}::text, false, ${null}::text, ${o.error}::text, ${o.result === 'retry' ? o.retryAt : null}::timestamptz)`);
  const result = await sql<OutboxRow>`update outbox as o set
      status = v.status,
      provider_id = case when v.sent then v.provider_id else o.provider_id end,
      sent_at = case when v.sent then now() else o.sent_at end,
      delivered_at = case when v.status = 'delivered' then now() else o.delivered_at end,
      last_error = v.last_error,
      send_after = coalesce(v.send_after, o.send_after),
      updated_at = now()
    from (values ${sql.join(values)}) as v(id, status, sent, provider_id, last_error, send_after)
    where o.id = v.id
    returning o.*`.execute(db);
  return result.rows;
}

export const updateOutbox = (db: Db, id: string, changes: Updateable<OutboxTable>) =>
  db.updateTable('outbox').set({ ...changes, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirst();

/** Cancels a message not yet sent (a scheduled reply withdrawn). */
export const cancelOutbox = (db: Db, organizationId: string, messageId: string) =>
  db.updateTable('outbox').set({ status: 'cancelled', updated_at: sql`now()` })
    .where('organization_id', '=', organizationId).where('message_id', '=', messageId).where('status', '=', 'queued')
    .returningAll().executeTakeFirst();

/** Messages due but not being sent (a lost job, a crash mid-send): the sweeper hands them to a worker again. */
export const listStranded = (db: Db, limit: number) =>
  db.selectFrom('outbox').select(['id', 'status'])
    .where((eb) => eb.or([
      eb.and([eb('status', '=', 'queued'), eb('send_after', '<', sql<Date>`now() - interval '1 minute'`)]),
      eb.and([eb('status', '=', 'sending'), eb('updated_at', '<', sql<Date>`now() - interval '5 minutes'`)]),
    ]))
    .orderBy('send_after').limit(limit).execute();

export const requeue = (db: Db, id: string) =>
  db.updateTable('outbox').set({ status: 'queued', updated_at: sql`now()` }).where('id', '=', id).where('status', '=', 'sending').execute();

export function listOutbox(db: Db, organizationId: string, filter: { testOnly: boolean; limit: number; offset: number }) {
  let query = db.selectFrom('outbox').where('organization_id', '=', organizationId);
  if (filter.testOnly) query = query.where('test_mode', '=', true);
  return Promise.all([
    query.selectAll().orderBy('created_at', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
}

/** What the clinic sent to an address since a time, by purpose (newest first). */
export const outboundPurposesSince = async (db: Db, organizationId: string, recipient: string, since: Date) =>
  (await db.selectFrom('outbox').select('purpose').distinct().where('organization_id', '=', organizationId)
    .where('recipient', '=', recipient).where('created_at', '>=', since).execute()).map((row) => row.purpose);
