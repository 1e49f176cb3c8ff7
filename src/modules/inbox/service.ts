import { AppError, invalid, notFound } from '../../platform/errors.js';
import { signLink } from '../../platform/links.js';
import type { Platform } from '../../platform/platform.js';
import { permissionsOf, type Actor } from '../../platform/permissions.js';
import { listDepartments, listUsers } from '../identity/service.js';
import { patientAndMergedIds, patientRefs } from '../patients/service.js';
import { publishInboxEvent } from './events.js';
import * as metrics from './metrics.js';
import { presentConversation, presentMessage } from './present.js';
import { replyOptions } from './reply-options.js';
import type { ConversationChanges, ConversationDetail, ConversationQuery, ConversationTimings } from './schemas.js';
import * as store from './store.js';
import type { ConversationRow } from './store.js';

export { receiveMessage, type IncomingMessage, type Received } from './receive.js';
export type { MessageRow } from './store.js';
export { publishInboxEvent } from './events.js';
export { conversationEmailHeaders, patientMessagesSince, patientVisibleMessage, setContactAddress } from './visitor.js';

/** The conversation a mail's reply token names (by its number), in one clinic only. */
export const conversationByNumber = (platform: Platform, organizationId: string, number: number) =>
  store.findConversationByNumber(platform.db, organizationId, number);

/** The conversation an e-mail replies to, by the Message-IDs in its In-Reply-To and References (ours or the patient's). */
export async function conversationByEmailIds(platform: Platform, organizationId: string, messageIds: string[]): Promise<string | null> {
  return (await store.findConversationByEmailIds(platform.db, organizationId, messageIds))?.conversation_id ?? null;
}

const DUE_SOON_MINUTES = 30;
export const THREAD_LINK_DAYS = 30;

/** Staff names by id, for lists (the organization's staff is small; one query). */
export async function staffNames(platform: Platform, actor: Actor) {
  return new Map((await listUsers(platform, actor)).map((user) => [user.id, user.display_name]));
}

export async function loadConversation(platform: Platform, actor: Actor, id: string): Promise<ConversationRow> {
  const row = await store.findConversation(platform.db, actor.organizationId, id);
  if (!row) throw notFound('conversation', id);
  return row;
}

/** The inbox: conversations by status, team, assignee, channel, priority, label, patient, SLA due time. */
export async function listConversations(platform: Platform, actor: Actor, query: ConversationQuery) {
  const dueSoon = new Date(Date.now() + DUE_SOON_MINUTES * 60_000);
  const patientIds = query.patientId ? await patientAndMergedIds(platform, actor, query.patientId) : undefined;
  const { rows, total } = await store.listConversations(platform.db, actor.organizationId, {
    status: query.status ?? 'open', channel: query.channel, priority: query.priority, departmentId: query.departmentId,
    assigneeId: query.assignee === 'me' ? actor.id ?? '' : query.assignee === 'none' ? null : query.assignee,
    label: query.label, patientIds, mentionedUserId: query.mentions === 'me' ? actor.id ?? '' : undefined,
    dueBefore: query.dueWithinMinutes !== undefined ? new Date(Date.now() + query.dueWithinMinutes * 60_000) : undefined,
    sort: query.sort ?? 'recent', limit: query.limit ?? 25, offset: query.offset ?? 0,
  });
  const [patients, names, counts] = await Promise.all([
    patientRefs(platform, actor.organizationId, rows.flatMap((row) => (row.patient_id ? [row.patient_id] : []))),
    staffNames(platform, actor),
    store.countConversations(platform.db, actor.organizationId, actor.id, dueSoon),
  ]);
  return { items: rows.map((row) => presentConversation(row, patients, names)), total, counts };
}

/** One conversation with its messages, the channels the agent can answer on, and the patient's link to it. */
/** One message's text (null: no such message in this clinic), for subscribers that only need to read what came in. */
export async function messageBody(platform: Platform, organizationId: string, messageId: string): Promise<string | null> {
  return (await store.findMessage(platform.db, organizationId, messageId))?.body ?? null;
}

export async function getConversation(platform: Platform, actor: Actor, id: string): Promise<ConversationDetail> {
  const row = await loadConversation(platform, actor, id);
  const messages = await store.listMessages(platform.db, actor.organizationId, id);
  const [attachments, patients, names, options] = await Promise.all([
    store.listAttachments(platform.db, actor.organizationId, messages.map((m) => m.id)),
    patientRefs(platform, actor.organizationId, row.patient_id ? [row.patient_id] : []),
    staffNames(platform, actor),
    replyOptions(platform, row),
  ]);
  return {
    ...presentConversation(row, patients, names),
    messages: messages.map((message) => presentMessage(message, attachments)),
    replyOptions: options,
    patientLink: threadLink(platform, row),
  };
}

/** The signed link with which a patient reads and answers a thread without an account. */
export function threadLink(platform: Platform, conversation: Pick<ConversationRow, 'id' | 'organization_id'>) {
  const token = signLink(platform.config.secretKey, {
    purpose: 'thread', organizationId: conversation.organization_id, subject: conversation.id,
    expiresAt: new Date(Date.now() + THREAD_LINK_DAYS * 86_400_000),
  });
  return `${platform.config.publicUrl}/p/thread/${token}`;
}

async function checkAssignee(platform: Platform, actor: Actor, userId: string) {
  const user = (await listUsers(platform, actor)).find((u) => u.id === userId);
  if (!user) throw notFound('staff member', userId);
  if (!user.active) throw new AppError(409, 'staff_inactive', `${user.display_name} is deactivated and cannot be assigned conversations.`);
  if (!permissionsOf(user.role).has('inbox:reply')) throw new AppError(409, 'cannot_reply', `${user.display_name} (${user.role}) cannot answer patients.`);
}

async function checkDepartment(platform: Platform, actor: Actor, departmentId: string) {
  const department = (await listDepartments(platform, actor, true)).find((d) => d.id === departmentId);
  if (!department) throw notFound('department', departmentId);
  if (department.archived_at) throw new AppError(409, 'department_archived', `${department.name} is archived.`);
}

/** Status (open, pending, snoozed until, resolved), priority, labels, team and assignee. */
export async function updateConversation(platform: Platform, actor: Actor, id: string, changes: ConversationChanges) {
  if (changes.status === 'snoozed' && !changes.snoozedUntil) throw invalid('snoozedUntil', 'is required to snooze');
  if (changes.snoozedUntil && changes.status !== 'snoozed') throw invalid('snoozedUntil', 'goes with status "snoozed"');
  if (changes.snoozedUntil && new Date(changes.snoozedUntil).getTime() <= Date.now()) throw invalid('snoozedUntil', 'must be in the future');
  if (changes.assigneeId) await checkAssignee(platform, actor, changes.assigneeId);
  if (changes.departmentId) await checkDepartment(platform, actor, changes.departmentId);
  const now = new Date();
  const { before, after } = await platform.db.transaction().execute(async (trx) => {
    const tx = { ...platform, db: trx };
    const before = await store.lockConversation(trx, actor.organizationId, id);
    if (!before) throw notFound('conversation', id);
    if (before.status === 'merged') throw new AppError(409, 'conversation_merged', 'This conversation was merged into another; change that one.', { mergedInto: before.merged_into });
    const reopening = before.status === 'resolved' && changes.status !== undefined && changes.status !== 'resolved';
    const after = await store.updateConversation(trx, actor.organizationId, id, {
      ...(changes.status !== undefined && { status: changes.status, snoozed_until: changes.status === 'snoozed' ? new Date(changes.snoozedUntil!) : null }),
      ...(changes.status === 'resolved' && before.status !== 'resolved' && { resolved_at: now, waiting_since: null }),
      ...(reopening && { reopen_count: before.reopen_count + 1, resolved_at: null }),
      ...(changes.priority !== undefined && { priority: changes.priority }),
      ...(changes.labels !== undefined && { labels: [...new Set(changes.labels.map((l) => l.trim().toLowerCase()))] }),
      ...(changes.departmentId !== undefined && { department_id: changes.departmentId }),
      ...(changes.assigneeId !== undefined && { assignee_id: changes.assigneeId }),
      ...(changes.subject !== undefined && { subject: changes.subject }),
    });
    if (changes.status === 'resolved' && before.status !== 'resolved') await metrics.cycleResolved(tx, after, actor.id, now);
    if (reopening) await metrics.openCycle(tx, after, now);
    return { before, after };
  });
  await announceChanges(platform, actor, before, after);
  return after;
}

async function announceChanges(platform: Platform, actor: Actor, before: ConversationRow, after: ConversationRow) {
  const by = { type: actor.type, id: actor.id, label: actor.label };
  if (before.status !== after.status) {
    const type = after.status === 'resolved' ? 'conversation.resolved' : before.status === 'resolved' ? 'conversation.reopened' : 'conversation.status_changed';
    await publishInboxEvent(platform, by, after, type, { from: before.status, summary: `Conversation #${after.number} ${after.status === 'resolved' ? 'resolved' : `set to ${after.status}`}` });
  }
  if (before.assignee_id !== after.assignee_id || before.department_id !== after.department_id) {
    await publishInboxEvent(platform, by, after, 'conversation.assigned', { previousAssigneeId: before.assignee_id, previousDepartmentId: before.department_id });
  }
  if (before.priority !== after.priority || before.labels.join() !== after.labels.join() || before.subject !== after.subject) {
    await publishInboxEvent(platform, by, after, 'conversation.updated', { previousPriority: before.priority });
  }
}

/** Wakes conversations whose snooze time has come (a job, every minute). */
export async function wakeSnoozed(platform: Platform) {
  const woken = await store.wakeSnoozed(platform.db, new Date());
  for (const row of woken) await publishInboxEvent(platform, { type: 'system', id: null, label: 'Careloop' }, row, 'conversation.status_changed', { from: 'snoozed', woke: true });
  return woken.length;
}

export async function getAttachment(platform: Platform, actor: Actor, id: string) {
  const file = await store.findAttachment(platform.db, actor.organizationId, id);
  if (!file) throw notFound('attachment', id);
  return file;
}

/** The report facts of one conversation: each open-to-resolved cycle and each wait for a human answer (docs/kpis.md). */
export async function conversationTimings(platform: Platform, actor: Actor, id: string): Promise<ConversationTimings> {
  await loadConversation(platform, actor, id);
  const [cycles, waits] = await Promise.all([store.listCycles(platform.db, actor.organizationId, id), store.listWaits(platform.db, actor.organizationId, id)]);
  return {
    cycles: cycles.map((c) => ({
      cycle: c.cycle, openedAt: c.opened_at.toISOString(), reopened: c.reopened, resolvedAt: c.resolved_at?.toISOString() ?? null,
      resolvedBy: c.resolved_by, resolutionSeconds: c.seconds, resolutionBusinessSeconds: c.business_seconds,
    })),
    waits: waits.map((w) => ({
      cycle: w.cycle, kind: w.kind, waitingSince: w.waiting_since.toISOString(), respondedAt: w.responded_at?.toISOString() ?? null,
      responderId: w.responder_id, seconds: w.seconds, businessSeconds: w.business_seconds, unanswered: w.unanswered,
    })),
  };
}

/** Messages to and from patients (no notes or events), newest first: what the FHIR API serves as Communication. */
export const searchPatientMessages = (platform: Platform, actor: Actor, filter: store.MessageFilter, limit: number, offset: number) =>
  store.searchPatientMessages(platform.db, actor.organizationId, filter, limit, offset);
