import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import { BusinessHours, Holiday, HoursBody, HoursQuery, NewHoliday } from './admin-schemas.js';
import { addHoliday, getBusinessHours, removeHoliday, setBusinessHours } from './hours.js';

/** Business hours (several periods a day) and holidays, for the clinic and per team. */
export function hoursRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);

  app.get('/api/inbox/business-hours', {
    config: { permission: 'inbox:read' },
    schema: {
      tags: ['inbox settings'], summary: 'Working hours of the clinic (no departmentId) or of a team (inherited: the team has none and the clinic\'s apply), with holidays',
      querystring: HoursQuery, response: { 200: BusinessHours, ...standardErrors },
    },
  }, async (request) => getBusinessHours(platform, actorOf(request), request.query.departmentId ?? null));

  app.put('/api/inbox/business-hours', {
    config: { permission: 'inbox:manage' },
    schema: {
      tags: ['inbox settings'], summary: 'Replace the working periods of the clinic (departmentId null) or a team; weekday 1 = Monday, HH:MM, no overlaps',
      body: HoursBody, response: { 200: BusinessHours, ...standardErrors },
    },
  }, async (request) => setBusinessHours(platform, actorOf(request), request.body));

  app.post('/api/inbox/holidays', {
    config: { permission: 'inbox:manage' },
    schema: {
      tags: ['inbox settings'], summary: 'Add a day the clinic (or a team) is closed (409 holiday_exists)',
      body: NewHoliday, response: { 201: Holiday, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await addHoliday(platform, actorOf(request), request.body)));

  app.delete('/api/inbox/holidays/:id', {
    config: { permission: 'inbox:manage' },
    schema: { tags: ['inbox settings'], summary: 'Remove a holiday', params: IdParams, response: { 204: Type.Null({ description: 'Removed' }), ...standardErrors } },
  }, async (request, reply) => {
    await removeHoliday(platform, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}
