import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** The patient's survey page API (signed one-time link, no account). */
export function surveyPublicRoutes(_app: FastifyInstance, _platform: Platform) {}
