import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import * as recovery from './recovery-cases.js';
import { followRecoveryEvents } from './recovery-events.js';
import * as schemas from './recovery-schemas.js';

// The patients whose data a response carries: the audit hook records one entry per patient.
const patientOf = (_: unknown, payload: unknown) => [(payload as schemas.RecoveryCase).patient.id];
const patientsOf = (_: unknown, payload: unknown) => [...new Set((payload as { items: schemas.RecoveryCase[] }).items.map((item) => item.patient.id))];
const audit = (action: string, patientIds = patientOf) => ({ action, entity: 'recovery_case', patientIds });

/** Staff routes: recovery cases (feedback:read to read them, recovery:work to work and close them). */
export function recoveryRoutes(server: FastifyInstance, platform: Platform) {
  // Registered with the routes, once per server: the cases are announced after the answer's commit.
  followRecoveryEvents(platform);
  const app = typed(server);

  app.get('/api/feedback/recovery-cases', {
    config: { permission: 'feedback:read', audit: audit('search', patientsOf) },
    schema: {
      tags: ['feedback'], summary: 'Recovery cases: open ones first, soonest due first',
      querystring: schemas.CaseQuery, response: { 200: schemas.CaseList, ...standardErrors },
    },
  }, async (request) => recovery.listCases(platform, actorOf(request), request.query));

  app.get('/api/feedback/recovery-cases/:id', {
    config: { permission: 'feedback:read', audit: audit('read') },
    schema: {
      tags: ['feedback'], summary: 'One recovery case, with the answer and the visit or conversation it was about',
      params: IdParams, response: { 200: schemas.RecoveryCase, ...standardErrors },
    },
  }, async (request) => recovery.getCase(platform, actorOf(request), request.params.id));

  app.patch('/api/feedback/recovery-cases/:id', {
    config: { permission: 'recovery:work', audit: audit('update') },
    schema: {
      tags: ['feedback'], summary: 'Give a recovery case to someone (ownerId null: nobody) or move its deadline; its call task follows',
      description: 'A closed case cannot be changed: 409 case_closed.',
      params: IdParams, body: schemas.CaseChanges, response: { 200: schemas.RecoveryCase, ...standardErrors },
    },
  }, async (request) => recovery.changeCase(platform, actorOf(request), request.params.id, request.body));

  app.post('/api/feedback/recovery-cases/:id/close', {
    config: { permission: 'recovery:work', audit: audit('update') },
    schema: {
      tags: ['feedback'], summary: 'Close a recovery case with its outcome (and send the survey again)',
      description: 'A note is required for escalated and no_contact. The call task is completed with the outcome; '
        + 'escalated publishes recovery_case.escalated. Closing a closed case: 409 case_closed.',
      params: IdParams, body: schemas.CloseCase, response: { 200: schemas.RecoveryCase, ...standardErrors },
    },
  }, async (request) => recovery.closeCase(platform, actorOf(request), request.params.id, request.body));
}
