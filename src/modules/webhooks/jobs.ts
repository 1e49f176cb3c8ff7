import type { Platform } from '../../platform/platform.js';

/** Outbound webhooks' background work: the event subscriber and the delivery jobs. */
export async function defineWebhookJobs(_platform: Platform) {}
