import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { buildCareloop, type Careloop } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createApiToken, createOrganization, createUser } from '../src/modules/identity/service.js';
import { systemActor, type Role } from '../src/platform/permissions.js';

/** The PostgreSQL server tests run against, when one is configured; otherwise the embedded database. */
export const postgresUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `careloop_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** Environment for a `careloop` CLI process with a database of its own (a temp folder, or a new PostgreSQL database). */
export async function cliDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (postgresUrl) {
    const database = await freshPostgresDatabase();
    return { env: { DATABASE_URL: database.url }, drop: database.drop };
  }
  const dir = await mkdtemp(join(tmpdir(), 'careloop-cli-'));
  return { env: { DATA_DIR: dir }, drop: () => rm(dir, { recursive: true, force: true }) };
}

const execFileAsync = promisify(execFile);

/** Runs the CLI as a person would, returning its exit code and output. */
export async function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !['DATABASE_URL', 'TEST_DATABASE_URL', 'DATA_DIR'].includes(key)));
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      env: { ...base, LOG_LEVEL: 'warn', ...env }, timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

export interface TestClinic {
  careloop: Careloop;
  organizationId: string;
  slug: string;
  adminEmail: string;
  password: string;
  close(): Promise<void>;
}

export const PASSWORD = 'correct horse battery';

/** A running Careloop on a database of its own (in memory, or a new PostgreSQL database), with one clinic. */
export async function startClinic(options: { port?: number; env?: Record<string, string>; logStream?: { write(line: string): void } } = {}): Promise<TestClinic> {
  const database = postgresUrl ? await freshPostgresDatabase() : undefined;
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: 'memory://',
    SMTP_LISTEN_PORT: '0',
    ...(database && { DATABASE_URL: database.url }),
    ...(options.port !== undefined && { PORT: String(options.port) }),
    ...options.env,
  });
  const careloop = await buildCareloop(config, options.logStream ? { logStream: options.logStream } : { logger: false });
  const clinic = await addClinic(careloop, 'sunrise');
  return {
    careloop,
    ...clinic,
    async close() {
      await careloop.close();
      await database?.drop();
    },
  };
}

/** Another tenant in the same running Careloop. */
export async function addClinic(careloop: Careloop, slug: string) {
  const adminEmail = `admin@${slug}.test`;
  const { organization } = await createOrganization(careloop.platform, {
    name: `${slug} clinic`, slug, timeZone: 'America/New_York', admin: { email: adminEmail, displayName: `${slug} admin`, password: PASSWORD },
  });
  return { organizationId: organization.organization_id, slug, adminEmail, password: PASSWORD };
}

export async function addStaff(careloop: Careloop, organizationId: string, role: Role, email = `${role}-${randomUUID().slice(0, 8)}@staff.test`) {
  await createUser(careloop.platform, systemActor(organizationId, 'cli'), { email, displayName: `${role} person`, role, password: PASSWORD });
  return email;
}

export async function apiToken(careloop: Careloop, organizationId: string, role: Role = 'admin') {
  return (await createApiToken(careloop.platform, systemActor(organizationId, 'cli'), { name: `test ${role}`, role })).token;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Client {
  request(method: Method, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** Calls the API with a bearer token. */
export function tokenClient(careloop: Careloop, token: string): Client {
  return {
    request: (method, url, body, headers = {}) =>
      careloop.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(body !== undefined && { payload: body as object }) }),
  };
}

/** Signs in as a staff member and calls the API with the session cookie and CSRF token, as the web app does. */
export async function sessionClient(careloop: Careloop, email: string, password = PASSWORD): Promise<Client & { cookie: string; csrf: string }> {
  const login = await careloop.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.statusCode} ${login.body}`);
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = login.json<{ csrfToken: string }>().csrfToken;
  return {
    cookie,
    csrf,
    request: (method, url, body, headers = {}) =>
      careloop.app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf, ...headers }, ...(body !== undefined && { payload: body as object }) }),
  };
}

export const errorOf = (response: LightMyRequestResponse) => response.json<{ error: { code: string; message: string; details?: unknown } }>().error;
