import type { DomainEvent } from '../../platform/events.js';
import type { Platform } from '../../platform/platform.js';
import { publishProgress } from './service.js';
import * as store from './store.js';

/** A reply counts for the latest broadcast message that reached the patient on that channel within this window. */
const REPLY_WINDOW_MS = 7 * 86_400_000;
/** Delivery reports are recorded together: at most one statement this often. */
const FLUSH_MS = 200;
/** Live statistics of one broadcast go out at most this often from one process. */
const PROGRESS_EVERY_MS = 1000;

/**
 * Follows what happens to broadcast messages after the outbox has them: delivery reports
 * (delivery.updated, purpose 'broadcast') move recipients to sent, delivered or failed; a text or
 * e-mail from the patient (message.received) marks the recipient as replied. Both push the live
 * statistics (broadcast.progress). A patient merge moves the duplicate's recipient rows to the
 * record kept (so its replies count). Subscribers without everyProcess: they run where the event is
 * published, once.
 */
export function followBroadcasts(platform: Platform) {
  let pending: store.DeliveryChange[] = [];
  let timer: NodeJS.Timeout | null = null;
  const lastProgress = new Map<string, number>();
  const waiting = new Map<string, NodeJS.Timeout>();

  const progress = (organizationId: string, broadcastId: string) => {
    if (waiting.has(broadcastId)) return;
    const due = Math.max(0, (lastProgress.get(broadcastId) ?? 0) + PROGRESS_EVERY_MS - Date.now());
    waiting.set(broadcastId, setTimeout(() => {
      waiting.delete(broadcastId);
      lastProgress.set(broadcastId, Date.now());
      if (lastProgress.size > 1000) lastProgress.clear();
      publishProgress(platform, organizationId, broadcastId).catch((error: unknown) => platform.logger.warn({ err: error }, 'broadcast progress not published'));
    }, due).unref());
  };

  const flush = async () => {
    timer = null;
    const changes = pending;
    pending = [];
    const byOrganization = new Map<string, store.DeliveryChange[]>();
    for (const change of changes) byOrganization.set(change.organizationId, [...(byOrganization.get(change.organizationId) ?? []), change]);
    for (const [organizationId, group] of byOrganization) {
      for (const broadcastId of await store.recordDeliveries(platform.db, group)) progress(organizationId, broadcastId);
    }
  };

  const onDelivery = (event: DomainEvent) => {
    const data = event.data as { outboxId?: string; purpose?: string; status?: string; error?: string | null };
    if (data.purpose !== 'broadcast' || !data.outboxId) return;
    const status = data.status === 'delivered' ? 'delivered' : data.status === 'sent' || data.status === 'test' ? 'sent'
      : data.status === 'failed' || data.status === 'undelivered' ? 'failed' : null;
    if (!status) return;
    pending.push({ organizationId: event.organizationId, outboxId: data.outboxId, status, error: data.error ?? null });
    timer ??= setTimeout(() => void flush().catch((error: unknown) => platform.logger.error({ err: error }, 'broadcast delivery reports not recorded')), FLUSH_MS).unref();
  };

  const onReply = async (event: DomainEvent) => {
    const data = event.data as { patientId?: string | null; channel?: string; conversationId?: string; direction?: string };
    if (!data.patientId || (data.channel !== 'sms' && data.channel !== 'email') || data.direction === 'event') return;
    const replied = await store.markReplied(platform.db, event.organizationId, data.patientId, data.channel, new Date(Date.now() - REPLY_WINDOW_MS), data.conversationId ?? null);
    if (replied) progress(event.organizationId, replied.broadcast_id);
  };

  const onMerge = async (event: DomainEvent) => {
    const { survivorId, mergedId } = event.data;
    if (typeof survivorId !== 'string' || typeof mergedId !== 'string') return;
    await store.repointPatient(platform.db, event.organizationId, mergedId, survivorId);
  };

  const unsubscribe = [
    platform.events.subscribe('delivery.updated', onDelivery), platform.events.subscribe('message.received', onReply),
    platform.events.subscribe('patient.merged', onMerge),
  ];
  return {
    /** Records what is waiting (tests and shutdown). */
    flush,
    stop() {
      for (const off of unsubscribe) off();
      if (timer) clearTimeout(timer);
      for (const pendingTimer of waiting.values()) clearTimeout(pendingTimer);
    },
  };
}
