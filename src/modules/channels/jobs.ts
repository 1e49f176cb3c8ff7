import type { Platform } from '../../platform/platform.js';
import { purgeRawMail } from './email-store.js';
import { deliver, DELIVER_JOB, sweepOutbox } from './outbox.js';
import { createTransports } from './transports.js';

export const SWEEP_OUTBOX = 'channels.sweep-outbox';
export const PURGE_RAW_MAIL = 'channels.purge-raw-mail';
/** Raw inbound mail is kept this long for questions about what arrived; the parsed message stays in its conversation. */
export const RAW_MAIL_DAYS = 30;

/** Outbox delivery (several workers, batches: texts and mail go out in parallel) and the sweeper that finds lost jobs. */
export async function defineChannelJobs(platform: Platform) {
  const transports = createTransports(platform.config);
  await platform.jobs.define<{ outboxId: string }>({
    name: DELIVER_JOB, batchSize: 20, retryLimit: 0,
    handle: ({ outboxId }) => deliver(platform, transports, outboxId),
  });
  await platform.jobs.define<object>({ name: SWEEP_OUTBOX, batchSize: 1, handle: async () => { await sweepOutbox(platform); } });
  await platform.jobs.schedule(SWEEP_OUTBOX, '* * * * *');
  await platform.jobs.define<object>({
    name: PURGE_RAW_MAIL, batchSize: 1,
    handle: async () => { await purgeRawMail(platform.db, new Date(Date.now() - RAW_MAIL_DAYS * 86_400_000)); },
  });
  await platform.jobs.schedule(PURGE_RAW_MAIL, '41 3 * * *');
}
