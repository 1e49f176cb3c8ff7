import type { Platform } from '../../platform/platform.js';

export async function defineSchedulingJobs(_platform: Platform) {}
