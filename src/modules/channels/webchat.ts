import { createHash, randomBytes } from 'node:crypto';
import { AppError, invalid, notFound, tooManyRequests } from '../../platform/errors.js';
import type { DomainEvent } from '../../platform/events.js';
import type { Platform } from '../../platform/platform.js';
import { systemActor } from '../../platform/permissions.js';
import { findOrganization } from '../identity/service.js';
import {
  conversationEmailHeaders, patientMessagesSince, patientVisibleMessage, receiveMessage, setContactAddress,
} from '../inbox/service.js';
import { dispatch, findEndpoint, queueOutbound, senderFor } from './service.js';
import * as store from './webchat-store.js';
import type { ChatSessionRow } from './webchat-store.js';

/**
 * The web chat channel: a visitor of the clinic's site opens a session with the clinic's widget key,
 * writes over a WebSocket, and gets the clinic's replies there — or by e-mail once they have left,
 * if they gave an address (their answer to that e-mail threads back into the same conversation).
 */
export type { ChatSessionRow };

export const VISITOR_TOKEN_PREFIX = 'clv_';
export const MAX_CHAT_MESSAGE = 5000;
/** New sessions one address may open per window (a clinic's waiting room shares one address). */
export const SESSIONS_PER_ADDRESS = 20;
const SESSION_WINDOW_MS = 10 * 60_000;
/** A visitor seen within this long is still in the chat; after it, replies are copied by e-mail. */
export const LIVE_WITHIN_MS = 60_000;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');
const clean = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

/** What the widget shows of a message. `clientId` lets the visitor's own pending message be recognised. */
export interface VisitorMessage {
  id: string;
  direction: 'in' | 'out';
  body: string;
  authorLabel: string;
  createdAt: string;
  clientId?: string;
}

/** Opens a visitor session for a clinic's widget (404 for an unknown key, 429 past the per-address limit). */
export async function openChatSession(platform: Platform, input: { clinic: string; name?: string; email?: string; ip: string }) {
  const endpoint = await findEndpoint(platform, 'chat', input.clinic);
  if (!endpoint) throw notFound('chat widget');
  const recent = await store.countSessionsFromIp(platform.db, input.ip, new Date(Date.now() - SESSION_WINDOW_MS));
  if (recent >= SESSIONS_PER_ADDRESS) throw tooManyRequests('Too many chats were started from this network. Please try again in a few minutes.', SESSION_WINDOW_MS / 1000);
  const token = `${VISITOR_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const session = await store.insertSession(platform.db, {
    organization_id: endpoint.organization_id, endpoint: endpoint.address, token_hash: digest(token),
    visitor_name: clean(input.name), visitor_email: clean(input.email)?.toLowerCase() ?? null, client_ip: input.ip,
  });
  const organization = await findOrganization(platform, endpoint.organization_id);
  return { token, sessionId: session.id, clinicName: organization?.name ?? 'Clinic' };
}

/** The session a visitor token belongs to, or undefined. */
export async function visitorSession(platform: Platform, token: string | undefined): Promise<ChatSessionRow | undefined> {
  if (!token || !token.startsWith(VISITOR_TOKEN_PREFIX) || token.length > 200) return undefined;
  return store.findSessionByTokenHash(platform.db, digest(token));
}

/** The clinic's name, or null when the clinic removed this widget (the chat is closed). */
export async function chatClinic(platform: Platform, session: ChatSessionRow): Promise<string | null> {
  const endpoint = await findEndpoint(platform, 'chat', session.endpoint);
  if (!endpoint || endpoint.organization_id !== session.organization_id) return null;
  return (await findOrganization(platform, session.organization_id))?.name ?? 'Clinic';
}

/** The visitor gives a name or an e-mail; with an e-mail the conversation can continue by e-mail. */
export async function updateVisitor(platform: Platform, session: ChatSessionRow, input: { name?: string; email?: string }) {
  const email = input.email !== undefined ? clean(input.email)?.toLowerCase() ?? null : undefined;
  const updated = await store.updateSession(platform.db, session.id, {
    ...(input.name !== undefined && { visitor_name: clean(input.name) }),
    ...(email !== undefined && { visitor_email: email }),
  });
  if (email && updated.conversation_id) {
    await setContactAddress(platform, updated.organization_id, updated.conversation_id, email, updated.visitor_name);
  }
  return updated;
}

/** Stores a visitor's message in the inbox, once per clientId (a resend after a reconnect is recognised). */
export async function receiveChatMessage(platform: Platform, session: ChatSessionRow, input: { clientId: string; body: string }) {
  const body = input.body.trim();
  if (!body) throw invalid('body', 'Please write a message before sending.');
  if (body.length > MAX_CHAT_MESSAGE) throw invalid('body', `Please keep your message under ${MAX_CHAT_MESSAGE} characters.`);
  // Another tab of the same visitor may have started the conversation meanwhile.
  const current = session.conversation_id ? session : (await store.findSession(platform.db, session.id)) ?? session;
  const endpoint = current.conversation_id ? undefined : await findEndpoint(platform, 'chat', current.endpoint);
  const received = await receiveMessage(platform, {
    organizationId: current.organization_id, channel: 'chat', endpoint: current.endpoint,
    fromAddress: current.visitor_email, fromName: current.visitor_name, conversationId: current.conversation_id,
    // A new session never joins an older thread by the e-mail it typed: that thread is someone else's until proven otherwise.
    threading: current.conversation_id ? 'per-sender' : 'new',
    departmentId: endpoint?.department_id ?? null,
    body,
    // Scoped to the session, so a visitor can never hit another visitor's message by guessing a client id.
    externalId: `chat:${current.id}:${input.clientId}`,
  });
  let updated = current;
  if (received.conversation.id !== current.conversation_id) {
    // The first message: claimed unless another tab's came first. A merged conversation: followed.
    updated = current.conversation_id
      ? await store.updateSession(platform.db, current.id, { conversation_id: received.conversation.id })
      : (await store.claimConversation(platform.db, current.id, received.conversation.id)) ?? current;
  }
  return { messageId: received.message.id, duplicate: received.duplicate, session: updated };
}

/** Staff are shown by first name, automated replies as "Clinic"; the visitor's own messages as "You". */
export function presentVisitorMessage(session: Pick<ChatSessionRow, 'id'>, message: { id: string; direction: string; author_type: string; author_label: string; body: string; created_at: Date; external_id: string | null }): VisitorMessage {
  const own = `chat:${session.id}:`;
  const clientId = message.direction === 'in' && message.external_id?.startsWith(own) ? message.external_id.slice(own.length) : undefined;
  // A reply written through the API (an integration's token) is signed by the clinic, not by the token's name.
  const person = message.author_type === 'staff' && !message.author_label.startsWith('API token');
  const authorLabel = message.direction === 'in' ? 'You' : person ? message.author_label.trim().split(/\s+/)[0] || 'Clinic' : 'Clinic';
  return {
    id: message.id, direction: message.direction === 'in' ? 'in' : 'out', body: message.body, authorLabel,
    createdAt: message.created_at.toISOString(), ...(clientId && { clientId }),
  };
}

/** Everything the visitor may see after `since` (a message id or a time); the session follows a merged conversation. */
export async function replayChat(platform: Platform, session: ChatSessionRow, since: string | null) {
  const current = session.conversation_id ? session : (await store.findSession(platform.db, session.id)) ?? session;
  if (!current.conversation_id) return { session: current, messages: [] };
  const thread = await patientMessagesSince(platform, current.organization_id, current.conversation_id, since);
  if (!thread) return { session: current, messages: [] };
  const updated = thread.conversation.id === current.conversation_id ? current : await store.updateSession(platform.db, current.id, { conversation_id: thread.conversation.id });
  if (thread.conversation.patient_id && thread.messages.length > 0) {
    await platform.audit.record(systemActor(current.organization_id, 'web', 'Patient (web chat)'), [
      { action: 'read', entityType: 'conversation', entityId: thread.conversation.id, patientId: thread.conversation.patient_id, details: { via: 'web_chat' } },
    ]);
  }
  return { session: updated, messages: thread.messages.map((message) => presentVisitorMessage(updated, message)) };
}

/** These visitors are in the chat now (connect, heartbeat). */
export const sawVisitors = (platform: Platform, sessionIds: string[]) => store.touchSessions(platform.db, sessionIds, new Date());

/** The visitor's last socket closed: from now on the clinic's replies are copied by e-mail. */
export const visitorLeft = (platform: Platform, sessionId: string) => store.touchSession(platform.db, sessionId, new Date(Date.now() - LIVE_WITHIN_MS - 1000));

/**
 * A reply on the chat to a visitor who has left and gave an e-mail goes out by e-mail too, from the
 * clinic's mailbox with the conversation's reply token, so their answer joins this conversation.
 * A visitor without an e-mail finds the reply in the chat on their next visit.
 */
export async function copyReplyByEmail(platform: Platform, organizationId: string, conversationId: string, messageId: string) {
  const session = await store.findSessionByConversation(platform.db, organizationId, conversationId);
  if (!session?.visitor_email || Date.now() - session.last_seen_at.getTime() < LIVE_WITHIN_MS) return null;
  const message = await patientVisibleMessage(platform, organizationId, messageId);
  if (!message || message.direction !== 'out' || message.channel !== 'chat') return null;
  const thread = await conversationEmailHeaders(platform, organizationId, conversationId);
  if (!thread?.email.replyTo) {
    platform.logger.warn({ conversationId }, 'chat reply not copied by e-mail: the clinic has no mailbox to receive the answer');
    return null;
  }
  const clinic = (await findOrganization(platform, organizationId))?.name ?? 'Your clinic';
  const author = presentVisitorMessage(session, message).authorLabel;
  try {
    const row = await queueOutbound(platform, {
      organizationId, purpose: 'chat_followup', category: 'care', channel: 'email', recipient: session.visitor_email,
      sender: await senderFor(platform, organizationId, 'email'), patientId: thread.conversation.patient_id, conversationId: thread.conversation.id,
      subject: `${clinic} answered your chat`,
      body: `You left our chat before we could answer, so here is our reply:\n\n${message.body}\n\n— ${author}, ${clinic}\n\nReply to this e-mail to continue the conversation.`,
      email: thread.email, idempotencyKey: `chat_followup:${messageId}`,
    });
    await dispatch(platform, row);
    return row;
  } catch (error) {
    if (error instanceof AppError) {
      platform.logger.warn({ conversationId, code: error.code }, 'chat reply not copied by e-mail');
      return null;
    }
    throw error;
  }
}

/** Runs once per reply (in the process that sent it): the e-mail copy for visitors who left. */
export function subscribeChatFollowUp(platform: Platform) {
  const stops = [
    platform.events.subscribe('message.sent', async (event: DomainEvent) => {
      const data = event.data as { replyChannel?: string; conversationId?: string; messageId?: string };
      if (data.replyChannel !== 'chat' || !data.conversationId || !data.messageId) return;
      await copyReplyByEmail(platform, event.organizationId, data.conversationId, data.messageId);
    }),
    // A scheduled chat reply is copied when it goes out.
    platform.events.subscribe('message.status_changed', async (event: DomainEvent) => {
      const data = event.data as { channel?: string; messageStatus?: string; conversationId?: string; messageId?: string };
      if (data.channel !== 'chat' || data.messageStatus !== 'sent' || !data.conversationId || !data.messageId) return;
      const message = await patientVisibleMessage(platform, event.organizationId, data.messageId);
      if (message?.send_at) await copyReplyByEmail(platform, event.organizationId, data.conversationId, data.messageId);
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
