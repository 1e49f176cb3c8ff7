import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import { exportWorksheetCsv } from './fmea-csv.js';
import * as schemas from './fmea-schemas.js';
import * as fmea from './fmea-service.js';

const tags = ['quality'];
const read = { permission: 'quality:read' } as const;
const manage = { permission: 'quality:manage' } as const;
const worksheetReply = { 200: schemas.Worksheet, ...standardErrors };
const createdReply = { 201: schemas.Worksheet, ...standardErrors };
const scoreRule = 'Severity, occurrence and detection are whole numbers from 1 to 10 (0, 11, 5.5 or "5" is a 400 naming the field). '
  + 'The RPN is computed by the database: a request that sends rpn or rpnAfter is refused (400, not a known field).';

/** FMEA worksheets: steps, failure modes, RPN, actions, CSV. FMEA holds no patient data, so nothing here is audited per patient. */
export function fmeaRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);

  app.get('/api/quality/fmea', {
    config: read,
    schema: { tags, summary: 'FMEA worksheets, most recently changed first (archived ones only when asked)', querystring: schemas.WorksheetQuery, response: { 200: schemas.WorksheetList, ...standardErrors } },
  }, async (request) => fmea.listWorksheets(platform, actorOf(request), request.query));

  app.get('/api/quality/fmea/top-failure-modes', {
    config: read,
    schema: { tags, summary: 'The clinic\'s highest-RPN failure modes across worksheets that are not archived (ties by severity)', querystring: schemas.TopQuery, response: { 200: schemas.TopFailureModes, ...standardErrors } },
  }, async (request) => ({ items: await fmea.topFailureModes(platform, actorOf(request), request.query.limit ?? 10) }));

  app.get('/api/quality/fmea/action-owners', {
    config: read,
    schema: { tags, summary: 'Active staff a recommended action can be given to', response: { 200: schemas.ActionOwners, ...standardErrors } },
  }, async (request) => ({ items: await fmea.listActionOwners(platform, actorOf(request)) }));

  app.post('/api/quality/fmea', {
    config: manage,
    schema: { tags, summary: 'Start an FMEA worksheet for a process', body: schemas.NewWorksheet, response: createdReply },
  }, async (request, reply) => reply.status(201).send(await fmea.createWorksheet(platform, actorOf(request), request.body)));

  app.get('/api/quality/fmea/:id', {
    config: read,
    schema: { tags, summary: 'A worksheet with its steps in order and its failure modes ranked by RPN', params: IdParams, response: worksheetReply },
  }, async (request) => fmea.getWorksheet(platform, actorOf(request), request.params.id));

  app.patch('/api/quality/fmea/:id', {
    config: manage,
    schema: {
      tags, summary: 'Change a worksheet\'s title, process, scope, team or status',
      description: 'An archived worksheet is read-only (409 worksheet_archived) until its status is set back.',
      params: IdParams, body: schemas.WorksheetChanges, response: worksheetReply,
    },
  }, async (request) => fmea.changeWorksheet(platform, actorOf(request), request.params.id, request.body));

  app.delete('/api/quality/fmea/:id', {
    config: manage,
    schema: {
      tags, summary: 'Delete a draft worksheet (others are archived instead: 409 worksheet_not_draft)',
      params: IdParams, response: { 204: Type.Null(), ...standardErrors },
    },
  }, async (request, reply) => {
    await fmea.deleteWorksheet(platform, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/quality/fmea/:id/export.csv', {
    config: read,
    schema: {
      tags, summary: 'A worksheet\'s failure modes as CSV (RFC 4180, ranked); text a spreadsheet would run as a formula is prefixed with \'',
      params: IdParams,
    },
  }, async (request, reply) => {
    const file = await exportWorksheetCsv(platform, actorOf(request), request.params.id);
    return reply.header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .send(Buffer.from(file.body, 'utf8'));
  });

  app.post('/api/quality/fmea/:id/steps', {
    config: manage,
    schema: { tags, summary: 'Add a step to the process (at a position, or at the end)', params: IdParams, body: schemas.NewStep, response: createdReply },
  }, async (request, reply) => reply.status(201).send(await fmea.addStep(platform, actorOf(request), request.params.id, request.body)));

  app.patch('/api/quality/fmea/:id/steps/:stepId', {
    config: manage,
    schema: { tags, summary: 'Rename, describe or move a step', params: schemas.StepParams, body: schemas.StepChanges, response: worksheetReply },
  }, async (request) => fmea.changeStep(platform, actorOf(request), request.params.id, request.params.stepId, request.body));

  app.delete('/api/quality/fmea/:id/steps/:stepId', {
    config: manage,
    schema: { tags, summary: 'Remove a step without failure modes (409 step_has_failure_modes otherwise)', params: schemas.StepParams, response: worksheetReply },
  }, async (request) => fmea.removeStep(platform, actorOf(request), request.params.id, request.params.stepId));

  app.post('/api/quality/fmea/:id/failure-modes', {
    config: manage,
    schema: { tags, summary: 'Add a failure mode to a step', description: scoreRule, params: IdParams, body: schemas.NewFailureMode, response: createdReply },
  }, async (request, reply) => reply.status(201).send(await fmea.addFailureMode(platform, actorOf(request), request.params.id, request.body)));

  app.patch('/api/quality/fmea/:id/failure-modes/:failureModeId', {
    config: manage,
    schema: {
      tags, summary: 'Change a failure mode: text, scores, step, recommended action, action taken, scores after the action',
      description: `${scoreRule} Scores after the action come all three together, once the action taken is recorded; `
        + 'a completed action needs the action taken.',
      params: schemas.FailureModeParams, body: schemas.FailureModeChanges, response: worksheetReply,
    },
  }, async (request) => fmea.changeFailureMode(platform, actorOf(request), request.params.id, request.params.failureModeId, request.body));

  app.delete('/api/quality/fmea/:id/failure-modes/:failureModeId', {
    config: manage,
    schema: { tags, summary: 'Remove a failure mode', params: schemas.FailureModeParams, response: worksheetReply },
  }, async (request) => fmea.removeFailureMode(platform, actorOf(request), request.params.id, request.params.failureModeId));
}
