import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** Incident reports, root cause analysis and corrective and preventive actions. */
export function incidentRoutes(_server: FastifyInstance, _platform: Platform) {
  // Not built yet.
}
