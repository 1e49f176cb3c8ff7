import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addClinic, addStaff, apiToken, errorOf, PASSWORD, sessionClient, startClinic, tokenClient, type TestClinic } from './harness.js';

let clinic: TestClinic;
beforeAll(async () => { clinic = await startClinic(); });
afterAll(async () => { await clinic?.close(); });

const login = (email: string, password: string, ip = '10.0.0.1') =>
  clinic.careloop.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });

describe('signing in', () => {
  it('a staff member signs in and gets an HttpOnly SameSite session cookie and a CSRF token', async () => {
    const response = await login(clinic.adminEmail, PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'careloop_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const body = response.json();
    expect(body.user.email).toBe(clinic.adminEmail);
    expect(body.csrfToken).toMatch(/.{20,}/);
    expect(body.permissions).toContain('staff:manage');
  });

  it('a wrong password and an unknown e-mail get the same answer', async () => {
    const wrong = await login(clinic.adminEmail, 'not the password');
    const unknown = await login('nobody@nowhere.test', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(errorOf(wrong)).toEqual(errorOf(unknown));
  });

  it('an account is locked after five failed sign-ins, even with the right password, and an admin can unlock it', async () => {
    const email = await addStaff(clinic.careloop, clinic.organizationId, 'agent');
    for (let i = 0; i < 5; i += 1) expect((await login(email, 'wrong password', '10.0.1.1')).statusCode).toBe(401);
    const lockedOut = await login(email, PASSWORD, '10.0.1.1');
    expect(lockedOut.statusCode).toBe(423);
    expect(errorOf(lockedOut).code).toBe('account_locked');
    expect(lockedOut.headers['retry-after']).toBeDefined();

    const admin = await sessionClient(clinic.careloop, clinic.adminEmail);
    const users = (await admin.request('GET', '/api/users')).json<{ id: string; email: string; locked: boolean }[]>();
    const user = users.find((u) => u.email === email)!;
    expect(user.locked).toBe(true);
    expect((await admin.request('PATCH', `/api/users/${user.id}`, { unlock: true })).statusCode).toBe(200);
    expect((await login(email, PASSWORD, '10.0.1.1')).statusCode).toBe(200);
  });

  it('parallel guesses count each other: the account locks, and an unknown address locks the same way', async () => {
    const email = await addStaff(clinic.careloop, clinic.organizationId, 'agent');
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => login(email, `wrong guess ${i}`, '10.0.4.4')));
    expect(guesses.every((r) => r.statusCode === 401 || r.statusCode === 423)).toBe(true);
    expect((await login(email, PASSWORD, '10.0.4.4')).statusCode).toBe(423);

    const unknown = 'nobody-here@sunrise.test';
    for (let i = 0; i < 5; i += 1) expect((await login(unknown, 'guess', '10.0.4.5')).statusCode).toBe(401);
    const lockedOut = await login(unknown, 'guess', '10.0.4.5');
    expect(lockedOut.statusCode).toBe(423);
    expect(errorOf(lockedOut).code).toBe('account_locked');
  });

  it('too many failures from one address are refused with 429 before the password is checked', async () => {
    for (let i = 0; i < 30; i += 1) await login(`guess${i}@nowhere.test`, 'guess', '10.0.2.2');
    const response = await login(clinic.adminEmail, PASSWORD, '10.0.2.2');
    expect(response.statusCode).toBe(429);
    expect(errorOf(response).code).toBe('too_many_requests');
    expect((await login(clinic.adminEmail, PASSWORD, '10.0.2.3')).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('a state-changing request without the CSRF token is refused', async () => {
    const admin = await sessionClient(clinic.careloop, clinic.adminEmail);
    const response = await clinic.careloop.app.inject({ method: 'POST', url: '/api/departments', headers: { cookie: admin.cookie }, payload: { name: 'Radiology' } });
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe('csrf_rejected');
    const wrong = await admin.request('POST', '/api/departments', { name: 'Radiology' }, { 'x-csrf-token': 'forged' });
    expect(wrong.statusCode).toBe(403);
  });

  it('after sign-out the cookie no longer works, and says the session expired', async () => {
    const admin = await sessionClient(clinic.careloop, clinic.adminEmail);
    expect((await admin.request('GET', '/api/auth/session')).statusCode).toBe(200);
    expect((await admin.request('POST', '/api/auth/logout')).statusCode).toBe(204);
    const after = await admin.request('GET', '/api/patients');
    expect(after.statusCode).toBe(401);
    expect(errorOf(after).message).toMatch(/expired/);
  });

  it('an expired session is refused', async () => {
    const admin = await sessionClient(clinic.careloop, clinic.adminEmail);
    await clinic.careloop.platform.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).execute();
    const response = await admin.request('GET', '/api/patients');
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('unauthenticated');
  });

  it('a deactivated staff member is signed out at once', async () => {
    const email = await addStaff(clinic.careloop, clinic.organizationId, 'viewer');
    const viewer = await sessionClient(clinic.careloop, email);
    const admin = await sessionClient(clinic.careloop, clinic.adminEmail);
    const user = (await admin.request('GET', '/api/users')).json<{ id: string; email: string }[]>().find((u) => u.email === email)!;
    expect((await admin.request('PATCH', `/api/users/${user.id}`, { active: false })).statusCode).toBe(200);
    expect((await viewer.request('GET', '/api/patients')).statusCode).toBe(401);
    expect((await login(email, PASSWORD, '10.0.3.3')).statusCode).toBe(401);
  });
});

describe('housekeeping', () => {
  it('a job purges sessions that ended over a week ago and sign-in attempts over a month old, and nothing newer', async () => {
    const { db, jobs } = clinic.careloop.platform;
    const admin = await sessionClient(clinic.careloop, clinic.adminEmail);
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
    const [oldSession, liveSession] = await db.selectFrom('sessions').select(['id']).orderBy('created_at').limit(2).execute();
    await db.updateTable('sessions').set({ expires_at: ago(8) }).where('id', '=', oldSession!.id).execute();
    await db.insertInto('login_attempts').values([
      { organization_id: null, ip: '10.9.9.9', email: 'old@x.test', succeeded: false, created_at: ago(31) },
      { organization_id: null, ip: '10.9.9.9', email: 'recent@x.test', succeeded: false, created_at: ago(29) },
    ]).execute();

    await jobs.send('identity.purge-sign-ins', {});
    const remaining = async () => (await db.selectFrom('login_attempts').select('email').where('ip', '=', '10.9.9.9').execute()).map((r) => r.email);
    for (let attempt = 0; attempt < 100 && (await remaining()).includes('old@x.test'); attempt += 1) await new Promise((r) => setTimeout(r, 100));

    expect(await remaining()).toEqual(['recent@x.test']);
    const sessions = (await db.selectFrom('sessions').select('id').execute()).map((r) => r.id);
    expect(sessions).not.toContain(oldSession!.id);
    expect(sessions).toContain(liveSession!.id);
    expect((await admin.request('GET', '/api/auth/session')).statusCode).toBe(200);
  });
});

describe('roles and permissions', () => {
  it('every role gets exactly what its permissions allow', async () => {
    const viewer = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'viewer'));
    const agent = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'agent'));
    const quality = await sessionClient(clinic.careloop, await addStaff(clinic.careloop, clinic.organizationId, 'quality_manager'));
    const patient = { givenName: 'Rosa', familyName: 'Quintero', dateOfBirth: '1970-01-01' };

    expect((await viewer.request('GET', '/api/patients')).statusCode).toBe(200);
    const refused = await viewer.request('POST', '/api/patients', patient);
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused)).toMatchObject({ code: 'forbidden', details: { permission: 'patients:write' } });
    expect((await agent.request('POST', '/api/patients', patient)).statusCode).toBe(201);
    expect((await agent.request('GET', '/api/users')).statusCode).toBe(403);
    expect((await agent.request('POST', '/api/tokens', { name: 'x', role: 'admin' })).statusCode).toBe(403);
    expect((await quality.request('GET', '/api/audit/verify')).statusCode).toBe(200);
    expect((await agent.request('GET', '/api/audit/verify')).statusCode).toBe(403);
  });

  it('lists the roles with their permissions', async () => {
    const admin = await sessionClient(clinic.careloop, clinic.adminEmail);
    const roles = (await admin.request('GET', '/api/roles')).json<{ name: string; permissions: string[] }[]>();
    expect(roles.map((r) => r.name)).toEqual(['admin', 'agent', 'clinician', 'quality_manager', 'viewer']);
    expect(roles.find((r) => r.name === 'viewer')!.permissions).toEqual(['patients:read', 'inbox:read', 'tasks:read', 'schedule:read', 'feedback:read', 'reports:read', 'referrals:read', 'quality:read', 'broadcast:read']);
  });

  it('an administrator cannot lock themselves out', async () => {
    const admin = await sessionClient(clinic.careloop, clinic.adminEmail);
    const me = (await admin.request('GET', '/api/auth/session')).json<{ user: { id: string } }>().user;
    const response = await admin.request('PATCH', `/api/users/${me.id}`, { role: 'viewer' });
    expect(response.statusCode).toBe(409);
  });
});

describe('administration', () => {
  it('an administrator manages departments and staff', async () => {
    const admin = await sessionClient(clinic.careloop, clinic.adminEmail);
    const created = await admin.request('POST', '/api/departments', { name: 'Cardiology', description: 'Heart clinic' });
    expect(created.statusCode).toBe(201);
    const department = created.json<{ id: string }>();
    expect(errorOf(await admin.request('POST', '/api/departments', { name: 'cardiology' })).code).toBe('department_exists');

    const staff = await admin.request('POST', '/api/users', { email: 'Carla@Sunrise.test', displayName: 'Carla Cruz', role: 'clinician', departmentId: department.id, password: 'a long enough password' });
    expect(staff.statusCode).toBe(201);
    expect(staff.json()).toMatchObject({ email: 'carla@sunrise.test', role: 'clinician', departmentId: department.id, active: true });
    expect(staff.json()).not.toHaveProperty('passwordHash');
    expect(errorOf(await admin.request('POST', '/api/users', { email: 'carla@sunrise.test', displayName: 'Again', role: 'agent', password: 'a long enough password' })).code).toBe('email_taken');

    const changed = await admin.request('PATCH', `/api/users/${staff.json<{ id: string }>().id}`, { role: 'agent' });
    expect(changed.json()).toMatchObject({ role: 'agent' });
    const archived = await admin.request('PATCH', `/api/departments/${department.id}`, { archived: true });
    expect(archived.json()).toMatchObject({ archived: true });
    const listed = (await admin.request('GET', '/api/departments')).json<{ id: string }[]>();
    expect(listed.map((d) => d.id)).not.toContain(department.id);
  });

  it('an integrator uses an API token; its secret is shown once and stored hashed; a revoked token stops working', async () => {
    const admin = await sessionClient(clinic.careloop, clinic.adminEmail);
    const created = await admin.request('POST', '/api/tokens', { name: 'EHR bridge', role: 'agent' });
    expect(created.statusCode).toBe(201);
    const { token, apiToken: info } = created.json<{ token: string; apiToken: { id: string; prefix: string } }>();
    expect(token.startsWith(info.prefix)).toBe(true);
    const stored = await clinic.careloop.platform.db.selectFrom('api_tokens').select('token_hash').where('id', '=', info.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    const integration = tokenClient(clinic.careloop, token);
    expect((await integration.request('GET', '/api/patients')).statusCode).toBe(200);
    expect((await integration.request('GET', '/api/users')).statusCode).toBe(403);
    expect((await admin.request('DELETE', `/api/tokens/${info.id}`)).statusCode).toBe(200);
    const revoked = await integration.request('GET', '/api/patients');
    expect(revoked.statusCode).toBe(401);
    expect(errorOf(revoked).message).toMatch(/revoked/);
    expect((await tokenClient(clinic.careloop, 'clp_made-up').request('GET', '/api/patients')).statusCode).toBe(401);
  });
});

describe('tenants', () => {
  it("a user of one organization never sees or changes another's staff, departments or tokens", async () => {
    const other = await addClinic(clinic.careloop, 'northside');
    const ours = await sessionClient(clinic.careloop, clinic.adminEmail);
    const theirs = tokenClient(clinic.careloop, await apiToken(clinic.careloop, other.organizationId));
    const theirDepartment = (await theirs.request('POST', '/api/departments', { name: 'Secret ward' })).json<{ id: string }>();
    const theirUsers = (await theirs.request('GET', '/api/users')).json<{ id: string; email: string }[]>();
    const theirTokens = (await theirs.request('GET', '/api/tokens')).json<{ id: string }[]>();

    expect((await ours.request('GET', '/api/departments')).json<{ id: string }[]>().map((d) => d.id)).not.toContain(theirDepartment.id);
    expect((await ours.request('GET', '/api/users')).json<{ email: string }[]>().map((u) => u.email)).not.toContain(other.adminEmail);
    expect((await ours.request('PATCH', `/api/departments/${theirDepartment.id}`, { name: 'Hijacked' })).statusCode).toBe(404);
    expect((await ours.request('PATCH', `/api/users/${theirUsers[0]!.id}`, { active: false })).statusCode).toBe(404);
    expect((await ours.request('DELETE', `/api/tokens/${theirTokens[0]!.id}`)).statusCode).toBe(404);
    expect((await ours.request('POST', '/api/users', { email: 'x@sunrise.test', displayName: 'X', role: 'agent', departmentId: theirDepartment.id, password: 'a long enough password' })).statusCode).toBe(400);
  });
});
