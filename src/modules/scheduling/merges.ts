import type { Platform } from '../../platform/platform.js';
import { repointPatient } from './store.js';

/**
 * A merge of two patient records moves the merged record's appointments and waitlist entries to
 * the record that survives (each module re-points its own rows on the same event).
 */
export function followPatientMerges(platform: Platform) {
  return platform.events.subscribe('patient.merged', async (event) => {
    const { survivorId, mergedId } = event.data;
    if (typeof survivorId !== 'string' || typeof mergedId !== 'string') return;
    await platform.db.transaction().execute((trx) => repointPatient(trx, event.organizationId, mergedId, survivorId));
  });
}
