import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';

type EventActor = Pick<Actor, 'type' | 'id' | 'label'>;

/** Who an anonymous report's events say acted: nobody who can be named. */
export const ANONYMOUS_ACTOR: EventActor = { type: 'user', id: null, label: 'Anonymous reporter' };

export const reference = (number: number) => `INC-${String(number).padStart(4, '0')}`;

/** Publishes a quality event in the one envelope; with the incident's patient, it shows on their timeline (data.summary). */
export async function publishQualityEvent(platform: Platform, actor: EventActor, type: string, incident: {
  id: string; organization_id: string; patient_id: string | null; number: number;
}, summary: string, data: Record<string, unknown> = {}) {
  await platform.events.publish({
    type, version: 1, organizationId: incident.organization_id, ...(incident.patient_id && { patientId: incident.patient_id }),
    actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(),
    data: { summary, incidentId: incident.id, reference: reference(incident.number), ...data },
  });
}
