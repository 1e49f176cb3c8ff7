import { AppError } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { systemActor, type Actor } from '../../platform/permissions.js';
import { addNote } from '../inbox/reply.js';
import { updateConversation } from '../inbox/service.js';
import type { SessionRow } from './store.js';
import * as store from './store.js';

/** The actor the assistant writes as: replies, notes and conversation changes carry the label "Assistant". */
export const assistantActor = (organizationId: string): Actor => systemActor(organizationId, 'job', 'Assistant');

export const HANDOFF_LABEL = 'assistant-handoff';
export const RED_FLAG_LABEL = 'red-flag';

const INTENT_WORDS = { book: 'book an appointment', reschedule: 'move an appointment', confirm: 'confirm an appointment', cancel: 'cancel an appointment' } as const;

/** The internal note an agent reads first: what the assistant understood, in plain words. */
export function handoffSummary(session: SessionRow, reason: string, patientName: string | null): string {
  const lines = [`Handed over by the assistant: ${reason}.`];
  lines.push(session.intent ? `The patient wants to ${INTENT_WORDS[session.intent]}${session.service_name ? ` (${session.service_name})` : ''}.` : 'No appointment request understood.');
  if (session.appointment_label) lines.push(`Appointment in question: ${session.appointment_label}.`);
  lines.push(session.patient_id
    ? `Patient verified (${session.verified_by === 'signed_link' ? 'signed link' : 'name and date of birth'}): ${patientName ?? 'record on file'}.`
    : `Patient not verified${session.verify_attempts > 0 ? ` (${session.verify_attempts} failed ${session.verify_attempts === 1 ? 'attempt' : 'attempts'})` : ''}.`);
  if (session.offered.length > 0) lines.push(`Times offered: ${session.offered.map((o, i) => `${i + 1}. ${o.label}`).join('; ')}.`);
  if (session.chosen_label) lines.push(`Time chosen: ${session.chosen_label}.`);
  if (session.red_flags.length > 0) lines.push(`Red flags: ${session.red_flags.map((f) => `${f.kind.replace(/_/g, ' ')} ("${f.matched}")`).join(', ')}.`);
  if (session.last_question) lines.push(`Last question: "${session.last_question}"${session.last_article_title ? ` (answered with "${session.last_article_title}")` : ' (no answer found)'}.`);
  return lines.join('\n');
}

/**
 * Gives the conversation to people: open, unassigned (or to the hand-off team), labelled, with a
 * note of what the assistant understood. After it the assistant stays silent in this cycle.
 */
export async function handOff(platform: Platform, input: {
  organizationId: string; conversationId: string; labels: string[]; assigneeId: string | null; session: SessionRow; reason: string;
  patientName: string | null; departmentId: string | null; priority?: 'urgent';
}) {
  const actor = assistantActor(input.organizationId);
  await store.markHandedOff(platform.db, input.organizationId, input.conversationId, input.reason);
  const changes = {
    status: 'open' as const,
    labels: [...new Set([...input.labels, HANDOFF_LABEL, ...(input.priority ? [RED_FLAG_LABEL] : [])])],
    ...(input.priority && { priority: input.priority }),
  };
  let teamRefused: string | null = null;
  // A person who already holds the conversation keeps it.
  const team = !input.assigneeId ? input.departmentId : null;
  try {
    await updateConversation(platform, actor, input.conversationId, { ...changes, ...(team && { departmentId: team }) });
  } catch (error) {
    // The hand-off team was archived or removed since the settings were saved: the conversation still goes to people, without a team.
    if (!team || !(error instanceof AppError) || (error.status !== 404 && error.status !== 409)) throw error;
    teamRefused = error.message;
    await updateConversation(platform, actor, input.conversationId, changes);
  }
  const summary = handoffSummary(input.session, input.reason, input.patientName);
  await addNote(platform, actor, input.conversationId, {
    body: teamRefused ? `${summary}\nNot given to the hand-off team (${teamRefused}): check the assistant's settings.` : summary,
  });
  await platform.events.publish({
    type: 'assistant.handed_off', version: 1, organizationId: input.organizationId,
    ...(input.session.patient_id && { patientId: input.session.patient_id }),
    actor: { type: actor.type, id: null, label: actor.label }, at: new Date().toISOString(),
    data: { conversationId: input.conversationId, reason: input.reason, intent: input.session.intent, summary: `Assistant handed the conversation to the team: ${input.reason}` },
  });
}
