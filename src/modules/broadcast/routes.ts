import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** Broadcasts: compose, preview per channel, send, live statistics, bulk cancellation. */
export function broadcastRoutes(_server: FastifyInstance, _platform: Platform) {
  // Not built yet.
}
