import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/** Reports: KPI summary, trends, comparisons, the rows behind a number, CSV, targets. */
export function analyticsRoutes(_app: FastifyInstance, _platform: Platform) {}
