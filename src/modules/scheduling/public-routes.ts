import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** What patients do without an account: the clinic's booking page and the link to one appointment. */
export function publicSchedulingRoutes(_server: FastifyInstance, _platform: Platform) {}
