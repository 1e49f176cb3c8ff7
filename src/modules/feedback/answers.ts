import { AppError } from '../../platform/errors.js';
import { useLink, type VerifiedLink } from '../../platform/links.js';
import { systemActor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findOrganization } from '../identity/service.js';
import { contactPreferences } from '../patients/service.js';
import type { SurveyAnswer } from '../../db/schema-feedback.js';
import { checkAnswers, scoresOf } from './answer-check.js';
import { openRecoveryCase } from './recovery.js';
import { publishSurveyEvent } from './survey-events.js';
import { verifySurveyLink } from './survey-links.js';
import * as store from './store.js';

/** What the patient does with a survey link, without an account: read the questions, answer once. */
export type Language = 'en' | 'es';

const linkInvalid = () => new AppError(403, 'link_invalid', 'This link is not valid. Please use the link exactly as you received it.');
const linkUsed = () => new AppError(410, 'link_used', 'This survey has already been answered. Thank you: nothing more is needed.');
const linkClosed = () => new AppError(410, 'link_expired', 'This survey is no longer open. Please contact the clinic if you want to tell us something.');

/** The invitation and survey behind a link; a token naming an invitation of another clinic is as invalid as a forged one. */
async function linked(platform: Platform, token: string) {
  const link = verifySurveyLink(platform, token);
  const invitation = await store.findInvitation(platform.db, link.organizationId, link.subject);
  if (!invitation) throw linkInvalid();
  const survey = await store.findSurvey(platform.db, link.organizationId, invitation.survey_id);
  if (!survey) throw linkInvalid();
  if (invitation.status === 'answered') throw linkUsed();
  if (invitation.status !== 'sent' || (invitation.expires_at && invitation.expires_at.getTime() < Date.now())) throw linkClosed();
  return { link, invitation, survey };
}

const languageOf = async (platform: Platform, organizationId: string, patientId: string): Promise<Language> =>
  (await contactPreferences(platform, organizationId, [patientId])).get(patientId)?.language.startsWith('es') ? 'es' : 'en';

/** The survey as the patient reads it, in their language. */
export async function surveyByLink(platform: Platform, token: string) {
  const { invitation, survey } = await linked(platform, token);
  const language = await languageOf(platform, invitation.organization_id, invitation.patient_id);
  const clinic = await findOrganization(platform, invitation.organization_id);
  const es = language === 'es';
  return {
    clinicName: clinic?.name ?? 'Your clinic', language, surveyName: survey.name,
    intro: (es ? survey.intro_es || survey.intro : survey.intro) ?? null,
    introEs: survey.intro_es, introEn: survey.intro,
    items: survey.items.map((item) => ({ id: item.id, kind: item.kind, text: es ? item.textEs : item.text, textEn: item.text, textEs: item.textEs, required: item.required })),
    answered: false,
  };
}

/**
 * Records a patient's answers, once: in one transaction the link is spent (used_links), the
 * response written (unique per invitation), the invitation marked answered and a recovery case
 * opened when the answer is unhappy. A second answer, even at the same moment, gets 410 link_used.
 */
export async function answerByLink(platform: Platform, token: string, body: { answers: Record<string, SurveyAnswer>; language?: Language | undefined }) {
  const { link, invitation, survey } = await linked(platform, token);
  const answers = checkAnswers(survey.items, body.answers);
  const scores = scoresOf(survey.items, answers);
  const language = body.language ?? await languageOf(platform, invitation.organization_id, invitation.patient_id);
  const response = await platform.db.transaction().execute(async (trx) => {
    await spend(trx, link);
    const current = await store.lockInvitation(trx, invitation.organization_id, invitation.id);
    if (!current || current.status === 'answered') throw linkUsed();
    const row = await store.insertResponse(trx, {
      organization_id: invitation.organization_id, invitation_id: invitation.id, survey_id: survey.id, patient_id: current.patient_id,
      answers: JSON.stringify(answers), ...scores, language,
      department_id: current.department_id, provider_id: current.provider_id, location_id: current.location_id, channel: current.channel ?? current.delivery_channel,
    });
    if (!row) throw linkUsed();
    await store.updateInvitation(trx, invitation.id, { status: 'answered', answered_at: row.submitted_at });
    const recovery = await openRecoveryCase({ ...platform, db: trx }, row.id);
    return { ...row, recoveryCaseId: recovery?.id ?? null };
  });
  const actor = systemActor(invitation.organization_id, 'api', 'Patient (survey link)');
  const scoreWords = [scores.nps !== null && `NPS ${scores.nps}`, scores.csat !== null && `CSAT ${scores.csat}`, scores.ces !== null && `effort ${scores.ces}`].filter(Boolean).join(', ');
  await publishSurveyEvent(platform, actor, 'survey.answered', { ...invitation, patient_id: response.patient_id }, survey.name,
    `Answered the survey "${survey.name}"${scoreWords ? ` (${scoreWords})` : ''}`, {
      responseId: response.id, nps: scores.nps, csat: scores.csat, ces: scores.ces, departmentId: response.department_id, providerId: response.provider_id,
      locationId: response.location_id, channel: response.channel, submittedAt: response.submitted_at.toISOString(), recoveryCaseId: response.recoveryCaseId,
    });
  // After the announcement: the answer is committed, and what follows from it (its recovery case's
  // task, the rollups' marks) must not wait on, or be lost with, a failing audit write.
  await platform.audit.record(actor, [{ action: 'create', entityType: 'survey_response', entityId: response.id, patientId: response.patient_id, details: { via: 'survey link' } }]);
  return { thanks: true as const };
}

/** Spends the one-time link; a link already spent is the same answer as an answered survey. */
async function spend(trx: Parameters<typeof useLink>[0], link: VerifiedLink) {
  try {
    await useLink(trx, link);
  } catch (error) {
    if (error instanceof AppError && error.code === 'link_used') throw linkUsed();
    throw error;
  }
}
