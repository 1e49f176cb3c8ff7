import { randomUUID } from 'node:crypto';
import type { OutboundChannel } from '../../db/schema-inbox.js';
import { AppError, invalid, notFound } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import { listUsers } from '../identity/service.js';
import { newMessageId, replyToken } from '../channels/email-threading.js';
import { cancelOutbound, dispatch, firstEndpoint, isOptedOut, queueOutbound, replyAddress, senderFor } from '../channels/service.js';
import { getPatient } from '../patients/service.js';
import { publishInboxEvent } from './events.js';
import * as metrics from './metrics.js';
import { replyOptions } from './reply-options.js';
import type { NewConversation, NewNote, NewReply } from './schemas.js';
import * as store from './store.js';
import type { ConversationRow, MessageRow } from './store.js';

/** Who writes: a person on staff, the assistant (bot), or an automation rule. Only people stop the response clock. */
export type ReplyAuthor = 'staff' | 'bot' | 'automation';

const preview = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 160);

function defaultChannel(conversation: ConversationRow): OutboundChannel {
  if (conversation.channel === 'voice' || conversation.channel === 'portal') return 'sms';
  return conversation.channel;
}

/** Answers the patient on the conversation's channel (or another they consented to), now or at `sendAt`. */
export async function sendReply(platform: Platform, actor: Actor, conversationId: string, input: NewReply, author: ReplyAuthor = 'staff'): Promise<MessageRow> {
  const sendAt = input.sendAt ? new Date(input.sendAt) : null;
  if (sendAt && sendAt.getTime() <= Date.now()) throw invalid('sendAt', 'must be in the future (leave it out to send now)');
  const conversation = await store.findConversation(platform.db, actor.organizationId, conversationId);
  if (!conversation) throw notFound('conversation', conversationId);
  if (conversation.status === 'merged') throw new AppError(409, 'conversation_merged', 'This conversation was merged into another; reply there.', { mergedInto: conversation.merged_into });
  const channel = input.channel ?? defaultChannel(conversation);
  const options = (await replyOptions(platform, conversation)).filter((o) => o.channel === channel);
  const option = options.find((o) => o.allowed);
  if (!option) {
    const refused = options[0];
    throw new AppError(409, !refused ? 'no_address' : refused.reason === 'texted STOP' ? 'opted_out' : 'no_consent',
      refused ? `Cannot write by ${channel} to ${refused.recipient}: ${refused.reason}.` : `The patient has no ${channel} address to write to.`, { channel });
  }
  const sender = channel === 'chat' ? null : await senderFor(platform, actor.organizationId, channel);
  const messageId = randomUUID();
  const email = channel === 'email' ? await emailHeaders(platform, conversation, messageId) : undefined;
  const subject = channel === 'email' ? input.subject ?? replySubject(conversation.subject) : null;
  const now = new Date();
  const authorLabel = author === 'staff' ? actor.label : author === 'bot' ? 'Assistant' : 'Automation';

  const { message, outbox } = await platform.db.transaction().execute(async (trx) => {
    const tx = { ...platform, db: trx };
    const locked = await store.lockConversation(trx, actor.organizationId, conversationId);
    if (!locked) throw notFound('conversation', conversationId);
    const message = await store.insertMessage(trx, {
      id: messageId, organization_id: actor.organizationId, conversation_id: conversationId, patient_id: locked.patient_id,
      channel, direction: 'out', author_type: author, author_id: author === 'staff' ? actor.id : null, author_label: authorLabel,
      sender_address: null, body: input.body, subject, external_id: email?.messageId ?? null,
      status: sendAt ? 'scheduled' : 'queued', send_at: sendAt, created_at: now,
    });
    const outbox = await queueOutbound(tx, {
      organizationId: actor.organizationId, purpose: 'reply', category: 'care', channel, recipient: option.recipient, sender,
      patientId: locked.patient_id, conversationId, messageId, subject, body: input.body, email,
      sendAfter: sendAt ?? now, idempotencyKey: `reply:${messageId}`,
    });
    await store.updateConversation(trx, actor.organizationId, conversationId, {
      last_message_at: now, last_message_preview: preview(input.body),
      ...(author === 'staff' && !sendAt && { waiting_since: null }),
    });
    // A scheduled reply answers the patient when it goes out (see deliveryUpdated), not when it is written.
    if (author === 'staff' && !sendAt) await metrics.humanReplied(tx, locked, actor.id, now);
    return { message, outbox };
  });
  await dispatch(platform, outbox);
  const after = await store.findConversation(platform.db, actor.organizationId, conversationId);
  await publishInboxEvent(platform, actor, after ?? conversation, sendAt ? 'message.scheduled' : 'message.sent', {
    messageId: message.id, direction: 'out', authorType: author, replyChannel: channel,
    summary: `${sendAt ? 'Reply scheduled' : 'Reply'} by ${channel === 'sms' ? 'SMS' : channel} from ${authorLabel}: ${preview(input.body).slice(0, 100)}`,
  });
  return message;
}

const replySubject = (subject: string | null) => (subject ? (/^re:/i.test(subject) ? subject : `Re: ${subject}`) : 'Message from your clinic');

/** The threading headers of an e-mail in this conversation: its Message-ID, the thread's references, and the Reply-To that carries the reply token. */
export async function emailHeaders(platform: Platform, conversation: ConversationRow, messageId: string) {
  const mailbox = await firstEndpoint(platform, conversation.organization_id, 'email');
  const earlier = (await store.listMessages(platform.db, conversation.organization_id, conversation.id))
    .filter((m) => m.channel === 'email' && m.external_id).map((m) => m.external_id!);
  const lastInbound = earlier.at(-1);
  return {
    messageId: newMessageId(messageId, platform.config.mailDomain),
    ...(lastInbound && { inReplyTo: lastInbound }),
    references: earlier.slice(-20),
    ...(mailbox && { replyTo: replyAddress(platform, mailbox.address, replyToken(platform.config.secretKey, conversation.organization_id, conversation.number)) }),
  };
}

/** An internal note: staff only, never sent; @mentioned colleagues are notified. */
export async function addNote(platform: Platform, actor: Actor, conversationId: string, input: NewNote): Promise<MessageRow> {
  const conversation = await store.findConversation(platform.db, actor.organizationId, conversationId);
  if (!conversation) throw notFound('conversation', conversationId);
  const mentions = [...new Set(input.mentions ?? [])];
  if (mentions.length > 0) {
    const staff = new Set((await listUsers(platform, actor)).filter((u) => u.active).map((u) => u.id));
    const unknown = mentions.find((id) => !staff.has(id));
    if (unknown) throw invalid('mentions', `${unknown} is not an active staff member of this clinic`);
  }
  const message = await store.insertMessage(platform.db, {
    organization_id: actor.organizationId, conversation_id: conversationId, patient_id: conversation.patient_id,
    channel: conversation.channel, direction: 'note', author_type: 'staff', author_id: actor.id, author_label: actor.label,
    sender_address: null, body: input.body, subject: null, external_id: null, mentions,
  });
  await publishInboxEvent(platform, actor, conversation, 'note.added', { messageId: message.id, mentions, summary: `Internal note by ${actor.label}` });
  return message;
}

/** Withdraws a scheduled reply before it goes out. */
export async function cancelScheduled(platform: Platform, actor: Actor, conversationId: string, messageId: string) {
  const message = await store.findMessage(platform.db, actor.organizationId, messageId);
  if (!message || message.conversation_id !== conversationId) throw notFound('message', messageId);
  if (message.status !== 'scheduled') throw new AppError(409, 'not_scheduled', 'Only a scheduled reply that has not gone out can be cancelled.');
  const cancelled = await cancelOutbound(platform, actor.organizationId, messageId);
  if (!cancelled) throw new AppError(409, 'already_sending', 'This reply is being sent and can no longer be cancelled.');
  return store.updateMessage(platform.db, actor.organizationId, messageId, { status: 'cancelled' });
}

/** Staff start a conversation with a patient (on a channel the patient consented to). */
export async function startConversation(platform: Platform, actor: Actor, input: NewConversation) {
  const patient = await getPatient(platform, actor, input.patientId);
  if (patient.status === 'merged') throw new AppError(409, 'patient_merged', 'This record was merged; write to the surviving record.', { replacedBy: patient.replacedBy });
  const kind = input.channel === 'sms' ? 'phone' : 'email';
  if (input.channel === 'chat') throw invalid('channel', 'a web chat can only be started by the patient');
  const point = patient.contactPoints.find((cp) => cp.kind === kind && cp.consentCare) ?? patient.contactPoints.find((cp) => cp.kind === kind);
  if (!point) throw new AppError(409, 'no_address', `The patient has no ${kind === 'phone' ? 'phone number' : 'e-mail address'} on record.`, { channel: input.channel });
  if (!point.consentCare) throw new AppError(409, 'no_consent', `The patient has not agreed to care messages at ${point.value}.`, { channel: input.channel });
  if (input.channel === 'sms' && (await isOptedOut(platform, actor.organizationId, point.value))) {
    throw new AppError(409, 'opted_out', `${point.value} has texted STOP: no text can be sent until the patient texts START.`, { channel: 'sms' });
  }
  const endpoint = await firstEndpoint(platform, actor.organizationId, input.channel);
  const conversation = await store.insertConversation(platform.db, {
    organization_id: actor.organizationId, channel: input.channel, endpoint: endpoint?.address ?? null, patient_id: patient.id,
    contact_address: point.value, contact_name: `${patient.givenName} ${patient.familyName}`, subject: input.subject ?? null,
    status: 'pending', assignee_id: actor.type === 'user' ? actor.id : null, department_id: null, last_message_at: new Date(),
  });
  await metrics.openCycle(platform, conversation, conversation.created_at);
  await publishInboxEvent(platform, actor, conversation, 'conversation.created', { summary: `Conversation started by ${actor.label}`, startedBy: 'staff' });
  try {
    await sendReply(platform, actor, conversation.id, { body: input.body, channel: input.channel, ...(input.subject && { subject: input.subject }) });
  } catch (error) {
    // Nothing could be sent (no consent, opted out): the empty conversation is not left behind.
    await store.updateConversation(platform.db, actor.organizationId, conversation.id, { status: 'resolved', resolved_at: new Date() });
    throw error;
  }
  return conversation;
}
