import { AppError, notFound } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import { addContactPoint, getPatient } from '../patients/service.js';
import { publishInboxEvent } from './events.js';
import * as metrics from './metrics.js';
import * as store from './store.js';

async function livePatient(platform: Platform, actor: Actor, patientId: string) {
  const patient = await getPatient(platform, actor, patientId);
  if (patient.status === 'merged') throw new AppError(409, 'patient_merged', 'This record was merged into another; use the surviving record.', { replacedBy: patient.replacedBy });
  return patient;
}

/** Merges a conversation into another about the same patient (or an unknown sender): its messages move, it is closed as merged. */
export async function mergeConversations(platform: Platform, actor: Actor, sourceId: string, intoId: string) {
  if (sourceId === intoId) throw new AppError(409, 'same_conversation', 'A conversation cannot be merged into itself.');
  const result = await platform.db.transaction().execute(async (trx) => {
    const tx = { ...platform, db: trx };
    // Locked in a fixed order, so two opposite merges at once wait rather than deadlock.
    const [first, second] = [sourceId, intoId].sort();
    const a = await store.lockConversation(trx, actor.organizationId, first!);
    const b = await store.lockConversation(trx, actor.organizationId, second!);
    const source = a?.id === sourceId ? a : b;
    const target = a?.id === intoId ? a : b;
    if (!source) throw notFound('conversation', sourceId);
    if (!target) throw notFound('conversation', intoId);
    if (source.status === 'merged' || target.status === 'merged') throw new AppError(409, 'conversation_merged', 'One of these conversations was already merged.');
    if (source.patient_id && target.patient_id && source.patient_id !== target.patient_id) {
      throw new AppError(409, 'different_patients', 'These conversations are about different patients; move single messages instead.');
    }
    const patientId = target.patient_id ?? source.patient_id;
    await store.moveMessages(trx, actor.organizationId, source.id, target.id, patientId);
    await metrics.waitAbandoned(tx, source);
    const waiting = [source.waiting_since, target.waiting_since].filter((d): d is Date => d !== null);
    const merged = await store.updateConversation(trx, actor.organizationId, target.id, {
      patient_id: patientId,
      last_message_at: new Date(Math.max(source.last_message_at.getTime(), target.last_message_at.getTime())),
      labels: [...new Set([...target.labels, ...source.labels])],
      ...(waiting.length > 0 && target.status !== 'resolved' && { waiting_since: new Date(Math.min(...waiting.map((d) => d.getTime()))) }),
    });
    if (!target.waiting_since && source.waiting_since && target.status !== 'resolved') await metrics.patientWrote(tx, merged, source.waiting_since);
    const closed = await store.updateConversation(trx, actor.organizationId, source.id, { status: 'merged', merged_into: target.id, waiting_since: null });
    return { closed, merged };
  });
  await publishInboxEvent(platform, actor, result.closed, 'conversation.merged', { intoId: result.merged.id, summary: `Conversation #${result.closed.number} merged into #${result.merged.number}` });
  await publishInboxEvent(platform, actor, result.merged, 'conversation.updated', { mergedFrom: result.closed.id });
  return result.merged;
}

/** Moves a message that landed with the wrong patient into that patient's thread on the same channel (opened if needed). */
export async function moveMessage(platform: Platform, actor: Actor, messageId: string, patientId: string) {
  const patient = await livePatient(platform, actor, patientId);
  const result = await platform.db.transaction().execute(async (trx) => {
    const tx = { ...platform, db: trx };
    const message = await store.findMessage(trx, actor.organizationId, messageId);
    if (!message) throw notFound('message', messageId);
    if (message.direction === 'note') throw new AppError(409, 'cannot_move_note', 'Internal notes stay with their conversation.');
    if (message.patient_id === patient.id) throw new AppError(409, 'already_there', 'This message is already with that patient.');
    const source = await store.lockConversation(trx, actor.organizationId, message.conversation_id);
    if (!source) throw notFound('conversation', message.conversation_id);
    await store.lockThread(trx, actor.organizationId, `${message.channel}|${source.endpoint ?? ''}|${patient.id}`);
    let target = await store.findThread(trx, actor.organizationId, message.channel, source.endpoint, { patientId: patient.id, address: null });
    if (!target) {
      target = await store.insertConversation(trx, {
        organization_id: actor.organizationId, channel: message.channel, endpoint: source.endpoint, patient_id: patient.id,
        contact_address: message.sender_address, contact_name: `${patient.givenName} ${patient.familyName}`, subject: message.subject ?? source.subject,
        department_id: source.department_id, last_message_at: message.created_at,
      });
      await metrics.openCycle(tx, target, message.created_at);
    }
    await store.moveMessage(trx, actor.organizationId, message.id, target.id, patient.id);
    if (message.direction === 'in') {
      target = await store.updateConversation(trx, actor.organizationId, target.id, {
        status: 'open', waiting_since: target.waiting_since ?? message.created_at,
        last_message_at: new Date(Math.max(target.last_message_at.getTime(), message.created_at.getTime())),
      });
      await metrics.patientWrote(tx, target, message.created_at);
    }
    return { message, source, target };
  });
  await publishInboxEvent(platform, actor, result.source, 'message.moved', {
    messageId, toConversationId: result.target.id, toPatientId: patient.id, fromPatientId: result.source.patient_id,
    summary: `A message was moved to another patient's record by ${actor.label}`,
  });
  await publishInboxEvent(platform, actor, result.target, 'conversation.updated', { movedMessageId: messageId });
  return result.target;
}

/** Links an unknown sender's conversations to a patient, optionally saving their address on the record. */
export async function linkPatient(platform: Platform, actor: Actor, conversationId: string, patientId: string, saveAddress = true) {
  const patient = await livePatient(platform, actor, patientId);
  const conversation = await store.findConversation(platform.db, actor.organizationId, conversationId);
  if (!conversation) throw notFound('conversation', conversationId);
  if (conversation.patient_id === patient.id) return conversation;
  if (conversation.patient_id) throw new AppError(409, 'already_linked', 'This conversation already belongs to a patient; move its messages instead.');
  const address = conversation.contact_address;
  const linked = address
    ? await store.linkSenderThreads(platform.db, actor.organizationId, conversation.channel, address, patient.id)
    : [];
  if (!address) await store.updateConversation(platform.db, actor.organizationId, conversation.id, { patient_id: patient.id });
  if (saveAddress && address && conversation.channel !== 'chat') {
    await addContactPoint(platform, actor, patient.id, conversation.channel === 'email' ? 'email' : 'phone', address);
  } else if (saveAddress && address?.includes('@')) {
    await addContactPoint(platform, actor, patient.id, 'email', address);
  }
  const updated = (await store.findConversation(platform.db, actor.organizationId, conversation.id))!;
  await publishInboxEvent(platform, actor, updated, 'conversation.linked', {
    linkedConversationIds: linked.length > 0 ? linked : [conversation.id], summary: `${address ?? 'A sender'} linked to this record by ${actor.label}`,
  });
  return updated;
}
