import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { answerForVisit } from '../checkin/service.js';
import type { AnswersBody } from '../checkin/schemas.js';
import { getAppointment } from '../scheduling/service.js';
import { fhirError } from './outcome.js';
import { questionnaireResponseId, RESPONSE_APPOINTMENT_EXTENSION } from './questionnaire-kinds.js';
import { renamingFields } from './write-errors.js';
import type { QuestionnaireResponseInput } from './write-input.js';
import { referencedId, resolving } from './write-references.js';


type Item = NonNullable<QuestionnaireResponseInput['item']>[number];
type AnswerValue = string | number | boolean;

/** The visit the answers are for: Careloop's extension (R4 has no Appointment reference on a QuestionnaireResponse), or basedOn. */
function appointmentReference(resource: QuestionnaireResponseInput): { reference: string | undefined; expression: string } {
  const extensions = (resource.extension ?? []) as { url?: string; valueReference?: { reference?: string } }[];
  const index = extensions.findIndex((e) => e.url === RESPONSE_APPOINTMENT_EXTENSION);
  if (index >= 0) return { reference: extensions[index]!.valueReference?.reference, expression: `QuestionnaireResponse.extension[${index}].valueReference` };
  const basedOn = (resource.basedOn ?? []).findIndex((r) => /(^|\/)Appointment\//.test(r.reference ?? ''));
  if (basedOn >= 0) return { reference: resource.basedOn![basedOn]!.reference, expression: `QuestionnaireResponse.basedOn[${basedOn}]` };
  throw fhirError(400, 'required', `QuestionnaireResponse: Careloop keeps answers per visit; name the Appointment in the extension ${RESPONSE_APPOINTMENT_EXTENSION} (valueReference).`, 'QuestionnaireResponse.extension');
}

/** One answer as the check-in module keeps it: text, a number, yes/no, or a choice by its text. */
function answerOf(item: Item, index: number): AnswerValue | null {
  const expression = `QuestionnaireResponse.item[${index}]`;
  if (item.item?.length) throw fhirError(422, 'not-supported', `${expression}: Careloop questionnaires have no nested questions.`, `${expression}.item`);
  const answers = item.answer ?? [];
  if (answers.length > 1) throw fhirError(422, 'not-supported', `${expression}: one answer per question.`, `${expression}.answer`);
  const [answer] = answers;
  if (!answer) return null;
  const value = answer.valueString ?? answer.valueBoolean ?? answer.valueInteger ?? answer.valueDecimal
    ?? answer.valueCoding?.display ?? answer.valueCoding?.code ?? answer.valueDate ?? answer.valueDateTime ?? answer.valueTime ?? answer.valueUri;
  if (value === undefined) throw fhirError(422, 'not-supported', `${expression}.answer[0]: Careloop keeps text, numbers, yes/no and choices.`, `${expression}.answer[0]`);
  return value;
}

/**
 * A visit's answers to a pre-visit questionnaire, through the check-in module (the same checks as
 * the patient's link: required questions, kinds, choices; closed once the visit has started).
 * Answering again replaces the answers, as on the patient's page. Returns the response's id (the visit and questionnaire: one response per pair).
 */
export async function recordQuestionnaireResponse(platform: Platform, actor: Actor, resource: QuestionnaireResponseInput): Promise<string> {
  if (resource.status !== 'completed') throw fhirError(422, 'business-rule', `QuestionnaireResponse.status: Careloop keeps completed answers, not "${resource.status}".`, 'QuestionnaireResponse.status');
  const visit = appointmentReference(resource);
  const appointmentId = referencedId(visit.reference, 'Appointment', visit.expression);
  const questionnaireId = referencedId(resource.questionnaire?.split('|')[0], 'Questionnaire', 'QuestionnaireResponse.questionnaire');
  const appointment = await resolving(visit.expression, () => getAppointment(platform, actor, appointmentId));
  if (resource.subject) {
    const patientId = referencedId(resource.subject.reference, 'Patient', 'QuestionnaireResponse.subject');
    if (patientId !== appointment.patientId) throw fhirError(422, 'invalid', 'QuestionnaireResponse.subject is not the patient of the Appointment.', 'QuestionnaireResponse.subject');
  }
  const answers: AnswersBody['answers'] = {};
  (resource.item ?? []).forEach((item, index) => {
    if (item.linkId in answers) throw fhirError(400, 'invalid', `QuestionnaireResponse.item[${index}]: linkId "${item.linkId}" is answered twice.`, `QuestionnaireResponse.item[${index}].linkId`);
    answers[item.linkId] = answerOf(item, index);
  });
  const paths: [RegExp, string][] = [[/^answers\.(.+)$/, "QuestionnaireResponse.item.where(linkId='$1')"]];
  await resolving('QuestionnaireResponse.questionnaire', () => renamingFields(paths, () => answerForVisit(platform, actor, appointmentId, { questionnaireId, answers })));
  return questionnaireResponseId(appointmentId, questionnaireId);
}
