import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** Outbound webhook subscriptions and their delivery logs (/api/webhooks/...). */
export function outboundWebhookRoutes(_app: FastifyInstance, _platform: Platform) {}
