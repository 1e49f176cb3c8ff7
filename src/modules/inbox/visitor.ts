import { randomUUID } from 'node:crypto';
import type { EmailHeaders } from '../../db/schema-inbox.js';
import { notFound } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { publishInboxEvent } from './events.js';
import { emailHeaders } from './reply.js';
import * as store from './store.js';
import type { ConversationRow, MessageRow } from './store.js';

/**
 * The inbox seen from a channel that keeps a visitor connected (the web chat): what the patient may
 * see of their thread, and the address they leave to be answered on.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The conversation that holds the thread now (a merged one's replies live in the one it was merged into). */
async function currentConversation(platform: Platform, organizationId: string, conversationId: string): Promise<ConversationRow | undefined> {
  let conversation = await store.findConversation(platform.db, organizationId, conversationId);
  for (let hops = 0; conversation?.status === 'merged' && conversation.merged_into && hops < 5; hops++) {
    conversation = await store.findConversation(platform.db, organizationId, conversation.merged_into);
  }
  return conversation?.status === 'merged' ? undefined : conversation;
}

/**
 * What the patient may see of a thread — their messages and the clinic's replies that went out, never
 * notes, call logs or replies still scheduled — after `since` (a message id or an ISO time; null:
 * the latest `limit`). Unknown `since` ids replay the latest messages: a visitor never misses one.
 */
export async function patientMessagesSince(platform: Platform, organizationId: string, conversationId: string, since: string | null, limit = 200): Promise<{ conversation: ConversationRow; messages: MessageRow[] } | undefined> {
  const conversation = await currentConversation(platform, organizationId, conversationId);
  if (!conversation) return undefined;
  let after: store.MessageCursor | null = null;
  if (since && UUID.test(since)) {
    const message = await store.findMessage(platform.db, organizationId, since);
    if (message) after = { at: message.created_at, id: message.id };
  } else if (since && !Number.isNaN(Date.parse(since))) {
    after = { at: new Date(since), id: null };
  }
  const messages = await store.listPatientVisibleMessages(platform.db, organizationId, conversation.id, after, limit);
  return { conversation, messages };
}

/**
 * A visitor who was anonymous left an address (a web chat visitor's e-mail): the conversation's
 * contact becomes it, so agents can answer by e-mail and the visitor's e-mails join this thread.
 */
export async function setContactAddress(platform: Platform, organizationId: string, conversationId: string, address: string, name?: string | null): Promise<ConversationRow> {
  const conversation = await currentConversation(platform, organizationId, conversationId);
  if (!conversation) throw notFound('conversation', conversationId);
  const updated = await store.updateConversation(platform.db, organizationId, conversation.id, {
    contact_address: address,
    ...(name && !conversation.contact_name && { contact_name: name }),
  });
  await publishInboxEvent(platform, { type: 'system', id: null, label: 'Patient' }, updated, 'conversation.updated', { contactAddress: address });
  return updated;
}

/** One message as the patient may see it (theirs, or a reply that went out), or undefined. */
export async function patientVisibleMessage(platform: Platform, organizationId: string, messageId: string): Promise<MessageRow | undefined> {
  const message = await store.findMessage(platform.db, organizationId, messageId);
  const visible = message && (message.direction === 'in' || message.direction === 'out') && message.status !== 'scheduled' && message.status !== 'cancelled';
  return visible ? message : undefined;
}

/**
 * What an e-mail sent into this conversation from outside a reply (a copy of a chat answer) needs to
 * thread back: a new Message-ID, the thread's references and the Reply-To with the reply token
 * (no Reply-To when the clinic has no mailbox to receive the answer).
 */
export async function conversationEmailHeaders(platform: Platform, organizationId: string, conversationId: string): Promise<{ conversation: ConversationRow; email: EmailHeaders } | undefined> {
  const conversation = await currentConversation(platform, organizationId, conversationId);
  if (!conversation) return undefined;
  return { conversation, email: await emailHeaders(platform, conversation, randomUUID()) };
}
