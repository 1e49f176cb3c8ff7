import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import { NewSlaPolicy, SlaPolicy, SlaPolicyChanges } from './admin-schemas.js';
import * as policies from './sla-policies.js';

/** SLA policies per team and priority. */
export function slaRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);

  app.get('/api/inbox/sla-policies', {
    config: { permission: 'inbox:read' },
    schema: { tags: ['inbox settings'], summary: 'SLA policies (clinic-wide first, then by team; urgent to low)', response: { 200: Type.Object({ items: Type.Array(SlaPolicy) }), ...standardErrors } },
  }, async (request) => ({ items: await policies.listPolicies(platform, actorOf(request)) }));

  app.post('/api/inbox/sla-policies', {
    config: { permission: 'inbox:manage' },
    schema: {
      tags: ['inbox settings'], summary: 'Add a policy for a team (or clinic-wide) and priority: at least one target; 409 sla_policy_exists',
      body: NewSlaPolicy, response: { 201: SlaPolicy, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await policies.createPolicy(platform, actorOf(request), request.body)));

  app.patch('/api/inbox/sla-policies/:id', {
    config: { permission: 'inbox:manage' },
    schema: { tags: ['inbox settings'], summary: 'Change a policy (running conversations get new due times)', params: IdParams, body: SlaPolicyChanges, response: { 200: SlaPolicy, ...standardErrors } },
  }, async (request) => policies.updatePolicy(platform, actorOf(request), request.params.id, request.body));

  app.delete('/api/inbox/sla-policies/:id', {
    config: { permission: 'inbox:manage' },
    schema: { tags: ['inbox settings'], summary: 'Remove a policy (its conversations lose their due times)', params: IdParams, response: { 204: Type.Null({ description: 'Removed' }), ...standardErrors } },
  }, async (request, reply) => {
    await policies.deletePolicy(platform, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}
