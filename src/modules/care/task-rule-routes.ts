import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import * as escalation from './task-rule-escalation.js';
import * as schemas from './task-rule-schemas.js';
import * as rules from './task-rule-service.js';

const tags = ['task rules'];
const previewPatients = (_: unknown, payload: unknown) =>
  (payload as schemas.Preview).sample.flatMap((match) => (match.patientId ? [match.patientId] : []));

/** Task rules: which events open follow-up tasks by themselves, and the escalation ladder of overdue tasks. */
export function taskRuleRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);

  app.get('/api/task-rules/triggers', {
    config: { permission: 'tasks:read' },
    schema: { tags, summary: 'The events a rule can start from, with the conditions and {{placeholders}} each offers', response: { 200: schemas.TriggerList, ...standardErrors } },
  }, async () => ({ items: rules.listTriggers() }));

  app.get('/api/task-rules', {
    config: { permission: 'tasks:read' },
    schema: { tags, summary: 'Every task rule of the clinic, with how many tasks each has made', response: { 200: schemas.TaskRuleList, ...standardErrors } },
  }, async (request) => ({ items: await rules.listTaskRules(platform, actorOf(request)) }));

  app.get('/api/task-rules/:id', {
    config: { permission: 'tasks:read' },
    schema: { tags, summary: 'One task rule', params: IdParams, response: { 200: schemas.TaskRule, ...standardErrors } },
  }, async (request) => rules.getTaskRule(platform, actorOf(request), request.params.id));

  app.post('/api/task-rules', {
    config: { permission: 'tasks:manage' },
    schema: {
      tags, summary: 'Create a task rule: an event, conditions, the task to make and its owner',
      description: 'A condition the event does not carry, an unknown {{placeholder}} or an owner that cannot be found is refused (400/404). One task per rule and event.',
      body: schemas.TaskRuleBody, response: { 201: schemas.TaskRule, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await rules.createTaskRule(platform, actorOf(request), request.body)));

  app.post('/api/task-rules/preview', {
    config: { permission: 'tasks:manage', audit: { action: 'search', entity: 'task_rule_preview', patientIds: previewPatients } },
    schema: {
      tags, summary: "Which of the last seven days' events a rule (saved or not) would have turned into tasks",
      body: schemas.PreviewBody, response: { 200: schemas.Preview, ...standardErrors },
    },
  }, async (request) => rules.previewTaskRule(platform, actorOf(request), request.body));

  app.patch('/api/task-rules/:id', {
    config: { permission: 'tasks:manage' },
    schema: {
      tags, summary: 'Change a rule, or enable / disable it ({ "enabled": false })',
      params: IdParams, body: schemas.TaskRuleChanges, response: { 200: schemas.TaskRule, ...standardErrors },
    },
  }, async (request) => rules.updateTaskRule(platform, actorOf(request), request.params.id, request.body));

  app.delete('/api/task-rules/:id', {
    config: { permission: 'tasks:manage' },
    schema: { tags, summary: 'Delete a rule (the tasks it made stay)', params: IdParams, response: { 204: Type.Null(), ...standardErrors } },
  }, async (request, reply) => {
    await rules.deleteTaskRule(platform, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/task-escalation', {
    config: { permission: 'tasks:read' },
    schema: { tags, summary: 'The escalation ladder of overdue tasks', response: { 200: schemas.EscalationLadder, ...standardErrors } },
  }, async (request) => escalation.getEscalationLadder(platform, actorOf(request)));

  app.put('/api/task-escalation', {
    config: { permission: 'tasks:manage' },
    schema: {
      tags, summary: 'Replace the escalation ladder (up to five steps, each overdue by longer than the one before; [] turns it off)',
      body: schemas.EscalationLadderBody, response: { 200: schemas.EscalationLadder, ...standardErrors },
    },
  }, async (request) => escalation.replaceEscalationLadder(platform, actorOf(request), request.body));
}
