import type { DomainEvent } from '../../platform/events.js';
import { systemActor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { getCase } from '../feedback/recovery-cases.js';
import { reportFromRecoveryCase } from './incidents.js';
import * as store from './incident-store.js';

/** Incidents escalated from recovery cases, and patient merges followed. */

export const ESCALATION_ACTOR_LABEL = 'Careloop (escalated recovery case)';

const scoreWords = (response: { nps: number | null; csat: number | null }) =>
  [response.nps !== null && `NPS ${response.nps}`, response.csat !== null && `CSAT ${response.csat}`].filter(Boolean).join(', ');

/**
 * On recovery_case.escalated, files one incident for the case (a repeat of the event finds it):
 * the patient, the case's department, the escalation note and the patient's own words. Harm is
 * recorded as none until the quality team reviews it.
 */
export async function incidentFromEscalation(platform: Platform, event: DomainEvent) {
  const caseId = event.data.caseId;
  const note = typeof event.data.note === 'string' ? event.data.note : '';
  if (typeof caseId !== 'string') return;
  const actor = systemActor(event.organizationId, 'job', ESCALATION_ACTOR_LABEL);
  const recovery = await getCase(platform, actor, caseId);
  const response = recovery.response;
  const said = response.comment ? `\n\nThe patient wrote: “${response.comment.length > 2000 ? `${response.comment.slice(0, 2000)}…` : response.comment}”` : '';
  const visit = recovery.visit ? `\nVisit: ${recovery.visit.serviceName} with ${recovery.visit.providerName} at ${recovery.visit.locationName}.` : '';
  await reportFromRecoveryCase(platform, actor, {
    caseId,
    title: `Escalated recovery case: ${response.surveyName} (${scoreWords(response) || 'complaint'})`.slice(0, 200),
    description: `Escalated by ${event.actor.label}: ${note || 'no note'}${visit}${said}`.slice(0, 8000),
    occurredAt: recovery.visit?.startsAt ?? response.submittedAt,
    category: 'communication',
    harmLevel: 'none',
    patientId: recovery.patient.id,
    ...(recovery.departmentId && { departmentId: recovery.departmentId }),
  });
}

/** Quality's subscribers. Returns the unsubscriber. */
export function followQualityEvents(platform: Platform) {
  const unsubscribers = [
    platform.events.subscribe('recovery_case.escalated', (event) => incidentFromEscalation(platform, event)),
    platform.events.subscribe('patient.merged', async (event) => {
      const { survivorId, mergedId } = event.data;
      if (typeof survivorId !== 'string' || typeof mergedId !== 'string') return;
      await store.repointPatient(platform.db, event.organizationId, mergedId, survivorId);
    }),
  ];
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}
