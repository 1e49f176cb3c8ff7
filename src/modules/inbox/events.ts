import type { Platform } from '../../platform/platform.js';
import type { ConversationRow } from './store.js';

/** Bookkeeping that would only clutter the patient's timeline (it has the messages themselves). */
const OFF_TIMELINE = new Set(['message.status_changed', 'conversation.assigned', 'conversation.updated', 'conversation.status_changed', 'sla.breach_soon', 'sla.breached']);

export interface EventActor {
  type: string;
  id: string | null;
  label: string;
}

/**
 * Every inbox event carries the conversation's id, status, assignee and team, so live screens and
 * automation rules can act without reading it again. patientId (kept off bookkeeping events) puts it
 * on the patient's timeline; data.patientId is always there.
 */
export async function publishInboxEvent(platform: Platform, actor: EventActor, conversation: ConversationRow, type: string, data: Record<string, unknown>) {
  await platform.events.publish({
    type, version: 1, organizationId: conversation.organization_id,
    ...(conversation.patient_id && !OFF_TIMELINE.has(type) && { patientId: conversation.patient_id }),
    actor: { type: actor.type, id: actor.id, label: actor.label },
    at: new Date().toISOString(),
    data: {
      conversationId: conversation.id, patientId: conversation.patient_id, conversationNumber: conversation.number, status: conversation.status,
      // Open-to-resolved period: 1 until the first resolution, one more after each reopen.
      cycle: conversation.reopen_count + 1,
      priority: conversation.priority, assigneeId: conversation.assignee_id, departmentId: conversation.department_id,
      channel: conversation.channel, labels: conversation.labels, ...data,
    },
  });
}
