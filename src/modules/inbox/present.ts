import type { CallDetails } from '../../db/schema-inbox.js';
import { iso } from '../../platform/schemas.js';
import type { PatientRef } from '../patients/service.js';
import type { ConversationSummary, Message } from './schemas.js';
import type { ConversationRow, MessageRow } from './store.js';

/** The running SLA due times, and the earliest of them (what the agent must beat next). */
export function slaOf(row: ConversationRow, now = Date.now()) {
  const running = row.status === 'resolved' || row.status === 'merged'
    ? []
    : [row.waiting_since ? row.first_response_due_at : null, row.waiting_since ? row.next_response_due_at : null, row.resolution_due_at].filter((d): d is Date => d !== null);
  const due = running.length > 0 ? new Date(Math.min(...running.map((d) => d.getTime()))) : null;
  return {
    firstResponseDueAt: iso(row.first_response_due_at), nextResponseDueAt: iso(row.next_response_due_at), resolutionDueAt: iso(row.resolution_due_at),
    dueAt: iso(due), breached: due !== null && due.getTime() < now,
  };
}

export function presentConversation(row: ConversationRow, patients: Map<string, PatientRef>, staffNames: Map<string, string>): ConversationSummary {
  const patient = row.patient_id ? patients.get(row.patient_id) : undefined;
  return {
    id: row.id, number: row.number, channel: row.channel, status: row.status, priority: row.priority, subject: row.subject,
    patientId: row.patient_id, patient: patient ? { id: patient.id, name: patient.name, mrn: patient.mrn, dateOfBirth: patient.dateOfBirth } : null,
    contactAddress: row.contact_address, contactName: row.contact_name, departmentId: row.department_id,
    assigneeId: row.assignee_id, assigneeName: row.assignee_id ? staffNames.get(row.assignee_id) ?? null : null,
    labels: row.labels, lastMessageAt: row.last_message_at.toISOString(), lastMessagePreview: row.last_message_preview,
    waitingSince: iso(row.waiting_since), snoozedUntil: iso(row.snoozed_until), mergedInto: row.merged_into, reopenCount: row.reopen_count,
    sla: slaOf(row), createdAt: row.created_at.toISOString(),
  };
}

export interface AttachmentMeta { id: string; message_id: string; file_name: string; content_type: string; size_bytes: number }

export function presentMessage(row: MessageRow, attachments: AttachmentMeta[]): Message {
  const call = row.call as CallDetails | null;
  return {
    id: row.id, conversationId: row.conversation_id, channel: row.channel, direction: row.direction, authorType: row.author_type,
    authorId: row.author_id, authorLabel: row.author_label, senderAddress: row.sender_address, subject: row.subject, body: row.body,
    status: row.status, sendAt: iso(row.send_at), mentions: row.mentions,
    call: call ? { direction: call.direction, from: call.from, to: call.to, durationSeconds: call.durationSeconds, outcome: call.outcome, ...(call.notes && { notes: call.notes }) } : null,
    attachments: attachments.filter((a) => a.message_id === row.id).map((a) => ({ id: a.id, fileName: a.file_name, contentType: a.content_type, sizeBytes: a.size_bytes })),
    createdAt: row.created_at.toISOString(),
  };
}
