import type { DomainEvent } from '../../platform/events.js';
import type { Platform } from '../../platform/platform.js';
import type { MessageStatus, OutboxStatus } from '../../db/schema-inbox.js';
import { publishInboxEvent } from './events.js';
import * as metrics from './metrics.js';
import * as store from './store.js';

const messageStatus: Record<OutboxStatus, MessageStatus> = {
  queued: 'queued', sending: 'queued', sent: 'sent', delivered: 'delivered', failed: 'failed', undelivered: 'failed', test: 'test', cancelled: 'cancelled',
};

/**
 * A message's status follows its outbox row (queued, sent, delivered, failed, test). A scheduled
 * reply from a person answers the patient when it actually goes out.
 */
export function subscribeDelivery(platform: Platform) {
  return platform.events.subscribe('delivery.updated', async (event: DomainEvent) => {
    const data = event.data as { messageId: string | null; conversationId: string | null; status: OutboxStatus };
    if (!data.messageId) return;
    const status = messageStatus[data.status];
    const before = await store.findMessage(platform.db, event.organizationId, data.messageId);
    if (!before || before.status === status || before.status === 'cancelled') return;
    await store.updateMessage(platform.db, event.organizationId, data.messageId, { status });
    const conversation = await store.findConversation(platform.db, event.organizationId, before.conversation_id);
    if (!conversation) return;
    const answers = before.status === 'scheduled' && before.author_type === 'staff' && (status === 'sent' || status === 'test' || status === 'delivered');
    if (answers) {
      await platform.db.transaction().execute(async (trx) => {
        await metrics.humanReplied({ ...platform, db: trx }, conversation, before.author_id, new Date());
        await store.updateConversation(trx, event.organizationId, conversation.id, { waiting_since: null });
      });
    }
    await publishInboxEvent(platform, event.actor, conversation, 'message.status_changed', {
      messageId: before.id, messageStatus: status, error: event.data.error ?? null,
      // A scheduled reply going out answers the patient: a response fact changed (analytics marks its day).
      answeredPatient: answers,
    });
  });
}
