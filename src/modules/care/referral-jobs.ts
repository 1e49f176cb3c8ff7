import type { Platform } from '../../platform/platform.js';

/** Referrals' background work: overdue referrals, following patient merges. */
export async function defineReferralJobs(_platform: Platform) {
  // Not built yet.
}
