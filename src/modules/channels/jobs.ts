import type { Platform } from '../../platform/platform.js';
import { purgeRawMail } from './email-store.js';
import { deliverMany, DELIVER_JOB, sweepOutbox, type DeliverJob } from './outbox.js';
import { createTransports } from './transports.js';

export const SWEEP_OUTBOX = 'channels.sweep-outbox';
export const PURGE_RAW_MAIL = 'channels.purge-raw-mail';
/** Raw inbound mail is kept this long for questions about what arrived; the parsed message stays in its conversation. */
export const RAW_MAIL_DAYS = 30;

/** Outbox delivery (several workers, batches: texts and mail go out in parallel) and the sweeper that finds lost jobs. */
export async function defineChannelJobs(platform: Platform) {
  const transports = createTransports(platform.config);
  const idsOf = (jobs: DeliverJob[]) => jobs.flatMap((job) => ('outboxIds' in job ? job.outboxIds : [job.outboxId]));
  // Each worker takes up to 10 jobs (a reminder batch dispatches 50 messages a job) and sends them
  // together; several workers, so a fetch's half-second polling pause never idles the queue. The
  // embedded database has one connection: more workers would only queue for it.
  await platform.jobs.define<DeliverJob>({
    name: DELIVER_JOB, batchSize: 10, retryLimit: 0, workers: platform.dbKind === 'pglite' ? 1 : 4,
    handle: (job) => deliverMany(platform, transports, idsOf([job])),
    handleBatch: (jobs) => deliverMany(platform, transports, idsOf(jobs)),
  });
  await platform.jobs.define<object>({ name: SWEEP_OUTBOX, batchSize: 1, handle: async () => { await sweepOutbox(platform); } });
  await platform.jobs.schedule(SWEEP_OUTBOX, '* * * * *');
  await platform.jobs.define<object>({
    name: PURGE_RAW_MAIL, batchSize: 1,
    handle: async () => { await purgeRawMail(platform.db, new Date(Date.now() - RAW_MAIL_DAYS * 86_400_000)); },
  });
  await platform.jobs.schedule(PURGE_RAW_MAIL, '41 3 * * *');
}
