import type { Platform } from '../../platform/platform.js';
import { conflict, invalid, invalidCredentials, locked, notFound, pgErrorCode, tooManyRequests, UNIQUE_VIOLATION } from '../../platform/errors.js';
import { permissionsOf, type Actor, type Role } from '../../platform/permissions.js';
import { API_TOKEN_PREFIX, digest, hashPassword, newSecret, passwordMatches } from './secrets.js';
import * as store from './store.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
export const MAX_FAILED_LOGINS_PER_IP = 30;
const IP_WINDOW_MINUTES = 15;
const TOUCH_EVERY_MS = 60_000;

export interface NewOrganization {
  name: string;
  slug: string;
  timeZone?: string;
  admin: { email: string; displayName: string; password: string };
}

/** Creates a tenant with its first administrator. */
export async function createOrganization(platform: Platform, input: NewOrganization) {
  if (!/^[a-z0-9][a-z0-9-]{1,40}$/.test(input.slug)) throw invalid('slug', 'use 2-41 lowercase letters, digits and dashes');
  const passwordHash = await hashPassword(input.admin.password);
  try {
    return await platform.db.transaction().execute(async (trx) => {
      const organization = await store.insertOrganization(trx, { name: input.name, slug: input.slug, time_zone: input.timeZone ?? 'UTC' });
      const admin = await store.insertUser(trx, {
        organization_id: organization.organization_id,
        email: input.admin.email.toLowerCase(),
        display_name: input.admin.displayName,
        role: 'admin',
        department_id: null,
        password_hash: passwordHash,
        active: true,
      });
      return { organization, admin };
    });
  } catch (error) {
    if (pgErrorCode(error) === UNIQUE_VIOLATION) throw conflict('organization_exists', `An organization or user with these details already exists.`);
    throw error;
  }
}

export interface SignedIn {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  user: store.UserRow;
}

/** Checks a staff member's password, with a per-IP rate limit and a per-account lockout. */
export async function signIn(platform: Platform, input: { email: string; password: string; ip: string }): Promise<SignedIn> {
  const { db } = platform;
  const now = new Date();
  const windowStart = new Date(now.getTime() - IP_WINDOW_MINUTES * 60_000);
  const user = await store.findUserByEmail(db, input.email);
  // The attempt is written as failed before anything is checked, so parallel guesses count each other.
  const attempt = await store.recordLoginAttempt(db, { organizationId: user?.organization_id ?? null, ip: input.ip, email: input.email, succeeded: false });
  if (await store.countFailedLoginsFromIp(db, input.ip, windowStart) > MAX_FAILED_LOGINS_PER_IP) {
    throw tooManyRequests('Too many failed sign-ins from this address. Try again later.', IP_WINDOW_MINUTES * 60);
  }
  // An address with no account locks like one with an account, so a lockout does not reveal which exist.
  const lockedUntil = user ? user.locked_until
    : await store.countFailedLoginsForEmail(db, input.email, new Date(now.getTime() - LOCKOUT_MINUTES * 60_000), attempt.id) >= MAX_FAILED_LOGINS
      ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null;
  if (lockedUntil && lockedUntil > now) {
    const seconds = Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000);
    throw locked(`This account is locked after ${MAX_FAILED_LOGINS} failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minutes or ask an administrator.`, seconds);
  }

  const matches = await passwordMatches(user?.password_hash, input.password);
  if (!user || !matches || !user.active) {
    if (user && !matches) await store.countFailedLogin(db, user.id, MAX_FAILED_LOGINS, LOCKOUT_MINUTES);
    throw invalidCredentials();
  }

  const sessionToken = newSecret();
  const csrfToken = newSecret(24);
  const expiresAt = new Date(now.getTime() + platform.config.sessionTtlHours * 3_600_000);
  await db.transaction().execute(async (trx) => {
    await store.insertSession(trx, { organization_id: user.organization_id, user_id: user.id, token_hash: digest(sessionToken), csrf_token: csrfToken, expires_at: expiresAt });
    await store.updateUser(trx, user.organization_id, user.id, { failed_logins: 0, locked_until: null, last_login_at: now });
    await store.markLoginAttemptSucceeded(trx, attempt.id);
  });
  return { sessionToken, csrfToken, expiresAt, user };
}

export interface SessionActor {
  actor: Actor;
  csrfToken: string;
  email: string;
  expiresAt: Date;
}

/** The staff member behind a session cookie, or null when the session is unknown, expired or revoked. */
export async function actorFromSession(platform: Platform, sessionToken: string): Promise<SessionActor | null> {
  const now = new Date();
  const session = await store.findLiveSession(platform.db, digest(sessionToken), now);
  if (!session) return null;
  if (now.getTime() - session.last_seen_at.getTime() > TOUCH_EVERY_MS) await store.touchSession(platform.db, session.session_id, now);
  return {
    actor: {
      organizationId: session.organization_id,
      type: 'user',
      id: session.user_id,
      label: session.display_name,
      role: session.role,
      permissions: permissionsOf(session.role),
      source: 'web',
      sessionId: session.session_id,
    },
    csrfToken: session.csrf_token,
    email: session.email,
    expiresAt: session.expires_at,
  };
}

export const signOut = (platform: Platform, actor: Actor) =>
  actor.sessionId ? store.revokeSession(platform.db, actor.sessionId) : Promise.resolve();

export const API_TOKEN_REVOKED = 'api_token.revoked';
const TOKEN_CACHE_MS = 30_000;

/**
 * Recently checked API tokens, by digest, so an integration's every request does not cost a
 * lookup. Entries live 30 seconds at most; a revocation evicts at once in every server process
 * (the api_token.revoked event crosses processes).
 */
export function createApiTokenCache(platform: Platform) {
  const entries = new Map<string, { actor: Actor; expiresAt: Date | null; cachedAt: number }>();
  platform.events.subscribe(API_TOKEN_REVOKED, (event) => {
    for (const [key, entry] of entries) if (entry.actor.id === event.data.tokenId) entries.delete(key);
  }, { everyProcess: true });
  return {
    get(tokenDigest: string, now: Date): Actor | undefined {
      const entry = entries.get(tokenDigest);
      if (!entry) return undefined;
      if (now.getTime() - entry.cachedAt > TOKEN_CACHE_MS || (entry.expiresAt && entry.expiresAt <= now)) {
        entries.delete(tokenDigest);
        return undefined;
      }
      return entry.actor;
    },
    set(tokenDigest: string, actor: Actor, expiresAt: Date | null) {
      if (entries.size > 10_000) entries.clear();
      entries.set(tokenDigest, { actor, expiresAt, cachedAt: Date.now() });
    },
  };
}
export type ApiTokenCache = ReturnType<typeof createApiTokenCache>;

/** The integration behind a bearer token, or null. */
export async function actorFromApiToken(platform: Platform, token: string, cache?: ApiTokenCache): Promise<Actor | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const now = new Date();
  const tokenDigest = digest(token);
  const cached = cache?.get(tokenDigest, now);
  if (cached) return cached;
  const row = await store.findLiveApiToken(platform.db, tokenDigest, now);
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_EVERY_MS) await store.touchApiToken(platform.db, row.id, now);
  const actor: Actor = {
    organizationId: row.organization_id,
    type: 'token',
    id: row.id,
    label: `API token "${row.name}"`,
    role: row.role,
    permissions: permissionsOf(row.role),
    source: 'api',
  };
  cache?.set(tokenDigest, actor, row.expires_at);
  return actor;
}

// Departments

export const listDepartments = (platform: Platform, actor: Actor, includeArchived = false) =>
  store.listDepartments(platform.db, actor.organizationId, includeArchived);

async function uniqueName<T>(work: () => Promise<T>, name: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (pgErrorCode(error) === UNIQUE_VIOLATION) throw conflict('department_exists', `A department named "${name}" already exists.`);
    throw error;
  }
}

/** A department's owner must be an active staff member of the organization (unhappy patients' cases go to them). */
async function checkOwner(platform: Platform, actor: Actor, ownerId: string | null | undefined) {
  if (!ownerId) return;
  const user = await store.findUser(platform.db, actor.organizationId, ownerId);
  if (!user) throw invalid('ownerId', 'is not a staff member of this organization');
  if (!user.active) throw invalid('ownerId', 'is a deactivated staff account');
}

export async function createDepartment(platform: Platform, actor: Actor, input: { name: string; description?: string | null; ownerId?: string | null }) {
  await checkOwner(platform, actor, input.ownerId);
  return uniqueName(() => store.insertDepartment(platform.db, {
    organization_id: actor.organizationId, name: input.name.trim(), description: input.description ?? null, owner_id: input.ownerId ?? null,
  }), input.name);
}

export async function updateDepartment(platform: Platform, actor: Actor, id: string, input: { name?: string; description?: string | null; archived?: boolean; ownerId?: string | null }) {
  await checkOwner(platform, actor, input.ownerId);
  const changes = {
    ...(input.name !== undefined && { name: input.name.trim() }),
    ...(input.description !== undefined && { description: input.description }),
    ...(input.archived !== undefined && { archived_at: input.archived ? new Date() : null }),
    ...(input.ownerId !== undefined && { owner_id: input.ownerId }),
  };
  const row = await uniqueName(() => store.updateDepartment(platform.db, actor.organizationId, id, changes), input.name ?? '');
  if (!row) throw notFound('department', id);
  return row;
}

async function checkDepartment(platform: Platform, actor: Actor, departmentId: string | null | undefined) {
  if (!departmentId) return;
  const department = await store.findDepartment(platform.db, actor.organizationId, departmentId);
  if (!department) throw invalid('departmentId', 'is not a department of this organization');
}

// Staff

export const listUsers = (platform: Platform, actor: Actor) => store.listUsers(platform.db, actor.organizationId);

export async function createUser(platform: Platform, actor: Actor, input: { email: string; displayName: string; role: Role; departmentId?: string | null; password: string }) {
  await checkDepartment(platform, actor, input.departmentId);
  const passwordHash = await hashPassword(input.password);
  try {
    return await store.insertUser(platform.db, {
      organization_id: actor.organizationId,
      email: input.email.toLowerCase(),
      display_name: input.displayName.trim(),
      role: input.role,
      department_id: input.departmentId ?? null,
      password_hash: passwordHash,
      active: true,
    });
  } catch (error) {
    if (pgErrorCode(error) === UNIQUE_VIOLATION) throw conflict('email_taken', 'A staff account with this e-mail already exists.');
    throw error;
  }
}

export async function updateUser(
  platform: Platform,
  actor: Actor,
  id: string,
  input: { displayName?: string; role?: Role; departmentId?: string | null; active?: boolean; password?: string; unlock?: boolean },
) {
  if (id === actor.id && (input.active === false || (input.role && input.role !== 'admin'))) {
    throw conflict('cannot_demote_self', 'You cannot deactivate yourself or remove your own administrator role.');
  }
  await checkDepartment(platform, actor, input.departmentId);
  const changes = {
    ...(input.displayName !== undefined && { display_name: input.displayName.trim() }),
    ...(input.role !== undefined && { role: input.role }),
    ...(input.departmentId !== undefined && { department_id: input.departmentId }),
    ...(input.active !== undefined && { active: input.active }),
    ...(input.password !== undefined && { password_hash: await hashPassword(input.password) }),
    ...(input.unlock && { locked_until: null, failed_logins: 0 }),
  };
  const row = await store.updateUser(platform.db, actor.organizationId, id, changes);
  if (!row) throw notFound('staff member', id);
  if (input.active === false || input.password !== undefined || input.role !== undefined) await store.revokeSessionsOfUser(platform.db, id);
  return row;
}

// API tokens

export const listApiTokens = (platform: Platform, actor: Actor) => store.listApiTokens(platform.db, actor.organizationId);

/** Creates a token; its secret is returned this once and only its digest is kept. */
export async function createApiToken(platform: Platform, actor: Actor, input: { name: string; role: Role; expiresInDays?: number | null }) {
  const secret = `${API_TOKEN_PREFIX}${newSecret()}`;
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const row = await store.insertApiToken(platform.db, {
    organization_id: actor.organizationId,
    name: input.name.trim(),
    token_prefix: secret.slice(0, 10),
    token_hash: digest(secret),
    role: input.role,
    created_by: actor.type === 'user' ? actor.id : null,
    expires_at: expiresAt,
  });
  return { token: secret, row };
}

export async function revokeApiToken(platform: Platform, actor: Actor, id: string) {
  const row = await store.revokeApiToken(platform.db, actor.organizationId, id);
  if (!row) throw notFound('active API token', id);
  await platform.events.publish({
    type: API_TOKEN_REVOKED, version: 1, organizationId: actor.organizationId,
    actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(), data: { tokenId: id },
  });
  return row;
}

export const findOrganization = (platform: Platform, organizationId: string) => store.findOrganization(platform.db, organizationId);
export const findOrganizationBySlug = (platform: Platform, slug: string) => store.findOrganizationBySlug(platform.db, slug);
export const listOrganizations = (platform: Platform) => store.listOrganizations(platform.db);

/** One staff member or department of the organization (for other modules' checks). */
export const findStaffMember = (platform: Platform, organizationId: string, id: string) => store.findUser(platform.db, organizationId, id);
export const findDepartmentById = (platform: Platform, organizationId: string, id: string) => store.findDepartment(platform.db, organizationId, id);
export type { UserRow as StaffMember } from './store.js';
