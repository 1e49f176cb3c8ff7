import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors, Uuid } from '../../platform/schemas.js';
import { notFound } from '../../platform/errors.js';
import { presentMessage } from './present.js';
import { mergeConversations, linkPatient, moveMessage } from './reorganize.js';
import { addNote, cancelScheduled, sendReply, startConversation } from './reply.js';
import * as schemas from './schemas.js';
import * as inbox from './service.js';
import type * as store from './store.js';

const patientOf = (payload: unknown) => {
  const id = (payload as { patientId?: string | null }).patientId;
  return id ? [id] : [];
};
const patientsOfList = (payload: unknown) =>
  (payload as { items: { patientId: string | null }[] }).items.flatMap((item) => (item.patientId ? [item.patientId] : []));
const MessageParams = Type.Object({ id: Uuid, messageId: Uuid }, { additionalProperties: false });
const messageReply = { 201: schemas.Message, ...standardErrors };

export function inboxRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);
  const present = (row: store.MessageRow) => presentMessage(row, []);

  app.get('/api/inbox/conversations', {
    config: { permission: 'inbox:read', audit: { action: 'list', entity: 'conversation', patientIds: (_, payload) => patientsOfList(payload) } },
    schema: { tags: ['inbox'], summary: 'Conversations by status, team, assignee, channel, priority, label, patient or SLA due time', querystring: schemas.ConversationQuery, response: { 200: schemas.ConversationList, ...standardErrors } },
  }, async (request) => inbox.listConversations(platform, actorOf(request), request.query));

  app.post('/api/inbox/conversations', {
    config: { permission: 'inbox:reply', audit: { action: 'create', entity: 'conversation', patientIds: (request) => [(request.body as { patientId: string }).patientId] } },
    schema: { tags: ['inbox'], summary: 'Start a conversation with a patient (SMS or e-mail, with consent)', body: schemas.NewConversation, response: { 201: schemas.ConversationDetail, ...standardErrors } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const conversation = await startConversation(platform, actor, request.body);
    return reply.status(201).send(await inbox.getConversation(platform, actor, conversation.id));
  });

  app.get('/api/inbox/conversations/:id', {
    config: { permission: 'inbox:read', audit: { action: 'read', entity: 'conversation', patientIds: (_, payload) => patientOf(payload) } },
    schema: { tags: ['inbox'], summary: 'A conversation with its messages, reply channels and the patient\'s link', params: IdParams, response: { 200: schemas.ConversationDetail, ...standardErrors } },
  }, async (request) => inbox.getConversation(platform, actorOf(request), request.params.id));

  app.get('/api/inbox/conversations/:id/timings', {
    config: { permission: 'inbox:read' },
    schema: { tags: ['inbox'], summary: 'Response and resolution times of a conversation, in calendar and business time', params: IdParams, response: { 200: schemas.ConversationTimings, ...standardErrors } },
  }, async (request) => inbox.conversationTimings(platform, actorOf(request), request.params.id));

  app.patch('/api/inbox/conversations/:id', {
    config: { permission: 'inbox:reply', audit: { action: 'update', entity: 'conversation', patientIds: (_, payload) => patientOf(payload) } },
    schema: { tags: ['inbox'], summary: 'Change status (open, pending, snoozed until, resolved), priority, labels, team or assignee', params: IdParams, body: schemas.ConversationChanges, response: { 200: schemas.ConversationDetail, ...standardErrors } },
  }, async (request) => {
    const actor = actorOf(request);
    await inbox.updateConversation(platform, actor, request.params.id, request.body);
    return inbox.getConversation(platform, actor, request.params.id);
  });

  app.post('/api/inbox/conversations/:id/messages', {
    config: { permission: 'inbox:reply', audit: { action: 'reply', entity: 'conversation', patientIds: (_, payload) => patientOf(payload) } },
    schema: { tags: ['inbox'], summary: 'Reply to the patient now or at sendAt (409 no_consent / opted_out / no_address)', params: IdParams, body: schemas.NewReply, response: messageReply },
  }, async (request, reply) => reply.status(201).send(present(await sendReply(platform, actorOf(request), request.params.id, request.body))));

  app.delete('/api/inbox/conversations/:id/messages/:messageId', {
    config: { permission: 'inbox:reply', audit: { action: 'cancel_reply', entity: 'message', patientIds: (_, payload) => patientOf(payload) } },
    schema: { tags: ['inbox'], summary: 'Cancel a scheduled reply before it goes out', params: MessageParams, response: { 200: schemas.Message, ...standardErrors } },
  }, async (request) => {
    const message = await cancelScheduled(platform, actorOf(request), request.params.id, request.params.messageId);
    if (!message) throw notFound('message', request.params.messageId);
    return present(message);
  });

  app.post('/api/inbox/conversations/:id/notes', {
    config: { permission: 'inbox:reply', audit: { action: 'note', entity: 'conversation', patientIds: (_, payload) => patientOf(payload) } },
    schema: { tags: ['inbox'], summary: 'Add an internal note (never sent); mentions notify colleagues', params: IdParams, body: schemas.NewNote, response: messageReply },
  }, async (request, reply) => reply.status(201).send(present(await addNote(platform, actorOf(request), request.params.id, request.body))));

  app.post('/api/inbox/conversations/:id/merge', {
    config: { permission: 'inbox:reply', audit: { action: 'merge', entity: 'conversation', patientIds: (_, payload) => patientOf(payload) } },
    schema: { tags: ['inbox'], summary: 'Merge this conversation into another (same patient or an unknown sender)', params: IdParams, body: schemas.MergeBody, response: { 200: schemas.ConversationDetail, ...standardErrors } },
  }, async (request) => {
    const actor = actorOf(request);
    const merged = await mergeConversations(platform, actor, request.params.id, request.body.intoId);
    return inbox.getConversation(platform, actor, merged.id);
  });

  app.post('/api/inbox/conversations/:id/link', {
    config: { permission: 'inbox:reply', audit: { action: 'link_patient', entity: 'conversation', patientIds: (_, payload) => patientOf(payload) } },
    schema: { tags: ['inbox'], summary: 'Link an unknown sender to a patient (all their threads on this channel)', params: IdParams, body: schemas.LinkBody, response: { 200: schemas.ConversationDetail, ...standardErrors } },
  }, async (request) => {
    const actor = actorOf(request);
    await linkPatient(platform, actor, request.params.id, request.body.patientId, request.body.saveAddress ?? true);
    return inbox.getConversation(platform, actor, request.params.id);
  });

  app.post('/api/inbox/messages/:id/move', {
    config: { permission: 'inbox:reply', audit: { action: 'move_message', entity: 'message', patientIds: (request) => [(request.body as { patientId: string }).patientId] } },
    schema: { tags: ['inbox'], summary: 'Move a message to the right patient (into their thread on that channel)', params: IdParams, body: schemas.MoveBody, response: { 200: schemas.ConversationDetail, ...standardErrors } },
  }, async (request) => {
    const actor = actorOf(request);
    const target = await moveMessage(platform, actor, request.params.id, request.body.patientId);
    return inbox.getConversation(platform, actor, target.id);
  });

  app.get('/api/inbox/attachments/:id', {
    config: { permission: 'inbox:read', audit: { action: 'download', entity: 'attachment', patientIds: (request) => request.auditPatientIds ?? [] } },
    schema: { tags: ['inbox'], summary: 'Download an attachment', params: IdParams },
  }, async (request, reply) => {
    const file = await inbox.getAttachment(platform, actorOf(request), request.params.id);
    request.auditPatientIds = file.patient_id ? [file.patient_id] : [];
    const safeName = file.file_name.replace(/[^\w.\- ]/g, '_');
    return reply.header('content-type', file.content_type).header('content-disposition', `attachment; filename="${safeName}"`)
      .header('x-content-type-options', 'nosniff').send(file.content);
  });
}
