import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** The waitlist: staff add and remove waiting patients; patients accept an offered time by link. */
export function waitlistRoutes(_server: FastifyInstance, _platform: Platform) {}
