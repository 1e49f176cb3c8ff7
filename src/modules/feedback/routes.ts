import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import { sendManually } from './invitations.js';
import { getResponse, listInvitations, listResponses } from './responses.js';
import * as schemas from './survey-schemas.js';
import { createSurvey, getSurvey, listSurveys, updateSurvey } from './surveys.js';

const patientsOfPage = (_: unknown, payload: unknown) => [...new Set((payload as { items: { patient: { id: string } }[] }).items.map((item) => item.patient.id))];
const patientOfOne = (_: unknown, payload: unknown) => [(payload as { patient: { id: string } }).patient.id];

/** Staff routes: surveys (feedback:manage to write), invitations and responses (feedback:read). */
export function feedbackRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);
  const tags = ['feedback'];

  app.get('/api/feedback/surveys', {
    config: { permission: 'feedback:read' },
    schema: { tags, summary: 'The clinic\'s surveys', querystring: schemas.SurveyQuery, response: { 200: Type.Object({ items: Type.Array(schemas.Survey) }), ...standardErrors } },
  }, async (request) => listSurveys(platform, actorOf(request), request.query));

  app.post('/api/feedback/surveys', {
    config: { permission: 'feedback:manage' },
    schema: {
      tags, summary: 'Define a survey: questions in English and Spanish, its trigger, delay and throttle',
      description: 'Items: nps (0-10), csat (1-5), ces (1-7), text, cahps (never/sometimes/usually/always); ids and keys unique. Delay 0 to 30 days, throttle 0 to 365 days.',
      body: schemas.NewSurvey, response: { 201: schemas.Survey, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await createSurvey(platform, actorOf(request), request.body)));

  app.get('/api/feedback/surveys/:id', {
    config: { permission: 'feedback:read' },
    schema: { tags, summary: 'One survey', params: IdParams, response: { 200: schemas.Survey, ...standardErrors } },
  }, async (request) => getSurvey(platform, actorOf(request), request.params.id));

  app.patch('/api/feedback/surveys/:id', {
    config: { permission: 'feedback:manage' },
    schema: { tags, summary: 'Edit a survey, or retire it (active false; there is no delete)', params: IdParams, body: schemas.SurveyChanges, response: { 200: schemas.Survey, ...standardErrors } },
  }, async (request) => updateSurvey(platform, actorOf(request), request.params.id, request.body));

  app.post('/api/feedback/surveys/:id/send', {
    config: { permission: 'feedback:manage', audit: { action: 'create', entity: 'survey_invitation', patientIds: patientOfOne } },
    schema: {
      tags, summary: 'Send a survey to a patient now',
      description: 'Consent, STOP and the survey\'s throttle apply: the invitation comes back with status skipped and the reason when it may not be sent.',
      params: IdParams, body: schemas.ManualSend, response: { 201: schemas.Invitation, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await sendManually(platform, actorOf(request), request.params.id, request.body.patientId)));

  app.get('/api/feedback/invitations', {
    config: { permission: 'feedback:read', audit: { action: 'search', entity: 'survey_invitation', patientIds: patientsOfPage } },
    schema: { tags, summary: 'Survey invitations, newest first', querystring: schemas.InvitationQuery, response: { 200: schemas.Page(schemas.Invitation), ...standardErrors } },
  }, async (request) => listInvitations(platform, actorOf(request), request.query));

  app.get('/api/feedback/responses', {
    config: { permission: 'feedback:read', audit: { action: 'search', entity: 'survey_response', patientIds: patientsOfPage } },
    schema: {
      tags, summary: 'Survey answers, newest first',
      description: 'from and to are local dates of the clinic (inclusive). group: promoter (NPS 9-10), passive (7-8), detractor (0-6).',
      querystring: schemas.ResponseQuery, response: { 200: schemas.Page(schemas.SurveyResponse), ...standardErrors },
    },
  }, async (request) => listResponses(platform, actorOf(request), request.query));

  app.get('/api/feedback/responses/:id', {
    config: { permission: 'feedback:read', audit: { action: 'read', entity: 'survey_response', patientIds: patientOfOne } },
    schema: { tags, summary: 'One answer, each question beside its answer', params: IdParams, response: { 200: schemas.SurveyResponse, ...standardErrors } },
  }, async (request) => getResponse(platform, actorOf(request), request.params.id));
}
