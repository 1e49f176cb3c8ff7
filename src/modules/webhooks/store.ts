import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { WebhookAttemptTable, WebhookDeliveryStatus, WebhookDeliveryTable, WebhookEndpointTable } from '../../db/schema-webhooks.js';

/** The webhook tables (webhook_endpoints, webhook_deliveries, webhook_attempts) and nothing else. */
export type Db = Kysely<Database> | Transaction<Database>;
export type EndpointRow = Selectable<WebhookEndpointTable>;
export type DeliveryRow = Selectable<WebhookDeliveryTable>;
export type AttemptRow = Selectable<WebhookAttemptTable>;

export const insertEndpoint = (db: Db, values: Insertable<WebhookEndpointTable>) =>
  db.insertInto('webhook_endpoints').values(values).returningAll().executeTakeFirstOrThrow();

export const findEndpoint = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** An endpoint by id alone: for the delivery job, which reads the tenant from the row. */
export const endpointById = (db: Db, id: string) => db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();

export const listEndpoints = (db: Db, organizationId: string) =>
  db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').orderBy('id').execute();

/** The active endpoints of a clinic: the subscriber's one read per event. */
export const activeEndpoints = (db: Db, organizationId: string) =>
  db.selectFrom('webhook_endpoints').selectAll().where('organization_id', '=', organizationId).where('status', '=', 'active').execute();

export const updateEndpoint = (db: Db, organizationId: string, id: string, changes: Updateable<WebhookEndpointTable>) =>
  db.updateTable('webhook_endpoints').set({ ...changes, updated_at: sql`now()` }).where('organization_id', '=', organizationId).where('id', '=', id)
    .returningAll().executeTakeFirst();

export const deleteEndpoint = async (db: Db, organizationId: string, id: string) =>
  (await db.deleteFrom('webhook_endpoints').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst()).numDeletedRows > 0n;

export const insertDeliveries = (db: Db, rows: Insertable<WebhookDeliveryTable>[]) =>
  rows.length === 0 ? Promise.resolve([]) : db.insertInto('webhook_deliveries').values(rows).onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing()).returningAll().execute();

export const findDelivery = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('webhook_deliveries').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export async function listDeliveries(db: Db, organizationId: string, endpointId: string, filter: { status?: WebhookDeliveryStatus | undefined; limit: number; offset: number }) {
  let query = db.selectFrom('webhook_deliveries').where('organization_id', '=', organizationId).where('endpoint_id', '=', endpointId);
  if (filter.status) query = query.where('status', filter.status === 'pending' ? 'in' : '=', filter.status === 'pending' ? ['pending', 'sending'] : filter.status);
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export const attemptsOf = (db: Db, organizationId: string, deliveryIds: string[]) =>
  deliveryIds.length === 0 ? Promise.resolve([]) : db.selectFrom('webhook_attempts').selectAll().where('organization_id', '=', organizationId)
    .where('delivery_id', 'in', deliveryIds).orderBy('delivery_id').orderBy('number').execute();

/** Per endpoint: the latest delivery's status and when, and how many wait: one grouped read for the list. */
export async function endpointSummaries(db: Db, organizationId: string) {
  const rows = await db.selectFrom('webhook_deliveries')
    .select('endpoint_id')
    .select(sql<Date | null>`max(last_attempt_at)`.as('last_attempt_at'))
    .select(sql<string>`count(*) filter (where status in ('pending', 'sending'))`.as('waiting'))
    .select(sql<string>`count(*) filter (where status = 'dead')`.as('dead'))
    .where('organization_id', '=', organizationId).groupBy('endpoint_id').execute();
  return new Map(rows.map((r) => [r.endpoint_id, { lastAttemptAt: r.last_attempt_at, waiting: Number(r.waiting), dead: Number(r.dead) }]));
}

/**
 * Takes up to `limit` due deliveries of one endpoint for an attempt: pending and due, or taken by a
 * worker whose lease ran out (it died mid-request). SKIP LOCKED: two workers never take the same one.
 */
export async function claimDue(db: Db, endpointId: string, now: Date, leaseUntil: Date, limit: number) {
  return db.updateTable('webhook_deliveries').set({ status: 'sending', lease_until: leaseUntil })
    .where('id', 'in', (eb) => eb.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', endpointId)
      .where((w) => w.or([
        w.and([w('status', '=', 'pending'), w('next_attempt_at', '<=', now)]),
        w.and([w('status', '=', 'sending'), w('lease_until', '<', now)]),
      ]))
      .orderBy('next_attempt_at').orderBy('created_at').limit(limit).forUpdate().skipLocked())
    .returningAll().execute();
}

export const updateDelivery = (db: Db, id: string, changes: Updateable<WebhookDeliveryTable>) =>
  db.updateTable('webhook_deliveries').set(changes).where('id', '=', id).execute();

/** Finished deliveries (delivered or dead) older than the cut-off go, with their attempts. */
export const purgeFinished = async (db: Db, before: Date) =>
  Number((await db.deleteFrom('webhook_deliveries').where('status', 'in', ['delivered', 'dead']).where('created_at', '<', before).executeTakeFirst()).numDeletedRows);

export const insertAttempt = (db: Db, values: Insertable<WebhookAttemptTable>) => db.insertInto('webhook_attempts').values(values).execute();

/** Endpoints with deliveries due (or stranded by a dead worker): the sweeper gives each a job. */
export const endpointsWithDue = (db: Db, now: Date) =>
  db.selectFrom('webhook_deliveries').select('endpoint_id').distinct()
    .where((w) => w.or([
      w.and([w('status', '=', 'pending'), w('next_attempt_at', '<=', now)]),
      w.and([w('status', '=', 'sending'), w('lease_until', '<', now)]),
    ])).limit(500).execute();

/**
 * Defers an endpoint's deliveries not yet tried to when its circuit closes (new events do not each
 * try a failing endpoint). Deliveries already retrying keep their own schedule and 24-hour limit.
 */
export const deferPending = (db: Db, endpointId: string, until: Date) =>
  db.updateTable('webhook_deliveries').set({ next_attempt_at: until })
    .where('endpoint_id', '=', endpointId).where('status', '=', 'pending').where('attempts', '=', 0).where('next_attempt_at', '<', until).execute();

/** Counts an attempt's outcome on its endpoint in one statement (concurrent workers add up, never overwrite). */
export async function recordEndpointOutcome(db: Db, id: string, ok: boolean, now: Date) {
  const changes = ok
    ? { consecutive_failures: 0, failing_since: null, circuit_open_until: null, last_attempt_at: now, last_success_at: now }
    : { consecutive_failures: sql<number>`consecutive_failures + 1`, failing_since: sql<Date>`coalesce(failing_since, ${now})`, last_attempt_at: now };
  return db.updateTable('webhook_endpoints').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
}

export const openCircuit = (db: Db, id: string, until: Date) =>
  db.updateTable('webhook_endpoints').set({ circuit_open_until: until }).where('id', '=', id).execute();

export const disableEndpoint = (db: Db, id: string, reason: string) =>
  db.updateTable('webhook_endpoints').set({ status: 'disabled', disabled_reason: reason, circuit_open_until: null, updated_at: sql`now()` })
    .where('id', '=', id).where('status', '=', 'active').returningAll().executeTakeFirst();
