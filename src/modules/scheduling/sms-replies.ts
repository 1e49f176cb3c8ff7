import { DateTime } from 'luxon';
import { AppError } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { systemActor, type Actor } from '../../platform/permissions.js';
import { createTask } from '../care/service.js';
import { dispatch, queueOutbound } from '../channels/service.js';
import type { EndpointRow } from '../channels/service.js';
import { findOrganization } from '../identity/service.js';
import { receiveMessage } from '../inbox/service.js';
import { findPatientsByContact, getPatient } from '../patients/service.js';
import { isConsentRefusal } from './notices.js';
import { cancelAppointment, changeAppointmentStatus, requestReschedule } from './service.js';
import * as store from './store.js';
import type { Db } from './store.js';
import { languageOf, replyAnswer, visitTime, type Language, type ReplyAnswer } from './templates.js';

/**
 * A patient's one-word answer to a reminder: C confirms, R asks for another time, X cancels, HERE
 * checks in on the day. Like the carrier keywords, a word counts only when it is the whole text.
 * CANCEL is not here: carriers treat it as STOP, and so does Careloop.
 */
export type AppointmentReply = 'confirm' | 'reschedule' | 'cancel' | 'here';

const WORDS: Record<string, AppointmentReply> = {
  C: 'confirm', CONFIRM: 'confirm', R: 'reschedule', RESCHEDULE: 'reschedule', X: 'cancel', HERE: 'here', AQUI: 'here',
};
const CANONICAL: Record<AppointmentReply, string> = { confirm: 'C', reschedule: 'R', cancel: 'X', here: 'HERE' };
const UPCOMING_DAYS = 14;

/** The reply a text is, ignoring case, accents, spaces and punctuation ("c.", "Aquí"); null for anything else. */
export function appointmentReply(body: string): AppointmentReply | null {
  const folded = body.normalize('NFKD').toUpperCase().replace(/[^A-Z0-9]/g, '');
  return WORDS[folded] ?? null;
}

/**
 * The visit a reply is about: the sender's next open one within two weeks, or for HERE the one of
 * today (on the location's calendar) that has not ended.
 */
async function visitFor(db: Db, organizationId: string, patientIds: string[], reply: AppointmentReply, now: Date) {
  const here = reply === 'here';
  const rows = await store.upcomingVisits(db, organizationId, patientIds, {
    statuses: here ? ['booked', 'confirmed', 'arrived'] : ['booked', 'confirmed'],
    // HERE: a visit that has not ended, today; otherwise one not yet begun, within two weeks.
    after: now, endedAfter: here, before: new Date(now.getTime() + (here ? 1 : UPCOMING_DAYS) * 86_400_000),
  });
  return rows.find((row) => !here || DateTime.fromJSDate(row.starts_at, { zone: row.time_zone }).hasSame(DateTime.fromJSDate(now, { zone: row.time_zone }), 'day'));
}
type ReplyVisit = NonNullable<Awaited<ReturnType<typeof visitFor>>>;

/** Does what the reply asks; the answer to text back. */
async function act(platform: Platform, actor: Actor, reply: AppointmentReply, visit: ReplyVisit, when: string): Promise<ReplyAnswer> {
  if (reply === 'confirm') {
    await changeAppointmentStatus(platform, actor, visit.id, 'confirmed');
    return 'confirmed';
  }
  if (reply === 'here') {
    await changeAppointmentStatus(platform, actor, visit.id, 'arrived');
    return 'arrived';
  }
  if (reply === 'cancel') {
    await cancelAppointment(platform, actor, visit.id, { reason: 'patient_request', note: 'Cancelled by text (X)' });
    return 'cancelled';
  }
  await requestReschedule(platform, actor, visit.id);
  // Someone calls the patient to agree a new time; one task per visit however often R is texted.
  await createTask(platform, actor, {
    patientId: visit.patient_id, kind: 'callback', title: `Reschedule ${visit.service_name} on ${when}`,
    details: 'The patient texted R to a reminder: call to agree a new time, then move the appointment.',
    source: { type: 'appointment_reschedule', id: visit.id },
  });
  return 'reschedule';
}

const EVENT_WORDS: Record<AppointmentReply, (what: string) => string> = {
  confirm: (what) => `${what} confirmed.`,
  reschedule: (what) => `the patient asks to reschedule ${what}; a callback task was opened.`,
  cancel: (what) => `${what} cancelled at the patient's request.`,
  here: (what) => `the patient is here for ${what}: checked in.`,
};

/**
 * Answers C / R / X / HERE texts (null when the text is none of them: it is an ordinary message).
 * The text is filed in the patient's thread as an event first: that is where a retried webhook is
 * recognised (same MessageSid), so a retry never acts or answers twice. Without a visit to act on,
 * the text is filed as a message for a person and the patient is told so.
 */
export async function answerAppointmentReply(platform: Platform, endpoint: EndpointRow, from: string, sid: string, body: string) {
  const reply = appointmentReply(body);
  if (!reply) return null;
  const organizationId = endpoint.organization_id;
  const actor = systemActor(organizationId, 'api', 'Patient by SMS');
  const now = new Date();
  const patientIds = await findPatientsByContact(platform, organizationId, 'phone', from);
  const visit = await visitFor(platform.db, organizationId, patientIds, reply, now);
  const patientId = visit?.patient_id ?? patientIds[0];
  const language = patientId ? languageOf((await getPatient(platform, actor, patientId)).language) : 'en';
  const incoming = { organizationId, channel: 'sms' as const, endpoint: endpoint.address, fromAddress: from, threading: 'per-sender' as const, departmentId: endpoint.department_id };
  if (!visit) {
    const received = await receiveMessage(platform, { ...incoming, externalId: sid, body });
    if (!received.duplicate) await answer(platform, endpoint, from, sid, received.conversation.id, reply === 'here' ? 'not_today' : 'not_found', language);
    return { conversationId: received.conversation.id, duplicate: received.duplicate, keyword: null };
  }
  const when = visitTime(visit.starts_at, visit.time_zone, 'en');
  const raw = body.trim().slice(0, 40);
  const said = `Texted ${CANONICAL[reply]}${raw.toUpperCase() === CANONICAL[reply] ? '' : ` ("${raw}")`}`;
  const received = await receiveMessage(platform, {
    ...incoming, patientId: visit.patient_id, externalId: sid, kind: 'event', body: `${said}: ${EVENT_WORDS[reply](`the ${visit.service_name} on ${when}`)}`,
  });
  if (received.duplicate) return { conversationId: received.conversation.id, duplicate: true, keyword: null };
  let outcome: ReplyAnswer;
  try {
    outcome = await act(platform, actor, reply, visit, when);
  } catch (error) {
    // The visit changed between the look-up and the action (staff cancelled it meanwhile): say so in the thread.
    if (!(error instanceof AppError) || error.status !== 409) throw error;
    await receiveMessage(platform, { ...incoming, patientId: visit.patient_id, kind: 'event', body: `${said}: could not be done (${error.message})` });
    outcome = 'too_late';
  }
  await answer(platform, endpoint, from, sid, received.conversation.id, outcome, language, visit);
  return { conversationId: received.conversation.id, duplicate: false, keyword: null };
}

/** The answer, queued with a key made from the MessageSid (a retry never sends a second). */
async function answer(platform: Platform, endpoint: EndpointRow, to: string, sid: string, conversationId: string, what: ReplyAnswer, language: Language, visit?: ReplyVisit) {
  const organization = await findOrganization(platform, endpoint.organization_id);
  try {
    // The patient asked and is answered on the number they wrote from: no patientId, so the record's
    // consent for messages the clinic starts does not apply (a STOPped number is still refused).
    const row = await queueOutbound(platform, {
      organizationId: endpoint.organization_id, purpose: 'appointment_reply', category: 'care', channel: 'sms', recipient: to,
      sender: endpoint.address, conversationId, idempotencyKey: `sms-reply:${sid}`,
      body: replyAnswer(what, language, organization?.name ?? 'Your clinic', visit && { startsAt: visit.starts_at, timeZone: visit.time_zone }),
    });
    await dispatch(platform, row);
  } catch (error) {
    if (!isConsentRefusal(error)) throw error;
  }
}
