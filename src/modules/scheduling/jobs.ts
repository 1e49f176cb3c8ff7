import type { Platform } from '../../platform/platform.js';
import { followPatientMerges } from './merges.js';
import { defineReminderJobs } from './reminders.js';
import { startWaitlist } from './waitlist.js';

/** The scheduling module's jobs and subscribers. */
export async function defineSchedulingJobs(platform: Platform) {
  followPatientMerges(platform);
  await defineReminderJobs(platform);
  await startWaitlist(platform);
}
