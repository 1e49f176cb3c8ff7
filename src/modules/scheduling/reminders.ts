import type { Platform } from '../../platform/platform.js';

/** Sends due reminders (a job). */
export async function defineReminderJobs(_platform: Platform) {}
