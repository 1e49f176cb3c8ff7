import type { Platform } from '../../platform/platform.js';

export async function defineCheckinJobs(_platform: Platform) {}
