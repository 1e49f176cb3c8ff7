import type { EmailHeaders, OutboundChannel, OutboxStatus } from '../../db/schema-inbox.js';
import { AppError } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { contactPreferences } from '../patients/service.js';
import * as store from './store.js';
import type { OutboxRow } from './store.js';
import { isTestMode, PermanentFailure, type Transports } from './transports.js';

/** One message to a patient, from any module. The only way anything leaves Careloop for a patient. */
export interface OutboundMessage {
  organizationId: string;
  /** What it is: 'reply', 'reminder', 'survey', 'broadcast', 'opt_out_confirmation', ... */
  purpose: string;
  /** care (replies, reminders, results) or marketing (campaigns): consent is asked separately. */
  category: 'care' | 'marketing';
  channel: OutboundChannel;
  recipient: string;
  sender?: string | null;
  patientId?: string | null;
  conversationId?: string | null;
  messageId?: string | null;
  subject?: string | null;
  body: string;
  email?: EmailHeaders;
  sendAfter?: Date;
  /** The same key never queues a second message (a retried job, a double click). */
  idempotencyKey: string;
}

export const DELIVER_JOB = 'channels.deliver';
/** A deliver job carries one message (a reply, the sweeper) or a group of them (a batch of reminders). */
export type DeliverJob = { outboxId: string } | { outboxIds: string[] };
const STOP_EXEMPT = new Set(['opt_out_confirmation', 'help_reply']);
export const MAX_ATTEMPTS = 6;
/** Messages per deliver job when many are dispatched together: one job's worth is claimed and recorded in one statement each. */
const DISPATCH_GROUP = 50;
/** Sends in flight per worker: the provider's answer takes a network round trip, so they overlap. */
const SENDS_IN_FLIGHT = 32;

/** queueOutboundMany's answer for one message: the row queued for it (or queued before, same key), or why it may not be sent. */
export type Queued = { row: OutboxRow; created: boolean } | { refusal: AppError };

/**
 * Checks consent and SMS opt-outs and writes the outbox row, in the caller's transaction
 * (`platform.db`). Call `dispatch` after the transaction commits.
 */
export async function queueOutbound(platform: Platform, message: OutboundMessage): Promise<OutboxRow> {
  const [queued] = await queueOutboundMany(platform, [message]);
  if (!queued) throw new Error('queueOutboundMany returned nothing for a message');
  if ('refusal' in queued) throw queued.refusal;
  return queued.row;
}

/**
 * queueOutbound for many messages: consent and opt-outs read in one query each per clinic, the
 * rows written in one statement. A message whose key was queued before gets that row back (a
 * batch re-run never queues twice); a refused one gets its refusal, the others are still queued.
 */
export async function queueOutboundMany(platform: Platform, messages: OutboundMessage[]): Promise<Queued[]> {
  const refusals = await consentRefusals(platform, messages);
  const allowed = messages.filter((_, i) => !refusals.has(i));
  const inserted = await store.insertOutboxMany(platform.db, allowed.map((message) => ({
    organization_id: message.organizationId, idempotency_key: message.idempotencyKey, purpose: message.purpose,
    channel: message.channel, patient_id: message.patientId ?? null, conversation_id: message.conversationId ?? null,
    message_id: message.messageId ?? null, recipient: message.recipient, sender: message.sender ?? null,
    subject: message.subject ?? null, body: message.body, email_headers: message.email ? JSON.stringify(message.email) : null,
    test_mode: isTestMode(platform.config, message.channel), send_after: message.sendAfter ?? new Date(),
  })));
  let next = 0;
  return messages.map((_, i) => refusals.get(i) ?? inserted[next++]!);
}

/** The messages (by position) that may not be sent: an SMS to a number that texted STOP, an address without the category's consent. */
async function consentRefusals(platform: Platform, messages: OutboundMessage[]): Promise<Map<number, { refusal: AppError }>> {
  const refusals = new Map<number, { refusal: AppError }>();
  for (const organizationId of new Set(messages.map((m) => m.organizationId))) {
    const indexes = messages.flatMap((m, i) => (m.organizationId === organizationId ? [i] : []));
    // The STOP confirmation and the answer to HELP are the two texts carriers expect even after a STOP.
    const stopChecked = indexes.filter((i) => messages[i]!.channel === 'sms' && !STOP_EXEMPT.has(messages[i]!.purpose));
    const optedOut = await store.optedOutAmong(platform.db, organizationId, stopChecked.map((i) => messages[i]!.recipient));
    const consentChecked = indexes.filter((i) => messages[i]!.patientId && messages[i]!.channel !== 'chat');
    const patients = await contactPreferences(platform, organizationId, consentChecked.map((i) => messages[i]!.patientId!));
    for (const i of indexes) {
      const message = messages[i]!;
      if (stopChecked.includes(i) && optedOut.has(message.recipient)) {
        refusals.set(i, { refusal: new AppError(409, 'opted_out', `${message.recipient} has texted STOP: no text can be sent until the patient texts START.`, { channel: 'sms' }) });
        continue;
      }
      if (!message.patientId || message.channel === 'chat') continue;
      const kind = message.channel === 'sms' ? 'phone' : 'email';
      const point = patients.get(message.patientId)?.contactPoints.find((p) => p.kind === kind && p.value === message.recipient);
      // An address that is not on the record (an unknown sender being answered) has no recorded refusal.
      if (!point) continue;
      if (!(message.category === 'care' ? point.consentCare : point.consentMarketing)) {
        refusals.set(i, { refusal: new AppError(409, 'no_consent', `The patient has not agreed to ${message.category} messages at ${message.recipient}.`, { channel: message.channel, category: message.category }) });
      }
    }
  }
  return refusals;
}

/** Which of these numbers texted STOP, in one query (for choosing among a patient's numbers before queueing). */
export const optedOutNumbers = (platform: Platform, organizationId: string, phones: string[]) => store.optedOutAmong(platform.db, organizationId, phones);

/** Hands a queued row to a worker (at its send time). Safe to call twice: only one worker can claim it. */
export async function dispatch(platform: Platform, row: Pick<OutboxRow, 'id' | 'send_after'>) {
  const delay = secondsUntil(row.send_after);
  await platform.jobs.send(DELIVER_JOB, { outboxId: row.id }, delay > 0 ? { startAfter: delay } : {});
}

/** dispatch for many rows: a deliver job per group of rows due at the same second, all enqueued in one statement. */
export async function dispatchMany(platform: Platform, rows: Pick<OutboxRow, 'id' | 'send_after'>[]) {
  const byDelay = new Map<number, string[]>();
  for (const row of rows) {
    const delay = secondsUntil(row.send_after);
    byDelay.set(delay, [...(byDelay.get(delay) ?? []), row.id]);
  }
  const jobs = [...byDelay].flatMap(([delay, ids]) => Array.from({ length: Math.ceil(ids.length / DISPATCH_GROUP) }, (_, g) => ({
    data: { outboxIds: ids.slice(g * DISPATCH_GROUP, (g + 1) * DISPATCH_GROUP) }, ...(delay > 0 && { startAfterSeconds: delay }),
  })));
  await platform.jobs.sendMany<DeliverJob>(DELIVER_JOB, jobs);
}

const secondsUntil = (at: Date) => Math.max(0, Math.ceil((at.getTime() - Date.now()) / 1000));

/** The job: claims the row, sends it, records the outcome; failures retry with backoff, then fail for good. */
export const deliver = (platform: Platform, transports: Transports, outboxId: string) => deliverMany(platform, transports, [outboxId]);

/**
 * Claims the rows (one statement), sends them SENDS_IN_FLIGHT at a time, and records each outcome
 * as soon as its send returns, together with the others that returned meanwhile (one statement per
 * flush), so that a crash can repeat only the sends in flight and those not yet recorded.
 */
export async function deliverMany(platform: Platform, transports: Transports, outboxIds: string[]) {
  const rows = await store.claimOutboxMany(platform.db, [...new Set(outboxIds)]);
  const recorder = outcomeRecorder(platform);
  let next = 0;
  const lane = async () => {
    for (let row = rows[next++]; row; row = rows[next++]) recorder.add(await send(platform, transports, row));
  };
  await Promise.all(Array.from({ length: Math.min(SENDS_IN_FLIGHT, rows.length) }, lane));
  await recorder.finish();
}

async function send(platform: Platform, transports: Transports, row: OutboxRow): Promise<store.SendOutcome> {
  try {
    const sent = await transports[row.channel](row);
    return { id: row.id, result: 'sent', status: sent.status, providerId: sent.providerId ?? null };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    const final = error instanceof PermanentFailure || row.attempts >= MAX_ATTEMPTS;
    platform.logger.warn({ outboxId: row.id, channel: row.channel, attempt: row.attempts, final }, 'outbound message not sent');
    if (final) return { id: row.id, result: 'failed', error: reason };
    const backoffSeconds = Math.min(3600, 10 * 2 ** (row.attempts - 1));
    return { id: row.id, result: 'retry', error: reason, retryAt: new Date(Date.now() + backoffSeconds * 1000) };
  }
}

/** Group commit of outcomes: one flush at a time; what arrives meanwhile goes in the next. */
function outcomeRecorder(platform: Platform) {
  let pending: store.SendOutcome[] = [];
  let flushing: Promise<void> | null = null;
  let failure: unknown = null;
  // Announcing (an event and a NOTIFY per message) runs beside the recording, never in front of it:
  // a message sent but not yet recorded is one a crash would send again.
  let announcing: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    while (pending.length > 0) {
      const outcomes = pending;
      pending = [];
      const updated = await store.recordOutcomes(platform.db, outcomes);
      const retried = updated.filter((row) => row.status === 'queued');
      const done = updated.filter((row) => row.status !== 'queued');
      announcing = announcing.then(() => Promise.all(done.map((row) => announceDelivery(platform, row))))
        .catch((error: unknown) => platform.logger.error({ err: error }, 'delivery announcement failed'));
      if (retried.length > 0) await dispatchMany(platform, retried);
    }
  };
  const start = () => {
    if (flushing) return;
    flushing = flush().catch((error: unknown) => { failure = error; }).finally(() => {
      flushing = null;
      // An outcome added after the last loop turn but before this moment would otherwise wait forever.
      if (pending.length > 0 && !failure) start();
    });
  };
  return {
    add(outcome: store.SendOutcome) {
      pending.push(outcome);
      start();
    },
    async finish() {
      while (flushing) await flushing;
      await announcing;
      // A failed flush leaves its rows 'sending': the sweeper hands them out again.
      if (failure) throw failure;
    },
  };
}

/** A provider reported what became of a message (delivered, undelivered, failed). */
export async function recordProviderStatus(platform: Platform, providerId: string, status: OutboxStatus, error?: string) {
  const row = await store.findOutboxByProviderId(platform.db, providerId);
  if (!row) return undefined;
  // Reports arrive out of order: 'sent' after 'delivered' changes nothing.
  const rank: Record<string, number> = { queued: 0, sending: 1, sent: 2, test: 2, delivered: 3, undelivered: 3, failed: 3, cancelled: 3 };
  if ((rank[status] ?? 0) <= (rank[row.status] ?? 0)) return row;
  const updated = await store.updateOutbox(platform.db, row.id, {
    status, ...(status === 'delivered' && { delivered_at: new Date() }), ...(error && { last_error: error.slice(0, 500) }),
  });
  if (updated) await announceDelivery(platform, updated);
  return updated;
}

export async function announceDelivery(platform: Platform, row: OutboxRow) {
  await platform.events.publish({
    type: 'delivery.updated', version: 1, organizationId: row.organization_id,
    actor: { type: 'system', id: null, label: 'Careloop' }, at: new Date().toISOString(),
    data: {
      outboxId: row.id, messageId: row.message_id, conversationId: row.conversation_id, channel: row.channel,
      purpose: row.purpose, status: row.status, testMode: row.test_mode, error: row.last_error,
    },
  });
}

/** Finds messages whose job was lost (a crash) and dispatches them again. */
export async function sweepOutbox(platform: Platform) {
  const stranded = await store.listStranded(platform.db, 500);
  for (const row of stranded) {
    if (row.status === 'sending') await store.requeue(platform.db, row.id);
    await platform.jobs.send(DELIVER_JOB, { outboxId: row.id }, { singletonKey: row.id, singletonSeconds: 60 });
  }
  return stranded.length;
}
