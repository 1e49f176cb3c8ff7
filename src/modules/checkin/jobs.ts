import type { Platform } from '../../platform/platform.js';
import { markNoShows } from '../scheduling/no-show.js';
import * as store from './store.js';

export const MARK_NO_SHOWS = 'checkin.mark-no-shows';

/** Answers follow a patient merge to the record that survives. */
function followPatientMerges(platform: Platform) {
  return platform.events.subscribe('patient.merged', async (event) => {
    const { survivorId, mergedId } = event.data;
    if (typeof survivorId !== 'string' || typeof mergedId !== 'string') return;
    await store.repointPatient(platform.db, event.organizationId, mergedId, survivorId);
  });
}

/** The check-in module's background work: no-shows marked every five minutes, and following patient merges. */
export async function defineCheckinJobs(platform: Platform) {
  followPatientMerges(platform);
  await platform.jobs.define<object>({
    name: MARK_NO_SHOWS,
    batchSize: 1,
    handle: async () => {
      const marked = await markNoShows(platform);
      if (marked > 0) platform.logger.info({ marked }, 'marked visits nobody came to as no-shows');
    },
  });
  await platform.jobs.schedule(MARK_NO_SHOWS, '*/5 * * * *');
}
