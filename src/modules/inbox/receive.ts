import type { CallDetails, Channel } from '../../db/schema-inbox.js';
import type { Platform } from '../../platform/platform.js';
import { findPatientsByContact } from '../patients/service.js';
import { publishInboxEvent } from './events.js';
import * as metrics from './metrics.js';
import * as store from './store.js';
import type { ConversationRow, MessageRow } from './store.js';

/** What a channel adapter hands the inbox: one message (or call, or opt-out) from the outside world. */
export interface IncomingMessage {
  organizationId: string;
  channel: Channel;
  /** The clinic's address written to: its SMS number, mailbox, widget key (null for patient pages). */
  endpoint: string | null;
  /** The sender's address: an E.164 phone, a lower-case e-mail; null when the channel has none (chat before an e-mail is given). */
  fromAddress: string | null;
  fromName?: string | null;
  /** Known by the channel (a signed patient link, a linked chat session). */
  patientId?: string | null;
  /** The thread the channel found (e-mail reply token or references, a chat session's conversation). */
  conversationId?: string | null;
  /**
   * 'per-sender': a text, call or chat joins the sender's latest thread on that address (reopening it);
   * 'new': without a conversationId the message starts a conversation (a new e-mail).
   */
  threading: 'per-sender' | 'new';
  body: string;
  subject?: string | null;
  /** The provider's id (MessageSid, CallSid, Message-ID, the widget's client id): a retry is recognised, never stored twice. */
  externalId?: string | null;
  emailReferences?: string[];
  /** 'event': a call log or a consent change, shown in the thread but not a message a human must answer. */
  kind?: 'message' | 'event';
  call?: CallDetails;
  attachments?: { fileName: string; contentType: string; content: Buffer }[];
  departmentId?: string | null;
  receivedAt?: Date;
}

export interface Received {
  conversation: ConversationRow;
  message: MessageRow;
  /** The provider sent this one before: nothing was stored again. */
  duplicate: boolean;
  conversationCreated: boolean;
}

const preview = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 160);
const actor = { type: 'system', id: null, label: 'Patient' } as const;

/** Stores a message from a patient (or about one): finds or opens its conversation, reopens it, starts the response clock. */
export async function receiveMessage(platform: Platform, incoming: IncomingMessage): Promise<Received> {
  const at = incoming.receivedAt ?? new Date();
  const result = await platform.db.transaction().execute(async (trx) => {
    const tx = { ...platform, db: trx };
    const senderKey = incoming.conversationId ?? `${incoming.channel}|${incoming.endpoint ?? ''}|${incoming.patientId ?? incoming.fromAddress ?? incoming.externalId ?? ''}`;
    await store.lockThread(trx, incoming.organizationId, senderKey);
    if (incoming.externalId) {
      const existing = await store.findMessageByExternalId(trx, incoming.organizationId, incoming.channel, incoming.externalId);
      if (existing) {
        const conversation = await store.findConversation(trx, incoming.organizationId, existing.conversation_id);
        return { conversation: conversation!, message: existing, duplicate: true, conversationCreated: false, reopened: false };
      }
    }
    const patientId = incoming.patientId ?? (await senderPatient(tx, incoming));
    let conversation = await threadFor(tx, incoming, patientId);
    const conversationCreated = !conversation;
    if (!conversation) {
      conversation = await store.insertConversation(trx, {
        organization_id: incoming.organizationId, channel: incoming.channel, endpoint: incoming.endpoint, patient_id: patientId,
        contact_address: incoming.fromAddress, contact_name: incoming.fromName ?? null, subject: incoming.subject ?? null,
        department_id: incoming.departmentId ?? null, last_message_at: at,
      });
      await metrics.openCycle(tx, conversation, at);
    }
    const isMessage = (incoming.kind ?? 'message') === 'message';
    const reopened = isMessage && !conversationCreated && conversation.status !== 'open';
    const wasResolved = conversation.status === 'resolved';
    conversation = await store.updateConversation(trx, incoming.organizationId, conversation.id, {
      last_message_at: at,
      last_message_preview: preview(incoming.body),
      ...(isMessage && {
        status: 'open', snoozed_until: null, waiting_since: conversation.waiting_since ?? at,
        ...(wasResolved && { reopen_count: conversation.reopen_count + 1, resolved_at: null }),
      }),
      ...(!conversation.contact_name && incoming.fromName && { contact_name: incoming.fromName }),
    });
    if (wasResolved && isMessage) await metrics.openCycle(tx, conversation, at);
    const message = await store.insertMessage(trx, {
      organization_id: incoming.organizationId, conversation_id: conversation.id, patient_id: conversation.patient_id,
      channel: incoming.channel, direction: isMessage ? 'in' : 'event', author_type: isMessage ? 'patient' : 'system', author_id: null,
      author_label: incoming.fromName || incoming.fromAddress || 'Patient', sender_address: incoming.fromAddress,
      body: incoming.body, subject: incoming.subject ?? null, external_id: incoming.externalId ?? null,
      email_references: incoming.emailReferences ?? [], call: incoming.call ? JSON.stringify(incoming.call) : null, created_at: at,
    });
    await store.insertAttachments(trx, (incoming.attachments ?? []).map((file) => ({
      organization_id: incoming.organizationId, message_id: message.id, file_name: file.fileName,
      content_type: file.contentType, size_bytes: file.content.length, content: file.content,
    })));
    if (isMessage) await metrics.patientWrote(tx, conversation, at);
    return { conversation, message, duplicate: false, conversationCreated, reopened };
  });
  if (!result.duplicate) await announce(platform, result, incoming);
  return result;
}

async function senderPatient(platform: Platform, incoming: IncomingMessage): Promise<string | null> {
  if (!incoming.fromAddress || incoming.channel === 'chat') return null;
  const kind = incoming.channel === 'email' ? 'email' : 'phone';
  const matches = await findPatientsByContact(platform, incoming.organizationId, kind, incoming.fromAddress);
  // Two records share the address (a parent and child on one phone): the agent decides, so none is guessed.
  return matches.length === 1 ? matches[0]! : null;
}

async function threadFor(platform: Platform, incoming: IncomingMessage, patientId: string | null) {
  if (incoming.conversationId) {
    let found = await store.lockConversation(platform.db, incoming.organizationId, incoming.conversationId);
    // A merged conversation's replies go to the one it was merged into.
    for (let hops = 0; found?.status === 'merged' && found.merged_into && hops < 5; hops++) {
      found = await store.lockConversation(platform.db, incoming.organizationId, found.merged_into);
    }
    if (found) return found;
  }
  if (incoming.threading === 'new') return undefined;
  return store.findThread(platform.db, incoming.organizationId, incoming.channel, incoming.endpoint, { patientId, address: incoming.fromAddress });
}

async function announce(platform: Platform, result: Received & { reopened: boolean }, incoming: IncomingMessage) {
  const { conversation, message } = result;
  const base = { conversationId: conversation.id, channel: conversation.channel };
  if (result.conversationCreated) {
    await publishInboxEvent(platform, actor, conversation, 'conversation.created', { ...base, summary: `New ${channelName(conversation.channel)} conversation` });
  } else if (result.reopened) {
    await publishInboxEvent(platform, actor, conversation, 'conversation.reopened', { ...base, summary: 'Conversation reopened by the patient' });
  }
  const type = message.direction === 'event' ? (incoming.call ? 'call.logged' : 'conversation.event') : 'message.received';
  await publishInboxEvent(platform, actor, conversation, type, {
    ...base, messageId: message.id, direction: message.direction,
    summary: incoming.call ? callSummary(incoming.call) : `${channelName(conversation.channel)} from patient: ${preview(message.body).slice(0, 100)}`,
    ...(incoming.call && { call: incoming.call }),
  });
}

export const channelName = (channel: Channel) =>
  ({ sms: 'SMS', email: 'E-mail', chat: 'Web chat', voice: 'Phone', portal: 'Patient page' })[channel];

const callSummary = (call: CallDetails) =>
  `${call.direction === 'inbound' ? 'Call from' : 'Call to'} ${call.direction === 'inbound' ? call.from : call.to}: ${call.outcome}${call.durationSeconds ? `, ${call.durationSeconds} s` : ''}`;
