import type { RecoveryReason } from '../../db/schema-recovery.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { listUsers } from '../identity/service.js';
import { loadConversation } from '../inbox/service.js';
import { patientRefs } from '../patients/service.js';
import { getAppointment } from '../scheduling/service.js';
import { patientSummary } from './present.js';
import type { RecoveryCase } from './recovery-schemas.js';
import type { RecoveryCaseRow } from './recovery-store.js';
import { getResponse } from './responses.js';

/** What a case was about, read through the owning modules; gone (or never there) is null, not an error. */
async function unlessMissing<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  }
}

async function visitOf(platform: Platform, actor: Actor, source: { type: string; id: string | null }): Promise<RecoveryCase['visit']> {
  if (source.type !== 'appointment' || !source.id) return null;
  const visit = await unlessMissing(() => getAppointment(platform, actor, source.id!));
  return visit && { appointmentId: visit.id, startsAt: visit.startsAt, providerName: visit.providerName, serviceName: visit.serviceName, locationName: visit.locationName };
}

async function conversationOf(platform: Platform, actor: Actor, source: { type: string; id: string | null }): Promise<RecoveryCase['conversation']> {
  if (source.type !== 'conversation' || !source.id) return null;
  const conversation = await unlessMissing(() => loadConversation(platform, actor, source.id!));
  return conversation && { conversationId: conversation.id, number: conversation.number, channel: conversation.channel };
}

/** Cases as staff read them: the patient, the owner's name, the answer with its questions, and the visit or conversation it was about. */
export async function presentCases(platform: Platform, actor: Actor, rows: RecoveryCaseRow[]): Promise<RecoveryCase[]> {
  const now = Date.now();
  const patients = await patientRefs(platform, actor.organizationId, rows.map((row) => row.patient_id));
  const staff = new Map((await listUsers(platform, actor)).map((user) => [user.id, user.display_name]));
  const cases: RecoveryCase[] = [];
  for (const row of rows) {
    const response = await getResponse(platform, actor, row.response_id);
    cases.push({
      id: row.id,
      status: row.status,
      reasons: row.reasons as RecoveryReason[],
      patient: patientSummary(row.patient_id, patients.get(row.patient_id)),
      ownerId: row.owner_id,
      ownerName: row.owner_id ? staff.get(row.owner_id) ?? null : null,
      departmentId: row.department_id,
      dueAt: row.due_at.toISOString(),
      overdue: row.status === 'open' && row.due_at.getTime() < now,
      taskId: row.task_id,
      response: {
        id: response.id, surveyName: response.surveyName, nps: response.nps, csat: response.csat, ces: response.ces,
        comment: response.comment, submittedAt: response.submittedAt, language: response.language, answers: response.answers,
      },
      visit: await visitOf(platform, actor, response.source),
      conversation: await conversationOf(platform, actor, response.source),
      outcome: row.outcome,
      outcomeNote: row.outcome_note,
      closedAt: row.closed_at?.toISOString() ?? null,
      closedBy: row.closed_by,
      closedByName: row.closed_by ? staff.get(row.closed_by) ?? null : null,
      resurveyInvitationId: row.resurvey_invitation_id,
      createdAt: row.created_at.toISOString(),
    });
  }
  return cases;
}
