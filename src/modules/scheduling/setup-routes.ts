import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import * as schemas from './setup-schemas.js';
import * as setup from './setup-service.js';

const tags = ['scheduling'];
const items = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ items: Type.Array(item) });

/** Administration of locations, providers, services, weekly hours and exceptions. */
export function setupRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);
  const read = { permission: 'schedule:read' } as const;
  const manage = { permission: 'schedule:manage' } as const;

  app.get('/api/scheduling/overview', {
    config: read,
    schema: {
      tags, summary: 'What a booking screen needs: live locations, providers and services with their live offerings',
      response: { 200: schemas.Overview, ...standardErrors },
    },
  }, async (request) => setup.getOverview(platform, actorOf(request)));

  app.get('/api/scheduling/locations', {
    config: read,
    schema: { tags, summary: 'Locations, by name', querystring: schemas.IncludeArchivedQuery, response: { 200: items(schemas.Location), ...standardErrors } },
  }, async (request) => ({ items: await setup.listLocations(platform, actorOf(request), request.query) }));

  app.post('/api/scheduling/locations', {
    config: manage,
    schema: { tags, summary: 'Add a location with its IANA time zone', body: schemas.NewLocation, response: { 201: schemas.Location, ...standardErrors } },
  }, async (request, reply) => reply.status(201).send(await setup.createLocation(platform, actorOf(request), request.body)));

  app.patch('/api/scheduling/locations/:id', {
    config: manage,
    schema: {
      tags, summary: 'Edit, archive or restore a location', params: IdParams, body: schemas.LocationChanges,
      response: { 200: schemas.Location, ...standardErrors },
    },
  }, async (request) => setup.updateLocation(platform, actorOf(request), request.params.id, request.body));

  app.get('/api/scheduling/providers', {
    config: read,
    schema: { tags, summary: 'Providers, by name', querystring: schemas.IncludeArchivedQuery, response: { 200: items(schemas.Provider), ...standardErrors } },
  }, async (request) => ({ items: await setup.listProviders(platform, actorOf(request), request.query) }));

  app.post('/api/scheduling/providers', {
    config: manage,
    schema: {
      tags, summary: 'Add a provider (optionally linked to a staff account: one provider per account)',
      body: schemas.NewProvider, response: { 201: schemas.Provider, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await setup.createProvider(platform, actorOf(request), request.body)));

  app.patch('/api/scheduling/providers/:id', {
    config: manage,
    schema: {
      tags, summary: 'Edit, archive or restore a provider', params: IdParams, body: schemas.ProviderChanges,
      response: { 200: schemas.Provider, ...standardErrors },
    },
  }, async (request) => setup.updateProvider(platform, actorOf(request), request.params.id, request.body));

  app.get('/api/scheduling/providers/:id/hours', {
    config: read,
    schema: { tags, summary: "A provider's weekly working hours", params: IdParams, response: { 200: schemas.Week, ...standardErrors } },
  }, async (request) => setup.getWeek(platform, actorOf(request), request.params.id));

  app.put('/api/scheduling/providers/:id/hours', {
    config: manage,
    schema: {
      tags, summary: "Replace a provider's whole week of working hours",
      description: 'Times are HH:MM in the location\'s zone; weekday 1 is Monday, 7 Sunday; several periods a day are several entries; periods of one weekday must not overlap.',
      params: IdParams, body: schemas.WeekBody, response: { 200: schemas.Week, ...standardErrors },
    },
  }, async (request) => setup.replaceWeek(platform, actorOf(request), request.params.id, request.body));

  app.get('/api/scheduling/services', {
    config: read,
    schema: { tags, summary: 'Services (visit types) with their offerings, by name', querystring: schemas.IncludeArchivedQuery, response: { 200: items(schemas.Service), ...standardErrors } },
  }, async (request) => ({ items: await setup.listServices(platform, actorOf(request), request.query) }));

  app.get('/api/scheduling/services/:id', {
    config: read,
    schema: { tags, summary: 'One service with its offerings', params: IdParams, response: { 200: schemas.Service, ...standardErrors } },
  }, async (request) => setup.getService(platform, actorOf(request), request.params.id));

  app.post('/api/scheduling/services', {
    config: manage,
    schema: {
      tags, summary: 'Add a service: duration, buffers, booking rules, reminders, and which providers offer it where',
      body: schemas.NewService, response: { 201: schemas.Service, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await setup.createService(platform, actorOf(request), request.body)));

  app.patch('/api/scheduling/services/:id', {
    config: manage,
    schema: {
      tags, summary: 'Edit, archive or restore a service (offerings, when given, replace the old ones)', params: IdParams,
      body: schemas.ServiceChanges, response: { 200: schemas.Service, ...standardErrors },
    },
  }, async (request) => setup.updateService(platform, actorOf(request), request.params.id, request.body));

  app.get('/api/scheduling/exceptions', {
    config: read,
    schema: {
      tags, summary: 'Time off, holidays and extra hours overlapping from..to (from: now by default), soonest first',
      description: 'providerId also returns exceptions for every provider; locationId also returns those for every location. At most 500.',
      querystring: schemas.ExceptionQuery, response: { 200: items(schemas.ScheduleException), ...standardErrors },
    },
  }, async (request) => ({ items: await setup.listExceptions(platform, actorOf(request), request.query) }));

  app.post('/api/scheduling/exceptions', {
    config: manage,
    schema: {
      tags, summary: 'Record time off, a holiday or extra hours',
      description: 'Give startsAt and endsAt, or a whole local day as date (holiday or time off): midnight to midnight in the location\'s zone, or the organization\'s.',
      body: schemas.NewException, response: { 201: schemas.ScheduleException, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await setup.createException(platform, actorOf(request), request.body)));

  app.delete('/api/scheduling/exceptions/:id', {
    config: manage,
    schema: { tags, summary: 'Remove an exception', params: IdParams, response: { 204: Type.Null(), ...standardErrors } },
  }, async (request, reply) => {
    await setup.deleteException(platform, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}
