import type { Platform } from '../../platform/platform.js';
import { DELIVER_JOB, deliverDue, sweepDue, type DeliverJob } from './delivery.js';
import * as store from './store.js';
import { subscribeWebhooks } from './subscriber.js';

export const SWEEP_JOB = 'webhooks.sweep';
export const PURGE_JOB = 'webhooks.purge-log';
/** How long the delivery log keeps finished deliveries. */
export const LOG_DAYS = 30;

/**
 * Outbound webhooks' background work: the event subscriber (writes deliveries), the delivery job
 * (one per endpoint; a batch's endpoints are delivered side by side, and several workers poll, so a
 * hanging endpoint holds one slot for at most the request timeout), and a sweeper every minute for
 * retries whose job was lost.
 */
export async function defineWebhookJobs(platform: Platform) {
  subscribeWebhooks(platform);
  await platform.jobs.define<DeliverJob>({
    name: DELIVER_JOB,
    batchSize: 5,
    workers: 3,
    retryLimit: 2,
    expireInSeconds: 120,
    handle: async ({ endpointId }) => { await deliverDue(platform, endpointId); },
    handleBatch: async (jobs) => {
      const endpointIds = [...new Set(jobs.map((job) => job.endpointId))];
      const results = await Promise.allSettled(endpointIds.map((endpointId) => deliverDue(platform, endpointId)));
      for (const result of results) if (result.status === 'rejected') platform.logger.error({ err: result.reason }, 'webhook delivery failed');
    },
  });
  await platform.jobs.define<object>({
    name: SWEEP_JOB,
    batchSize: 1,
    handle: async () => { await sweepDue(platform); },
  });
  await platform.jobs.schedule(SWEEP_JOB, '* * * * *');
  await platform.jobs.define<object>({
    name: PURGE_JOB,
    batchSize: 1,
    handle: async () => { await store.purgeFinished(platform.db, new Date(Date.now() - LOG_DAYS * 24 * 3600 * 1000)); },
  });
  await platform.jobs.schedule(PURGE_JOB, '17 3 * * *');
}
