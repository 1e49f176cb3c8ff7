import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AuditEntry } from '../../platform/audit.js';
import type { DomainEvent } from '../../platform/events.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';

/**
 * The transaction itself, where services would open one of their own: their work joins the
 * outer transaction, so a failure anywhere undoes all of it. (Kysely cannot nest transactions.)
 */
function joining(trx: Kysely<Database>): Kysely<Database> {
  const joined: Kysely<Database> = new Proxy(trx, {
    get(target, property) {
      if (property === 'transaction') {
        const builder = { execute: <T>(work: (db: Kysely<Database>) => Promise<T>) => work(joined), setIsolationLevel: () => builder, setAccessMode: () => builder };
        return () => builder;
      }
      const value: unknown = Reflect.get(target, property, target);
      // Kysely's methods read private fields: they must run on the real object, not the proxy.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return joined;
}

/**
 * Runs several service calls as one: they share one database transaction (all or nothing), and
 * what they announce (events, audit entries) is held back until it commits, so subscribers never
 * hear of records that were rolled back and never wait on the open transaction. Only for
 * services that change the database and announce; one that sends a job or a message now (the
 * outbox's dispatch) must not run inside.
 */
export async function asOneTransaction<T>(platform: Platform, work: (platform: Platform) => Promise<T>): Promise<T> {
  const events: DomainEvent[] = [];
  const audits: { actor: Actor; entries: AuditEntry[] }[] = [];
  const result = await platform.db.transaction().execute((trx) => work({
    ...platform,
    db: joining(trx),
    events: { ...platform.events, publish: async (event) => { events.push(event); } },
    audit: { ...platform.audit, record: async (actor, entries) => { audits.push({ actor, entries }); } },
  }));
  for (const { actor, entries } of audits) await platform.audit.record(actor, entries);
  for (const event of events) await platform.events.publish(event);
  return result;
}
