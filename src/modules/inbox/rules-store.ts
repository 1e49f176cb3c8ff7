import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { AgentPresenceTable, AutomationRuleTable } from '../../db/schema-inbox.js';
import type { Db } from './store.js';

/** Every query of automation rules, agent presence and round-robin cursors. */
export type RuleRow = Selectable<AutomationRuleTable>;

export const listRules = (db: Db, organizationId: string) =>
  db.selectFrom('automation_rules').selectAll().where('organization_id', '=', organizationId).orderBy('position').orderBy('created_at').execute();

export const findRule = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('automation_rules').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const nextPosition = async (db: Db, organizationId: string) => {
  const row = await db.selectFrom('automation_rules').select(sql<number>`coalesce(max(position) + 1, 0)`.as('next')).where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
  return Number(row.next);
};

export const insertRule = (db: Db, row: Insertable<AutomationRuleTable>) =>
  db.insertInto('automation_rules').values(row).returningAll().executeTakeFirstOrThrow();

export const updateRule = (db: Db, organizationId: string, id: string, changes: Updateable<AutomationRuleTable>) =>
  db.updateTable('automation_rules').set({ ...changes, updated_at: sql`now()` })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();

export const deleteRule = (db: Db, organizationId: string, id: string) =>
  db.deleteFrom('automation_rules').where('organization_id', '=', organizationId).where('id', '=', id).returning('id').executeTakeFirst();

export const rulesUsingCannedReply = (db: Db, organizationId: string, cannedReplyId: string) =>
  db.selectFrom('automation_rules').select(['id', 'name']).where('organization_id', '=', organizationId)
    .where(sql<boolean>`actions @> ${JSON.stringify([{ cannedReplyId }])}::jsonb`).execute();

/** The most recent conversations (for a rule's dry run). */
export const recentConversations = (db: Db, organizationId: string, limit: number) =>
  db.selectFrom('conversations').selectAll().where('organization_id', '=', organizationId).where('status', '<>', 'merged')
    .orderBy('last_message_at', 'desc').orderBy('id').limit(limit).execute();

/** The latest message a patient wrote in each of these conversations. */
export async function latestPatientMessages(db: Db, organizationId: string, conversationIds: string[]) {
  if (conversationIds.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('messages').select(['conversation_id', 'body']).distinctOn('conversation_id')
    .where('organization_id', '=', organizationId).where('conversation_id', 'in', conversationIds).where('direction', '=', 'in')
    .orderBy('conversation_id').orderBy('created_at', 'desc').execute();
  return new Map(rows.map((row) => [row.conversation_id, row.body]));
}

// ---- presence and assignment ----

export const touchPresence = (db: Db, row: Insertable<AgentPresenceTable>) =>
  db.insertInto('agent_presence').values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ last_seen_at: sql`greatest(agent_presence.last_seen_at, excluded.last_seen_at)`, organization_id: row.organization_id }))
    .execute();

export const onlineSince = (db: Db, organizationId: string, since: Date) =>
  db.selectFrom('agent_presence').select('user_id').where('organization_id', '=', organizationId).where('last_seen_at', '>=', since).execute();

/** Open and pending conversations per assignee. */
export async function openLoad(db: Db, organizationId: string) {
  const rows = await db.selectFrom('conversations').select(['assignee_id', (eb) => eb.fn.countAll<number>().as('open')])
    .where('organization_id', '=', organizationId).where('status', 'in', ['open', 'pending']).where('assignee_id', 'is not', null)
    .groupBy('assignee_id').execute();
  return new Map(rows.map((row) => [row.assignee_id!, Number(row.open)]));
}

/** Locks a team's round-robin cursor (creating it) for the rest of the transaction. */
export async function lockCursor(db: Db, organizationId: string, scope: string) {
  await db.insertInto('assignment_cursors').values({ organization_id: organizationId, scope, last_user_id: null })
    .onConflict((oc) => oc.columns(['organization_id', 'scope']).doNothing()).execute();
  const row = await db.selectFrom('assignment_cursors').select('last_user_id').where('organization_id', '=', organizationId).where('scope', '=', scope).forUpdate().executeTakeFirst();
  return row?.last_user_id ?? null;
}

export const readCursor = async (db: Db, organizationId: string, scope: string) =>
  (await db.selectFrom('assignment_cursors').select('last_user_id').where('organization_id', '=', organizationId).where('scope', '=', scope).executeTakeFirst())?.last_user_id ?? null;

export const moveCursor = (db: Db, organizationId: string, scope: string, userId: string) =>
  db.updateTable('assignment_cursors').set({ last_user_id: userId }).where('organization_id', '=', organizationId).where('scope', '=', scope).execute();
