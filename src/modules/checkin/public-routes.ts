import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { windowLimiter } from '../../platform/rate-limit.js';
import { LinkTokenParams, patientPageErrors } from '../../platform/schemas.js';
import * as schemas from './schemas.js';
import * as checkin from './service.js';


/** What a patient does with the visit's link, without an account: answer the questionnaire, check in. */
export function publicCheckinRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);
  // Public pages: a guessed or leaked link cannot be hammered (counted before validation).
  const reads = windowLimiter(120, 60_000);
  const writes = windowLimiter(30, 60_000);

  app.get('/api/public/appointments/:token/questionnaire', {
    config: { public: true },
    onRequest: async (request) => reads(request.ip),
    schema: {
      tags: ['patient pages'], summary: 'The questionnaires to fill before a visit, in the patient\'s language, with answers already given',
      params: LinkTokenParams, response: { 200: schemas.PatientQuestionnaires, ...patientPageErrors },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return checkin.patientQuestionnaires(platform, request.params.token);
  });

  app.post('/api/public/appointments/:token/questionnaire', {
    config: { public: true },
    onRequest: async (request) => writes(request.ip),
    schema: {
      tags: ['patient pages'], summary: 'A patient answers a questionnaire (again: the answers are replaced, until the visit starts: then 409 visit_started)',
      description: 'Answers by question id: text, true/false for yes_no, one of the options for choice, a number for number. Missing required answers: 400 naming each.',
      params: LinkTokenParams, body: schemas.AnswersBody, response: { 200: schemas.AnswersReceipt, ...patientPageErrors },
    },
  }, async (request) => checkin.answerQuestionnaire(platform, request.params.token, request.body));

  app.post('/api/public/appointments/:token/check-in', {
    config: { public: true },
    onRequest: async (request) => writes(request.ip),
    schema: {
      tags: ['patient pages'], summary: 'A patient checks in for the visit (from 2 hours before the start until its end; a repeat changes nothing)',
      description: '409 too_early, too_late, appointment_cancelled or appointment_missed, with a message for the patient.',
      params: LinkTokenParams, response: { 200: schemas.CheckInReceipt, ...patientPageErrors },
    },
  }, async (request) => checkin.checkInByLink(platform, request.params.token));
}
