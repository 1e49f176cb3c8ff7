import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { TaskRuleEventTable, TaskRuleFacts, TaskRuleTable } from '../../db/schema-task-rules.js';
import type { Db } from './store.js';

export type TaskRuleRow = Selectable<TaskRuleTable>;
export type TaskRuleEventRow = Selectable<TaskRuleEventTable>;

export const insertRule = (db: Db, row: Insertable<TaskRuleTable>) =>
  db.insertInto('task_rules').values(row).returningAll().executeTakeFirstOrThrow();

export const findRule = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('task_rules').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const lockRule = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('task_rules').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

export const updateRule = (db: Db, organizationId: string, id: string, changes: Updateable<TaskRuleTable>) =>
  db.updateTable('task_rules').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const deleteRule = (db: Db, organizationId: string, id: string) =>
  db.deleteFrom('task_rules').where('organization_id', '=', organizationId).where('id', '=', id).returning('id').executeTakeFirst();

export const listRules = (db: Db, organizationId: string) =>
  db.selectFrom('task_rules').selectAll().where('organization_id', '=', organizationId).orderBy('name').orderBy('id').execute();

/** The enabled rules that start from an event type. */
export const enabledRulesFor = (db: Db, organizationId: string, eventType: string) =>
  db.selectFrom('task_rules').selectAll().where('organization_id', '=', organizationId)
    .where('event_type', '=', eventType).where('enabled', '=', true).orderBy('created_at').execute();

/** How many tasks each rule made, and when the last one was made. */
export async function ruleStats(db: Db, organizationId: string) {
  const rows = await db.selectFrom('task_rule_runs').where('organization_id', '=', organizationId).where('rule_id', 'is not', null)
    .select(['rule_id', sql<string>`count(*)`.as('made'), sql<Date>`max(created_at)`.as('last_at')]).groupBy('rule_id').execute();
  return new Map(rows.map((row) => [row.rule_id!, { made: Number(row.made), lastAt: row.last_at }]));
}

/**
 * Hands out the next round-robin turn of a rule (one UPDATE: two events at once get two turns).
 * Returns the turn before the increment.
 */
export async function takeRoundRobinTurn(db: Db, organizationId: string, ruleId: string): Promise<number> {
  const row = await db.updateTable('task_rules').set({ round_robin_turn: sql`round_robin_turn + 1` })
    .where('organization_id', '=', organizationId).where('id', '=', ruleId).returning('round_robin_turn').executeTakeFirst();
  return row ? row.round_robin_turn - 1 : 0;
}

/** Records an event rules look at (once: a repeated event is kept as first seen). */
export const recordEvent = (db: Db, row: { organization_id: string; event_type: string; subject_id: string; patient_id: string | null; facts: TaskRuleFacts; occurred_at: Date }) =>
  db.insertInto('task_rule_events').values({ ...row, facts: JSON.stringify(row.facts) })
    .onConflict((oc) => oc.columns(['organization_id', 'event_type', 'subject_id']).doNothing()).execute();

/** The events of a type since a time, latest first (at most `limit`). */
export const recentEvents = (db: Db, organizationId: string, eventType: string, since: Date, limit: number) =>
  db.selectFrom('task_rule_events').selectAll().where('organization_id', '=', organizationId)
    .where('event_type', '=', eventType).where('occurred_at', '>=', since)
    .orderBy('occurred_at', 'desc').orderBy('id').limit(limit).execute();

/** Drops events older than `before` in every clinic (previews look back a week; a month is kept). */
export const purgeEvents = (db: Db, before: Date) =>
  db.deleteFrom('task_rule_events').where('occurred_at', '<', before).executeTakeFirst();

/** Repoints recorded events after a merge, so a preview shows the record that was kept. */
export const repointEvents = (db: Db, organizationId: string, fromPatientId: string, toPatientId: string) =>
  db.updateTable('task_rule_events').set({ patient_id: toPatientId })
    .where('organization_id', '=', organizationId).where('patient_id', '=', fromPatientId).execute();

/** Records what a rule made; false when this rule already made a task for this event. */
export async function recordRun(db: Db, row: { organization_id: string; rule_id: string; rule_name: string; event_type: string; subject_id: string; task_id: string }) {
  const inserted = await db.insertInto('task_rule_runs').values(row)
    .onConflict((oc) => oc.columns(['rule_id', 'event_type', 'subject_id']).doNothing()).returning('id').executeTakeFirst();
  return inserted !== undefined;
}

/** The rule that made each of these tasks (by name as it was then, and id while the rule exists). */
export async function rulesOfTasks(db: Db, organizationId: string, taskIds: string[]) {
  if (taskIds.length === 0) return new Map<string, { id: string | null; name: string }>();
  const rows = await db.selectFrom('task_rule_runs').select(['task_id', 'rule_id', 'rule_name'])
    .where('organization_id', '=', organizationId).where('task_id', 'in', taskIds).execute();
  return new Map(rows.map((row) => [row.task_id, { id: row.rule_id, name: row.rule_name }]));
}
