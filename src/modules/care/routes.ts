import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import * as schemas from './schemas.js';
import * as care from './service.js';

// The patients whose data a response carries: the audit hook records one entry per patient.
const patientOf = (_: unknown, payload: unknown) => {
  const patientId = (payload as { patientId?: string | null }).patientId;
  return patientId ? [patientId] : [];
};
const patientsOf = (_: unknown, payload: unknown) =>
  (payload as { items: { patientId: string | null }[] }).items.flatMap((task) => (task.patientId ? [task.patientId] : []));

export function careRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);

  app.get('/api/tasks', {
    config: { permission: 'tasks:read', audit: { action: 'search', entity: 'follow_up_task', patientIds: patientsOf } },
    schema: {
      tags: ['tasks'], summary: 'The follow-up worklist: open tasks by default, soonest due first',
      querystring: schemas.TaskQuery, response: { 200: schemas.TaskList, ...standardErrors },
    },
  }, async (request) => care.listTasks(platform, actorOf(request), request.query));

  app.get('/api/tasks/assignees', {
    config: { permission: 'tasks:read' },
    schema: {
      tags: ['tasks'], summary: 'Active staff a task can be given to',
      response: { 200: Type.Object({ items: Type.Array(schemas.Assignee) }), ...standardErrors },
    },
  }, async (request) => ({ items: await care.listAssignees(platform, actorOf(request)) }));

  app.post('/api/tasks/reassign', {
    config: { permission: 'tasks:write' },
    schema: {
      tags: ['tasks'], summary: 'Give many tasks to one owner (ownerId null: nobody) at once',
      description: 'All open tasks named are reassigned in one transaction; done or cancelled ones are left as they were and listed in closed. An unknown task id: 404, nothing changes.',
      body: schemas.BulkReassignBody, response: { 200: schemas.BulkReassignResult, ...standardErrors },
    },
  }, async (request) => care.reassignTasks(platform, actorOf(request), request.body));

  app.get('/api/tasks/:id', {
    config: { permission: 'tasks:read', audit: { action: 'read', entity: 'follow_up_task', patientIds: patientOf } },
    schema: { tags: ['tasks'], summary: 'One follow-up task', params: IdParams, response: { 200: schemas.Task, ...standardErrors } },
  }, async (request) => care.getTask(platform, actorOf(request), request.params.id));

  app.post('/api/tasks', {
    config: { permission: 'tasks:write', audit: { action: 'create', entity: 'follow_up_task', patientIds: patientOf } },
    schema: {
      tags: ['tasks'], summary: 'Create a follow-up task (with a source: at most one task per source; a repeat returns it)',
      body: schemas.NewTaskBody, response: { 201: schemas.Task, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await care.createTask(platform, actorOf(request), request.body)));

  app.patch('/api/tasks/:id', {
    config: { permission: 'tasks:write', audit: { action: 'update', entity: 'follow_up_task', patientIds: patientOf } },
    schema: {
      tags: ['tasks'], summary: 'Edit, reassign (ownerId null: nobody), reschedule, complete (status done with an outcome) or cancel a task',
      description: 'A done or cancelled task cannot be changed or reopened: 409 task_closed.',
      params: IdParams, body: schemas.TaskChanges, response: { 200: schemas.Task, ...standardErrors },
    },
  }, async (request) => care.updateTask(platform, actorOf(request), request.params.id, request.body));
}
