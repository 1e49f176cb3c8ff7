import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { subscribeSettingsChanges } from './automation-cache.js';
import { cannedRoutes } from './canned-routes.js';
import { hoursRoutes } from './hours-routes.js';
import { ruleRoutes } from './rules-routes.js';
import { subscribeRules } from './rules.js';
import { defineSlaJobs, subscribeSlaClock } from './sla.js';
import { slaRoutes } from './sla-routes.js';

/** The inbox's SLA clock and automation rules: subscribers and jobs (rules run once, in the publishing process). */
export async function startInboxAutomation(platform: Platform) {
  subscribeSettingsChanges(platform);
  subscribeSlaClock(platform);
  subscribeRules(platform);
  await defineSlaJobs(platform);
}

/** Settings and automation routes: business hours, holidays, SLA policies, canned replies, rules, agents. */
export function inboxAutomationRoutes(app: FastifyInstance, platform: Platform) {
  hoursRoutes(app, platform);
  slaRoutes(app, platform);
  cannedRoutes(app, platform);
  ruleRoutes(app, platform);
}
