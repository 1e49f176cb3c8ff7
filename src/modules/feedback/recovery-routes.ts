import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** Staff routes: recovery cases. */
export function recoveryRoutes(_app: FastifyInstance, _platform: Platform) {}
