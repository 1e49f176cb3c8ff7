import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** The assistant's HTTP API (/api/assistant/...): settings, a conversation's bot context. */
export function assistantRoutes(_app: FastifyInstance, _platform: Platform) {}
