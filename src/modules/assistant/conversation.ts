import { randomUUID } from 'node:crypto';
import { AppError } from '../../platform/errors.js';
import type { DomainEvent } from '../../platform/events.js';
import type { Platform } from '../../platform/platform.js';
import { sendReply } from '../inbox/reply.js';
import { getConversation, messageBody } from '../inbox/service.js';
import { detectRedFlag } from './red-flags.js';
import { raiseRedFlag } from './emergency-alert.js';
import { detectLanguage, type Language } from './language.js';
import { assistantActor, handOff } from './handoff.js';
import { say } from './replies.js';
import { engineSettings } from './settings.js';
import { isForSomeoneElse, patientDetails } from './silence.js';
import * as store from './store.js';
import { answerTurn } from './turn.js';

/** How long one worker may hold a conversation before another may take it over (a crashed worker). */
const LEASE_SECONDS = 60;

/** Starts the assistant: it answers patients' chat and SMS messages before a person picks up. */
export function startAssistant(platform: Platform) {
  platform.events.subscribe('message.received', (event) => messageReceived(platform, event));
}

interface ReceivedData { conversationId?: string; messageId?: string; direction?: string; channel?: string; cycle?: number }

/**
 * Every patient message: a red flag is answered at once, whatever else is going on (even when a
 * person holds the conversation); then the message joins the conversation's queue and is answered
 * in order by whichever worker holds the conversation.
 */
async function messageReceived(platform: Platform, event: DomainEvent) {
  const data = event.data as ReceivedData;
  if (data.direction !== 'in' || !data.conversationId || !data.messageId || (data.channel !== 'chat' && data.channel !== 'sms')) return;
  const organizationId = event.organizationId;
  const settings = await engineSettings(platform, organizationId);
  const answering = data.channel === 'chat' ? settings.chatEnabled : settings.smsEnabled;
  // The emergency safety net runs whether or not the assistant answers on this channel: switching it off stops its answers, never this.
  if (!answering && !detectRedFlag(await messageBody(platform, organizationId, data.messageId) ?? '')) return;
  const conversation = await getConversation(platform, assistantActor(organizationId), data.conversationId);
  const message = conversation.messages.find((m) => m.id === data.messageId);
  if (!message || message.direction !== 'in' || isForSomeoneElse(message)) return;
  if (answering) await store.enqueueMessage(platform.db, organizationId, conversation.id, conversation.reopenCount + 1, message.id);
  const flag = detectRedFlag(message.body);
  if (flag) {
    const patient = await patientDetails(platform, organizationId, conversation.patientId);
    const language: Language = detectLanguage(message.body) ?? (flag.language === 'es' ? 'es' : patient?.language ?? 'en');
    await raiseRedFlag(platform, { organizationId, conversation, messageId: message.id, flag, language, settings, patientName: patient?.name ?? null });
  }
  if (answering) await workThrough(platform, organizationId, conversation.id);
}

/** A turn that threw: the patient is told a person will answer, and the conversation is handed over (once). */
async function handOffAfterFailure(platform: Platform, session: store.SessionRow): Promise<store.SessionChanges> {
  const organizationId = session.organization_id;
  const current = await store.findSessionById(platform.db, session.id);
  if (!current || current.handed_off_at) return {};
  const actor = assistantActor(organizationId);
  const conversation = await getConversation(platform, actor, session.conversation_id);
  if (conversation.status === 'merged') return {};
  const settings = await engineSettings(platform, organizationId);
  try {
    await sendReply(platform, actor, conversation.id, { body: say.handoff(current.language) }, 'bot');
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
  await handOff(platform, {
    organizationId, conversationId: conversation.id, labels: conversation.labels, assigneeId: conversation.assigneeId, session: current,
    reason: 'the assistant could not handle a message', patientName: null, departmentId: settings.handoffDepartmentId,
  });
  return { step: 'handed_off' };
}

/** Answers the conversation's waiting messages one by one while holding its lease; another worker's lease means it is already being done. */
async function workThrough(platform: Platform, organizationId: string, conversationId: string) {
  const owner = randomUUID();
  let session = await store.takeLease(platform.db, organizationId, conversationId, owner, LEASE_SECONDS);
  while (session) {
    const messageId = session.pending_message_ids[0];
    if (!messageId) {
      if (await store.releaseLease(platform.db, session.id, owner)) return;
      session = await store.findSessionById(platform.db, session.id);
      continue;
    }
    let changes: store.SessionChanges;
    try {
      changes = await answerTurn(platform, session, messageId);
    } catch (error) {
      // One message the assistant could not handle must not block the ones after it, nor leave the patient
      // waiting on a bot that will not answer: the conversation goes to people.
      platform.logger.error({ err: error, conversationId }, 'assistant turn failed');
      changes = await handOffAfterFailure(platform, session).catch((handOffError: unknown) => {
        platform.logger.error({ err: handOffError, conversationId }, 'assistant could not hand over after a failed turn');
        return {};
      });
    }
    session = await store.saveTurn(platform.db, session.id, owner, messageId, changes, LEASE_SECONDS);
  }
}
