import type { Platform } from '../../platform/platform.js';
import { sendDueInvitations } from './sender.js';
import * as store from './store.js';
import { subscribeSurveyTriggers } from './triggers.js';

export const SEND_SURVEYS = 'feedback.send-surveys';

/** A merge of two patient records moves the merged record's invitations and answers to the survivor. */
function followPatientMerges(platform: Platform) {
  platform.events.subscribe('patient.merged', async (event) => {
    const { survivorId, mergedId } = event.data;
    if (typeof survivorId !== 'string' || typeof mergedId !== 'string') return;
    await store.repointPatient(platform.db, event.organizationId, mergedId, survivorId);
  });
}

/** Survey triggers (event subscribers) and the sender of due invitations, every minute. */
export async function defineFeedbackJobs(platform: Platform) {
  subscribeSurveyTriggers(platform);
  followPatientMerges(platform);
  // A sender taken by a process that died must not hold its place for pg-boss's default 15 minutes.
  await platform.jobs.define({
    name: SEND_SURVEYS, batchSize: 1, retryLimit: 3, expireInSeconds: 180,
    handle: async () => {
      const batchSize = platform.dbKind === 'pglite' ? 50 : 200;
      const { sent, skipped } = await sendDueInvitations(platform, new Date(), batchSize);
      if (sent + skipped > 0) platform.logger.info({ sent, skipped }, 'surveys sent');
    },
  });
  await platform.jobs.schedule(SEND_SURVEYS, '* * * * *');
}
