import { DateTime } from 'luxon';
import { invalid, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findOrganization } from '../identity/service.js';
import { patientRefs } from '../patients/service.js';
import { answerLabel } from './answer-check.js';
import { patientSummary, presentInvitation } from './present.js';
import type { InvitationQuery, ResponseQuery, SurveyResponse } from './survey-schemas.js';
import * as store from './store.js';
import type { ResponseRow, SurveyRow } from './store.js';

/** What staff read: invitations and answers, with filters and paging. */

export async function listInvitations(platform: Platform, actor: Actor, query: InvitationQuery) {
  const { rows, total } = await store.listInvitations(platform.db, actor.organizationId, { ...query, limit: query.limit ?? 25, offset: query.offset ?? 0 });
  const names = await store.surveyNames(platform.db, actor.organizationId, rows.map((row) => row.survey_id));
  const patients = await patientRefs(platform, actor.organizationId, rows.map((row) => row.patient_id));
  return { items: rows.map((row) => presentInvitation(row, names.get(row.survey_id) ?? 'Survey', patients.get(row.patient_id))), total };
}

/** [from, to] as local days of the clinic, to instants: from the start of `from` to the end of `to`. */
async function period(platform: Platform, actor: Actor, from: string | undefined, to: string | undefined) {
  if (!from && !to) return {};
  const zone = (await findOrganization(platform, actor.organizationId))?.time_zone ?? 'UTC';
  const start = from ? DateTime.fromISO(from, { zone }) : undefined;
  const end = to ? DateTime.fromISO(to, { zone }).plus({ days: 1 }) : undefined;
  if (start && !start.isValid) throw invalid('from', 'is not a date');
  if (end && !end.isValid) throw invalid('to', 'is not a date');
  if (start && end && end <= start) throw invalid('to', 'must not be before from');
  return { from: start?.toJSDate(), until: end?.toJSDate() };
}

/** Each question beside its answer (answers to questions since removed show their id as the question). */
function answerList(survey: SurveyRow | undefined, response: ResponseRow): SurveyResponse['answers'] {
  const items = survey?.items ?? [];
  const es = response.language === 'es';
  const asked = items.map((item) => {
    const answer = response.answers[item.id] ?? null;
    return { itemId: item.id, key: item.key, kind: item.kind, question: es ? item.textEs : item.text, answer, label: answerLabel(item.kind, answer) };
  });
  const dropped = Object.entries(response.answers).filter(([id]) => !items.some((item) => item.id === id))
    .map(([id, answer]) => ({ itemId: id, key: id, kind: typeof answer === 'number' ? 'number' : 'text', question: id, answer, label: String(answer) }));
  return [...asked, ...dropped];
}

async function presentResponses(platform: Platform, actor: Actor, rows: ResponseRow[]): Promise<SurveyResponse[]> {
  const surveys = await store.findSurveys(platform.db, actor.organizationId, rows.map((row) => row.survey_id));
  const patients = await patientRefs(platform, actor.organizationId, rows.map((row) => row.patient_id));
  const cases = await store.recoveryCaseIds(platform.db, actor.organizationId, rows.map((row) => row.id));
  const invitations = await store.findInvitations(platform.db, actor.organizationId, rows.map((row) => row.invitation_id));
  return rows.map((row) => {
    const survey = surveys.get(row.survey_id);
    const invitation = invitations.get(row.invitation_id);
    return {
      id: row.id, surveyId: row.survey_id, surveyName: survey?.name ?? 'Survey', invitationId: row.invitation_id,
      patient: patientSummary(row.patient_id, patients.get(row.patient_id)), nps: row.nps, csat: row.csat, ces: row.ces, comment: row.comment,
      answers: answerList(survey, row), language: row.language, departmentId: row.department_id, providerId: row.provider_id,
      locationId: row.location_id, channel: row.channel, source: { type: invitation?.source_type ?? 'manual', id: invitation?.source_id ?? null },
      submittedAt: row.submitted_at.toISOString(), recoveryCaseId: cases.get(row.id) ?? null,
    };
  });
}

export async function listResponses(platform: Platform, actor: Actor, query: ResponseQuery) {
  const { from, to, ...filters } = query;
  const range = await period(platform, actor, from, to);
  const { rows, total } = await store.listResponses(platform.db, actor.organizationId, { ...filters, ...range, limit: query.limit ?? 25, offset: query.offset ?? 0 });
  return { items: await presentResponses(platform, actor, rows), total };
}

export async function getResponse(platform: Platform, actor: Actor, id: string): Promise<SurveyResponse> {
  const row = await store.findResponse(platform.db, actor.organizationId, id);
  if (!row) throw notFound('survey response', id);
  return (await presentResponses(platform, actor, [row]))[0]!;
}
