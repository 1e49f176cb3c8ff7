import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type * as fhir4 from 'fhir/r4.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { capabilityStatement, type ServedInteraction } from './capability.js';
import { issue, operationOutcome, outcomeOf } from './outcome.js';
import { readResource, searchResources } from './read.js';
import { RESOURCE_KINDS } from './resources.js';
import { fhirWriteRoutes } from './write-routes.js';

export const FHIR_CONTENT_TYPE = 'application/fhir+json; charset=utf-8';

/** Logs an unexpected error without request data or a database error's message (PostgreSQL quotes values). */
function logUnexpected(request: FastifyRequest, error: FastifyError) {
  const fromDatabase = 'routine' in error || 'severity' in error;
  const logged = fromDatabase
    ? { type: error.name, code: error.code, routine: (error as { routine?: string }).routine }
    : { type: error.name, message: error.message, code: error.code, stack: error.stack };
  request.log.error({ err: logged }, 'unexpected error');
}

function sendOutcome(reply: FastifyReply, status: number, outcome: fhir4.OperationOutcome) {
  return reply.status(status).type(FHIR_CONTENT_TYPE).send(outcome);
}

/** Request base for links in Bundles: the address the client used, so it can follow them. */
export function fhirBase(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/fhir`;
}

/**
 * The FHIR R4 API under /fhir, in a scope of its own: FHIR content types, every error as an
 * OperationOutcome (validation, 401/403 from the auth hook, services' AppErrors, unknown URLs),
 * the CapabilityStatement, read and search for every served type; writes come from write-routes.ts.
 */
export async function fhirRoutes(app: FastifyInstance, platform: Platform) {
  await app.register(async (scope) => {
    const served: ServedInteraction[] = [];
    scope.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) served.push({ method, url: route.url });
    });

    // application/json keeps the server's own parser; FHIR's media type parses the same way.
    scope.addContentTypeParser(['application/fhir+json', 'application/json+fhir'], { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'));
    scope.addHook('onRequest', async (_request, reply) => {
      reply.type(FHIR_CONTENT_TYPE);
    });

    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const known = outcomeOf(error);
      if (known) {
        if (known.status === 401) reply.header('www-authenticate', 'Bearer realm="careloop-fhir"');
        const retryAfter = (error as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds;
        if ((known.status === 429 || known.status === 423) && retryAfter) reply.header('retry-after', String(retryAfter));
        return sendOutcome(reply, known.status, known.outcome);
      }
      logUnexpected(request, error);
      return sendOutcome(reply, 500, operationOutcome([
        issue('fatal', 'exception', `Something went wrong on our side (correlation id ${request.id}).`, undefined, 'internal_error'),
      ]));
    });

    scope.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      const type = path.replace(/^\/fhir\/?/, '').split('/')[0] ?? '';
      const message = type && !RESOURCE_KINDS.has(type)
        ? `Careloop's FHIR API does not serve the resource type "${type}" (see /fhir/metadata).`
        : `Careloop's FHIR API has no ${request.method} ${path} (see /fhir/metadata).`;
      return sendOutcome(reply, 404, operationOutcome([issue('error', 'not-supported', message)]));
    });

    scope.get('/metadata', { config: { public: true }, schema: { tags: ['fhir'], summary: 'The CapabilityStatement: what this FHIR server serves' } },
      async () => capabilityStatement(platform, served));

    for (const kind of RESOURCE_KINDS.values()) {
      const audit = kind.patientIds
        ? (action: string) => ({ action, entity: `fhir_${kind.type.toLowerCase()}`, patientIds: (_request: FastifyRequest, payload: unknown) => patientsIn(kind.type, payload) })
        : undefined;

      scope.get<{ Params: { id: string } }>(`/${kind.type}/:id`, {
        config: { permission: kind.permission, ...(audit && { audit: audit('read') }) },
        schema: { tags: ['fhir'], summary: `Read a ${kind.type}` },
      }, async (request) => readResource(platform, actorOf(request), kind.type, request.params.id));

      scope.get(`/${kind.type}`, {
        config: { permission: kind.permission, ...(audit && { audit: audit('search') }) },
        schema: { tags: ['fhir'], summary: `Search ${kind.type} resources` },
      }, async (request) => searchResources(platform, actorOf(request), kind, {
        query: request.query as Record<string, string | string[] | undefined>,
        base: fhirBase(request),
        lenient: /handling\s*=\s*lenient/i.test(String(request.headers.prefer ?? '')),
      }));
    }

    fhirWriteRoutes(scope, platform);
  }, { prefix: '/fhir' });
}

/** The patients a read or search response carries, for the audit hook. */
function patientsIn(type: string, payload: unknown): string[] {
  const resources: fhir4.FhirResource[] = [];
  const body = payload as fhir4.FhirResource | undefined;
  if (!body) return [];
  if (body.resourceType === 'Bundle') for (const entry of (body as fhir4.Bundle).entry ?? []) { if (entry.resource) resources.push(entry.resource); }
  else resources.push(body);
  const kind = RESOURCE_KINDS.get(type);
  return resources.filter((r) => r.resourceType === type).flatMap((r) => kind?.patientIds?.(r) ?? []);
}
