import { DateTime } from 'luxon';
import { conflict, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import type { InvitationSource } from '../../db/schema-feedback.js';
import { findOrganization } from '../identity/service.js';
import { getPatient, patientRefs } from '../patients/service.js';
import { presentInvitation } from './present.js';
import { sendInvitationNow } from './sender.js';
import { publishSurveyEvent } from './survey-events.js';
import type { Invitation } from './survey-schemas.js';
import * as store from './store.js';
import type { SurveyRow } from './store.js';

/** Creating invitations: from a trigger (scheduled after the survey's delay), by hand, and as a re-survey after a recovery call. */

/** What a survey is about, with the dimensions reports group it by. */
export interface SurveySource {
  organizationId: string;
  patientId: string;
  type: InvitationSource;
  id: string | null;
  /** A conversation's cycle: each resolution of a reopened thread is surveyed on its own. */
  cycle?: number;
  departmentId: string | null;
  providerId: string | null;
  locationId: string | null;
  /** The channel of the conversation surveyed; unset for visits (then the channel the survey went out on). */
  channel: string | null;
}

type EventActor = { type: string; id: string | null; label: string };

/**
 * Schedules one invitation of a survey for a source, sent after the survey's delay. Nothing when
 * one exists for the same survey and source (a repeated event); returns the new row otherwise.
 */
export async function scheduleInvitation(platform: Platform, actor: EventActor, survey: SurveyRow, source: SurveySource, options: { now?: Date; delayMinutes?: number } = {}) {
  const now = options.now ?? new Date();
  const delay = options.delayMinutes ?? survey.delay_minutes;
  const row = await store.insertInvitation(platform.db, {
    organization_id: source.organizationId, survey_id: survey.id, patient_id: source.patientId, source_type: source.type, source_id: source.id, source_cycle: source.cycle ?? 0,
    department_id: source.departmentId, provider_id: source.providerId, location_id: source.locationId, channel: source.channel,
    send_at: new Date(now.getTime() + delay * 60_000), created_by_label: actor.label,
  });
  if (!row) return null;
  const zone = (await findOrganization(platform, source.organizationId))?.time_zone ?? 'UTC';
  const when = delay === 0 ? 'now' : `on ${DateTime.fromJSDate(row.send_at, { zone }).toFormat('LLL d, h:mm a ZZZZ')}`;
  await publishSurveyEvent(platform, actor, 'survey.scheduled', row, survey.name, `Survey "${survey.name}" scheduled to be sent ${when}`, { sendAt: row.send_at.toISOString() });
  return row;
}

async function presentOne(platform: Platform, actor: Actor, row: store.InvitationRow, surveyName: string): Promise<Invitation> {
  const patients = await patientRefs(platform, actor.organizationId, [row.patient_id]);
  return presentInvitation(row, surveyName, patients.get(row.patient_id));
}

/** A retired survey is sent to no one, by hand or as a re-survey (409 survey_inactive). */
function activeOrRefused(survey: SurveyRow) {
  if (!survey.active) throw conflict('survey_inactive', `The survey "${survey.name}" is retired: make it active again to send it.`);
  return survey;
}

/**
 * A staff member sends a survey to a patient now. Consent, STOP and the throttle still apply: the
 * invitation comes back skipped with the reason when it may not be sent.
 */
export async function sendManually(platform: Platform, actor: Actor, surveyId: string, patientId: string): Promise<Invitation> {
  const survey = await store.findSurvey(platform.db, actor.organizationId, surveyId);
  if (!survey) throw notFound('survey', surveyId);
  activeOrRefused(survey);
  const patient = await getPatient(platform, actor, patientId);
  if (patient.status === 'merged') throw conflict('patient_merged', `This record was merged into ${patient.replacedBy}: send to that record.`, { replacedBy: patient.replacedBy });
  const row = await scheduleInvitation(platform, actor, survey, {
    organizationId: actor.organizationId, patientId, type: 'manual', id: null, departmentId: survey.department_id, providerId: null, locationId: null, channel: null,
  }, { delayMinutes: 0 });
  // Manual invitations have no source id, so the unique (survey, source) never holds one back.
  if (!row) throw new Error('a manual invitation was not inserted');
  return presentOne(platform, actor, await sendInvitationNow(platform, actor.organizationId, row.id), survey.name);
}

/**
 * A new invitation of the same survey to the same patient after a recovery case, sent now. The
 * throttle does not hold it back (the clinic promised to ask again); consent and STOP still apply
 * (the invitation comes back skipped with the reason). A retired survey: 409 survey_inactive.
 */
export async function resurvey(platform: Platform, actor: Actor, input: { responseId: string }): Promise<{ invitationId: string }> {
  const response = await store.findResponse(platform.db, actor.organizationId, input.responseId);
  if (!response) throw notFound('survey response', input.responseId);
  const survey = await store.findSurvey(platform.db, actor.organizationId, response.survey_id);
  if (!survey) throw notFound('survey', response.survey_id);
  const row = await scheduleInvitation(platform, actor, activeOrRefused(survey), {
    organizationId: actor.organizationId, patientId: response.patient_id, type: 'recovery', id: response.id,
    departmentId: response.department_id, providerId: response.provider_id, locationId: response.location_id, channel: response.channel,
  }, { delayMinutes: 0 });
  // Asked twice (a retried close), the re-survey made the first time is the answer.
  if (!row) return { invitationId: (await store.findInvitationBySource(platform.db, actor.organizationId, survey.id, 'recovery', response.id))!.id };
  await sendInvitationNow(platform, actor.organizationId, row.id);
  return { invitationId: row.id };
}
