import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import { getAnalysis, saveAnalysis } from './analysis.js';
import * as capa from './capa.js';
import * as incidents from './incidents.js';
import * as schemas from './incident-schemas.js';

// The patients whose data a response carries: the audit hook records one entry per patient.
const patientOf = (_: unknown, payload: unknown) => {
  const body = payload as { patientId?: string | null; incident?: { patientId: string | null } };
  const patientId = body.incident ? body.incident.patientId : body.patientId;
  return patientId ? [patientId] : [];
};
const patientsOf = (_: unknown, payload: unknown) =>
  (payload as { items: { patientId: string | null }[] }).items.flatMap((incident) => (incident.patientId ? [incident.patientId] : []));
const audit = (action: string, patientIds = patientOf) => ({ action, entity: 'incident', patientIds });

/** An incident with its analysis and actions, as the detail page shows it. */
async function detail(platform: Platform, actor: Actor, id: string): Promise<schemas.IncidentDetail> {
  const [incident, analysis, actions] = [await incidents.getIncident(platform, actor, id), await getAnalysis(platform, actor, id), await capa.actionsOfIncident(platform, actor, id)];
  return { incident, analysis, actions };
}

/** Incident reports, root cause analysis and corrective and preventive actions. */
export function incidentRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);

  app.post('/api/quality/incidents', {
    config: { permission: 'quality:report', audit: audit('create') },
    schema: {
      tags: ['quality'], summary: 'Report an incident under your name (with conversationId: from that complaint)',
      body: schemas.NewIncident, response: { 201: schemas.Incident, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await incidents.reportIncident(platform, actorOf(request), request.body)));

  // No audit hook: its entry would name the reporter beside the patient. The service audits the write as "Anonymous reporter".
  app.post('/api/quality/incidents/anonymous', {
    config: { permission: 'quality:report' },
    schema: {
      tags: ['quality'], summary: 'Report an incident anonymously: no reporter is stored, and the receipt names nobody',
      description: 'The reporter cannot see the incident afterwards (it is no longer theirs to find); the quality team sees it without a reporter.',
      body: schemas.NewAnonymousIncident, response: { 201: schemas.AnonymousReceipt, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await incidents.reportAnonymously(platform, actorOf(request), request.body)));

  app.get('/api/quality/incidents', {
    config: { permission: 'quality:report', audit: audit('search', patientsOf) },
    schema: {
      tags: ['quality'], summary: 'Incidents, newest report first (without quality:read: only those you reported under your name)',
      querystring: schemas.IncidentQuery, response: { 200: schemas.IncidentList, ...standardErrors },
    },
  }, async (request) => incidents.listIncidents(platform, actorOf(request), request.query));

  app.get('/api/quality/incidents/:id', {
    config: { permission: 'quality:report', audit: audit('read') },
    schema: {
      tags: ['quality'], summary: 'One incident with its root cause analysis and actions',
      params: IdParams, response: { 200: schemas.IncidentDetail, ...standardErrors },
    },
  }, async (request) => detail(platform, actorOf(request), request.params.id));

  app.patch('/api/quality/incidents/:id', {
    config: { permission: 'quality:manage', audit: audit('update') },
    schema: {
      tags: ['quality'], summary: 'Correct an incident\'s facts (harm level, category, place, patient, ...)',
      description: 'A closed incident must be reopened first: 409 incident_closed.',
      params: IdParams, body: schemas.IncidentChanges, response: { 200: schemas.Incident, ...standardErrors },
    },
  }, async (request) => incidents.updateIncident(platform, actorOf(request), request.params.id, request.body));

  app.post('/api/quality/incidents/:id/status', {
    config: { permission: 'quality:manage', audit: audit('update') },
    schema: {
      tags: ['quality'], summary: 'Move an incident along its workflow',
      description: 'reported → under_review | investigating | closed; under_review → investigating | closed; investigating → actions_open | closed; '
        + 'actions_open → investigating | closed; closed → under_review (reopen). Other moves: 409 illegal_transition. Closing and reopening need a note; '
        + 'closing with actions open or not yet verified: 409 actions_pending.',
      params: IdParams, body: schemas.StatusChange, response: { 200: schemas.Incident, ...standardErrors },
    },
  }, async (request) => incidents.changeStatus(platform, actorOf(request), request.params.id, request.body));

  app.put('/api/quality/incidents/:id/analysis', {
    config: { permission: 'quality:manage', audit: audit('update') },
    schema: {
      tags: ['quality'], summary: 'Save the root cause analysis: 5 whys, fishbone causes, contributing factors, root cause',
      description: 'What is sent replaces the analysis. completed needs a root cause and a why. A reported or under-review incident moves to investigating.',
      params: IdParams, body: schemas.AnalysisBody, response: { 200: schemas.IncidentDetail, ...standardErrors },
    },
  }, async (request) => {
    await saveAnalysis(platform, actorOf(request), request.params.id, request.body);
    return detail(platform, actorOf(request), request.params.id);
  });

  app.post('/api/quality/incidents/:id/actions', {
    config: { permission: 'quality:manage' },
    schema: {
      tags: ['quality'], summary: 'Add a corrective or preventive action with its owner and due date',
      params: IdParams, body: schemas.NewAction, response: { 201: schemas.CapaAction, ...standardErrors },
    },
  }, async (request, reply) => reply.status(201).send(await capa.addAction(platform, actorOf(request), request.params.id, request.body)));

  app.get('/api/quality/actions', {
    config: { permission: 'quality:report' },
    schema: {
      tags: ['quality'], summary: 'Corrective and preventive actions, open first, soonest due first (without quality:read: your own)',
      querystring: schemas.ActionQuery, response: { 200: schemas.ActionList, ...standardErrors },
    },
  }, async (request) => capa.listActions(platform, actorOf(request), request.query));

  app.patch('/api/quality/actions/:id', {
    config: { permission: 'quality:manage' },
    schema: {
      tags: ['quality'], summary: 'Change an open action (title, owner, due date) or cancel it with a note',
      params: IdParams, body: schemas.ActionChanges, response: { 200: schemas.CapaAction, ...standardErrors },
    },
  }, async (request) => capa.changeAction(platform, actorOf(request), request.params.id, request.body));

  app.post('/api/quality/actions/:id/complete', {
    config: { permission: 'quality:report' },
    schema: {
      tags: ['quality'], summary: 'Record an action as done (its owner, or a quality manager)',
      params: IdParams, body: schemas.CompleteAction, response: { 200: schemas.CapaAction, ...standardErrors },
    },
  }, async (request) => capa.completeAction(platform, actorOf(request), request.params.id, request.body));

  app.post('/api/quality/actions/:id/verify', {
    config: { permission: 'quality:manage' },
    schema: {
      tags: ['quality'], summary: 'Verify a completed action\'s effectiveness; not effective: reopen it or replace it with a new action',
      params: IdParams, body: schemas.VerifyAction,
      response: { 200: Type.Object({ action: schemas.CapaAction, newAction: Type.Union([schemas.CapaAction, Type.Null()]) }), ...standardErrors },
    },
  }, async (request) => capa.verifyAction(platform, actorOf(request), request.params.id, request.body));
}
