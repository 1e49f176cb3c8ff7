import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import { publicCheckinRoutes } from './public-routes.js';
import * as schemas from './schemas.js';
import * as checkin from './service.js';

const patientOf = (_: unknown, payload: unknown) => [(payload as schemas.VisitAnswers).patientId];
const patientsOf = (_: unknown, payload: unknown) => [...new Set((payload as schemas.QueueBoard).items.map((entry) => entry.patientId))];

/** Pre-visit questionnaires, arrival check-in and the queue board. */
export function checkinRoutes(server: FastifyInstance, platform: Platform) {
  publicCheckinRoutes(server, platform);
  const app = typed(server);

  app.get('/api/checkin/questionnaires', {
    config: { permission: 'schedule:read' },
    schema: {
      tags: ['check-in'], summary: 'The clinic\'s pre-visit questionnaires',
      querystring: schemas.QuestionnaireQuery, response: { 200: Type.Object({ items: Type.Array(schemas.Questionnaire) }), ...standardErrors },
    },
  }, async (request) => checkin.listQuestionnaires(platform, actorOf(request), request.query));

  app.post('/api/checkin/questionnaires', {
    config: { permission: 'schedule:manage' },
    schema: {
      tags: ['check-in'], summary: 'Define a pre-visit questionnaire for one service (or every service: serviceId null)',
      description: 'Up to 30 questions with unique ids; a choice question needs its options, other kinds have none.',
      body: schemas.NewQuestionnaire, response: { 201: schemas.Questionnaire, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await checkin.createQuestionnaire(platform, actorOf(request), request.body)));

  app.patch('/api/checkin/questionnaires/:id', {
    config: { permission: 'schedule:manage' },
    schema: {
      tags: ['check-in'], summary: 'Edit a questionnaire, or retire it (active false)',
      params: IdParams, body: schemas.QuestionnaireChanges, response: { 200: schemas.Questionnaire, ...standardErrors },
    },
  }, async (request) => checkin.updateQuestionnaire(platform, actorOf(request), request.params.id, request.body));

  app.get('/api/checkin/appointments/:id/answers', {
    config: { permission: 'schedule:read', audit: { action: 'read', entity: 'questionnaire_response', patientIds: patientOf } },
    schema: {
      tags: ['check-in'], summary: 'What the patient answered before a visit, each answer beside its question',
      params: IdParams, response: { 200: schemas.VisitAnswers, ...standardErrors },
    },
  }, async (request) => checkin.visitAnswers(platform, actorOf(request), request.params.id));

  app.get('/api/checkin/queue', {
    config: { permission: 'schedule:read', audit: { action: 'search', entity: 'appointment', patientIds: patientsOf } },
    schema: {
      tags: ['check-in'], summary: 'The queue board of a location on a local day (default today there)',
      description: 'Waiting patients first, longest wait first (with minutes waiting), then those in a room, those still expected, and those done. '
        + 'Staff move a visit along with POST /api/scheduling/appointments/:id/status.',
      querystring: schemas.QueueQuery, response: { 200: schemas.QueueBoard, ...standardErrors },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return checkin.queueBoard(platform, actorOf(request), request.query.locationId, request.query.date);
  });
}
