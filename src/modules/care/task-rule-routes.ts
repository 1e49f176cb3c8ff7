import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** Task rules: which events open follow-up tasks by themselves. */
export function taskRuleRoutes(_server: FastifyInstance, _platform: Platform) {
  // Not built yet.
}
