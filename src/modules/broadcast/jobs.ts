import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Platform } from '../../platform/platform.js';
import { followBroadcasts } from './follow.js';
import { runSender } from './sender.js';
import { SEND_JOB, type SendJob } from './service.js';
import * as store from './store.js';

export const RESUME_JOB = 'broadcast.resume';
/** One job runs the sender this long, then hands over to a new job (a job never holds a worker for an hour-long send). */
const SLICE_MS = 20_000;

/** Hands every broadcast whose sender is gone (a crash, a restart) to a new sender job. */
export async function resumeStalledBroadcasts(platform: Platform): Promise<number> {
  const stalled = await store.stalledBroadcasts(platform.db);
  for (const row of stalled) await platform.jobs.send<SendJob>(SEND_JOB, { broadcastId: row.id }, { singletonKey: row.id, singletonSeconds: 30 });
  return stalled.length;
}

/**
 * Broadcasts' background work: the throttled sender (a job per slice of a send), the resume job
 * every minute (a send whose sender died is taken up again), and the followers of delivery reports
 * and replies that keep the statistics.
 */
export async function defineBroadcastJobs(platform: Platform) {
  followBroadcasts(platform);
  // This process's name as a sender: a lease names who holds a broadcast.
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  await platform.jobs.define<SendJob>({
    name: SEND_JOB,
    batchSize: 1,
    workers: 2,
    expireInSeconds: 120,
    handle: async ({ broadcastId }) => {
      const result = await runSender(platform, broadcastId, owner, { maxMs: SLICE_MS });
      // 'busy': another sender holds it; if that one dies, the resume job hands it out again.
      if (result === 'more') await platform.jobs.send<SendJob>(SEND_JOB, { broadcastId });
    },
  });
  await platform.jobs.define<object>({
    name: RESUME_JOB,
    batchSize: 1,
    handle: async () => {
      const resumed = await resumeStalledBroadcasts(platform);
      if (resumed > 0) platform.logger.info({ resumed }, 'broadcasts resumed after their sender stopped');
    },
  });
  await platform.jobs.schedule(RESUME_JOB, '* * * * *');
}
