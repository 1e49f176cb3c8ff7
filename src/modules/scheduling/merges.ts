import type { Platform } from '../../platform/platform.js';
import { repointPatient } from './store.js';

/**
 * A merge of two patient records moves the merged record's appointments to the record that
 * survives (the waitlist and the check-in answers re-point their own rows on the same event).
 */
export function followPatientMerges(platform: Platform) {
  return platform.events.subscribe('patient.merged', async (event) => {
    const { survivorId, mergedId } = event.data;
    if (typeof survivorId !== 'string' || typeof mergedId !== 'string') return;
    await repointPatient(platform.db, event.organizationId, mergedId, survivorId);
  });
}
