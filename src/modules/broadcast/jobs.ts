import type { Platform } from '../../platform/platform.js';

/** Broadcasts' background work: the throttled, resumable sender. */
export async function defineBroadcastJobs(_platform: Platform) {
  // Not built yet.
}
