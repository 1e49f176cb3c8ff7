import type { Platform } from '../../platform/platform.js';

/** Survey triggers (event subscribers) and the sender of due invitations. */
export async function defineFeedbackJobs(_platform: Platform) {}
