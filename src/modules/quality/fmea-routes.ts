import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** FMEA worksheets: steps, failure modes, RPN, actions, CSV. */
export function fmeaRoutes(_server: FastifyInstance, _platform: Platform) {
  // Not built yet.
}
