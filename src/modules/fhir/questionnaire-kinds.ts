import type * as fhir4 from 'fhir/r4.js';
import { answerSetsForVisits, findQuestionnaireById, listQuestionnaires } from '../checkin/service.js';
import type { Questionnaire, QuestionnaireItem } from '../checkin/schemas.js';
import { patientAndMergedIds } from '../patients/service.js';
import { getAppointment, listAppointments } from '../scheduling/service.js';
import { CARELOOP_SYSTEM, compact, ref } from './identifiers.js';
import { idMatches, pairId, referenceIds, searchList, splitPairId } from './list-search.js';
import { fhirError } from './outcome.js';
import type { FhirContext, ResourceKind, SearchPage } from './resource-kind.js';
import { orNull } from './setup-kinds.js';
import { dateWindow, inWindow, paramValues, stringMatches, stringParams, type SearchRequest } from './search-params.js';

/** The visit a QuestionnaireResponse answers for (QuestionnaireResponse has no element for an Appointment). */
export const RESPONSE_APPOINTMENT_EXTENSION = `${CARELOOP_SYSTEM.replace('/CodeSystem', '/StructureDefinition')}/questionnaire-response-appointment`;

/** A visit answers a questionnaire once (a second submission replaces the first): the pair is the response's id. */
export const questionnaireResponseId = (appointmentId: string, questionnaireId: string) => pairId(appointmentId, questionnaireId);

const TYPE: Record<QuestionnaireItem['kind'], fhir4.QuestionnaireItem['type']> = { text: 'text', yes_no: 'boolean', choice: 'choice', number: 'decimal' };

export const questionnaireUrl = (ctx: FhirContext, id: string) => `${ctx.platform.config.publicUrl}/fhir/Questionnaire/${id}`;

function toItem(item: QuestionnaireItem): fhir4.QuestionnaireItem {
  return compact<fhir4.QuestionnaireItem>({
    linkId: item.id, text: item.text, type: TYPE[item.kind], required: item.required,
    // The Spanish wording, as FHIR's translation extension on the text.
    _text: item.textEs ? { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/translation', extension: [{ url: 'lang', valueCode: 'es' }, { url: 'content', valueString: item.textEs }] }] } : undefined,
    answerOption: item.kind === 'choice' ? (item.options ?? []).map((o) => ({ valueString: o })) : undefined,
  });
}

export function toQuestionnaire(ctx: FhirContext, q: Questionnaire): fhir4.Questionnaire {
  return compact<fhir4.Questionnaire>({
    resourceType: 'Questionnaire', id: q.id, meta: { lastUpdated: q.updatedAt }, url: questionnaireUrl(ctx, q.id),
    title: q.title, status: q.active ? 'active' : 'retired', subjectType: ['Patient'], date: q.updatedAt,
    useContext: q.serviceId ? [{ code: { system: 'http://terminology.hl7.org/CodeSystem/usage-context-type', code: 'task' }, valueReference: ref('HealthcareService', q.serviceId) }] : undefined,
    item: q.items.map(toItem),
  });
}

export const questionnaireKind: ResourceKind<fhir4.Questionnaire> = {
  type: 'Questionnaire', permission: 'schedule:read',
  documentation: 'Pre-visit (check-in) questionnaires; a service-specific one names its HealthcareService in useContext.',
  searchParams: [
    { name: 'title', type: 'string', documentation: 'Words of the title' },
    { name: 'status', type: 'token', documentation: 'active | retired' },
  ],
  read: async (ctx, id) => { const q = await findQuestionnaireById(ctx.platform, ctx.actor, id); return q && toQuestionnaire(ctx, q); },
  search: async (ctx, request) => searchList((await listQuestionnaires(ctx.platform, ctx.actor, {})).items.map((q) => toQuestionnaire(ctx, q)), request,
    (q) => stringParams(request, 'title').every((o) => o.values.some((v) => stringMatches(q.title, v, o.modifier ?? 'contains')))
      && paramValues(request, 'status').every((alts) => alts.includes(q.status))),
};

type AnswerSet = Awaited<ReturnType<typeof answerSetsForVisits>>[number];

function answerOf(value: string | number | boolean): fhir4.QuestionnaireResponseItemAnswer {
  if (typeof value === 'boolean') return { valueBoolean: value };
  if (typeof value === 'number') return { valueDecimal: value };
  return { valueString: value };
}

function toResponse(ctx: FhirContext, set: AnswerSet, patientId: string, questionnaire: Questionnaire | undefined): fhir4.QuestionnaireResponse {
  const asked = questionnaire?.items ?? [];
  const keys = [...asked.map((i) => i.id).filter((id) => id in set.answers), ...Object.keys(set.answers).filter((k) => !asked.some((i) => i.id === k))];
  return compact<fhir4.QuestionnaireResponse>({
    resourceType: 'QuestionnaireResponse', id: questionnaireResponseId(set.appointmentId, set.questionnaireId), meta: { lastUpdated: set.submittedAt },
    extension: [{ url: RESPONSE_APPOINTMENT_EXTENSION, valueReference: ref('Appointment', set.appointmentId) }],
    questionnaire: questionnaireUrl(ctx, set.questionnaireId),
    status: 'completed', subject: ref('Patient', patientId), authored: set.submittedAt, source: ref('Patient', patientId),
    item: keys.flatMap((key) => {
      const value = set.answers[key];
      const text = asked.find((i) => i.id === key)?.text;
      return value === undefined || value === '' ? [] : [compact<fhir4.QuestionnaireResponseItem>({ linkId: key, text, answer: [answerOf(value)] })];
    }),
  });
}

/** Responses of these visits (the patient of each visit is its subject). */
async function responsesFor(ctx: FhirContext, visits: { id: string; patientId: string }[]): Promise<fhir4.QuestionnaireResponse[]> {
  const sets = await answerSetsForVisits(ctx.platform, ctx.actor, visits.map((v) => v.id));
  const questionnaires = new Map((await listQuestionnaires(ctx.platform, ctx.actor, {})).items.map((q) => [q.id, q]));
  const patientOf = new Map(visits.map((v) => [v.id, v.patientId]));
  return sets.map((set) => toResponse(ctx, set, patientOf.get(set.appointmentId)!, questionnaires.get(set.questionnaireId)));
}

const LOOK_AT = 2000;

async function search(ctx: FhirContext, request: SearchRequest): Promise<SearchPage<fhir4.QuestionnaireResponse>> {
  const authored = dateWindow(request, 'authored');
  const subjects = [...referenceIds(request, 'subject', ['Patient']), ...referenceIds(request, 'patient', ['Patient'])];
  const firstSubject = subjects[0]?.length === 1 ? subjects[0][0] : undefined;
  if (subjects.some((alts) => alts.every((id) => id === null))) return { total: 0, resources: [] };
  const patientIds = firstSubject ? await orNull(patientAndMergedIds(ctx.platform, ctx.actor, firstSubject)) : null;
  if (firstSubject && !patientIds) return { total: 0, resources: [] };
  const { items } = await listAppointments(ctx.platform, ctx.actor, { ...(patientIds?.length === 1 && { patientId: patientIds[0] }), limit: LOOK_AT });
  if (items.length >= LOOK_AT) throw fhirError(400, 'too-costly', `More than ${LOOK_AT} visits to look through: search by subject (patient).`);
  const visits = items.filter((a) => !patientIds || patientIds.includes(a.patientId));
  const responses = await responsesFor(ctx, visits);
  const questionnaireIds = paramValues(request, 'questionnaire').map((alts) => alts.map((v) => v.split('/').pop() ?? v));
  const matches = responses.filter((r) => {
    const subject = r.subject?.reference?.split('/')[1] ?? '';
    return idMatches(request, r.id)
      && subjects.every((alts) => alts.some((id) => id === subject || (patientIds?.includes(id ?? '') ?? false)))
      && questionnaireIds.every((alts) => alts.includes(r.questionnaire?.split('/').pop() ?? ''))
      && inWindow(r.authored, authored);
  }).sort((a, b) => (b.authored ?? '').localeCompare(a.authored ?? ''));
  return { total: matches.length, resources: matches.slice(request.offset, request.offset + request.count) };
}

export const questionnaireResponseKind: ResourceKind<fhir4.QuestionnaireResponse> = {
  type: 'QuestionnaireResponse', permission: 'schedule:read',
  documentation: 'A visit\'s answers to a check-in questionnaire (id: the visit and questionnaire ids joined; the visit in the questionnaire-response-appointment extension). Newest first.',
  searchParams: [
    { name: 'subject', type: 'reference', documentation: 'Patient/<id>' },
    { name: 'patient', type: 'reference', documentation: 'Patient/<id>' },
    { name: 'questionnaire', type: 'reference', documentation: 'The questionnaire (its url or id)' },
    { name: 'authored', type: 'date', documentation: 'Submission time (eq, gt, lt, ge, le)' },
  ],
  isId: (id) => splitPairId(id) !== null,
  async read(ctx, id) {
    const pair = splitPairId(id);
    if (!pair) return null;
    const appointment = await orNull(getAppointment(ctx.platform, ctx.actor, pair[0]));
    if (!appointment) return null;
    const responses = await responsesFor(ctx, [{ id: appointment.id, patientId: appointment.patientId }]);
    return responses.find((r) => r.id === id) ?? null;
  },
  search,
  patientIds: (r) => (r.subject?.reference ? [r.subject.reference.slice('Patient/'.length)] : []),
};

