import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { windowLimiter } from '../../platform/rate-limit.js';
import { LinkTokenParams, patientPageErrors } from '../../platform/schemas.js';
import * as schemas from './public-schemas.js';
import * as selfService from './self-service.js';

/**
 * What patients do without an account: the clinic's booking page (/book/<clinic>) and the signed
 * link to one appointment (/a/<token>): see it, confirm, move, cancel. Limited per client address.
 */
export function publicSchedulingRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);
  const reads = windowLimiter(240, 60_000);
  const writes = windowLimiter(20, 60_000);
  const read = { config: { public: true }, onRequest: async (request: { ip: string }) => reads(request.ip) };
  const write = { config: { public: true }, onRequest: async (request: { ip: string }) => writes(request.ip) };
  const tags = ['patient pages'];

  app.get('/api/public/booking/:slug', {
    ...read,
    schema: { tags, summary: 'The clinic\'s booking page: services bookable online, providers, locations', params: schemas.SlugParams, response: { 200: schemas.BookingPage, ...patientPageErrors } },
  }, async (request) => selfService.bookingPage(platform, request.params.slug));

  app.get('/api/public/booking/:slug/slots', {
    ...read,
    schema: {
      tags, summary: 'Free times for a service, in the clinic\'s time zone (minimum notice and how far ahead apply)',
      params: schemas.SlugParams, querystring: schemas.PublicSlotQuery, response: { 200: schemas.PublicSlots, ...patientPageErrors },
    },
  }, async (request) => selfService.publicSlots(platform, request.params.slug, request.query));

  app.post('/api/public/booking/:slug/appointments', {
    ...write,
    schema: {
      tags, summary: 'A patient books: matched to their record by name, birth date and phone or e-mail, or registered',
      description: '409 slot_taken with details.nextFreeTimes when someone was quicker; 409 new_patients_not_accepted when the service is for registered patients only.',
      params: schemas.SlugParams, body: schemas.SelfBooking, response: { 201: schemas.SelfBooked, ...patientPageErrors },
    },
  }, async (request, reply) => reply.status(201).send(await selfService.selfBook(platform, request.params.slug, request.body)));

  app.get('/api/public/appointments/:token', {
    ...read,
    schema: { tags, summary: 'The appointment a patient\'s link is for (403 link_invalid, 410 link_expired)', params: LinkTokenParams, response: { 200: schemas.PatientAppointment, ...patientPageErrors } },
  }, async (request) => selfService.appointmentByLink(platform, request.params.token));

  app.get('/api/public/appointments/:token/calendar.ics', {
    ...read,
    schema: { tags, summary: 'The visit as an iCalendar file (text/calendar), in the location\'s time zone', params: LinkTokenParams, response: { 200: { type: 'string' }, ...patientPageErrors } },
  }, async (request, reply) => reply
    .header('content-type', 'text/calendar; charset=utf-8')
    .header('content-disposition', 'attachment; filename="appointment.ics"')
    .send(await selfService.calendarByLink(platform, request.params.token)));

  app.post('/api/public/appointments/:token/confirm', {
    ...write,
    schema: { tags, summary: 'The patient confirms they will come', params: LinkTokenParams, response: { 200: schemas.PatientAppointment, ...patientPageErrors } },
  }, async (request) => selfService.confirmByLink(platform, request.params.token));

  app.post('/api/public/appointments/:token/cancel', {
    ...write,
    schema: { tags, summary: 'The patient cancels (the time goes to the waitlist)', params: LinkTokenParams, body: schemas.PatientCancel, response: { 200: schemas.PatientAppointment, ...patientPageErrors } },
  }, async (request) => selfService.cancelByLink(platform, request.params.token, request.body.note));

  app.get('/api/public/appointments/:token/slots', {
    ...read,
    schema: { tags, summary: 'Other free times for this visit', params: LinkTokenParams, querystring: schemas.PatientSlotQuery, response: { 200: schemas.PublicSlots, ...patientPageErrors } },
  }, async (request) => selfService.slotsByLink(platform, request.params.token, request.query));

  app.post('/api/public/appointments/:token/reschedule', {
    ...write,
    schema: { tags, summary: 'The patient moves the visit to another free time', params: LinkTokenParams, body: schemas.PatientMove, response: { 200: schemas.PatientAppointment, ...patientPageErrors } },
  }, async (request) => selfService.rescheduleByLink(platform, request.params.token, request.body));
}
