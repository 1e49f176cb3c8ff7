import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** Pre-visit questionnaires, arrival check-in and the queue board. */
export function checkinRoutes(_server: FastifyInstance, _platform: Platform) {}
