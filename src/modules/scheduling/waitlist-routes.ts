import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { windowLimiter } from '../../platform/rate-limit.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, LinkTokenParams, patientPageErrors, standardErrors } from '../../platform/schemas.js';
import { acceptOffer, declineOffer, viewOffer } from './waitlist-answers.js';
import { addToWaitlist, listWaitlist, removeFromWaitlist } from './waitlist-entries.js';
import * as schemas from './waitlist-schemas.js';

const entryPatient = (_: unknown, payload: unknown) => [(payload as schemas.WaitlistEntry).patientId];
const listPatients = (_: unknown, payload: unknown) => [...new Set((payload as { items: schemas.WaitlistEntry[] }).items.map((e) => e.patientId))];
const audit = (action: string, patientIds = entryPatient) => ({ action, entity: 'waitlist_entry', patientIds });

/** The waitlist: staff add and remove waiting patients; patients accept an offered time by link. */
export function waitlistRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);
  const reads = windowLimiter(120, 60_000);
  const answers = windowLimiter(20, 60_000);

  app.get('/api/scheduling/waitlist', {
    config: { permission: 'schedule:read', audit: audit('list', listPatients) },
    schema: {
      tags: ['scheduling'], summary: 'Waiting patients (highest priority, then longest waiting, first) with the times offered to each',
      querystring: schemas.WaitlistQuery, response: { 200: schemas.WaitlistList, ...standardErrors },
    },
  }, async (request) => listWaitlist(platform, actorOf(request), request.query));

  app.post('/api/scheduling/waitlist', {
    config: { permission: 'schedule:book', audit: audit('create') },
    schema: {
      tags: ['scheduling'], summary: 'Put a patient on the waitlist for a service between two dates',
      description: 'A freed time that suits (same service, the provider and location if given, a date between earliest and latest) is offered by text or e-mail.',
      body: schemas.NewWaitlistEntry, response: { 201: schemas.WaitlistEntry, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await addToWaitlist(platform, actorOf(request), request.body)));

  app.delete('/api/scheduling/waitlist/:id', {
    config: { permission: 'schedule:book', audit: audit('update') },
    schema: { tags: ['scheduling'], summary: 'Take a patient off the waitlist', params: IdParams, response: { 200: schemas.WaitlistEntry, ...standardErrors } },
  }, async (request) => removeFromWaitlist(platform, actorOf(request), request.params.id));

  // Counted before validation, so malformed requests count too.
  app.get('/api/public/waitlist-offers/:token', {
    config: { public: true },
    onRequest: async (request) => reads(request.ip),
    schema: {
      tags: ['patient pages'], summary: 'The time offered to a waiting patient, by the link in their message (403 link_invalid, 410 link_expired)',
      params: LinkTokenParams, response: { 200: schemas.OfferView, ...patientPageErrors },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return viewOffer(platform, request.params.token);
  });

  app.post('/api/public/waitlist-offers/:token/accept', {
    config: { public: true },
    onRequest: async (request) => answers(request.ip),
    schema: {
      tags: ['patient pages'], summary: 'Take the offered time: the first to accept books it; 409 slot_taken when someone was first, 410 when the offer closed',
      params: LinkTokenParams, response: { 200: schemas.OfferView, ...patientPageErrors },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return acceptOffer(platform, request.params.token);
  });

  app.post('/api/public/waitlist-offers/:token/decline', {
    config: { public: true },
    onRequest: async (request) => answers(request.ip),
    schema: {
      tags: ['patient pages'], summary: 'Let the offered time go (the patient stays on the waitlist)',
      params: LinkTokenParams, response: { 200: schemas.OfferView, ...patientPageErrors },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return declineOffer(platform, request.params.token);
  });
}
