import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { setupRoutes } from './setup-routes.js';

export function schedulingRoutes(server: FastifyInstance, platform: Platform) {
  setupRoutes(server, platform);
}
