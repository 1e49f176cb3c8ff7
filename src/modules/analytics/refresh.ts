import { sql, type Kysely } from 'kysely';
import type { KpiFamily } from '../../db/schema-analytics.js';
import type { Database } from '../../db/schema.js';
import { invalid } from '../../platform/errors.js';
import { inboxFactSpan } from '../inbox/facts.js';
import { surveyFactSpan } from '../feedback/facts.js';
import { visitFactSpan } from '../scheduling/facts.js';
import { referralFactSpan } from '../care/referral-facts.js';
import { clinicTimeZone, dirtyFamilies, takeDirtyDays } from './dirty.js';
import { FAMILIES, FAMILY_DIMS } from './metrics.js';
import { aggregation, clinicDays } from './rollups.js';

const METRIC_PREFIX: Record<KpiFamily, string> = { inbox: 'inbox.%', visits: 'visit.%', surveys: 'survey.%', referrals: 'referral.%' };
// Days recomputed per statement by a full recomputation: a month of facts is one range read.
const CHUNK_DAYS = 31;
// Days one refresh call recomputes at most; the rest wait for the next call (a job, or the next report read).
export const REFRESH_LIMIT = 60;

async function lockFamily(trx: Kysely<Database>, organizationId: string, family: KpiFamily) {
  await sql`select pg_advisory_xact_lock(hashtext(${`kpi:${organizationId}:${family}`}))`.execute(trx);
}

/** Replaces a family's rollups of a clinic for the days [from, to] with sums computed from the facts (inside the caller's transaction). */
async function replaceRollups(trx: Kysely<Database>, organizationId: string, family: KpiFamily, from: string, to: string): Promise<void> {
  const days = await clinicDays(trx, organizationId, from, to);
  await trx.deleteFrom('kpi_rollups').where('organization_id', '=', organizationId).where('day', '>=', from).where('day', '<=', to)
    .where('metric', 'like', METRIC_PREFIX[family]).execute();
  await sql`
    insert into kpi_rollups (organization_id, metric, day, dim, dim_value, n, total, total_business, hits, misses, hist)
    select ${organizationId}::uuid, a.metric, a.day, a.dim, a.dim_value, a.n, a.total, a.total_business, a.hits, a.misses, a.hist
    from (${aggregation(family, days, FAMILY_DIMS[family])}) a`.execute(trx);
}

/**
 * Recomputes a family's rollups of a clinic for the days [from, to], in one transaction. A
 * per-(clinic, family) lock makes two recomputes of the same days wait for each other instead of
 * both inserting; the second then sees and replaces the first's rows.
 */
export async function recomputeDays(db: Kysely<Database>, organizationId: string, family: KpiFamily, from: string, to: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockFamily(trx, organizationId, family);
    // A month of a busy clinic's facts, grouped by day, dimension and bucket, sorts in memory instead of on disk.
    await sql`set local work_mem = '64MB'`.execute(trx);
    await replaceRollups(trx, organizationId, family, from, to);
  });
}

/**
 * Recomputes up to REFRESH_LIMIT marked days (of one clinic, or all); returns how many. The marks
 * are taken and their days recomputed in one transaction under the family's lock: a refresh that
 * finds another one at work waits for it (so on return every day marked before the call is fresh),
 * a failure leaves the marks in place, and a fact that changes meanwhile marks its day again.
 */
export async function refreshDirtyDays(db: Kysely<Database>, organizationId?: string): Promise<number> {
  const groups = await dirtyFamilies(db, organizationId);
  let refreshed = 0;
  for (const group of groups) {
    if (refreshed >= REFRESH_LIMIT) break;
    refreshed += await db.transaction().execute(async (trx) => {
      await lockFamily(trx, group.organizationId, group.family);
      const days = await takeDirtyDays(trx, group.organizationId, group.family, REFRESH_LIMIT - refreshed);
      for (const day of days) await replaceRollups(trx, group.organizationId, group.family, day, day);
      return days.length;
    });
  }
  return refreshed;
}

const SPANS = { inbox: inboxFactSpan, visits: visitFactSpan, surveys: surveyFactSpan, referrals: referralFactSpan };

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

async function localDay(db: Kysely<Database>, at: Date, timeZone: string): Promise<string> {
  const result = await sql<{ day: string }>`select (${at}::timestamptz at time zone ${timeZone})::date::text as day`.execute(db);
  return result.rows[0]!.day;
}

/** Drops a family's rollups outside [from, to] (all of them without a span): days left from facts that are gone. */
async function dropOutside(db: Kysely<Database>, organizationId: string, family: KpiFamily, span: { from: string; to: string } | null) {
  await db.transaction().execute(async (trx) => {
    await lockFamily(trx, organizationId, family);
    let query = trx.deleteFrom('kpi_rollups').where('organization_id', '=', organizationId).where('metric', 'like', METRIC_PREFIX[family]);
    if (span) query = query.where((eb) => eb.or([eb('day', '<', span.from), eb('day', '>', span.to)]));
    await query.execute();
  });
}

/**
 * Recomputes a clinic's rollups over [from, to] (every family), a month per transaction. Without a
 * range: every day from its first fact to its last, then the rows outside that span are dropped.
 * Each month is replaced in its own transaction, so reports read the old numbers or the new ones,
 * never an empty period, and a recomputation that stops halfway leaves every day with numbers.
 */
export async function recomputeClinic(db: Kysely<Database>, organizationId: string, range?: { from: string; to: string }): Promise<void> {
  if (range && range.from > range.to) throw invalid('from', 'must not be after to');
  const timeZone = range ? '' : await clinicTimeZone(db, organizationId);
  for (const family of FAMILIES) {
    let from = range?.from;
    let to = range?.to;
    if (!range) {
      const span = await SPANS[family](db, organizationId);
      if (!span.first || !span.last) {
        await dropOutside(db, organizationId, family, null);
        continue;
      }
      from = await localDay(db, span.first, timeZone);
      to = await localDay(db, span.last, timeZone);
    }
    for (let start = from!; start <= to!; start = addDays(start, CHUNK_DAYS)) {
      const end = addDays(start, CHUNK_DAYS - 1);
      await recomputeDays(db, organizationId, family, start, end < to! ? end : to!);
    }
    if (!range) await dropOutside(db, organizationId, family, { from: from!, to: to! });
  }
}
