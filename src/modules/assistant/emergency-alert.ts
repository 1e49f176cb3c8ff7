import type { RedFlagKind } from './red-flag-types.js';
import { AppError } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { createTask } from '../care/service.js';
import { addNote, sendReply } from '../inbox/reply.js';
import { updateConversation } from '../inbox/service.js';
import type { ConversationDetail } from '../inbox/schemas.js';
import { assistantActor, handOff, RED_FLAG_LABEL } from './handoff.js';
import type { Language } from './language.js';
import { redFlagReply, type RedFlag } from './red-flags.js';
import type { EngineSettings } from './settings.js';
import * as store from './store.js';

/** Every kind the detector knows has its words for staff (the type makes a new kind a compile error here). */
const KIND_WORDS: Record<RedFlagKind, string> = {
  chest_pain: 'chest pain', stroke: 'stroke signs', severe_bleeding: 'severe bleeding', breathing: 'trouble breathing',
  self_harm: 'self-harm or suicidal intent', overdose: 'an overdose', anaphylaxis: 'a severe allergic reaction',
  unresponsive: 'someone unresponsive, collapsed or seizing',
};
export const redFlagWords = (kind: string) => KIND_WORDS[kind as RedFlagKind] ?? kind.replace(/_/g, ' ');

/**
 * A message describes an emergency: the fixed answer goes at once (the emergency number, the crisis
 * line for self-harm; never a model), the conversation becomes urgent and labelled, and the on-duty
 * staff get an urgent task each and a live alert. It happens even when a person already holds the
 * conversation; a conversation the assistant still held is handed to the team.
 */
export async function raiseRedFlag(platform: Platform, input: {
  organizationId: string; conversation: ConversationDetail; messageId: string; flag: RedFlag; language: Language; settings: EngineSettings; patientName: string | null;
}) {
  const { conversation, flag, settings } = input;
  const orgId = input.organizationId;
  const actor = assistantActor(orgId);
  const at = new Date().toISOString();
  let notSent: string | null = null;
  try {
    await sendReply(platform, actor, conversation.id, { body: redFlagReply(flag, input.language, { emergency: settings.emergencyNumber, crisisLine: settings.crisisLine }) }, 'bot');
  } catch (error) {
    // No channel to answer on (an opted-out number): the staff alert below matters all the more, and says so.
    if (!(error instanceof AppError)) throw error;
    platform.logger.warn({ code: error.code }, 'assistant could not send the red-flag answer');
    notSent = error.message;
  }
  const answered = notSent
    ? `The emergency answer could NOT be sent (${notSent}): reach the patient another way now.`
    : 'The emergency answer was sent.';
  await store.appendRedFlag(platform.db, orgId, conversation.id, JSON.stringify([{ kind: flag.kind, language: flag.language, matched: flag.matched, at }]));
  const session = await store.findSession(platform.db, orgId, conversation.id);
  const what = redFlagWords(flag.kind);
  // Whatever goes wrong with the conversation's own update, the on-duty staff are still alerted below.
  try {
    if (session && !session.handed_off_at && !conversation.assigneeId) {
      await handOff(platform, {
        organizationId: orgId, conversationId: conversation.id, labels: conversation.labels, assigneeId: conversation.assigneeId, session,
        reason: `the patient described ${what}${notSent ? ' (the emergency answer could NOT be sent: reach the patient another way now)' : ''}`, patientName: input.patientName, departmentId: settings.handoffDepartmentId, priority: 'urgent',
      });
    } else {
      await updateConversation(platform, actor, conversation.id, { priority: 'urgent', labels: [...new Set([...conversation.labels, RED_FLAG_LABEL])] });
      await addNote(platform, actor, conversation.id, { body: `Red flag: the patient described ${what} ("${flag.matched}"). ${answered} On-duty staff were alerted.` });
    }
  } catch (error) {
    platform.logger.error({ err: error, conversationId: conversation.id }, 'red flag: the conversation could not be marked; alerting staff anyway');
  }
  const owners: (string | null)[] = settings.onDutyStaffIds.length > 0 ? settings.onDutyStaffIds : [null];
  const taskIds: string[] = [];
  for (const ownerId of owners) {
    const task = {
      kind: 'callback' as const, priority: 'urgent' as const, dueAt: at,
      title: `Urgent: ${what} described in conversation #${conversation.number}`,
      details: `${notSent ? answered : 'The assistant answered with the emergency instructions.'} Read the conversation and reach the patient now. Words that raised it: "${flag.matched}".`,
      ...(conversation.patientId && { patientId: conversation.patientId }),
      source: { type: 'assistant_red_flag', id: `${input.messageId}:${ownerId ?? 'team'}` },
    };
    try {
      taskIds.push((await createTask(platform, actor, { ...task, ...(ownerId && { ownerId }) })).id);
    } catch (error) {
      // An on-duty person who can no longer own tasks (deactivated): the task goes to the team instead.
      if (!(error instanceof AppError)) throw error;
      taskIds.push((await createTask(platform, actor, { ...task, source: { type: 'assistant_red_flag', id: `${input.messageId}:team` } })).id);
    }
  }
  await platform.events.publish({
    type: 'assistant.red_flag', version: 1, organizationId: orgId, ...(conversation.patientId && { patientId: conversation.patientId }),
    actor: { type: actor.type, id: null, label: actor.label }, at,
    data: {
      conversationId: conversation.id, conversationNumber: conversation.number, kind: flag.kind, language: flag.language,
      onDutyStaffIds: settings.onDutyStaffIds, taskIds, summary: `Emergency described in conversation #${conversation.number}: ${what}`,
    },
  });
}
