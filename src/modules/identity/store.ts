import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, DepartmentTable, OrganizationTable, UserTable } from '../../db/schema.js';

export type Db = Kysely<Database>;
export type UserRow = Selectable<UserTable>;
export type DepartmentRow = Selectable<DepartmentTable>;
export type OrganizationRow = Selectable<OrganizationTable>;

export const insertOrganization = (db: Db, row: Insertable<OrganizationTable>) =>
  db.insertInto('organizations').values(row).returningAll().executeTakeFirstOrThrow();

export const findOrganization = (db: Db, organizationId: string) =>
  db.selectFrom('organizations').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();

export const findOrganizationBySlug = (db: Db, slug: string) =>
  db.selectFrom('organizations').selectAll().where('slug', '=', slug).executeTakeFirst();

export const listOrganizations = (db: Db) => db.selectFrom('organizations').selectAll().orderBy('created_at').execute();

// Departments

export const listDepartments = (db: Db, organizationId: string, includeArchived: boolean) => {
  let query = db.selectFrom('departments').selectAll().where('organization_id', '=', organizationId);
  if (!includeArchived) query = query.where('archived_at', 'is', null);
  return query.orderBy('name').execute();
};

export const findDepartment = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('departments').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const insertDepartment = (db: Db, row: Insertable<DepartmentTable>) =>
  db.insertInto('departments').values(row).returningAll().executeTakeFirstOrThrow();

export const updateDepartment = (db: Db, organizationId: string, id: string, changes: Updateable<DepartmentTable>) =>
  db.updateTable('departments').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();

// Users

export const listUsers = (db: Db, organizationId: string) =>
  db.selectFrom('users').selectAll().where('organization_id', '=', organizationId).orderBy('display_name').execute();

export const findUser = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('users').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const findUserByEmail = (db: Db, email: string) =>
  db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst();

export const insertUser = (db: Db, row: Insertable<UserTable>) =>
  db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow();

export const updateUser = (db: Db, organizationId: string, id: string, changes: Updateable<UserTable>) =>
  db.updateTable('users').set({ ...changes, updated_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();

// Login attempts

export const recordLoginAttempt = (db: Db, attempt: { organizationId: string | null; ip: string; email: string; succeeded: boolean }) =>
  db.insertInto('login_attempts')
    .values({ organization_id: attempt.organizationId, ip: attempt.ip, email: attempt.email.toLowerCase(), succeeded: attempt.succeeded })
    .returning('id').executeTakeFirstOrThrow();

export const markLoginAttemptSucceeded = (db: Db, id: string) =>
  db.updateTable('login_attempts').set({ succeeded: true }).where('id', '=', id).execute();

/** Failures for this e-mail since `since`, before the attempt `beforeId`, and after its last success. */
export async function countFailedLoginsForEmail(db: Db, email: string, since: Date, beforeId: string): Promise<number> {
  const address = email.toLowerCase();
  const row = await db.selectFrom('login_attempts').select((eb) => eb.fn.countAll<number>().as('count'))
    .where('email', '=', address).where('succeeded', '=', false).where('created_at', '>', since).where('id', '<', beforeId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('login_attempts as later').select('later.id')
      .where('later.email', '=', address).where('later.succeeded', '=', true).whereRef('later.id', '>', 'login_attempts.id'))))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Counts one wrong password atomically; the count that reaches `limit` locks the account for `minutes`. */
export const countFailedLogin = (db: Db, userId: string, limit: number, minutes: number) =>
  db.updateTable('users').where('id', '=', userId).set((eb) => ({
    failed_logins: sql<number>`case when ${eb.ref('failed_logins')} + 1 >= ${limit} then 0 else ${eb.ref('failed_logins')} + 1 end`,
    locked_until: sql<Date | null>`case when ${eb.ref('failed_logins')} + 1 >= ${limit} then now() + make_interval(mins => ${minutes}) else ${eb.ref('locked_until')} end`,
  })).execute();

export async function countFailedLoginsFromIp(db: Db, ip: string, since: Date): Promise<number> {
  const row = await db.selectFrom('login_attempts').select((eb) => eb.fn.countAll<number>().as('count'))
    .where('ip', '=', ip).where('succeeded', '=', false).where('created_at', '>', since).executeTakeFirstOrThrow();
  return Number(row.count);
}

// Sessions

export const insertSession = (db: Db, row: { organization_id: string; user_id: string; token_hash: string; csrf_token: string; expires_at: Date }) =>
  db.insertInto('sessions').values(row).returning(['id']).executeTakeFirstOrThrow();

export const findLiveSession = (db: Db, tokenHash: string, now: Date) =>
  db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id', 'sessions.csrf_token', 'sessions.last_seen_at', 'sessions.expires_at',
      'users.id as user_id', 'users.organization_id', 'users.display_name', 'users.email', 'users.role',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where('users.active', '=', true)
    .executeTakeFirst();

export const touchSession = (db: Db, sessionId: string, now: Date) =>
  db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', sessionId).execute();

export const revokeSession = (db: Db, sessionId: string) =>
  db.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', sessionId).execute();

export const revokeSessionsOfUser = (db: Db, userId: string) =>
  db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();

// API tokens

export const insertApiToken = (db: Db, row: { organization_id: string; name: string; token_prefix: string; token_hash: string; role: UserRow['role']; created_by: string | null; expires_at: Date | null }) =>
  db.insertInto('api_tokens').values(row).returningAll().executeTakeFirstOrThrow();

export const listApiTokens = (db: Db, organizationId: string) =>
  db.selectFrom('api_tokens').selectAll().where('organization_id', '=', organizationId).orderBy('created_at', 'desc').execute();

export const findLiveApiToken = (db: Db, tokenHash: string, now: Date) =>
  db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();

export const touchApiToken = (db: Db, id: string, now: Date) =>
  db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();

export const revokeApiToken = (db: Db, organizationId: string, id: string) =>
  db.updateTable('api_tokens').set({ revoked_at: new Date() })
    .where('organization_id', '=', organizationId).where('id', '=', id).where('revoked_at', 'is', null)
    .returningAll().executeTakeFirst();

// Housekeeping

/** Deletes sessions that ended (expired or revoked) before `before`, and sign-in attempts older than `attemptsBefore`. */
export async function purgeOldSignIns(db: Db, before: Date, attemptsBefore: Date) {
  const sessions = await db.deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)])).executeTakeFirst();
  const attempts = await db.deleteFrom('login_attempts').where('created_at', '<', attemptsBefore).executeTakeFirst();
  return { sessions: Number(sessions.numDeletedRows), attempts: Number(attempts.numDeletedRows) };
}
