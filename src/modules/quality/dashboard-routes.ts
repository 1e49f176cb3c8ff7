import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { standardErrors } from '../../platform/schemas.js';
import { qualityDashboard } from './dashboard.js';
import { Dashboard, DashboardQuery } from './dashboard-schemas.js';

/** The quality dashboard: incidents by harm and category, open and overdue actions, top RPNs. Counts only: no patient data. */
export function qualityDashboardRoutes(server: FastifyInstance, platform: Platform) {
  typed(server).get('/api/quality/dashboard', {
    config: { permission: 'quality:read' },
    schema: {
      tags: ['quality'], summary: 'Incidents by month, harm level and category; actions open and overdue; FMEA failure modes with the highest RPN',
      querystring: DashboardQuery, response: { 200: Dashboard, ...standardErrors },
    },
  }, async (request) => qualityDashboard(platform, actorOf(request), request.query.months ?? 12));
}
