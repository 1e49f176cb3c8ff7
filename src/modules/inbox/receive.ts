import type { CallDetails, Channel } from '../../db/schema-inbox.js';
import type { Platform } from '../../platform/platform.js';
import { findPatientsByContact } from '../patients/service.js';
import { publishInboxEvent } from './events.js';
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
  let result: Received & { reopened: boolean };
  try {
    result = await platform.db.transaction().execute(async (trx) => {
      const tx = { ...platform, db: trx };
      const senderKey = incoming.conversationId ?? `${incoming.channel}|${incoming.endpoint ?? ''}|${incoming.patientId ?? incoming.fromAddress ?? incoming.externalId ?? ''}`;
      await store.lockThread(trx, incoming.organizationId, senderKey);
      const patientId = incoming.patientId ?? (await senderPatient(tx, incoming));
      const found = await threadFor(tx, incoming, patientId);
      const conversation = found ?? await store.insertConversation(trx, {
        organization_id: incoming.organizationId, channel: incoming.channel, endpoint: incoming.endpoint, patient_id: patientId,
        contact_address: incoming.fromAddress, contact_name: incoming.fromName ?? null, subject: incoming.subject ?? null,
        department_id: incoming.departmentId ?? null, last_message_at: at,
      });
      const conversationCreated = !found;
      const isMessage = (incoming.kind ?? 'message') === 'message';
      const reopened = isMessage && !conversationCreated && conversation.status !== 'open';
      const reopening = isMessage && conversation.status === 'resolved';
      const changes = {
        last_message_at: at,
        last_message_preview: preview(incoming.body),
        ...(isMessage && {
          status: 'open' as const, snoozed_until: null, waiting_since: conversation.waiting_since ?? at,
          ...(reopening && { reopen_count: conversation.reopen_count + 1, resolved_at: null }),
        }),
        ...(!conversation.contact_name && incoming.fromName && { contact_name: incoming.fromName }),
      };
      const message = await store.recordInbound(trx, {
        conversation, changes, at,
        cycleStarts: conversationCreated ? 1 : reopening ? conversation.reopen_count + 2 : null,
        startsWait: isMessage,
        message: {
          organization_id: incoming.organizationId, conversation_id: conversation.id, patient_id: conversation.patient_id,
          channel: incoming.channel, direction: isMessage ? 'in' : 'event', author_type: isMessage ? 'patient' : 'system', author_id: null,
          author_label: incoming.fromName || incoming.fromAddress || 'Patient', sender_address: incoming.fromAddress,
          body: incoming.body, subject: incoming.subject ?? null, external_id: incoming.externalId ?? null,
          email_references: incoming.emailReferences ?? [], call: incoming.call ? JSON.stringify(incoming.call) : null, created_at: at,
        },
      });
      // The provider sent this one before (its id is taken): undo everything, answer with the stored one.
      if (!message) throw new RetriedMessage();
      const updated: ConversationRow = { ...conversation, ...changes, updated_at: new Date() };
      await store.insertAttachments(trx, (incoming.attachments ?? []).map((file) => ({
        organization_id: incoming.organizationId, message_id: message.id, file_name: file.fileName,
        content_type: file.contentType, size_bytes: file.content.length, content: file.content,
      })));
      return { conversation: updated, message, duplicate: false, conversationCreated, reopened };
    });
  } catch (error) {
    if (error instanceof RetriedMessage) return storedBefore(platform, incoming);
    throw error;
  }
  await announce(platform, result, incoming);
  return result;
}

class RetriedMessage extends Error {}

/** A provider's retry: the message stored the first time, in its conversation as it is now. */
async function storedBefore(platform: Platform, incoming: IncomingMessage): Promise<Received> {
  const message = await store.findMessageByExternalId(platform.db, incoming.organizationId, incoming.channel, incoming.externalId!);
  const conversation = message && await store.findConversation(platform.db, incoming.organizationId, message.conversation_id);
  if (!message || !conversation) throw new Error('a message reported as stored before was not found');
  return { conversation, message, duplicate: true, conversationCreated: false };
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
