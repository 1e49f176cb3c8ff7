import type { EmailHeaders, OutboundChannel, OutboxStatus } from '../../db/schema-inbox.js';
import { AppError } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { contactConsents } from '../patients/service.js';
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
const STOP_EXEMPT = new Set(['opt_out_confirmation', 'help_reply']);
export const MAX_ATTEMPTS = 6;

/**
 * Checks consent and SMS opt-outs and writes the outbox row, in the caller's transaction
 * (`platform.db`). Call `dispatch` after the transaction commits.
 */
export async function queueOutbound(platform: Platform, message: OutboundMessage): Promise<OutboxRow> {
  await checkConsent(platform, message);
  const { row } = await store.insertOutbox(platform.db, {
    organization_id: message.organizationId, idempotency_key: message.idempotencyKey, purpose: message.purpose,
    channel: message.channel, patient_id: message.patientId ?? null, conversation_id: message.conversationId ?? null,
    message_id: message.messageId ?? null, recipient: message.recipient, sender: message.sender ?? null,
    subject: message.subject ?? null, body: message.body, email_headers: message.email ? JSON.stringify(message.email) : null,
    test_mode: isTestMode(platform.config, message.channel), send_after: message.sendAfter ?? new Date(),
  });
  return row;
}

async function checkConsent(platform: Platform, message: OutboundMessage) {
  // The STOP confirmation and the answer to HELP are the two texts carriers expect even after a STOP.
  if (message.channel === 'sms' && !STOP_EXEMPT.has(message.purpose) && (await store.isOptedOut(platform.db, message.organizationId, message.recipient))) {
    throw new AppError(409, 'opted_out', `${message.recipient} has texted STOP: no text can be sent until the patient texts START.`, { channel: 'sms' });
  }
  if (!message.patientId || message.channel === 'chat') return;
  const points = await contactConsents(platform, message.organizationId, message.patientId, message.channel === 'sms' ? 'phone' : 'email');
  const point = points.find((p) => p.value === message.recipient);
  // An address that is not on the record (an unknown sender being answered) has no recorded refusal.
  if (!point) return;
  const allowed = message.category === 'care' ? point.consentCare : point.consentMarketing;
  if (!allowed) {
    throw new AppError(409, 'no_consent', `The patient has not agreed to ${message.category} messages at ${message.recipient}.`, { channel: message.channel, category: message.category });
  }
}

/** Hands a queued row to a worker (at its send time). Safe to call twice: only one worker can claim it. */
export async function dispatch(platform: Platform, row: Pick<OutboxRow, 'id' | 'send_after'>) {
  const delay = Math.max(0, Math.ceil((row.send_after.getTime() - Date.now()) / 1000));
  await platform.jobs.send(DELIVER_JOB, { outboxId: row.id }, delay > 0 ? { startAfter: delay } : {});
}

/** The job: claims the row, sends it, records the outcome; failures retry with backoff, then fail for good. */
export async function deliver(platform: Platform, transports: Transports, outboxId: string) {
  const row = await store.claimOutbox(platform.db, outboxId);
  if (!row) return;
  try {
    const sent = await transports[row.channel](row);
    const updated = await store.updateOutbox(platform.db, row.id, {
      status: sent.status, provider_id: sent.providerId ?? null, sent_at: new Date(), last_error: null,
      ...(sent.status === 'delivered' && { delivered_at: new Date() }),
    });
    if (updated) await announceDelivery(platform, updated);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const final = error instanceof PermanentFailure || row.attempts >= MAX_ATTEMPTS;
    const backoffSeconds = Math.min(3600, 10 * 2 ** (row.attempts - 1));
    const updated = await store.updateOutbox(platform.db, row.id, final
      ? { status: 'failed', last_error: reason.slice(0, 500) }
      : { status: 'queued', last_error: reason.slice(0, 500), send_after: new Date(Date.now() + backoffSeconds * 1000) });
    platform.logger.warn({ outboxId: row.id, channel: row.channel, attempt: row.attempts, final }, 'outbound message not sent');
    if (!updated) return;
    if (final) await announceDelivery(platform, updated);
    else await dispatch(platform, updated);
  }
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
