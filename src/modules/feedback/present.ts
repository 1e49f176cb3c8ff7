import type { PatientRef } from '../patients/service.js';
import type { Invitation, Survey } from './survey-schemas.js';
import type { InvitationRow, SurveyRow } from './store.js';

/** Rows as the staff API shows them. */
export const presentSurvey = (row: SurveyRow): Survey => ({
  id: row.id, name: row.name, trigger: row.trigger, delayMinutes: row.delay_minutes, throttleDays: row.throttle_days,
  departmentId: row.department_id, serviceId: row.service_id, intro: row.intro, introEs: row.intro_es, items: row.items,
  active: row.active, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
});

/** A patient's name and record number, or a stand-in when the record cannot be read. */
export const patientSummary = (id: string, ref: PatientRef | undefined) => ({ id, name: ref?.name ?? 'Unknown patient', mrn: ref?.mrn ?? '' });

export const presentInvitation = (row: InvitationRow, surveyName: string, patient: PatientRef | undefined): Invitation => ({
  id: row.id, surveyId: row.survey_id, surveyName, patientId: row.patient_id, patient: patientSummary(row.patient_id, patient),
  sourceType: row.source_type, sourceId: row.source_id, status: row.status, sendAt: row.send_at.toISOString(),
  sentAt: row.sent_at?.toISOString() ?? null, deliveryChannel: row.delivery_channel, skipReason: row.skip_reason,
  answeredAt: row.answered_at?.toISOString() ?? null, expiresAt: row.expires_at?.toISOString() ?? null, createdAt: row.created_at.toISOString(),
});
