import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import type { ReferralRow } from './referral-store.js';

export const URGENCY_WORDS: Record<ReferralRow['urgency'], string> = { routine: 'Routine', urgent: 'Urgent', emergency: 'Emergency' };
export const KIND_WORDS: Record<ReferralRow['kind'], string> = { specialty: 'referral', external: 'external referral', test: 'test referral' };

/** "urgent referral to Cardiology": how summaries name a referral. */
export const referralName = (row: Pick<ReferralRow, 'urgency' | 'kind' | 'destination'>) =>
  `${row.urgency === 'routine' ? '' : `${row.urgency} `}${KIND_WORDS[row.kind]} to ${row.destination}`;

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Publishes a referral event in the one envelope (patientId set, so it lands on the timeline with
 * data.summary). data carries what subscribers (surveys, task rules, rollups) need without reading it again.
 */
export async function publishReferralEvent(platform: Platform, actor: Pick<Actor, 'type' | 'id' | 'label'>, type: string, row: ReferralRow, summary: string, extra: Record<string, unknown> = {}) {
  await platform.events.publish({
    type, version: 1, organizationId: row.organization_id, patientId: row.patient_id,
    actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(),
    data: {
      summary: capital(summary), referralId: row.id, kind: row.kind, urgency: row.urgency, status: row.status, destination: row.destination,
      departmentId: row.department_id, providerId: row.provider_id, locationId: row.location_id, appointmentId: row.appointment_id,
      dueAt: row.due_at.toISOString(), ...extra,
    },
  });
}
