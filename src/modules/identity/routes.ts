import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { IdParams, standardErrors, ErrorResponse } from '../../platform/schemas.js';
import { notFound, unauthenticated } from '../../platform/errors.js';
import { SESSION_COOKIE } from './auth-hook.js';
import * as schemas from './schemas.js';
import * as identity from './service.js';

export function identityRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);
  const secure = platform.config.publicUrl.startsWith('https:');

  async function sessionInfo(sessionToken: string) {
    const session = await identity.actorFromSession(platform, sessionToken);
    if (!session) throw unauthenticated('Your session has expired. Sign in again.');
    const organization = await identity.findOrganization(platform, session.actor.organizationId);
    if (!organization) throw notFound('organization');
    return {
      user: {
        id: session.actor.id ?? '',
        email: session.email,
        displayName: session.actor.label,
        role: session.actor.role,
        organizationId: organization.organization_id,
        organizationName: organization.name,
      },
      permissions: [...session.actor.permissions],
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  app.post('/api/auth/login', {
    config: { public: true },
    schema: {
      tags: ['auth'], summary: 'Sign in a staff member; sets the session cookie',
      body: schemas.LoginBody,
      response: { 200: schemas.SessionInfo, 400: ErrorResponse, 401: ErrorResponse, 423: ErrorResponse, 429: ErrorResponse },
    },
  }, async (request, reply) => {
    const signedIn = await identity.signIn(platform, { ...request.body, ip: request.ip });
    reply.setCookie(SESSION_COOKIE, signedIn.sessionToken, {
      path: '/', httpOnly: true, sameSite: 'lax', secure, expires: signedIn.expiresAt,
    });
    return sessionInfo(signedIn.sessionToken);
  });

  app.get('/api/auth/session', {
    config: { authenticated: true },
    schema: { tags: ['auth'], summary: 'The signed-in staff member and the CSRF token for this session', response: { 200: schemas.SessionInfo, 401: ErrorResponse } },
  }, async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw unauthenticated('This endpoint describes a browser session; API tokens have none.');
    return sessionInfo(token);
  });

  app.post('/api/auth/logout', {
    config: { authenticated: true },
    schema: { tags: ['auth'], summary: 'Sign out: revokes the session', response: { 204: Type.Null(), 401: ErrorResponse } },
  }, async (request, reply) => {
    await identity.signOut(platform, actorOf(request));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/roles', {
    config: { authenticated: true },
    schema: { tags: ['staff'], summary: 'Roles and the permissions each grants', response: { 200: Type.Array(schemas.RoleInfo) } },
  }, async () => schemas.presentRoles());

  app.get('/api/departments', {
    config: { authenticated: true },
    schema: {
      tags: ['staff'], summary: 'Departments',
      querystring: Type.Object({ includeArchived: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: Type.Array(schemas.Department) },
    },
  }, async (request) => (await identity.listDepartments(platform, actorOf(request), request.query.includeArchived)).map(schemas.presentDepartment));

  app.post('/api/departments', {
    config: { permission: 'staff:manage' },
    schema: { tags: ['staff'], summary: 'Create a department', body: schemas.NewDepartment, response: { 201: schemas.Department, ...standardErrors } },
  }, async (request, reply) => reply.status(201).send(schemas.presentDepartment(await identity.createDepartment(platform, actorOf(request), request.body))));

  app.patch('/api/departments/:id', {
    config: { permission: 'staff:manage' },
    schema: { tags: ['staff'], summary: 'Rename, describe, archive or give an owner to a department', params: IdParams, body: schemas.DepartmentChanges, response: { 200: schemas.Department, ...standardErrors } },
  }, async (request) => schemas.presentDepartment(await identity.updateDepartment(platform, actorOf(request), request.params.id, request.body)));

  app.get('/api/users', {
    config: { permission: 'staff:manage' },
    schema: { tags: ['staff'], summary: 'Staff accounts', response: { 200: Type.Array(schemas.Staff), ...standardErrors } },
  }, async (request) => (await identity.listUsers(platform, actorOf(request))).map(schemas.presentStaff));

  app.post('/api/users', {
    config: { permission: 'staff:manage' },
    schema: { tags: ['staff'], summary: 'Create a staff account', body: schemas.NewStaff, response: { 201: schemas.Staff, ...standardErrors } },
  }, async (request, reply) => reply.status(201).send(schemas.presentStaff(await identity.createUser(platform, actorOf(request), request.body))));

  app.patch('/api/users/:id', {
    config: { permission: 'staff:manage' },
    schema: {
      tags: ['staff'], summary: 'Change a staff account: role, department, active, password, unlock',
      params: IdParams, body: schemas.StaffChanges, response: { 200: schemas.Staff, ...standardErrors },
    },
  }, async (request) => schemas.presentStaff(await identity.updateUser(platform, actorOf(request), request.params.id, request.body)));

  app.get('/api/tokens', {
    config: { permission: 'tokens:manage' },
    schema: { tags: ['integrations'], summary: 'API tokens', response: { 200: Type.Array(schemas.ApiToken), ...standardErrors } },
  }, async (request) => (await identity.listApiTokens(platform, actorOf(request))).map(schemas.presentApiToken));

  app.post('/api/tokens', {
    config: { permission: 'tokens:manage' },
    schema: { tags: ['integrations'], summary: 'Create an API token (its secret is shown once)', body: schemas.NewApiToken, response: { 201: schemas.CreatedApiToken, ...standardErrors } },
  }, async (request, reply) => {
    const created = await identity.createApiToken(platform, actorOf(request), request.body);
    return reply.status(201).send({ token: created.token, apiToken: schemas.presentApiToken(created.row) });
  });

  app.delete('/api/tokens/:id', {
    config: { permission: 'tokens:manage' },
    schema: { tags: ['integrations'], summary: 'Revoke an API token', params: IdParams, response: { 200: schemas.ApiToken, ...standardErrors } },
  }, async (request) => schemas.presentApiToken(await identity.revokeApiToken(platform, actorOf(request), request.params.id)));
}
