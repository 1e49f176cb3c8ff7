import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** The quality dashboard: incidents by harm and category, open and overdue actions, top RPNs. */
export function qualityDashboardRoutes(_server: FastifyInstance, _platform: Platform) {
  // Not built yet.
}
