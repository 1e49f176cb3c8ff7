import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, Paging, Timestamp, Uuid, standardErrors } from '../../platform/schemas.js';
import { patientAndMergedIds } from '../patients/service.js';
import { listPatientAccess, verifyChain } from './service.js';

const AccessEntry = Type.Object({
  at: Timestamp,
  actorType: Type.String(),
  actorId: Type.Union([Uuid, Type.Null()]),
  actor: Type.String(),
  action: Type.String(),
  entity: Type.String(),
  patientId: Type.Union([Uuid, Type.Null()]),
  source: Type.String(),
});

export function auditRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);

  app.get('/api/patients/:id/access-log', {
    config: { permission: 'audit:read' },
    schema: {
      tags: ['audit'], summary: 'Who read or changed this patient (and records merged into it), newest first',
      params: IdParams, querystring: Type.Object(Paging, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(AccessEntry), total: Type.Integer() }), ...standardErrors },
    },
  }, async (request) => {
    const actor = actorOf(request);
    const ids = await patientAndMergedIds(platform, actor, request.params.id);
    const page = await listPatientAccess(platform.db, actor, ids, request.query.limit ?? 25, request.query.offset ?? 0);
    return {
      total: page.total,
      items: page.items.map((row) => ({
        at: row.at.toISOString(), actorType: row.actor_type, actorId: row.actor_id, actor: row.actor_label,
        action: row.action, entity: row.entity_type, patientId: row.patient_id, source: row.source,
      })),
    };
  });

  app.get('/api/audit/verify', {
    config: { permission: 'audit:read' },
    schema: {
      tags: ['audit'], summary: "Recompute this organization's audit hash chain",
      response: {
        200: Type.Object({
          entries: Type.Integer(), ok: Type.Boolean(),
          firstBroken: Type.Optional(Type.Object({ seq: Type.Integer(), id: Type.String(), reason: Type.String() })),
        }),
        ...standardErrors,
      },
    },
  }, async (request) => {
    const report = await verifyChain(platform.db, actorOf(request).organizationId);
    return { entries: report.entries, ok: report.ok, firstBroken: report.firstBroken };
  });
}
