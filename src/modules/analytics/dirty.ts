import { sql, type Kysely } from 'kysely';
import type { KpiFamily } from '../../db/schema-analytics.js';
import type { Database } from '../../db/schema.js';

/** Marks clinic-local days of a family as needing a recompute (a day already marked stays as it is). */
export async function markDirty(db: Kysely<Database>, organizationId: string, family: KpiFamily, days: string[]): Promise<void> {
  const unique = [...new Set(days)];
  if (unique.length === 0) return;
  await db.insertInto('kpi_dirty_days')
    .values(unique.map((day) => ({ organization_id: organizationId, family, day })))
    .onConflict((conflict) => conflict.doNothing()).execute();
}

/** The (clinic, family) pairs with marked days. */
export async function dirtyFamilies(db: Kysely<Database>, organizationId?: string): Promise<{ organizationId: string; family: KpiFamily }[]> {
  let query = db.selectFrom('kpi_dirty_days').select(['organization_id', 'family']).distinct();
  if (organizationId !== undefined) query = query.where('organization_id', '=', organizationId);
  const rows = await query.execute();
  return rows.map((row) => ({ organizationId: row.organization_id, family: row.family }));
}

/**
 * Takes up to `limit` marked days of a clinic's family off the list (oldest marks first), inside
 * the caller's transaction: they come back if it fails, and a mark made meanwhile waits for it to
 * end and is then written again, for a later refresh.
 */
export async function takeDirtyDays(trx: Kysely<Database>, organizationId: string, family: KpiFamily, limit: number): Promise<string[]> {
  const result = await sql<{ day: string }>`
    delete from kpi_dirty_days where organization_id = ${organizationId} and family = ${family} and day in (
      select day from kpi_dirty_days where organization_id = ${organizationId} and family = ${family}
      order by marked_at limit ${limit})
    returning day::text as day`.execute(trx);
  return result.rows.map((row) => row.day).sort();
}

/** The clinic's time zone (facts are counted on its local days). */
export async function clinicTimeZone(db: Kysely<Database>, organizationId: string): Promise<string> {
  const row = await db.selectFrom('organizations').select('time_zone').where('organization_id', '=', organizationId).executeTakeFirst();
  return row?.time_zone ?? 'UTC';
}
