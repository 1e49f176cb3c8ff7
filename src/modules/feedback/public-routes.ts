import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { windowLimiter } from '../../platform/rate-limit.js';
import { LinkTokenParams, patientPageErrors } from '../../platform/schemas.js';
import { answerByLink, surveyByLink } from './answers.js';
import { PatientSurvey, SurveyAnswers, Thanks } from './public-schemas.js';

/** The patient's survey page API (signed one-time link, no account). Limited per client address. */
export function surveyPublicRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);
  // Counted before validation: a guessed or leaked link cannot be hammered.
  const reads = windowLimiter(120, 60_000);
  const writes = windowLimiter(20, 60_000);
  const tags = ['patient pages'];

  app.get('/api/public/survey/:token', {
    config: { public: true },
    onRequest: async (request) => reads(request.ip),
    schema: {
      tags, summary: 'The survey a patient\'s link is for, in their language',
      description: '403 link_invalid (forged, altered, for something else or another clinic), 410 link_expired, 410 link_used once answered.',
      params: LinkTokenParams, response: { 200: PatientSurvey, ...patientPageErrors },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return surveyByLink(platform, request.params.token);
  });

  app.post('/api/public/survey/:token', {
    config: { public: true },
    onRequest: async (request) => writes(request.ip),
    schema: {
      tags, summary: 'The patient answers (once)',
      description: 'An answer out of range, of the wrong type or to an unknown question, or a required one missing: 400 naming each. A second answer: 410 link_used (counted once).',
      params: LinkTokenParams, body: SurveyAnswers, response: { 201: Thanks, ...patientPageErrors },
    },
  }, async (request, reply) => reply.status(201).send(await answerByLink(platform, request.params.token, request.body)));
}
