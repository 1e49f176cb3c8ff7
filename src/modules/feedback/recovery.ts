import type { RecoveryReason } from '../../db/schema-recovery.js';
import type { SurveyAnswer, SurveyItem } from '../../db/schema-feedback.js';
import { AppError } from '../../platform/errors.js';
import { systemActor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { createTask } from '../care/service.js';
import { findDepartmentById, findStaffMember, listUsers } from '../identity/service.js';
import { patientRefs } from '../patients/service.js';
import { complaintWords } from './complaint-words.js';
import * as store from './recovery-store.js';

const DAY_MS = 86_400_000;
/** Cases open under this label, in the task's "created by" and the events. */
export const RECOVERY_ACTOR_LABEL = 'Careloop (recovery)';

export interface Unhappiness {
  reasons: RecoveryReason[];
  /** The complaint words found in the free text, for the task's details. */
  words: string[];
  /** The patient is very unhappy (NPS 0-3, CSAT 1, or words of a complaint): one day to call instead of two. */
  urgent: boolean;
}

/** Why an answer is unhappy: NPS 0-6 (detractor), CSAT 1-2, or complaint words in any free text. No reasons: a content patient. */
export function unhappiness(answer: { nps: number | null; csat: number | null; texts: string[] }): Unhappiness {
  const reasons: RecoveryReason[] = [];
  if (answer.nps !== null && answer.nps <= 6) reasons.push('nps_detractor');
  if (answer.csat !== null && answer.csat <= 2) reasons.push('csat_low');
  const words = [...new Set(answer.texts.flatMap(complaintWords))];
  if (words.length > 0) reasons.push('complaint_words');
  const urgent = (answer.nps !== null && answer.nps <= 3) || answer.csat === 1 || words.length > 0;
  return { reasons, words, urgent };
}

/** Every free-text answer of a response (the text items and the comment copied from them). */
function freeTexts(items: SurveyItem[], answers: Record<string, SurveyAnswer>, comment: string | null): string[] {
  const texts = items.filter((item) => item.kind === 'text').map((item) => answers[item.id]).filter((value): value is string => typeof value === 'string');
  return comment ? [...texts, comment] : texts;
}

/**
 * Who answers for an unhappy patient: the owner of the department the answer is about, while an
 * active staff member; otherwise the clinic's first active quality manager by name; otherwise nobody
 * (the case waits, unassigned, at the top of the list).
 */
async function caseOwner(platform: Platform, organizationId: string, departmentId: string | null): Promise<string | null> {
  if (departmentId) {
    const department = await findDepartmentById(platform, organizationId, departmentId);
    const owner = department?.owner_id ? await findStaffMember(platform, organizationId, department.owner_id) : undefined;
    if (owner?.active) return owner.id;
  }
  const staff = await listUsers(platform, systemActor(organizationId));
  return staff.find((user) => user.active && user.role === 'quality_manager')?.id ?? null;
}

const scoreWords = (answer: { nps: number | null; csat: number | null }, words: string[]) => [
  answer.nps !== null && `NPS ${answer.nps}`, answer.csat !== null && `CSAT ${answer.csat}`, words.length > 0 && 'complaint',
].filter(Boolean).join(', ');

const REASON_WORDS: Record<RecoveryReason, string> = { nps_detractor: 'detractor (NPS 0-6)', csat_low: 'low satisfaction (CSAT 1-2)', complaint_words: 'words of a complaint' };

/**
 * Opens a recovery case for a survey response when it is unhappy (NPS 0-6, CSAT 1-2, or words of
 * a complaint), in the caller's transaction (`platform.db`), with a recovery call task for its
 * owner. Returns the case id (the existing one when the response has a case already), or null.
 * Nothing is published here: subscribers would wait on the open transaction; the case and its
 * task are announced when survey.answered is published after the commit (recovery-events.ts).
 */
export async function openRecoveryCase(platform: Platform, responseId: string): Promise<{ id: string } | null> {
  const answer = await store.findAnsweredSurvey(platform.db, responseId);
  if (!answer) return null;
  const { reasons, words, urgent } = unhappiness({ nps: answer.nps, csat: answer.csat, texts: freeTexts(answer.items, answer.answers, answer.comment) });
  if (reasons.length === 0) return null;
  const existing = await store.findCaseOfResponse(platform.db, responseId);
  if (existing) return { id: existing.id };

  const organizationId = answer.organization_id;
  const departmentId = answer.department_id ?? answer.survey_department_id;
  const ownerId = await caseOwner(platform, organizationId, departmentId);
  const dueAt = new Date(answer.submitted_at.getTime() + (urgent ? 1 : 2) * DAY_MS);
  const opened = await store.insertCase(platform.db, {
    organization_id: organizationId, patient_id: answer.patient_id, response_id: responseId, department_id: departmentId,
    owner_id: ownerId, reasons, due_at: dueAt,
  });
  if (!opened) return { id: (await store.findCaseOfResponse(platform.db, responseId))!.id };

  const patientName = (await patientRefs(platform, organizationId, [answer.patient_id])).get(answer.patient_id)?.name ?? 'the patient';
  const quoted = answer.comment ? `\n\nThey wrote: “${answer.comment.length > 1500 ? `${answer.comment.slice(0, 1500)}…` : answer.comment}”` : '';
  const heard = words.length > 0 ? `\nComplaint words: ${words.join(', ')}.` : '';
  // The task's own event is held back with the case's: the timeline subscriber would wait on this transaction.
  const quiet: Platform = { ...platform, events: { ...platform.events, publish: async () => {} } };
  try {
    const task = await createTask(quiet, systemActor(organizationId, 'job', RECOVERY_ACTOR_LABEL), {
      patientId: answer.patient_id, kind: 'recovery_call', priority: 'high', dueAt: dueAt.toISOString(),
      ...(ownerId && { ownerId }), ...(departmentId && await activeDepartment(platform, organizationId, departmentId) && { departmentId }),
      title: `Call ${patientName} back about their survey answer (${scoreWords(answer, words)})`,
      details: `Survey "${answer.survey_name}" answered ${answer.submitted_at.toISOString().slice(0, 10)}: ${reasons.map((reason) => REASON_WORDS[reason]).join('; ')}.${heard}${quoted}`,
      source: { type: 'recovery_case', id: opened.id },
    });
    await store.updateCase(platform.db, organizationId, opened.id, { task_id: task.id });
  } catch (error) {
    // A refusal by the care module (a record merged a moment ago) must not refuse the patient's answer: the case stays, without a task.
    if (!(error instanceof AppError)) throw error;
    platform.logger.warn({ code: error.code, caseId: opened.id }, 'recovery case opened without its call task');
  }
  return { id: opened.id };
}

/** A task may name a department only while it is not archived (care refuses archived ones). */
async function activeDepartment(platform: Platform, organizationId: string, departmentId: string) {
  const department = await findDepartmentById(platform, organizationId, departmentId);
  return department !== undefined && department.archived_at === null;
}
