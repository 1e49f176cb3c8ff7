import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** Staff routes: surveys, invitations, responses. */
export function feedbackRoutes(_app: FastifyInstance, _platform: Platform) {}
