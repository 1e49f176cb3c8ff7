import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { ErrorResponse, IdParams, standardErrors } from '../../platform/schemas.js';
import * as schemas from './schemas.js';
import * as broadcasts from './service.js';

// The patients a response names: the audit hook records one entry per patient.
const samplePatients = (_: unknown, payload: unknown) => (payload as { sample?: { patientId: string }[] }).sample?.map((p) => p.patientId) ?? [];
const listedPatients = (_: unknown, payload: unknown) => (payload as { items?: { patientId: string }[] }).items?.map((p) => p.patientId) ?? [];
const errors = { ...standardErrors, 422: ErrorResponse };

/** Broadcasts: compose, preview per channel, send, live statistics, bulk cancellation. */
export function broadcastRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);

  app.post('/api/broadcasts/preview', {
    config: { permission: 'broadcast:read', audit: { action: 'search', entity: 'broadcast_audience', patientIds: samplePatients } },
    schema: {
      tags: ['broadcasts'], summary: 'Who would get a message: the count per channel, who would not and why, the first few by name (nothing is saved)',
      body: schemas.PreviewBody, response: { 200: schemas.Preview, ...errors },
    },
  }, async (request) => broadcasts.previewBroadcast(platform, actorOf(request), request.body));

  app.get('/api/broadcasts', {
    config: { permission: 'broadcast:read' },
    schema: { tags: ['broadcasts'], summary: 'Broadcasts, newest first, with their counts', querystring: schemas.BroadcastQuery, response: { 200: schemas.BroadcastList, ...errors } },
  }, async (request) => broadcasts.listBroadcasts(platform, actorOf(request), request.query));

  app.post('/api/broadcasts', {
    config: { permission: 'broadcast:send' },
    schema: {
      tags: ['broadcasts'], summary: 'Draft a broadcast (nothing is sent until POST /api/broadcasts/:id/send)',
      description: 'An empty message (no text and no e-mail) is 400 empty_message; a segment with dates reversed or an unknown location is 400 / 404.',
      body: schemas.NewBroadcast, response: { 201: schemas.Broadcast, ...errors },
    },
  }, async (request, reply) => reply.status(201).send(await broadcasts.createBroadcast(platform, actorOf(request), request.body)));

  app.get('/api/broadcasts/:id', {
    config: { permission: 'broadcast:read' },
    schema: { tags: ['broadcasts'], summary: 'One broadcast with its statistics, in all and per channel', params: IdParams, response: { 200: schemas.Broadcast, ...errors } },
  }, async (request) => broadcasts.getBroadcast(platform, actorOf(request), request.params.id));

  app.patch('/api/broadcasts/:id', {
    config: { permission: 'broadcast:send' },
    schema: { tags: ['broadcasts'], summary: 'Edit a draft', params: IdParams, body: schemas.BroadcastChanges, response: { 200: schemas.Broadcast, ...errors } },
  }, async (request) => broadcasts.updateBroadcast(platform, actorOf(request), request.params.id, request.body));

  app.get('/api/broadcasts/:id/recipients', {
    config: { permission: 'broadcast:read', audit: { action: 'search', entity: 'broadcast_recipient', patientIds: listedPatients } },
    schema: {
      tags: ['broadcasts'], summary: 'The patients of a broadcast and what became of each message',
      params: IdParams, querystring: schemas.RecipientQuery, response: { 200: schemas.RecipientList, ...errors },
    },
  }, async (request) => broadcasts.listRecipients(platform, actorOf(request), request.params.id, request.query));

  app.post('/api/broadcasts/:id/send', {
    config: { permission: 'broadcast:send' },
    schema: {
      tags: ['broadcasts'], summary: 'Send a draft: each patient of the segment once, on a consented channel, throttled per channel',
      description: '409 empty_segment when nobody is in the segment, 409 no_recipients when nobody in it can receive this purpose, 409 broadcast_not_draft when it was sent already.',
      params: IdParams, response: { 200: schemas.Broadcast, ...errors },
    },
  }, async (request) => broadcasts.startBroadcast(platform, actorOf(request), request.params.id));

  app.post('/api/broadcasts/:id/cancel', {
    config: { permission: 'broadcast:send' },
    schema: {
      tags: ['broadcasts'], summary: 'Cancel a draft, or stop a send: messages not yet handed to the outbox are not sent',
      params: IdParams, response: { 200: schemas.Broadcast, ...errors },
    },
  }, async (request) => broadcasts.cancelBroadcast(platform, actorOf(request), request.params.id));

  app.post('/api/broadcasts/:id/cancel-appointments', {
    config: { permission: 'broadcast:send' },
    schema: {
      tags: ['broadcasts'], summary: 'Cancel the visits an appointment broadcast was about; each freed time is offered to the waitlist',
      params: IdParams, body: schemas.CancelAppointmentsBody, response: { 200: schemas.CancelAppointmentsResult, ...errors },
    },
  }, async (request) => broadcasts.cancelBroadcastAppointments(platform, actorOf(request), request.params.id, request.body));
}
