import type { DomainEvent } from '../../platform/events.js';
import { systemActor, type Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { getTask, KIND_LABELS, publishTaskEvent } from '../care/service.js';
import { RECOVERY_ACTOR_LABEL } from './recovery.js';
import * as store from './recovery-store.js';

type EventActor = Pick<Actor, 'type' | 'id' | 'label'>;

/** Publishes a recovery case event on the patient's timeline (data.summary is the sentence it shows). */
export async function publishCaseEvent(platform: Platform, actor: EventActor, type: string, row: store.RecoveryCaseRow, summary: string, data: Record<string, unknown> = {}) {
  await platform.events.publish({
    type, version: 1, organizationId: row.organization_id, patientId: row.patient_id,
    actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(),
    data: { summary, caseId: row.id, ...data },
  });
}

const REASON_WORDS = { nps_detractor: 'a detractor score', csat_low: 'a low satisfaction score', complaint_words: 'words of a complaint' } as const;

/**
 * A case is opened inside the transaction that records the answer, where nothing may be published
 * (subscribers would wait on it); once the answer is committed and survey.answered published, the
 * case and its call task are announced: task.created, then recovery_case.opened.
 */
async function announceOpenedCase(platform: Platform, event: DomainEvent) {
  const responseId = event.data.responseId;
  if (typeof responseId !== 'string') return;
  const opened = await store.findCaseOfResponse(platform.db, responseId);
  if (!opened || opened.organization_id !== event.organizationId) return;
  const actor = systemActor(opened.organization_id, 'job', RECOVERY_ACTOR_LABEL);
  if (opened.task_id) {
    const task = await getTask(platform, actor, opened.task_id);
    await publishTaskEvent(platform, actor, 'task.created', {
      id: task.id, organization_id: opened.organization_id, patient_id: task.patientId, kind: task.kind, title: task.title,
    }, `${KIND_LABELS[task.kind]} task: ${task.title}`, { priority: task.priority, dueAt: task.dueAt, ownerId: task.ownerId, source: task.source });
  }
  const reasons = opened.reasons.map((reason) => REASON_WORDS[reason as keyof typeof REASON_WORDS] ?? reason).join(' and ');
  await publishCaseEvent(platform, actor, 'recovery_case.opened', opened, `Recovery case opened after ${reasons} in a survey answer`, {
    responseId, reasons: opened.reasons, ownerId: opened.owner_id, dueAt: opened.due_at.toISOString(), taskId: opened.task_id,
  });
}

/** Recovery's subscribers: announcing cases opened with an answer, and following patient merges. Returns the unsubscriber. */
export function followRecoveryEvents(platform: Platform) {
  const unsubscribers = [
    platform.events.subscribe('survey.answered', (event) => announceOpenedCase(platform, event)),
    platform.events.subscribe('patient.merged', async (event) => {
      const { survivorId, mergedId } = event.data;
      if (typeof survivorId !== 'string' || typeof mergedId !== 'string') return;
      await store.repointPatient(platform.db, event.organizationId, mergedId, survivorId);
    }),
  ];
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
