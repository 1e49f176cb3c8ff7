import type { FastifyRequest } from 'fastify';
import type { Actor, Permission } from './permissions.js';

/** What a route says about itself; the platform hooks act on it for every route alike. */
export interface AuditSpec {
  action: string;
  entity: string;
  /** The patients whose data the response carries or the request changed. */
  patientIds(request: FastifyRequest, payload: unknown): string[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission the caller needs. Every /api route names one, or says it is public. */
    permission?: Permission;
    /** Any signed-in staff member or API token may call it. */
    authenticated?: boolean;
    public?: boolean;
    audit?: AuditSpec;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** Patients a route found while answering, for its audit spec when the reply is a file, not an object. */
    auditPatientIds?: string[];
  }
}

/** The actor of an authenticated route (the auth hook has already refused anonymous callers). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error(`route ${request.routeOptions.url} used actorOf without authentication`);
  return request.actor;
}
