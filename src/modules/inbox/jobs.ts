import type { Platform } from '../../platform/platform.js';
import { wakeSnoozed } from './service.js';

export const WAKE_SNOOZED = 'inbox.wake-snoozed';

/** Snoozed conversations come back to the inbox when their time comes (checked every minute). */
export async function defineInboxJobs(platform: Platform) {
  await platform.jobs.define<object>({ name: WAKE_SNOOZED, batchSize: 1, handle: async () => { await wakeSnoozed(platform); } });
  await platform.jobs.schedule(WAKE_SNOOZED, '* * * * *');
}
