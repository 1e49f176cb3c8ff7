import type { Platform } from '../../platform/platform.js';
import * as store from './store.js';

/** The patient timeline is a subscriber: every event about a patient becomes an entry. */
export function subscribeTimeline(platform: Platform) {
  return platform.events.subscribe('*', async (event) => {
    // A message moved to the right patient takes its timeline entries with it.
    if (event.type === 'message.moved' && typeof event.data.messageId === 'string' && typeof event.data.toPatientId === 'string') {
      await store.moveTimelineEntries(platform.db, event.organizationId, event.data.messageId, event.data.toPatientId);
    }
    if (!event.patientId) return;
    const summary = typeof event.data.summary === 'string' ? event.data.summary : event.type;
    await store.insertTimelineEntry(platform.db, {
      organization_id: event.organizationId,
      patient_id: event.patientId,
      event_type: event.type,
      summary,
      actor_label: event.actor.label,
      data: JSON.stringify(event.data),
      occurred_at: new Date(event.at),
    });
  });
}
