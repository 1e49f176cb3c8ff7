import { sql } from 'kysely';
import type { Db } from './store.js';

/** Queries of the e-mail channel: the raw record of every mail received, and outbound mail found by its Message-ID. */

export type InboundOutcome =
  | 'received' | 'stored' | 'duplicate' | 'forged_reply_token' | 'auto_reply' | 'auto_reply_unmatched'
  | 'bounce' | 'bounce_unmatched' | 'rejected_no_sender' | 'error';

/** Keeps a mail exactly as it arrived, before anything reads it: a message the parser chokes on is never lost. */
export const insertInboundEmail = (db: Db, row: { organizationId: string; envelopeFrom: string | null; envelopeTo: string[]; raw: Buffer }) =>
  db.insertInto('inbound_emails').values({
    organization_id: row.organizationId, envelope_from: row.envelopeFrom, envelope_to: row.envelopeTo,
    raw: row.raw, outcome: 'received',
  }).returning('id').executeTakeFirstOrThrow();

export const setInboundOutcome = (db: Db, id: string, outcome: InboundOutcome, messageId: string | null = null) =>
  db.updateTable('inbound_emails').set({ outcome, message_id: messageId }).where('id', '=', id).execute();

/** Mail we sent through the relay has our Message-ID as its provider id (see the SMTP transport). */
export const findSentMail = (db: Db, organizationId: string, messageIds: string[]) =>
  messageIds.length === 0 ? Promise.resolve(undefined) : db.selectFrom('outbox').selectAll()
    .where('provider_id', 'in', messageIds).where('organization_id', '=', organizationId).where('channel', '=', 'email')
    .orderBy('created_at', 'desc').limit(1).executeTakeFirst();

/** Marks a sent mail failed (a bounce came back); a row already failed or never sent is left as it is. */
export const failSentMail = (db: Db, id: string, reason: string) =>
  db.updateTable('outbox').set({ status: 'failed', last_error: reason.slice(0, 500), updated_at: sql`now()` })
    .where('id', '=', id).where('status', 'in', ['sent', 'delivered']).returningAll().executeTakeFirst();

/** Drops the raw bytes of mail older than the retention period; the record of what arrived and what became of it stays. */
export const purgeRawMail = async (db: Db, before: Date) =>
  Number((await db.updateTable('inbound_emails').set({ raw: Buffer.alloc(0) })
    .where('created_at', '<', before).where(sql<boolean>`octet_length(raw) > 0`).executeTakeFirst()).numUpdatedRows);
