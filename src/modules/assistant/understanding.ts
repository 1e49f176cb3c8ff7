import { notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { conversationTimings, loadConversation } from '../inbox/service.js';
import type { Understanding } from './schemas.js';
import { patientDetails } from './silence.js';
import * as store from './store.js';

/** What the assistant understood in a conversation, for the agent who takes over (404 when it never spoke there). */
export async function conversationUnderstanding(platform: Platform, actor: Actor, conversationId: string): Promise<Understanding> {
  const conversation = await loadConversation(platform, actor, conversationId);
  const session = await store.findSession(platform.db, actor.organizationId, conversation.id);
  if (!session) throw notFound('assistant conversation', conversationId);
  const patient = await patientDetails(platform, actor.organizationId, session.patient_id);
  const cycle = conversation.reopen_count + 1;
  const answered = (await conversationTimings(platform, actor, conversation.id)).waits.some((w) => w.cycle === cycle && w.respondedAt !== null);
  return {
    conversationId: conversation.id,
    active: session.cycle === cycle && !session.handed_off_at && !conversation.assignee_id && !answered,
    step: session.step, language: session.language, intent: session.intent,
    patient: patient ? { id: patient.id, name: patient.name } : null, verifiedBy: session.verified_by,
    verifyAttempts: session.verify_attempts, failedAnswers: session.failed_answers,
    serviceName: session.service_name, appointmentLabel: session.appointment_label,
    offeredTimes: session.offered.map((o, i) => ({ number: i + 1, startsAt: o.startsAt, label: o.label, providerId: o.providerId, providerName: o.providerName })),
    chosenTime: session.chosen_label, bookedAppointmentId: session.booked_appointment_id,
    redFlags: session.red_flags.map((f) => ({ kind: f.kind, matched: f.matched, at: f.at })),
    lastQuestion: session.last_question, lastArticleTitle: session.last_article_title,
    handedOffAt: session.handed_off_at?.toISOString() ?? null, handoffReason: session.handoff_reason,
  };
}
