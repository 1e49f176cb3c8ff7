import type { FastifyInstance, FastifyRequest } from 'fastify';
import { csrfRejected, forbidden, unauthenticated } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { actorFromApiToken, actorFromSession, createApiTokenCache, type ApiTokenCache } from './service.js';

export const SESSION_COOKIE = 'careloop_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authentication and authorization for every /api and /fhir route: a route must name the permission it
 * needs (or say it is public) or the server refuses to start. Bearer tokens are for integrations;
 * cookie sessions are for staff, and a state-changing request from a session must carry the
 * session's CSRF token in the x-csrf-token header.
 */
/** Routes the auth hook guards: the REST API and the FHIR API. */
const guarded = (url: string | undefined) => !!url && (url.startsWith('/api/') || url === '/fhir' || url.startsWith('/fhir/'));

export function installAuth(app: FastifyInstance, platform: Platform) {
  app.decorateRequest('actor', null);
  const tokens = createApiTokenCache(platform);

  app.addHook('onRoute', (route) => {
    if (!guarded(route.url)) return;
    const config = route.config ?? {};
    if (!config.permission && !config.public && !config.authenticated) {
      throw new Error(`route ${route.method} ${route.url} must declare a permission, authenticated or public`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (!guarded(request.routeOptions.url)) return;
    const resolved = await resolveActor(platform, request, tokens);
    request.actor = resolved.actor;
    if (config.public) return;
    if (!resolved.actor) {
      throw unauthenticated(resolved.sessionExpired ? 'Your session has expired. Sign in again.' : undefined);
    }
    if (resolved.csrfToken !== undefined && !SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== resolved.csrfToken) {
      throw csrfRejected();
    }
    if (config.permission && !resolved.actor.permissions.has(config.permission)) throw forbidden(config.permission);
  });
}

interface Resolved {
  actor: FastifyRequest['actor'];
  csrfToken?: string;
  sessionExpired?: boolean;
}

async function resolveActor(platform: Platform, request: FastifyRequest, tokens: ApiTokenCache): Promise<Resolved> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw unauthenticated('The Authorization header must be "Bearer <token>".');
    const actor = await actorFromApiToken(platform, token, tokens);
    if (!actor) throw unauthenticated('The API token is unknown, revoked or expired.');
    return { actor };
  }
  const sessionToken = request.cookies[SESSION_COOKIE];
  if (!sessionToken) return { actor: null };
  const session = await actorFromSession(platform, sessionToken);
  if (!session) return { actor: null, sessionExpired: true };
  return { actor: session.actor, csrfToken: session.csrfToken };
}
