import { systemActor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { outboundPurposesSince } from '../channels/service.js';
import type { ConversationDetail, Message } from '../inbox/schemas.js';
import { getPatient } from '../patients/service.js';
import { appointmentReply } from '../scheduling/sms-replies.js';
import type { Language } from './language.js';

/**
 * When the assistant keeps quiet. A text that is a reminder's answer (C, R, X, HERE) belongs to the
 * scheduling module, which acts on it and answers (STOP, START and HELP never arrive as messages:
 * the SMS adapter files them as events). A reply to a broadcast or a survey the clinic sent in the
 * last days is for the people who sent it.
 */
export const isForSomeoneElse = (message: Pick<Message, 'channel' | 'body'>) => message.channel === 'sms' && appointmentReply(message.body) !== null;

const ANSWERED_PURPOSES = new Set(['broadcast', 'survey']);
const ANSWER_WINDOW_MS = 3 * 86_400_000;

export async function answersClinicMessage(platform: Platform, organizationId: string, conversation: Pick<ConversationDetail, 'channel' | 'contactAddress'>) {
  if (conversation.channel !== 'sms' || !conversation.contactAddress) return false;
  const purposes = await outboundPurposesSince(platform, organizationId, conversation.contactAddress, new Date(Date.now() - ANSWER_WINDOW_MS));
  return purposes.some((purpose) => ANSWERED_PURPOSES.has(purpose));
}

/** The patient the conversation belongs to: name (for the note, and to keep it from a model), language. */
export async function patientDetails(platform: Platform, organizationId: string, patientId: string | null) {
  if (!patientId) return null;
  const patient = await getPatient(platform, systemActor(organizationId, 'job', 'Assistant'), patientId);
  const language: Language = patient.language === 'es' ? 'es' : 'en';
  return { id: patient.id, name: `${patient.givenName} ${patient.familyName}`, givenName: patient.givenName, familyName: patient.familyName, preferredName: patient.preferredName, language };
}
