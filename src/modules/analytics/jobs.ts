import type { Platform } from '../../platform/platform.js';

/** Marks days dirty as facts change (event subscribers) and refreshes their rollups. */
export async function defineAnalyticsJobs(_platform: Platform) {}
