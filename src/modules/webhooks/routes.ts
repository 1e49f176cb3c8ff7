import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import { EVENT_GROUPS } from './catalogue.js';
import * as schemas from './schemas.js';
import * as webhooks from './service.js';

const tags = ['webhooks'];
// Deliveries name the patient their event is about (and, with message text, what they wrote): reading the log is audited per patient.
const listedPatients = (_: unknown, payload: unknown) => [...new Set((payload as { items?: { patientId: string | null }[] }).items?.flatMap((d) => (d.patientId ? [d.patientId] : [])) ?? [])];
const onePatient = (_: unknown, payload: unknown) => {
  const patientId = (payload as { patientId?: string | null }).patientId;
  return patientId ? [patientId] : [];
};

/** Outbound webhook subscriptions and their delivery logs (/api/webhooks/...). */
export function outboundWebhookRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);
  const config = { permission: 'webhooks:manage' as const };

  app.get('/api/webhooks/event-types', {
    config, schema: { tags, summary: 'The events an endpoint may subscribe to, grouped ("*" subscribes to all)', response: { 200: schemas.EventTypeCatalogue, ...standardErrors } },
  }, async () => ({ groups: EVENT_GROUPS }));

  app.get('/api/webhooks', {
    config, schema: { tags, summary: 'The clinic\'s webhook endpoints with their health', response: { 200: schemas.EndpointList, ...standardErrors } },
  }, async (request) => webhooks.listEndpoints(platform, actorOf(request)));

  app.post('/api/webhooks', {
    config,
    schema: {
      tags, summary: 'Add an endpoint; the reply carries its signing secret, shown this once',
      description: 'A URL that is not http(s) or carries a user name or password, an unknown event type or an unknown field is 400.',
      body: schemas.NewEndpoint, response: { 201: schemas.EndpointWithSecret, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await webhooks.createEndpoint(platform, actorOf(request), request.body)));

  app.get('/api/webhooks/:id', {
    config, schema: { tags, summary: 'One endpoint (never its secret)', params: IdParams, response: { 200: schemas.Endpoint, ...standardErrors } },
  }, async (request) => webhooks.getEndpoint(platform, actorOf(request), request.params.id));

  app.patch('/api/webhooks/:id', {
    config,
    schema: {
      tags, summary: 'Change an endpoint; active: false pauses it, active: true resumes it (also after it was disabled)',
      params: IdParams, body: schemas.EndpointChanges, response: { 200: schemas.Endpoint, ...standardErrors },
    },
  }, async (request) => webhooks.updateEndpoint(platform, actorOf(request), request.params.id, request.body));

  app.delete('/api/webhooks/:id', {
    config, schema: { tags, summary: 'Remove an endpoint and its delivery log', params: IdParams, response: { 204: Type.Null(), ...standardErrors } },
  }, async (request, reply) => {
    await webhooks.deleteEndpoint(platform, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/webhooks/:id/rotate-secret', {
    config, schema: { tags, summary: 'Replace the signing secret at once; the reply carries the new one, shown this once', params: IdParams, response: { 200: schemas.EndpointWithSecret, ...standardErrors } },
  }, async (request) => webhooks.rotateSecret(platform, actorOf(request), request.params.id));

  app.post('/api/webhooks/:id/test', {
    config, schema: { tags, summary: 'Send a webhook.test event to this endpoint now', params: IdParams, response: { 202: schemas.Delivery, ...standardErrors } },
  }, async (request, reply) => reply.status(202).send(await webhooks.sendTestEvent(platform, actorOf(request), request.params.id)));

  app.get('/api/webhooks/:id/deliveries', {
    config: { ...config, audit: { action: 'list', entity: 'webhook_delivery', patientIds: listedPatients } },
    schema: {
      tags, summary: 'The endpoint\'s deliveries, newest first, with every attempt',
      params: IdParams, querystring: schemas.DeliveryQuery, response: { 200: schemas.DeliveryList, ...standardErrors },
    },
  }, async (request) => webhooks.listDeliveries(platform, actorOf(request), request.params.id, request.query));

  app.post('/api/webhooks/deliveries/:id/replay', {
    config: { ...config, audit: { action: 'replay', entity: 'webhook_delivery', patientIds: onePatient } },
    schema: {
      tags, summary: 'Send a delivery again now (a dead one too): same body and delivery id, a fresh signature',
      description: '409 endpoint_not_active when the endpoint is paused or disabled; 409 delivery_in_flight while it is being sent.',
      params: IdParams, response: { 202: schemas.Delivery, ...standardErrors },
    },
  }, async (request, reply) => reply.status(202).send(await webhooks.replayDelivery(platform, actorOf(request), request.params.id)));
}
