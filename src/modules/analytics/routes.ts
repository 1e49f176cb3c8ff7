import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors } from '../../platform/schemas.js';
import { compare } from './compare.js';
import { exportCsv } from './csv.js';
import { recomputeAll } from './facts.js';
import { dimensions, rows, summary } from './report.js';
import { resolveScope } from './report-scope.js';
import * as schemas from './schemas.js';
import * as targets from './targets.js';
import { trend } from './trend.js';

const tags = ['reports'];

// The rows behind a number may name patients: each one shown (or exported) is audited.
const patientsInRows = (rowList: Record<string, unknown>[]) =>
  rowList.flatMap((row) => (typeof row.patientId === 'string' ? [row.patientId] : []));
const rowsAudit = { action: 'report_rows', entity: 'report', patientIds: (_: FastifyRequest, payload: unknown) => patientsInRows((payload as { rows: Record<string, unknown>[] }).rows) };
const exportAudit = { action: 'report_export', entity: 'report', patientIds: (request: FastifyRequest) => request.auditPatientIds ?? [] };

/** Reports: KPI summary, trends, comparisons, the rows behind a number, CSV, targets. */
export function analyticsRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);
  const read = { permission: 'reports:read' as const };
  const manage = { permission: 'reports:manage' as const };

  app.get('/api/reports/summary', {
    config: read,
    schema: {
      tags, summary: 'Every KPI over a period (days in the clinic\'s zone, default the last 30) and filters, with 95% intervals and target status',
      querystring: schemas.FilterQuery, response: { 200: schemas.Summary, ...standardErrors },
    },
  }, async (request) => summary(platform, actorOf(request), request.query));

  app.get('/api/reports/trend', {
    config: read,
    schema: { tags, summary: 'One KPI per day, week (from Monday) or month', querystring: schemas.TrendQuery, response: { 200: schemas.Trend, ...standardErrors } },
  }, async (request) => trend(platform, actorOf(request), request.query));

  app.get('/api/reports/compare', {
    config: read,
    schema: {
      tags, summary: 'One KPI per department, provider, location or channel, each tested against the rest of the clinic',
      querystring: schemas.CompareQuery, response: { 200: schemas.Comparison, ...standardErrors },
    },
  }, async (request) => compare(platform, actorOf(request), request.query));

  app.get('/api/reports/rows', {
    config: { ...read, audit: rowsAudit },
    schema: { tags, summary: 'The rows behind a KPI\'s number', querystring: schemas.RowsQuery, response: { 200: schemas.Rows, ...standardErrors } },
  }, async (request) => rows(platform, actorOf(request), request.query));

  app.get('/api/reports/export.csv', {
    config: { ...read, audit: exportAudit },
    schema: {
      tags, summary: 'A report as CSV (summary, trend, compare or rows); text a spreadsheet would run as a formula is prefixed with \'',
      querystring: schemas.ExportQuery,
    },
  }, async (request, reply) => {
    const file = await exportCsv(platform, actorOf(request), request.query);
    if (request.query.what === 'rows') request.auditPatientIds = [...new Set(file.patientIds)];
    // A Buffer, so the audit hook records the export as it does for other files.
    return reply.header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .send(Buffer.from(file.body, 'utf8'));
  });

  app.get('/api/reports/dimensions', {
    config: read,
    schema: { tags, summary: 'Departments, providers, locations, channels and KPIs to filter and compare by', response: { 200: schemas.Dimensions, ...standardErrors } },
  }, async (request) => dimensions(platform, actorOf(request)));

  app.get('/api/reports/targets', {
    config: read,
    schema: { tags, summary: 'KPI targets (green and amber thresholds), clinic-wide and per department', response: { 200: schemas.TargetList, ...standardErrors } },
  }, async (request) => ({ items: await targets.listTargets(platform, actorOf(request)) }));

  app.put('/api/reports/targets', {
    config: manage,
    schema: {
      tags, summary: 'Set a KPI\'s target for the clinic or a department (replaces the one there)',
      description: 'Green is the better threshold: amber may not be better than green in the KPI\'s direction.',
      body: schemas.TargetBody, response: { 200: schemas.Target, ...standardErrors },
    },
  }, async (request) => targets.setTarget(platform, actorOf(request), request.body));

  app.delete('/api/reports/targets/:id', {
    config: manage,
    schema: { tags, summary: 'Remove a target', params: IdParams, response: { 204: Type.Null(), ...standardErrors } },
  }, async (request, reply) => {
    await targets.deleteTarget(platform, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/reports/recompute', {
    config: manage,
    schema: {
      tags, summary: 'Recompute the rollups from the facts (a period, or everything)',
      body: schemas.RecomputeBody, response: { 200: schemas.Recomputed, ...standardErrors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const { from, to } = request.body ?? {};
    let range: { from: string; to: string } | undefined;
    if (from || to) {
      const scope = await resolveScope(platform, actor, { ...(from && { from }), ...(to && { to }) });
      range = { from: scope.filter.from, to: scope.filter.to };
    }
    await recomputeAll(platform, actor.organizationId, range);
    return { from: range?.from ?? null, to: range?.to ?? null, recomputedAt: new Date().toISOString() };
  });
}
