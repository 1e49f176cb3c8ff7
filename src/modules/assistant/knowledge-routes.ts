import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** The knowledge base's HTTP API (/api/knowledge/...). */
export function knowledgeRoutes(_app: FastifyInstance, _platform: Platform) {}
