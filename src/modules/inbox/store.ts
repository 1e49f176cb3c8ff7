import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Channel, ConversationTable, MessageTable } from '../../db/schema-inbox.js';

/** Every query of the inbox's conversations, messages and report facts. */
export type Db = Kysely<Database>;
export type ConversationRow = Selectable<ConversationTable>;
export type MessageRow = Selectable<MessageTable>;

/** Serializes work on one sender's thread (two texts from one number at once make one conversation). */
export const lockThread = (db: Db, organizationId: string, key: string) =>
  sql`select pg_advisory_xact_lock(hashtext(${`inbox|${organizationId}|${key}`}))`.execute(db);

export const findConversation = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('conversations').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const lockConversation = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('conversations').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

/** The thread a sender's next text or call belongs to: the latest one on that clinic address. */
export function findThread(db: Db, organizationId: string, channel: Channel, endpoint: string | null, sender: { patientId: string | null; address: string | null }) {
  let query = db.selectFrom('conversations').selectAll()
    .where('organization_id', '=', organizationId).where('channel', '=', channel).where('status', '<>', 'merged');
  query = endpoint === null ? query.where('endpoint', 'is', null) : query.where('endpoint', '=', endpoint);
  if (sender.patientId) query = query.where('patient_id', '=', sender.patientId);
  else if (sender.address) query = query.where('patient_id', 'is', null).where(sql`lower(contact_address)`, '=', sender.address.toLowerCase());
  else return Promise.resolve(undefined);
  return query.orderBy('last_message_at', 'desc').limit(1).forUpdate().executeTakeFirst();
}

export const insertConversation = (db: Db, row: Insertable<ConversationTable>) =>
  db.insertInto('conversations').values(row).returningAll().executeTakeFirstOrThrow();

export const updateConversation = (db: Db, organizationId: string, id: string, changes: Updateable<ConversationTable>) =>
  db.updateTable('conversations').set({ ...changes, updated_at: sql`now()` })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const findMessageByExternalId = (db: Db, organizationId: string, channel: Channel, externalId: string) =>
  db.selectFrom('messages').selectAll().where('organization_id', '=', organizationId).where('channel', '=', channel).where('external_id', '=', externalId).executeTakeFirst();

export const findMessage = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('messages').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const insertMessage = (db: Db, row: Insertable<MessageTable>) =>
  db.insertInto('messages').values(row).returningAll().executeTakeFirstOrThrow();

export const updateMessage = (db: Db, organizationId: string, id: string, changes: Updateable<MessageTable>) =>
  db.updateTable('messages').set(changes).where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();

export const listMessages = (db: Db, organizationId: string, conversationId: string, limit = 500) =>
  db.selectFrom('messages').selectAll().where('organization_id', '=', organizationId).where('conversation_id', '=', conversationId)
    .orderBy('created_at').orderBy('id').limit(limit).execute();

export const insertAttachments = (db: Db, rows: Insertable<Database['attachments']>[]) =>
  rows.length === 0 ? Promise.resolve([]) : db.insertInto('attachments').values(rows).returning(['id']).execute();

export const listAttachments = (db: Db, organizationId: string, messageIds: string[]) =>
  messageIds.length === 0 ? Promise.resolve([]) : db.selectFrom('attachments')
    .select(['id', 'message_id', 'file_name', 'content_type', 'size_bytes'])
    .where('organization_id', '=', organizationId).where('message_id', 'in', messageIds).execute();

export const findAttachment = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('attachments as a').innerJoin('messages as m', 'm.id', 'a.message_id')
    .select(['a.id', 'a.file_name', 'a.content_type', 'a.size_bytes', 'a.content', 'm.conversation_id', 'm.patient_id'])
    .where('a.organization_id', '=', organizationId).where('a.id', '=', id).executeTakeFirst();

/** The conversation an e-mail replies to, by the Message-IDs it references (ours or the patient's). */
export const findConversationByEmailIds = (db: Db, organizationId: string, messageIds: string[]) =>
  messageIds.length === 0 ? Promise.resolve(undefined) : db.selectFrom('messages').select('conversation_id')
    .where('organization_id', '=', organizationId).where('channel', '=', 'email').where('external_id', 'in', messageIds)
    .orderBy('created_at', 'desc').limit(1).executeTakeFirst();

export const moveMessages = (db: Db, organizationId: string, fromConversationId: string, toConversationId: string, patientId: string | null) =>
  db.updateTable('messages').set({ conversation_id: toConversationId, ...(patientId && { patient_id: patientId }) })
    .where('organization_id', '=', organizationId).where('conversation_id', '=', fromConversationId).execute();

/** Links every thread of an unknown sender (same channel and address) to a patient. */
export async function linkSenderThreads(db: Db, organizationId: string, channel: Channel, address: string, patientId: string) {
  const conversations = await db.updateTable('conversations').set({ patient_id: patientId, updated_at: sql`now()` })
    .where('organization_id', '=', organizationId).where('channel', '=', channel).where('patient_id', 'is', null)
    .where(sql`lower(contact_address)`, '=', address.toLowerCase()).returning('id').execute();
  const ids = conversations.map((row) => row.id);
  if (ids.length > 0) await db.updateTable('messages').set({ patient_id: patientId }).where('organization_id', '=', organizationId).where('conversation_id', 'in', ids).execute();
  return ids;
}

// ---- report facts (response waits and open-to-resolved cycles) ----

export const openWait = (db: Db, conversationId: string) =>
  db.selectFrom('response_waits').selectAll().where('conversation_id', '=', conversationId)
    .where('responded_at', 'is', null).where('unanswered', '=', false).executeTakeFirst();

export const hasWaitInCycle = async (db: Db, conversationId: string, cycle: number) =>
  (await db.selectFrom('response_waits').select('id').where('conversation_id', '=', conversationId).where('cycle', '=', cycle).limit(1).executeTakeFirst()) !== undefined;

export const insertWait = (db: Db, row: Insertable<Database['response_waits']>) =>
  db.insertInto('response_waits').values(row).execute();

export const closeWait = (db: Db, id: string, changes: Updateable<Database['response_waits']>) =>
  db.updateTable('response_waits').set(changes).where('id', '=', id).execute();

export const insertCycle = (db: Db, row: Insertable<Database['conversation_cycles']>) =>
  db.insertInto('conversation_cycles').values(row).onConflict((oc) => oc.columns(['conversation_id', 'cycle']).doNothing()).execute();

export const findOpenCycle = (db: Db, conversationId: string) =>
  db.selectFrom('conversation_cycles').selectAll().where('conversation_id', '=', conversationId).where('resolved_at', 'is', null)
    .orderBy('cycle', 'desc').limit(1).executeTakeFirst();

export const closeCycle = (db: Db, id: string, changes: Updateable<Database['conversation_cycles']>) =>
  db.updateTable('conversation_cycles').set(changes).where('id', '=', id).execute();

// ---- business hours ----

/** Periods of a department, or the clinic's default (department null) when the department has none. */
export async function listBusinessHours(db: Db, organizationId: string, departmentId: string | null) {
  const rows = await db.selectFrom('business_hours').select(['department_id', 'weekday', 'opens', 'closes'])
    .where('organization_id', '=', organizationId)
    .where((eb) => departmentId ? eb.or([eb('department_id', '=', departmentId), eb('department_id', 'is', null)]) : eb('department_id', 'is', null))
    .execute();
  const own = rows.filter((row) => row.department_id !== null);
  return own.length > 0 ? own : rows.filter((row) => row.department_id === null);
}

export const listHolidayDays = (db: Db, organizationId: string, departmentId: string | null) =>
  db.selectFrom('holidays').select('day').where('organization_id', '=', organizationId)
    .where((eb) => departmentId ? eb.or([eb('department_id', '=', departmentId), eb('department_id', 'is', null)]) : eb('department_id', 'is', null))
    .execute();

export const findConversationByNumber = (db: Db, organizationId: string, number: number) =>
  db.selectFrom('conversations').selectAll().where('organization_id', '=', organizationId).where('number', '=', number).executeTakeFirst();

export interface ConversationFilter {
  status?: string;
  channel?: string;
  priority?: string;
  departmentId?: string;
  assigneeId?: string | null;
  label?: string;
  patientIds?: string[];
  mentionedUserId?: string;
  dueBefore?: Date;
  sort: 'recent' | 'due' | 'waiting';
  limit: number;
  offset: number;
}

const dueExpression = sql<Date | null>`least(
  case when waiting_since is not null then first_response_due_at end,
  case when waiting_since is not null then next_response_due_at end,
  resolution_due_at)`;

export async function listConversations(db: Db, organizationId: string, filter: ConversationFilter) {
  let query = db.selectFrom('conversations').where('organization_id', '=', organizationId);
  if (filter.status && filter.status !== 'all') query = query.where('status', '=', filter.status as ConversationRow['status']);
  else query = query.where('status', '<>', 'merged');
  if (filter.channel) query = query.where('channel', '=', filter.channel as ConversationRow['channel']);
  if (filter.priority) query = query.where('priority', '=', filter.priority as ConversationRow['priority']);
  if (filter.departmentId) query = query.where('department_id', '=', filter.departmentId);
  if (filter.assigneeId !== undefined) query = filter.assigneeId === null ? query.where('assignee_id', 'is', null) : query.where('assignee_id', '=', filter.assigneeId);
  if (filter.label) query = query.where(sql<boolean>`labels @> array[${filter.label}]::text[]`);
  if (filter.patientIds) query = query.where('patient_id', 'in', filter.patientIds);
  if (filter.mentionedUserId) {
    const userId = filter.mentionedUserId;
    query = query.where(({ exists, selectFrom }) => exists(selectFrom('messages as m').select('m.id')
      .whereRef('m.conversation_id', '=', 'conversations.id').where(sql<boolean>`m.mentions @> array[${userId}]::uuid[]`)));
  }
  if (filter.dueBefore) query = query.where('status', 'in', ['open', 'pending']).where(sql<boolean>`${dueExpression} <= ${filter.dueBefore}`);
  let ordered = query.selectAll();
  if (filter.sort === 'due') ordered = ordered.orderBy(sql`${dueExpression} asc nulls last`);
  else if (filter.sort === 'waiting') ordered = ordered.orderBy(sql`waiting_since asc nulls last`);
  ordered = ordered.orderBy('last_message_at', 'desc').orderBy('id');
  const [rows, count] = await Promise.all([
    ordered.limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

/** The numbers on the inbox's tabs. */
export async function countConversations(db: Db, organizationId: string, userId: string | null, dueBefore: Date) {
  const row = await db.selectFrom('conversations').where('organization_id', '=', organizationId).where('status', 'in', ['open', 'pending', 'snoozed'])
    .select([
      sql<number>`count(*) filter (where status = 'open')`.as('open'),
      sql<number>`count(*) filter (where status = 'pending')`.as('pending'),
      sql<number>`count(*) filter (where status = 'snoozed')`.as('snoozed'),
      sql<number>`count(*) filter (where status in ('open', 'pending') and assignee_id = ${userId})`.as('mine'),
      sql<number>`count(*) filter (where status in ('open', 'pending') and assignee_id is null)`.as('unassigned'),
      sql<number>`count(*) filter (where status in ('open', 'pending') and ${dueExpression} <= ${dueBefore})`.as('dueSoon'),
    ]).executeTakeFirstOrThrow();
  return { open: Number(row.open), pending: Number(row.pending), snoozed: Number(row.snoozed), mine: Number(row.mine), unassigned: Number(row.unassigned), dueSoon: Number(row.dueSoon) };
}

export const wakeSnoozed = (db: Db, now: Date) =>
  db.updateTable('conversations').set({ status: 'open', snoozed_until: null, updated_at: sql`now()` })
    .where('status', '=', 'snoozed').where('snoozed_until', '<=', now).returningAll().execute();

export const moveMessage = (db: Db, organizationId: string, messageId: string, conversationId: string, patientId: string) =>
  db.updateTable('messages').set({ conversation_id: conversationId, patient_id: patientId })
    .where('organization_id', '=', organizationId).where('id', '=', messageId).execute();

export const listWaits = (db: Db, organizationId: string, conversationId: string) =>
  db.selectFrom('response_waits').selectAll().where('organization_id', '=', organizationId).where('conversation_id', '=', conversationId)
    .orderBy('waiting_since').execute();

export const listCycles = (db: Db, organizationId: string, conversationId: string) =>
  db.selectFrom('conversation_cycles').selectAll().where('organization_id', '=', organizationId).where('conversation_id', '=', conversationId)
    .orderBy('cycle').execute();

/** Where a visitor's replay resumes: after this message (time and id), or after a time. */
export interface MessageCursor { at: Date; id: string | null }

/** The patient's side of a thread (their messages and replies that went out), after a cursor, or the latest `limit`. */
export async function listPatientVisibleMessages(db: Db, organizationId: string, conversationId: string, after: MessageCursor | null, limit: number) {
  let query = db.selectFrom('messages').selectAll()
    .where('organization_id', '=', organizationId).where('conversation_id', '=', conversationId)
    .where('direction', 'in', ['in', 'out']).where('status', 'not in', ['scheduled', 'cancelled']);
  if (!after) return (await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()).reverse();
  query = after.id ? query.where(sql<boolean>`(created_at, id) > (${after.at}, ${after.id}::uuid)`) : query.where('created_at', '>', after.at);
  return query.orderBy('created_at').orderBy('id').limit(limit).execute();
}

export interface InboundWrite {
  /** The conversation as locked, before this message. */
  conversation: ConversationRow;
  changes: Updateable<ConversationTable>;
  message: Insertable<MessageTable>;
  /** When the message arrived. */
  at: Date;
  /** A cycle starts with this message (a new conversation, or a reopen): its number. */
  cycleStarts: number | null;
  /** A patient message: a response wait starts unless one is already running. */
  startsWait: boolean;
}

/**
 * The common inbound write in one statement (it is the hot path: every text, mail and chat line):
 * the conversation's update, a new cycle, a new response wait (first of its cycle or next), and the
 * message. Undefined when the provider's id was stored before: the caller rolls back.
 */
export async function recordInbound(db: Db, write: InboundWrite): Promise<MessageRow | undefined> {
  const c = write.conversation;
  const waitCycle = write.cycleStarts ?? c.reopen_count + 1;
  const at = write.at;
  return db
    .with('c', (q) => q.updateTable('conversations').set({ ...write.changes, updated_at: sql`now()` }).where('id', '=', c.id).returning('id'))
    .with('cy', (q) => q.insertInto('conversation_cycles')
      .columns(['organization_id', 'conversation_id', 'cycle', 'channel', 'department_id', 'opened_at', 'reopened'])
      .expression(q.selectNoFrom([
        sql`${c.organization_id}::uuid`.as('o'), sql`${c.id}::uuid`.as('c'), sql`${write.cycleStarts ?? 0}::int`.as('n'), sql`${c.channel}::text`.as('ch'),
        sql`${c.department_id}::uuid`.as('d'), sql`${at}::timestamptz`.as('t'), sql`${(write.cycleStarts ?? 1) > 1}::boolean`.as('r'),
      ]).where(sql<boolean>`${write.cycleStarts !== null}::boolean`))
      .onConflict((oc) => oc.columns(['conversation_id', 'cycle']).doNothing()).returning('id'))
    .with('w', (q) => q.insertInto('response_waits')
      .columns(['organization_id', 'conversation_id', 'cycle', 'kind', 'channel', 'department_id', 'waiting_since'])
      .expression(q.selectNoFrom([
        sql`${c.organization_id}::uuid`.as('o'), sql`${c.id}::uuid`.as('c'), sql`${waitCycle}::int`.as('n'),
        sql`case when exists (select 1 from response_waits where conversation_id = ${c.id} and cycle = ${waitCycle}) then 'next' else 'first' end`.as('k'),
        sql`${c.channel}::text`.as('ch'), sql`${c.department_id}::uuid`.as('d'), sql`${at}::timestamptz`.as('t'),
      ]).where(sql<boolean>`${write.startsWait}::boolean and not exists (
          select 1 from response_waits where conversation_id = ${c.id} and responded_at is null and not unanswered)`))
      .returning('id'))
    .insertInto('messages').values(write.message)
    .onConflict((oc) => oc.columns(['organization_id', 'channel', 'external_id']).where('external_id', 'is not', null).doNothing())
    .returningAll().executeTakeFirst();
}

export interface MessageFilter {
  ids?: string[] | undefined;
  patientIds?: string[] | undefined;
  from?: Date | undefined;
  until?: Date | undefined;
}

/** Messages to and from patients (not notes or events) by id, patient and time (until exclusive), newest first, with the total. */
export async function searchPatientMessages(db: Db, organizationId: string, filter: MessageFilter, limit: number, offset: number) {
  const none = ['00000000-0000-0000-0000-000000000000'];
  let base = db.selectFrom('messages').where('organization_id', '=', organizationId).where('direction', 'in', ['in', 'out']);
  if (filter.ids) base = base.where('id', 'in', filter.ids.length > 0 ? filter.ids : none);
  if (filter.patientIds) base = base.where('patient_id', 'in', filter.patientIds.length > 0 ? filter.patientIds : none);
  if (filter.from) base = base.where('created_at', '>=', filter.from);
  if (filter.until) base = base.where('created_at', '<', filter.until);
  const [items, total] = await Promise.all([
    base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    base.select(sql<number>`count(*)`.as('count')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.count) };
}
