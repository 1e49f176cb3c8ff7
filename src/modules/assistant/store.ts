import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AssistantSessionTable, AssistantSettingsTable } from '../../db/schema-assistant.js';

/** Every query of the assistant's own tables: its settings per clinic and its dialog state per conversation. */
export type Db = Kysely<Database>;
export type SettingsRow = Selectable<AssistantSettingsTable>;
export type SessionRow = Selectable<AssistantSessionTable>;
export type SessionChanges = Updateable<AssistantSessionTable>;

export const findSettings = (db: Db, organizationId: string) =>
  db.selectFrom('assistant_settings').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();

export const saveSettings = (db: Db, row: Insertable<AssistantSettingsTable>) =>
  db.insertInto('assistant_settings').values(row)
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ ...row, updated_at: new Date() }))
    .returningAll().executeTakeFirstOrThrow();

export const findSession = (db: Db, organizationId: string, conversationId: string) =>
  db.selectFrom('assistant_sessions').selectAll().where('organization_id', '=', organizationId).where('conversation_id', '=', conversationId).executeTakeFirst();

/** Adds a message to the conversation's queue, making the session row if it is the first. */
export async function enqueueMessage(db: Db, organizationId: string, conversationId: string, cycle: number, messageId: string) {
  await db.insertInto('assistant_sessions').values({ organization_id: organizationId, conversation_id: conversationId, cycle })
    .onConflict((oc) => oc.columns(['organization_id', 'conversation_id']).doNothing()).execute();
  // A conversation reopened after its resolution starts afresh: a new request, perhaps another person at the keyboard.
  await db.updateTable('assistant_sessions').set({
    cycle, step: 'idle', intent: null, patient_id: null, verified_by: null, verify_attempts: 0, failed_answers: 0, service_id: null, service_name: null,
    appointment_id: null, appointment_label: null, offered: '[]', chosen_label: null, booked_appointment_id: null, red_flags: '[]',
    last_question: null, last_article_title: null, handed_off_at: null, handoff_reason: null, updated_at: new Date(),
  }).where('organization_id', '=', organizationId).where('conversation_id', '=', conversationId).where('cycle', '<', cycle).execute();
  await db.updateTable('assistant_sessions')
    .set({ pending_message_ids: sql`array_append(pending_message_ids, ${messageId}::uuid)` })
    .where('organization_id', '=', organizationId).where('conversation_id', '=', conversationId)
    .where(sql<boolean>`not (${messageId}::uuid = any(pending_message_ids))`)
    .execute();
}

/**
 * Takes the conversation for one worker: a lease, so two messages arriving together (in one or two
 * server processes) are answered one after the other; a crashed holder's lease lapses.
 */
export const takeLease = (db: Db, organizationId: string, conversationId: string, owner: string, seconds: number) =>
  db.updateTable('assistant_sessions')
    .set({ lease_owner: owner, lease_until: sql`now() + make_interval(secs => ${seconds})` })
    .where('organization_id', '=', organizationId).where('conversation_id', '=', conversationId)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', sql<Date>`now()`)]))
    .returningAll().executeTakeFirst();

/** Saves what one message changed and takes it off the queue (only while the lease is ours). */
export const saveTurn = (db: Db, id: string, owner: string, messageId: string, changes: SessionChanges, leaseSeconds: number) =>
  db.updateTable('assistant_sessions')
    .set({
      ...changes,
      // A hand-off recorded meanwhile (a red flag answered outside the queue) is never undone by a turn.
      ...(changes.step !== undefined && { step: sql`case when handed_off_at is not null then 'handed_off' else ${changes.step} end` }),
      pending_message_ids: sql`array_remove(pending_message_ids, ${messageId}::uuid)`,
      lease_until: sql`now() + make_interval(secs => ${leaseSeconds})`, updated_at: new Date(),
    })
    .where('id', '=', id).where('lease_owner', '=', owner)
    .returningAll().executeTakeFirst();

/** Gives the lease back when nothing waits; undefined when a message arrived meanwhile (the holder goes on). */
export const releaseLease = (db: Db, id: string, owner: string) =>
  db.updateTable('assistant_sessions').set({ lease_owner: null, lease_until: null })
    .where('id', '=', id).where('lease_owner', '=', owner).where(sql<boolean>`cardinality(pending_message_ids) = 0`)
    .returning('id').executeTakeFirst();

export const findSessionById = (db: Db, id: string) => db.selectFrom('assistant_sessions').selectAll().where('id', '=', id).executeTakeFirst();

/** A red flag is recorded outside a turn: it must never wait for the queue. */
export const appendRedFlag = (db: Db, organizationId: string, conversationId: string, flag: string) =>
  db.updateTable('assistant_sessions')
    .set({ red_flags: sql`red_flags || ${flag}::jsonb`, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('conversation_id', '=', conversationId)
    .execute();

export const markHandedOff = (db: Db, organizationId: string, conversationId: string, reason: string) =>
  db.updateTable('assistant_sessions')
    .set({ step: 'handed_off', handed_off_at: new Date(), handoff_reason: reason, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('conversation_id', '=', conversationId).where('handed_off_at', 'is', null)
    .execute();
