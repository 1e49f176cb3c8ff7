import type { Platform } from '../../platform/platform.js';

/** Quality's background work: incidents from escalated recovery cases, overdue actions. */
export async function defineQualityJobs(_platform: Platform) {
  // Not built yet.
}
