import type { Platform } from '../../platform/platform.js';
import type { InvitationRow } from './store.js';

type EventActor = { type: string; id: string | null; label: string };
export const CARELOOP: EventActor = { type: 'system', id: null, label: 'Careloop' };

/** Publishes a survey event on the patient's timeline (data.summary is the sentence it shows). */
export async function publishSurveyEvent(platform: Platform, actor: EventActor, type: string, invitation: InvitationRow, surveyName: string, summary: string, data: Record<string, unknown> = {}) {
  await platform.events.publish({
    type, version: 1, organizationId: invitation.organization_id, patientId: invitation.patient_id,
    actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(),
    data: {
      invitationId: invitation.id, surveyId: invitation.survey_id, surveyName, sourceType: invitation.source_type, sourceId: invitation.source_id,
      channel: invitation.channel, summary, ...data,
    },
  });
}
