import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** Administration of locations, providers, services, weekly hours and exceptions. */
export function setupRoutes(_server: FastifyInstance, _platform: Platform) {}
