import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import { searchSlots } from './availability.js';
import * as schemas from './schemas.js';
import * as scheduling from './service.js';
import { publicSchedulingRoutes } from './public-routes.js';
import { setupRoutes } from './setup-routes.js';
import { waitlistRoutes } from './waitlist-routes.js';

const patientOf = (_: unknown, payload: unknown) => [(payload as schemas.Appointment).patientId];
const patientsOf = (_: unknown, payload: unknown) => [...new Set((payload as { items: schemas.Appointment[] }).items.map((a) => a.patientId))];
const audit = (action: string, patientIds = patientOf) => ({ action, entity: 'appointment', patientIds });

/** The front desk's scheduling API: free times, booking, moving, cancelling, the visit's steps. */
export function schedulingRoutes(server: FastifyInstance, platform: Platform) {
  setupRoutes(server, platform);
  waitlistRoutes(server, platform);
  publicSchedulingRoutes(server, platform);
  const app = typed(server);

  app.get('/api/scheduling/slots', {
    config: { permission: 'schedule:read' },
    schema: {
      tags: ['scheduling'], summary: 'Free times for a service (soonest first, labelled in the location\'s zone)',
      description: 'Computed from weekly hours, exceptions and booked visits (buffers included). At most 62 days per search.',
      querystring: schemas.SlotQuery, response: { 200: schemas.SlotList, ...standardErrors },
    },
  }, async (request) => searchSlots(platform, actorOf(request).organizationId, request.query, { online: false }));

  app.get('/api/scheduling/appointments', {
    config: { permission: 'schedule:read', audit: audit('search', patientsOf) },
    schema: {
      tags: ['scheduling'], summary: 'Appointments in a period (a calendar), by provider, location, patient or status',
      querystring: schemas.AppointmentQuery, response: { 200: schemas.AppointmentList, ...standardErrors },
    },
  }, async (request) => scheduling.listAppointments(platform, actorOf(request), request.query));

  app.get('/api/scheduling/appointments/:id', {
    config: { permission: 'schedule:read', audit: audit('read') },
    schema: { tags: ['scheduling'], summary: 'One appointment', params: IdParams, response: { 200: schemas.Appointment, ...standardErrors } },
  }, async (request) => scheduling.getAppointment(platform, actorOf(request), request.params.id));

  app.post('/api/scheduling/appointments', {
    config: { permission: 'schedule:book', audit: audit('create') },
    schema: {
      tags: ['scheduling'], summary: 'Book an appointment',
      description: '409 slot_taken (with details.nextFreeTimes) when the time is no longer free; outside_hours, day_full, not_offered likewise. '
        + '`override: { reason }` books anyway (over another visit: overbooked) and is audited.',
      body: schemas.NewAppointment, response: { 201: schemas.Appointment, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await scheduling.bookAppointment(platform, actorOf(request), { ...request.body, source: actorOf(request).type === 'token' ? 'api' : 'staff' })));

  app.post('/api/scheduling/appointments/:id/move', {
    config: { permission: 'schedule:book', audit: audit('update') },
    schema: {
      tags: ['scheduling'], summary: 'Move an appointment to another time, provider or location (same rules as booking)',
      params: IdParams, body: schemas.MoveBody, response: { 200: schemas.Appointment, ...standardErrors },
    },
  }, async (request) => scheduling.moveAppointment(platform, actorOf(request), request.params.id, request.body));

  app.post('/api/scheduling/appointments/:id/cancel', {
    config: { permission: 'schedule:book', audit: audit('update') },
    schema: {
      tags: ['scheduling'], summary: 'Cancel an appointment with a reason (the patient is told; the waitlist is offered the time)',
      params: IdParams, body: schemas.CancelBody, response: { 200: schemas.Appointment, ...standardErrors },
    },
  }, async (request) => scheduling.cancelAppointment(platform, actorOf(request), request.params.id, request.body));

  app.post('/api/scheduling/appointments/:id/status', {
    config: { permission: 'schedule:book', audit: audit('update') },
    schema: {
      tags: ['scheduling'], summary: 'Move a visit along: confirmed, arrived, in_room, completed (visit.completed), no_show',
      params: IdParams, body: schemas.StatusBody, response: { 200: schemas.Appointment, ...standardErrors },
    },
  }, async (request) => scheduling.changeAppointmentStatus(platform, actorOf(request), request.params.id, request.body.status));
}
