import type { Platform } from '../../platform/platform.js';

/** Offers freed times to waiting patients (an event subscriber and its jobs). */
export async function startWaitlist(_platform: Platform) {}
