import type { Platform } from '../../platform/platform.js';
import { deliver, DELIVER_JOB, sweepOutbox } from './outbox.js';
import { createTransports } from './transports.js';

export const SWEEP_OUTBOX = 'channels.sweep-outbox';

/** Outbox delivery (several workers, batches: texts and mail go out in parallel) and the sweeper that finds lost jobs. */
export async function defineChannelJobs(platform: Platform) {
  const transports = createTransports(platform.config);
  await platform.jobs.define<{ outboxId: string }>({
    name: DELIVER_JOB, batchSize: 20, retryLimit: 0,
    handle: ({ outboxId }) => deliver(platform, transports, outboxId),
  });
  await platform.jobs.define<object>({ name: SWEEP_OUTBOX, batchSize: 1, handle: async () => { await sweepOutbox(platform); } });
  await platform.jobs.schedule(SWEEP_OUTBOX, '* * * * *');
}
