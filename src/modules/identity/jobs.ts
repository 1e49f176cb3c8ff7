import type { Platform } from '../../platform/platform.js';
import * as store from './store.js';

export const PURGE_SIGN_INS = 'identity.purge-sign-ins';
const DAY = 86_400_000;

/** Ended sessions are kept a week (for questions about them), sign-in attempts a month; then they go. */
export async function defineIdentityJobs(platform: Platform) {
  await platform.jobs.define<object>({
    name: PURGE_SIGN_INS,
    batchSize: 1,
    handle: async () => {
      const now = Date.now();
      const purged = await store.purgeOldSignIns(platform.db, new Date(now - 7 * DAY), new Date(now - 30 * DAY));
      platform.logger.info(purged, 'purged old sessions and sign-in attempts');
    },
  });
  await platform.jobs.schedule(PURGE_SIGN_INS, '17 * * * *');
}
