import { AppError } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import { systemActor } from '../../platform/permissions.js';
import { sendReply } from '../inbox/reply.js';
import { conversationTimings, getConversation } from '../inbox/service.js';
import type { ConversationDetail } from '../inbox/schemas.js';
import { continueDialog, startIntent, type DialogTurn } from './booking-dialog.js';
import { columnsOf, draftOf, rowWith } from './dialog-state.js';
import { assistantActor, handOff } from './handoff.js';
import { appointmentIntent, asksForPerson } from './intents.js';
import { answerFromKnowledge } from './knowledge.js';
import { detectLanguage } from './language.js';
import { phraseAnswer } from './phrasing-llm.js';
import { say } from './replies.js';
import { engineSettings } from './settings.js';
import { answersClinicMessage, patientDetails } from './silence.js';
import type { SessionChanges, SessionRow } from './store.js';

const MAX_FAILED_ANSWERS = 2;

/** A person on staff answered the patient in this open-to-resolved cycle: from then on it is their conversation. */
async function personAnswered(platform: Platform, actor: Actor, conversation: ConversationDetail) {
  const cycle = conversation.reopenCount + 1;
  const { waits } = await conversationTimings(platform, actor, conversation.id);
  return waits.some((wait) => wait.cycle === cycle && wait.respondedAt !== null);
}

async function sendAsAssistant(platform: Platform, actor: Actor, conversationId: string, body: string) {
  try {
    await sendReply(platform, actor, conversationId, { body }, 'bot');
  } catch (error) {
    // Nowhere to answer (a number that texted STOP, a visitor who left without an e-mail): people see the message in the inbox.
    if (!(error instanceof AppError) || error.status !== 409) throw error;
    platform.logger.info({ code: error.code, conversationId }, 'assistant answer not sent');
  }
}

/**
 * One patient message, in order: the assistant stays quiet when a person holds or has answered the
 * conversation, after a hand-off, and for answers to the clinic's broadcasts and surveys; otherwise
 * a request for a person (or frustration) hands off, an appointment request runs the dialog, and
 * anything else is answered from the knowledge base or handed off with "I don't know".
 * Red flags were dealt with before the message was queued. Returns the session's changes.
 */
export async function answerTurn(platform: Platform, session: SessionRow, messageId: string): Promise<SessionChanges> {
  const organizationId = session.organization_id;
  const actor = assistantActor(organizationId);
  const settings = await engineSettings(platform, organizationId);
  const conversation = await getConversation(platform, actor, session.conversation_id);
  const message = conversation.messages.find((m) => m.id === messageId);
  if (!message || session.handed_off_at || conversation.status === 'merged') return {};
  if (!(conversation.channel === 'chat' ? settings.chatEnabled : settings.smsEnabled)) return {};
  if (conversation.assigneeId || await personAnswered(platform, actor, conversation)) return {};
  if (await answersClinicMessage(platform, organizationId, conversation)) return {};

  const patient = await patientDetails(platform, organizationId, conversation.patientId);
  const draft = draftOf(session);
  const spokenBefore = conversation.messages.some((m) => m.authorType === 'bot');
  draft.language = detectLanguage(message.body) ?? (spokenBefore ? draft.language : patient?.language ?? 'en');
  // A message from the patient's signed thread link: the link already says who they are.
  if (!draft.patientId && message.channel === 'portal' && conversation.patientId) Object.assign(draft, { patientId: conversation.patientId, verifiedBy: 'signed_link' });

  let greeted = spokenBefore || !settings.greeting;
  const reply = async (body: string) => {
    await sendAsAssistant(platform, actor, conversation.id, greeted ? body : `${settings.greeting}\n\n${body}`);
    greeted = true;
  };
  let handedOff = false;
  const handOffNow = async (reason: string, text = say.handoff(draft.language)) => {
    if (handedOff) return;
    handedOff = true;
    await reply(text);
    const verified = draft.patientId ? await patientDetails(platform, organizationId, draft.patientId) : null;
    await handOff(platform, {
      organizationId, conversationId: conversation.id, labels: conversation.labels, assigneeId: conversation.assigneeId,
      session: rowWith(session, draft), reason, patientName: verified?.name ?? null, departmentId: settings.handoffDepartmentId,
    });
    draft.step = 'handed_off';
  };
  const turn: DialogTurn = {
    platform, organizationId, text: message.body.trim(), draft, reply,
    patientActor: systemActor(organizationId, 'api', 'Patient (assistant)'),
    handOff: handOffNow,
    failed: async (nudge) => {
      draft.failedAnswers += 1;
      if (draft.failedAnswers >= MAX_FAILED_ANSWERS) await handOffNow('two answers the assistant could not use');
      else await reply(nudge);
    },
  };

  const asked = asksForPerson(turn.text);
  if (asked) {
    await handOffNow(asked === 'asked' ? 'the patient asked for a person' : 'the patient seemed frustrated');
    return columnsOf(draft);
  }
  const intent = appointmentIntent(turn.text);
  const inDialog = draft.step !== 'idle' && draft.step !== 'handed_off';
  if (inDialog && !(intent && intent !== draft.intent) && await continueDialog(turn)) return columnsOf(draft);
  if (intent) {
    await startIntent(turn, intent);
    return columnsOf(draft);
  }

  draft.lastQuestion = turn.text.slice(0, 300);
  const answer = await answerFromKnowledge(platform, organizationId, turn.text, draft.language);
  draft.lastArticleTitle = answer?.title ?? null;
  if (!answer) {
    await handOffNow('no answer in the knowledge base', say.dontKnow(draft.language));
    return columnsOf(draft);
  }
  // The patient verified in this chat may not be the conversation's record (an anonymous visitor): their name is known too.
  const verified = draft.patientId && draft.patientId !== patient?.id ? await patientDetails(platform, organizationId, draft.patientId) : null;
  const knownNames = [patient?.givenName, patient?.familyName, patient?.preferredName, verified?.givenName, verified?.familyName, verified?.preferredName, conversation.contactName]
    .filter((n): n is string => Boolean(n));
  const body = settings.llm
    ? await phraseAnswer(platform, settings.llm, { question: turn.text, title: answer.title, body: answer.body, language: draft.language, knownNames })
    : answer.body;
  await reply(`${body}\n\n${say.anythingElse(draft.language)}`);
  return columnsOf(draft);
}
