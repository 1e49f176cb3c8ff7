import { DateTime } from 'luxon';
import { conflict, invalidFields, notFound, type FieldProblem } from '../../platform/errors.js';
import { systemActor, type Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { getPatient } from '../patients/service.js';
import { verifyAppointmentLink } from '../scheduling/patient-links.js';
import { locationDay, serviceExists } from '../scheduling/queue.js';
import type { Appointment } from '../scheduling/schemas.js';
import { changeAppointmentStatus, getAppointment, listAppointments } from '../scheduling/service.js';
import type {
  Answers, AnswersBody, NewQuestionnaire, PatientQuestionnaire, Questionnaire, QuestionnaireChanges, QuestionnaireItem, QuestionnaireQuery,
  QueueBoard, QueueEntry, QueueGroup, VisitAnswers,
} from './schemas.js';
import * as store from './store.js';
import type { QuestionnaireRow } from './store.js';

/** Check-in by link opens this long before the visit's start (and closes at its end). */
export const CHECK_IN_OPENS_MINUTES = 120;
const STARTED = new Set(['arrived', 'in_room', 'completed']);

const present = (row: QuestionnaireRow): Questionnaire => ({
  id: row.id, title: row.title, serviceId: row.service_id, items: row.items, active: row.active,
  createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
});

/** Ids unique, options exactly for choices and distinct: a questionnaire the patient page can always render. */
function checkItems(items: QuestionnaireItem[]): QuestionnaireItem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) problems.push({ field: `items[${i}].id`, message: `"${item.id}" is used by another question` });
    seen.add(item.id);
    if (item.kind === 'choice' && !item.options?.length) problems.push({ field: `items[${i}].options`, message: 'a choice question needs at least two options' });
    if (item.kind !== 'choice' && item.options) problems.push({ field: `items[${i}].options`, message: 'only choice questions have options' });
    if (item.options && new Set(item.options.map((o) => o.trim())).size !== item.options.length) problems.push({ field: `items[${i}].options`, message: 'options must differ' });
  });
  if (problems.length) throw invalidFields(problems);
  return items.map((item) => ({ ...item, text: item.text.trim(), ...(item.textEs && { textEs: item.textEs.trim() }), ...(item.options && { options: item.options.map((o) => o.trim()) }) }));
}

async function checkService(platform: Platform, actor: Actor, serviceId: string | null | undefined) {
  if (serviceId && !(await serviceExists(platform, actor, serviceId))) throw invalidFields([{ field: 'serviceId', message: 'is not a service of this clinic' }]);
}

export async function listQuestionnaires(platform: Platform, actor: Actor, query: QuestionnaireQuery) {
  return { items: (await store.listQuestionnaires(platform.db, actor.organizationId, query)).map(present) };
}

/** Defines a pre-visit questionnaire for one service (or every service). */
export async function createQuestionnaire(platform: Platform, actor: Actor, input: NewQuestionnaire): Promise<Questionnaire> {
  const items = checkItems(input.items);
  await checkService(platform, actor, input.serviceId);
  return present(await store.insertQuestionnaire(platform.db, {
    organization_id: actor.organizationId, title: input.title.trim(), service_id: input.serviceId ?? null, items: JSON.stringify(items), active: input.active ?? true,
  }));
}

/** Edits a questionnaire; answers already given keep what the patient answered, shown beside the current questions. */
export async function updateQuestionnaire(platform: Platform, actor: Actor, id: string, changes: QuestionnaireChanges): Promise<Questionnaire> {
  const items = changes.items && checkItems(changes.items);
  await checkService(platform, actor, changes.serviceId);
  const row = await store.updateQuestionnaire(platform.db, actor.organizationId, id, {
    ...(changes.title !== undefined && { title: changes.title.trim() }), ...(changes.serviceId !== undefined && { service_id: changes.serviceId }),
    ...(items && { items: JSON.stringify(items) }), ...(changes.active !== undefined && { active: changes.active }),
  });
  if (!row) throw notFound('questionnaire', id);
  return present(row);
}

/** A visit's answers, each beside its question (answers to questions since removed keep their id as the text). */
export async function visitAnswers(platform: Platform, actor: Actor, appointmentId: string): Promise<VisitAnswers> {
  const appointment = await getAppointment(platform, actor, appointmentId);
  const responses = await store.listResponses(platform.db, actor.organizationId, [appointment.id]);
  const result: VisitAnswers['responses'] = [];
  for (const response of responses) {
    const questionnaire = await store.findQuestionnaire(platform.db, actor.organizationId, response.questionnaire_id);
    const items = questionnaire?.items ?? [];
    const asked = items.map((item) => ({ itemId: item.id, text: item.text, answer: response.answers[item.id] ?? null }));
    const dropped = Object.entries(response.answers).filter(([key]) => !items.some((item) => item.id === key)).map(([key, answer]) => ({ itemId: key, text: key, answer }));
    result.push({ questionnaireId: response.questionnaire_id, title: questionnaire?.title ?? 'Questionnaire', submittedAt: response.submitted_at.toISOString(), answers: [...asked, ...dropped] });
  }
  return { appointmentId: appointment.id, patientId: appointment.patientId, responses: result };
}

const GROUP_ORDER: Record<QueueGroup, number> = { waiting: 0, in_room: 1, expected: 2, done: 3 };
const groupOf = (status: Appointment['status']): QueueGroup =>
  status === 'arrived' ? 'waiting' : status === 'in_room' ? 'in_room' : status === 'booked' || status === 'confirmed' ? 'expected' : 'done';
const waitOrder = (entry: QueueEntry) =>
  entry.group === 'waiting' ? entry.arrivedAt ?? '' : entry.group === 'in_room' ? entry.inRoomAt ?? '' : entry.startsAt;

/**
 * The waiting room at a location on one local day: who is waiting (longest wait first, with the
 * minutes), who is in a room, who is still expected, who is done. Cancelled visits are left out.
 */
export async function queueBoard(platform: Platform, actor: Actor, locationId: string, date?: string, now = new Date()): Promise<QueueBoard> {
  const day = await locationDay(platform, actor, locationId, date, now);
  const { items: visits } = await listAppointments(platform, actor, { locationId, from: day.from.toISOString(), to: day.until.toISOString(), limit: 2000 });
  const today = visits.filter((visit) => visit.status !== 'cancelled' && new Date(visit.startsAt) >= day.from);
  const questionnaires = await store.listQuestionnaires(platform.db, actor.organizationId, { active: true });
  const responses = await store.listResponses(platform.db, actor.organizationId, today.map((visit) => visit.id));
  const answered = new Set(responses.map((response) => `${response.appointment_id}|${response.questionnaire_id}`));
  const items = today.map((visit): QueueEntry => {
    const asked = questionnaires.filter((q) => q.service_id === null || q.service_id === visit.serviceId);
    const group = groupOf(visit.status);
    return {
      appointmentId: visit.id, patientId: visit.patientId, patientName: visit.patientName, providerId: visit.providerId, providerName: visit.providerName,
      serviceName: visit.serviceName, startsAt: visit.startsAt, localTime: DateTime.fromISO(visit.startsAt, { zone: day.timeZone }).toFormat('HH:mm'),
      status: visit.status, group, arrivedAt: visit.arrivedAt, inRoomAt: visit.inRoomAt, completedAt: visit.completedAt,
      minutesWaiting: group === 'waiting' && visit.arrivedAt ? Math.max(0, Math.floor((now.getTime() - Date.parse(visit.arrivedAt)) / 60_000)) : null,
      questionnaireAnswered: asked.length === 0 ? null : asked.every((q) => answered.has(`${visit.id}|${q.id}`)),
    };
  });
  items.sort((a, b) => GROUP_ORDER[a.group] - GROUP_ORDER[b.group] || waitOrder(a).localeCompare(waitOrder(b)) || a.appointmentId.localeCompare(b.appointmentId));
  return { locationId, date: day.date, timeZone: day.timeZone, generatedAt: now.toISOString(), items };
}

/** The visit a patient's link is for, with the actor its actions are recorded as. */
async function linkedVisit(platform: Platform, token: string, label: string) {
  const link = verifyAppointmentLink(platform, token);
  const actor = systemActor(link.organizationId, 'api', label);
  return { actor, appointment: await getAppointment(platform, actor, link.subject) };
}

const closedRefusal = (appointment: Appointment) => {
  if (STARTED.has(appointment.status)) return conflict('visit_started', 'Your visit has already started: the answers can no longer be changed. Please tell the staff.');
  if (appointment.status === 'cancelled') return conflict('appointment_cancelled', 'This appointment was cancelled.');
  if (appointment.status === 'no_show') return conflict('appointment_missed', 'This appointment was marked as missed. Please contact the clinic.');
  return null;
};

/** The questionnaires a patient is asked to fill before the visit, in their language, with what they already answered. */
export async function patientQuestionnaires(platform: Platform, token: string) {
  const { actor, appointment } = await linkedVisit(platform, token, 'Patient (questionnaire link)');
  const patient = await getPatient(platform, actor, appointment.patientId);
  const spanish = patient.language.startsWith('es');
  const questionnaires = await store.questionnairesForService(platform.db, actor.organizationId, appointment.serviceId);
  const responses = await store.listResponses(platform.db, actor.organizationId, [appointment.id]);
  const items = questionnaires.map((q): PatientQuestionnaire => {
    const response = responses.find((r) => r.questionnaire_id === q.id);
    return {
      id: q.id, title: q.title, language: spanish ? 'es' : 'en',
      items: q.items.map((item) => ({ id: item.id, text: (spanish && item.textEs) || item.text, kind: item.kind, ...(item.options && { options: item.options }), required: item.required })),
      answers: response?.answers ?? null, submittedAt: response ? response.submitted_at.toISOString() : null,
    };
  });
  return { appointmentId: appointment.id, canAnswer: closedRefusal(appointment) === null, items };
}

/** Checks answers against the questions: required ones given, each of the right kind; returns them cleaned. */
function checkAnswers(items: QuestionnaireItem[], answers: AnswersBody['answers']): Answers {
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(answers)) {
    if (!items.some((item) => item.id === key)) problems.push({ field: `answers.${key}`, message: 'is not a question of this questionnaire' });
  }
  const kept: Answers = {};
  for (const item of items) {
    const value = answers[item.id];
    const field = `answers.${item.id}`;
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (item.required) problems.push({ field, message: `is required ("${item.text}")` });
      continue;
    }
    if (item.kind === 'text' && typeof value !== 'string') problems.push({ field, message: 'must be text' });
    else if (item.kind === 'yes_no' && typeof value !== 'boolean') problems.push({ field, message: 'must be true (yes) or false (no)' });
    else if (item.kind === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) problems.push({ field, message: 'must be a number' });
    else if (item.kind === 'choice' && (typeof value !== 'string' || !item.options?.includes(value.trim()))) problems.push({ field, message: `must be one of: ${item.options?.join(', ')}` });
    else kept[item.id] = typeof value === 'string' ? value.trim() : value;
  }
  if (problems.length) throw invalidFields(problems);
  return kept;
}

/** A patient answers a questionnaire by the visit's link; answering again replaces the answers until the visit starts. */
export async function answerQuestionnaire(platform: Platform, token: string, body: AnswersBody) {
  const { actor, appointment } = await linkedVisit(platform, token, 'Patient (questionnaire link)');
  return saveVisitAnswers(platform, actor, appointment, body);
}

/** Staff or an integration record a visit's answers (the same checks as the patient's link). */
export async function answerForVisit(platform: Platform, actor: Actor, appointmentId: string, body: AnswersBody) {
  return saveVisitAnswers(platform, actor, await getAppointment(platform, actor, appointmentId), body);
}

async function saveVisitAnswers(platform: Platform, actor: Actor, appointment: Appointment, body: AnswersBody) {
  const questionnaire = (await store.questionnairesForService(platform.db, actor.organizationId, appointment.serviceId)).find((q) => q.id === body.questionnaireId);
  if (!questionnaire) throw notFound('questionnaire', body.questionnaireId);
  const refusal = closedRefusal(appointment);
  if (refusal) throw refusal;
  const answers = checkAnswers(questionnaire.items, body.answers);
  const saved = await store.saveResponse(platform.db, {
    organization_id: actor.organizationId, questionnaire_id: questionnaire.id, appointment_id: appointment.id, patient_id: appointment.patientId, answers,
  });
  await platform.events.publish({
    type: 'questionnaire.answered', version: 1, organizationId: actor.organizationId, patientId: appointment.patientId,
    actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(),
    data: {
      appointmentId: appointment.id, questionnaireId: questionnaire.id, title: questionnaire.title, replaced: saved.replaced, answered: Object.keys(answers).length,
      summary: `${saved.replaced ? 'Changed the answers to' : 'Answered'} "${questionnaire.title}" for ${appointment.serviceName} on ${appointment.label}`,
    },
  });
  return { questionnaireId: questionnaire.id, submittedAt: saved.submittedAt.toISOString(), replaced: saved.replaced };
}

/** A patient checks in by the visit's link: on the day, from two hours before the start until its end; a repeat changes nothing. */
export async function checkInByLink(platform: Platform, token: string, now = new Date()) {
  const { actor, appointment } = await linkedVisit(platform, token, 'Patient (check-in link)');
  let visit = appointment;
  if (appointment.status === 'cancelled') throw conflict('appointment_cancelled', 'This appointment was cancelled, so there is nothing to check in for.');
  if (!STARTED.has(appointment.status)) {
    const opens = new Date(Date.parse(appointment.startsAt) - CHECK_IN_OPENS_MINUTES * 60_000);
    const clock = (at: Date) => DateTime.fromJSDate(at, { zone: appointment.timeZone }).toFormat('h:mm a');
    if (now < opens) throw conflict('too_early', `Check-in opens 2 hours before your visit, at ${clock(opens)} on ${appointment.label.split(',').slice(0, 2).join(',')}.`, { opensAt: opens.toISOString() });
    if (now > new Date(appointment.endsAt)) throw conflict('too_late', 'The time of this visit has passed. Please contact the clinic.');
    if (appointment.status === 'no_show') throw conflict('appointment_missed', 'This visit was marked as missed. Please speak to the front desk.');
    visit = await changeAppointmentStatus(platform, actor, appointment.id, 'arrived');
  }
  return {
    appointmentId: visit.id, status: visit.status, arrivedAt: visit.arrivedAt, label: visit.label, locationName: visit.locationName, providerName: visit.providerName,
  };
}

/** The raw answer sets of these visits (for the FHIR QuestionnaireResponse): questionnaire, visit, answers, submission time. */
export async function answerSetsForVisits(platform: Platform, actor: Actor, appointmentIds: string[]) {
  const rows = await store.listResponses(platform.db, actor.organizationId, appointmentIds);
  return rows.map((row) => ({ questionnaireId: row.questionnaire_id, appointmentId: row.appointment_id, answers: row.answers, submittedAt: row.submitted_at.toISOString() }));
}

/** One questionnaire of the actor's clinic, or null. */
export async function findQuestionnaireById(platform: Platform, actor: Actor, id: string): Promise<Questionnaire | null> {
  const row = await store.findQuestionnaire(platform.db, actor.organizationId, id);
  return row ? present(row) : null;
}
