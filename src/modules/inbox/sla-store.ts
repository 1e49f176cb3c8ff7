import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { HolidayTable, SlaPolicyTable } from '../../db/schema-inbox.js';
import type { Db } from './store.js';

/** Every query of business hours, holidays, SLA policies and the conversations' SLA columns. */
export type SlaPolicyRow = Selectable<SlaPolicyTable>;

const scope = (departmentId: string | null) => (departmentId === null ? sql<boolean>`department_id is null` : sql<boolean>`department_id = ${departmentId}`);

// ---- business hours and holidays ----

/** The periods of exactly one scope (a department's own, or the clinic's: department null), in order. */
export const listOwnPeriods = (db: Db, organizationId: string, departmentId: string | null) =>
  db.selectFrom('business_hours').select(['weekday', 'opens', 'closes'])
    .where('organization_id', '=', organizationId).where(scope(departmentId))
    .orderBy('weekday').orderBy('opens').execute();

export async function replacePeriods(db: Db, organizationId: string, departmentId: string | null, periods: { weekday: number; opens: string; closes: string }[]) {
  await db.deleteFrom('business_hours').where('organization_id', '=', organizationId).where(scope(departmentId)).execute();
  if (periods.length === 0) return;
  await db.insertInto('business_hours')
    .values(periods.map((p) => ({ organization_id: organizationId, department_id: departmentId, weekday: p.weekday, opens: p.opens, closes: p.closes })))
    .execute();
}

/** The clinic's holidays, and a department's own too when one is named. */
export const listHolidays = (db: Db, organizationId: string, departmentId: string | null) =>
  db.selectFrom('holidays').select(['id', 'day', 'name', 'department_id'])
    .where('organization_id', '=', organizationId)
    .where((eb) => (departmentId ? eb.or([eb('department_id', '=', departmentId), eb('department_id', 'is', null)]) : eb('department_id', 'is', null)))
    .orderBy('day').execute();

export const insertHoliday = (db: Db, row: Insertable<HolidayTable>) =>
  db.insertInto('holidays').values(row).returning(['id', 'day', 'name', 'department_id']).executeTakeFirstOrThrow();

export const deleteHoliday = (db: Db, organizationId: string, id: string) =>
  db.deleteFrom('holidays').where('organization_id', '=', organizationId).where('id', '=', id).returning('id').executeTakeFirst();

// ---- SLA policies ----

export const listPolicies = (db: Db, organizationId: string) =>
  db.selectFrom('sla_policies').selectAll().where('organization_id', '=', organizationId)
    .orderBy(sql`department_id nulls first`).orderBy(sql`array_position(array['urgent','high','normal','low'], priority)`).execute();

export const findPolicy = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('sla_policies').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const insertPolicy = (db: Db, row: Insertable<SlaPolicyTable>) =>
  db.insertInto('sla_policies').values(row).returningAll().executeTakeFirstOrThrow();

export const updatePolicy = (db: Db, organizationId: string, id: string, changes: Updateable<SlaPolicyTable>) =>
  db.updateTable('sla_policies').set({ ...changes, updated_at: sql`now()` })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();

/** Removes a policy; the conversations it governed lose their due times (recomputed on their next event). */
export async function deletePolicy(db: Db, organizationId: string, id: string) {
  await db.updateTable('conversations').set({ sla_policy_id: null, first_response_due_at: null, next_response_due_at: null, resolution_due_at: null, sla_warned: [] })
    .where('organization_id', '=', organizationId).where('sla_policy_id', '=', id).execute();
  return db.deleteFrom('sla_policies').where('organization_id', '=', organizationId).where('id', '=', id).returning('id').executeTakeFirst();
}

// ---- the conversations' SLA columns ----

export interface DueTimes {
  sla_policy_id: string | null;
  first_response_due_at: Date | null;
  next_response_due_at: Date | null;
  resolution_due_at: Date | null;
}

/** Writes due times; the warnings already raised for `rearm` targets are forgotten (their due time moved). */
export const setDueTimes = (db: Db, organizationId: string, id: string, due: DueTimes, rearm: string[]) =>
  db.updateTable('conversations')
    .set({ ...due, ...(rearm.length > 0 && { sla_warned: sql<string[]>`array(select t from unnest(sla_warned) t where split_part(t, ':', 1) <> all(${rearm}::text[]))` }) })
    .where('organization_id', '=', organizationId).where('id', '=', id).execute();

/**
 * Records a warning ('first_response:soon', 'resolution:breached', ...) and those it implies, once:
 * the row comes back only to the caller that added it, so two job runs at once raise it once.
 */
export const markWarned = (db: Db, id: string, tag: string, implied: string[]) =>
  db.updateTable('conversations')
    .set({ sla_warned: sql<string[]>`array(select distinct t from unnest(sla_warned || ${[tag, ...implied]}::text[]) t)` })
    .where('id', '=', id).where(sql<boolean>`not (sla_warned @> array[${tag}]::text[])`)
    .returningAll().executeTakeFirst();

const columns = { first_response: 'first_response_due_at', next_response: 'next_response_due_at', resolution: 'resolution_due_at' } as const;
export type SlaTargetName = keyof typeof columns;
export const SLA_TARGETS = Object.keys(columns) as SlaTargetName[];
export const dueColumn = (target: SlaTargetName) => columns[target];

/**
 * Open and pending conversations (of every clinic) with a due time that has passed and was not yet
 * reported as breached, or that falls within the policy's warning time and was not yet warned about.
 */
export function conversationsNearDue(db: Db, now: Date, limit = 500) {
  const condition = (target: SlaTargetName) => {
    const due = sql.ref(`c.${columns[target]}`);
    const running = target === 'resolution' ? sql`true` : sql`c.waiting_since is not null`;
    return sql<boolean>`(${running} and ${due} is not null and (
      (${due} <= ${now} and not (c.sla_warned @> array[${`${target}:breached`}]::text[]))
      or (${due} <= ${now}::timestamptz + make_interval(mins => p.warn_before_minutes) and not (c.sla_warned @> array[${`${target}:soon`}]::text[]))))`;
  };
  return db.selectFrom('conversations as c').innerJoin('sla_policies as p', 'p.id', 'c.sla_policy_id')
    .selectAll('c').select('p.warn_before_minutes')
    .where('c.status', 'in', ['open', 'pending'])
    .where((eb) => eb.or(SLA_TARGETS.map((target) => condition(target))))
    .limit(limit).execute();
}

/** Open, pending and snoozed conversations of a clinic (to recompute their due times after a settings change). */
export const runningConversationIds = (db: Db, organizationId: string, afterId: string | null, limit: number) => {
  let query = db.selectFrom('conversations').select('id').where('organization_id', '=', organizationId).where('status', 'in', ['open', 'pending', 'snoozed']);
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
};
