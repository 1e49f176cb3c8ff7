import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** Referrals: create, follow through sent -> scheduled -> completed -> result received, the overdue worklist. */
export function referralRoutes(_server: FastifyInstance, _platform: Platform) {
  // Not built yet.
}
