import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, NullableTimestamp, OneOf, Paging, standardErrors, Timestamp, Uuid } from '../../platform/schemas.js';
import * as channels from './service.js';

const Endpoint = Type.Object({
  id: Uuid, channel: OneOf(['sms', 'voice', 'email', 'chat']), address: Type.String(), name: Type.String(),
  departmentId: Type.Union([Uuid, Type.Null()]),
  /** For a mailbox, the full inbound address; for a chat widget, the script tag to paste into the clinic's site. */
  display: Type.String(),
  createdAt: Timestamp,
});

const NewEndpoint = Type.Object({
  channel: OneOf(['sms', 'voice', 'email', 'chat']),
  address: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A phone number (sms, voice) or a mailbox name (email); chat widgets get a key' })),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  departmentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
}, { additionalProperties: false });

const OutboxItem = Type.Object({
  id: Uuid, channel: Type.String(), purpose: Type.String(), recipient: Type.String(), sender: Type.Union([Type.String(), Type.Null()]),
  subject: Type.Union([Type.String(), Type.Null()]), body: Type.String(), status: Type.String(), testMode: Type.Boolean(),
  attempts: Type.Integer(), lastError: Type.Union([Type.String(), Type.Null()]), patientId: Type.Union([Uuid, Type.Null()]),
  conversationId: Type.Union([Uuid, Type.Null()]), messageId: Type.Union([Uuid, Type.Null()]),
  createdAt: Timestamp, sendAfter: Timestamp, sentAt: NullableTimestamp, deliveredAt: NullableTimestamp,
});

export function channelRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);
  const present = (row: channels.EndpointRowType) => ({
    id: row.id, channel: row.channel, address: row.address, name: row.name, departmentId: row.department_id,
    display: row.channel === 'email' ? channels.mailboxAddress(platform, row.address)
      : row.channel === 'chat' ? `<script src="${platform.config.publicUrl}/widget.js" data-clinic="${row.address}" async></script>`
      : row.address,
    createdAt: row.created_at.toISOString(),
  });

  app.get('/api/channels/endpoints', {
    config: { permission: 'inbox:read' },
    schema: { tags: ['channels'], summary: 'The clinic\'s numbers, mailboxes and chat widgets', response: { 200: Type.Object({ items: Type.Array(Endpoint) }), ...standardErrors } },
  }, async (request) => ({ items: (await channels.listEndpoints(platform, actorOf(request))).map(present) }));

  app.post('/api/channels/endpoints', {
    config: { permission: 'inbox:manage' },
    schema: { tags: ['channels'], summary: 'Add a number, mailbox or chat widget (409 endpoint_taken)', body: NewEndpoint, response: { 201: Endpoint, ...standardErrors } },
  }, async (request, reply) => reply.status(201).send(present(await channels.addEndpoint(platform, actorOf(request), request.body))));

  app.delete('/api/channels/endpoints/:id', {
    config: { permission: 'inbox:manage' },
    schema: { tags: ['channels'], summary: 'Remove a number, mailbox or chat widget', params: IdParams, response: { 200: Endpoint, ...standardErrors } },
  }, async (request) => present(await channels.removeEndpoint(platform, actorOf(request), request.params.id)));

  app.get('/api/channels/outbox', {
    config: { permission: 'inbox:read', audit: { action: 'list', entity: 'outbox', patientIds: (_, payload) => (payload as { items: { patientId: string | null }[] }).items.flatMap((i) => (i.patientId ? [i.patientId] : [])) } },
    schema: {
      tags: ['channels'], summary: 'Everything sent or queued for patients; testOnly: what the test outbox kept instead of sending',
      querystring: Type.Object({ testOnly: Type.Optional(Type.Boolean()), ...Paging }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(OutboxItem), total: Type.Integer(), testMode: Type.Object({ email: Type.Boolean(), sms: Type.Boolean() }) }), ...standardErrors },
    },
  }, async (request) => ({
    ...(await channels.listOutbox(platform, actorOf(request), { testOnly: request.query.testOnly ?? false, limit: request.query.limit ?? 25, offset: request.query.offset ?? 0 })),
    testMode: { email: !platform.config.smtpUrl, sms: !platform.config.sms },
  }));
}
