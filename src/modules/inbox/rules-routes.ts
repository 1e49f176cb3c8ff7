import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import { AgentList } from './admin-schemas.js';
import { listAgents } from './assignment.js';
import { NewRule, PreviewBody, PreviewResult, Rule, RuleChanges } from './rule-schemas.js';
import * as rules from './rules-admin.js';

/** Automation rules, their dry run, and the agents they assign to. */
export function ruleRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);

  app.get('/api/inbox/rules', {
    config: { permission: 'inbox:read' },
    schema: { tags: ['inbox settings'], summary: 'Automation rules, in the order they run', response: { 200: Type.Object({ items: Type.Array(Rule) }), ...standardErrors } },
  }, async (request) => ({ items: await rules.listRules(platform, actorOf(request)) }));

  app.post('/api/inbox/rules', {
    config: { permission: 'inbox:manage' },
    schema: {
      tags: ['inbox settings'], summary: 'Add a rule: event, conditions (all must hold), actions',
      description: 'Events: conversation.created, message.received, conversation.reopened, sla.breach_soon, sla.breached. '
        + 'Conditions { field, operator, value }: see docs/inbox-automation.md. Actions: assign_team { departmentId }, '
        + 'assign_agent { strategy: round_robin | least_loaded, departmentId? }, set_priority { priority }, add_label { label }, '
        + 'send_canned_reply { cannedReplyId }, escalate { priority?, label?, departmentId?, assigneeId? }.',
      body: NewRule, response: { 201: Rule, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await rules.createRule(platform, actorOf(request), request.body)));

  app.post('/api/inbox/rules/preview', {
    config: { permission: 'inbox:manage', audit: { action: 'preview_rule', entity: 'conversation', patientIds: (request) => request.auditPatientIds ?? [] } },
    schema: {
      tags: ['inbox settings'], summary: 'Dry run: which recent conversations a rule would match and what it would do (nothing is changed)',
      body: PreviewBody, response: { 200: PreviewResult, ...standardErrors },
    },
  }, async (request) => {
    const { patientIds, ...result } = await rules.previewRule(platform, actorOf(request), request.body.rule, request.body.limit ?? 50);
    request.auditPatientIds = patientIds;
    return result;
  });

  app.patch('/api/inbox/rules/:id', {
    config: { permission: 'inbox:manage' },
    schema: { tags: ['inbox settings'], summary: 'Change, enable, disable or move a rule', params: IdParams, body: RuleChanges, response: { 200: Rule, ...standardErrors } },
  }, async (request) => rules.updateRule(platform, actorOf(request), request.params.id, request.body));

  app.delete('/api/inbox/rules/:id', {
    config: { permission: 'inbox:manage' },
    schema: { tags: ['inbox settings'], summary: 'Remove a rule', params: IdParams, response: { 204: Type.Null({ description: 'Removed' }), ...standardErrors } },
  }, async (request, reply) => {
    await rules.deleteRule(platform, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/inbox/agents', {
    config: { permission: 'inbox:read' },
    schema: { tags: ['inbox'], summary: 'Staff who answer patients: online (seen in the last 90 s) and their open and pending conversations', response: { 200: AgentList, ...standardErrors } },
  }, async (request) => ({ items: await listAgents(platform, actorOf(request).organizationId) }));
}
