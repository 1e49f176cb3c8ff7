import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import { CannedParams, CannedQuery, CannedReply, CannedReplyChanges, NewCannedReply, RenderedReply } from './admin-schemas.js';
import * as canned from './canned.js';

const variables = canned.VARIABLES.map((v) => `{{${v}}}`).join(', ');

/** Canned replies and their rendering for a conversation. */
export function cannedRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);

  app.get('/api/inbox/canned-replies', {
    config: { permission: 'inbox:read' },
    schema: { tags: ['inbox settings'], summary: 'Canned replies (a team\'s and the clinic-wide ones with departmentId; q searches title and shortcut)', querystring: CannedQuery, response: { 200: Type.Object({ items: Type.Array(CannedReply) }), ...standardErrors } },
  }, async (request) => ({ items: await canned.listCannedReplies(platform, actorOf(request), request.query) }));

  app.post('/api/inbox/canned-replies', {
    config: { permission: 'inbox:manage' },
    schema: {
      tags: ['inbox settings'], summary: `Add a canned reply; its body may use ${variables} (unknown ones: 400; 409 shortcut_taken)`,
      body: NewCannedReply, response: { 201: CannedReply, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await canned.createCannedReply(platform, actorOf(request), request.body)));

  app.patch('/api/inbox/canned-replies/:id', {
    config: { permission: 'inbox:manage' },
    schema: { tags: ['inbox settings'], summary: 'Change a canned reply', params: IdParams, body: CannedReplyChanges, response: { 200: CannedReply, ...standardErrors } },
  }, async (request) => canned.updateCannedReply(platform, actorOf(request), request.params.id, request.body));

  app.delete('/api/inbox/canned-replies/:id', {
    config: { permission: 'inbox:manage' },
    schema: { tags: ['inbox settings'], summary: 'Remove a canned reply (409 canned_reply_in_use while a rule sends it)', params: IdParams, response: { 204: Type.Null({ description: 'Removed' }), ...standardErrors } },
  }, async (request, reply) => {
    await canned.deleteCannedReply(platform, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/inbox/conversations/:id/canned-replies/:cannedId', {
    config: { permission: 'inbox:read', audit: { action: 'render_canned_reply', entity: 'conversation', patientIds: (request) => request.auditPatientIds ?? [] } },
    schema: {
      tags: ['inbox'], summary: `A canned reply filled in for this conversation (an unknown sender's first name reads "${canned.UNKNOWN_PATIENT_NAME}")`,
      params: CannedParams, response: { 200: RenderedReply, ...standardErrors },
    },
  }, async (request) => {
    const { body, conversation } = await canned.renderCannedReply(platform, actorOf(request), request.params.id, request.params.cannedId);
    request.auditPatientIds = conversation.patient_id ? [conversation.patient_id] : [];
    return { body };
  });
}
