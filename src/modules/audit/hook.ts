import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Platform } from '../../platform/platform.js';

/**
 * The one place where HTTP access to patient data is audited: a route declares `config.audit`,
 * and this hook records one entry per patient the response carries, before the response leaves.
 */
export function installAuditHook(app: FastifyInstance, platform: Platform) {
  async function record(request: FastifyRequest, payload: unknown) {
    const spec = request.routeOptions.config.audit;
    if (!spec || !request.actor) return;
    const patientIds = [...new Set(spec.patientIds(request, payload))];
    const entries = patientIds.length > 0
      ? patientIds.map((patientId) => ({ action: spec.action, entityType: spec.entity, entityId: patientId, patientId }))
      : [{ action: spec.action, entityType: spec.entity, entityId: null, patientId: null }];
    await platform.audit.record(request.actor, entries);
  }
  app.addHook('preSerialization', async (request, reply, payload) => {
    if (reply.statusCode < 400) await record(request, payload);
    return payload;
  });
  // Files (attachments) skip serialization: they are audited as they are sent.
  app.addHook('onSend', async (request, reply, payload) => {
    if (Buffer.isBuffer(payload) && reply.statusCode < 400) await record(request, null);
    return payload;
  });
}
