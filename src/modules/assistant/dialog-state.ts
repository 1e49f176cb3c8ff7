import type { AssistantIntent, AssistantStep, OfferedSlot } from '../../db/schema-assistant.js';
import type { Language } from './language.js';
import type { SessionRow } from './store.js';

/** The part of a session one turn may change; saved at the end of the turn. */
export interface Draft {
  step: AssistantStep;
  language: Language;
  intent: AssistantIntent | null;
  patientId: string | null;
  verifiedBy: 'name_and_birth_date' | 'signed_link' | null;
  verifyAttempts: number;
  failedAnswers: number;
  serviceId: string | null;
  serviceName: string | null;
  appointmentId: string | null;
  appointmentLabel: string | null;
  offered: OfferedSlot[];
  chosenLabel: string | null;
  bookedAppointmentId: string | null;
  lastQuestion: string | null;
  lastArticleTitle: string | null;
}

export const draftOf = (row: SessionRow): Draft => ({
  step: row.step, language: row.language, intent: row.intent, patientId: row.patient_id, verifiedBy: row.verified_by,
  verifyAttempts: row.verify_attempts, failedAnswers: row.failed_answers, serviceId: row.service_id, serviceName: row.service_name,
  appointmentId: row.appointment_id, appointmentLabel: row.appointment_label, offered: row.offered, chosenLabel: row.chosen_label,
  bookedAppointmentId: row.booked_appointment_id, lastQuestion: row.last_question, lastArticleTitle: row.last_article_title,
});

export const columnsOf = (draft: Draft) => ({
  step: draft.step, language: draft.language, intent: draft.intent, patient_id: draft.patientId, verified_by: draft.verifiedBy,
  verify_attempts: draft.verifyAttempts, failed_answers: draft.failedAnswers, service_id: draft.serviceId, service_name: draft.serviceName,
  appointment_id: draft.appointmentId, appointment_label: draft.appointmentLabel, offered: JSON.stringify(draft.offered), chosen_label: draft.chosenLabel,
  booked_appointment_id: draft.bookedAppointmentId, last_question: draft.lastQuestion, last_article_title: draft.lastArticleTitle,
});

/** The session as the draft says, for the hand-off note (which is written before the draft is saved). */
export const rowWith = (row: SessionRow, draft: Draft): SessionRow => ({ ...row, ...columnsOf(draft), offered: draft.offered });

/** An appointment dialog is over: what it was about is forgotten, who the patient is is kept. */
export function endDialog(draft: Draft) {
  Object.assign(draft, { step: 'idle', intent: null, appointmentId: null, offered: [], failedAnswers: 0 });
}
