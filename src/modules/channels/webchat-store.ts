import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ChatSessionTable } from '../../db/schema-inbox.js';

/** Every query of the web chat's visitor sessions (chat_sessions). */
type Db = Kysely<Database>;
export type ChatSessionRow = Selectable<ChatSessionTable>;

export const insertSession = (db: Db, row: Insertable<ChatSessionTable>) =>
  db.insertInto('chat_sessions').values(row).returningAll().executeTakeFirstOrThrow();

export const findSessionByTokenHash = (db: Db, tokenHash: string) =>
  db.selectFrom('chat_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

export const findSession = (db: Db, id: string) =>
  db.selectFrom('chat_sessions').selectAll().where('id', '=', id).executeTakeFirst();

export const updateSession = (db: Db, id: string, changes: Updateable<ChatSessionTable>) =>
  db.updateTable('chat_sessions').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** Sets the session's conversation unless another tab set it first; returns the session as it is now. */
export async function claimConversation(db: Db, id: string, conversationId: string) {
  const claimed = await db.updateTable('chat_sessions').set({ conversation_id: conversationId })
    .where('id', '=', id).where((eb) => eb.or([eb('conversation_id', 'is', null), eb('conversation_id', '=', conversationId)]))
    .returningAll().executeTakeFirst();
  return claimed ?? (await findSession(db, id));
}

export const touchSession = (db: Db, id: string, at: Date) =>
  db.updateTable('chat_sessions').set({ last_seen_at: at }).where('id', '=', id).execute();

/** The visitors still connected (one statement for every session a process holds). */
export const touchSessions = (db: Db, ids: string[], at: Date) =>
  ids.length === 0 ? Promise.resolve() : db.updateTable('chat_sessions').set({ last_seen_at: at }).where('id', 'in', ids).execute().then(() => undefined);

/** The visitor session behind a chat conversation (the latest, if a conversation was ever shared). */
export const findSessionByConversation = (db: Db, organizationId: string, conversationId: string) =>
  db.selectFrom('chat_sessions').selectAll().where('organization_id', '=', organizationId).where('conversation_id', '=', conversationId)
    .orderBy('last_seen_at', 'desc').limit(1).executeTakeFirst();

/** Sessions one address opened since a time (the per-address limit). */
export async function countSessionsFromIp(db: Db, clientIp: string, since: Date) {
  const row = await db.selectFrom('chat_sessions').select(sql<number>`count(*)`.as('count'))
    .where('client_ip', '=', clientIp).where('created_at', '>', since).executeTakeFirstOrThrow();
  return Number(row.count);
}
