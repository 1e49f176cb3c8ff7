/**
 * bench/inbox setup, through the product's own surfaces: an admin API token from the CLI, the
 * clinic's bench number, automation rules and agent accounts through the HTTP API, one session per
 * agent from POST /api/auth/login. Only the bulk of known patients is inserted with bench SQL.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.js';
import { seedPatient } from './fixtures.js';
import { seedPatients } from './seed.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

/** The number patients text in the bench (the demo clinic's main line is left alone). */
export const BENCH_NUMBER = '+16175550142';
export const AGENT_PASSWORD = 'bench agent password 1234';

export interface Api {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

export function apiClient(url: string, token: string): Api {
  return {
    async call<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(url + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

/** `careloop token create` as an operator runs it. */
export async function cliAdminToken(env: Record<string, string>, slug: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'token', 'create', '--org', slug, '--name', 'bench', '--role', 'admin'], {
    cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000,
  });
  const token = stdout.trim().split('\n').pop()?.trim();
  if (!token) throw new Error(`token create printed no token: ${stdout}`);
  return token;
}

/** Adds `count` patients with one phone each to the clinic (bench SQL, batches of 1000); returns their phones. */
export async function seedKnownPatients(databaseUrl: string, slug: string, count: number): Promise<string[]> {
  const database = await openDatabase({ databaseUrl, dataDir: 'memory://' });
  try {
    const organization = await database.db.selectFrom('organizations').select('organization_id').where('slug', '=', slug).executeTakeFirstOrThrow();
    await seedPatients(database.db, organization.organization_id, count);
    await sql`analyze`.execute(database.db);
    return Array.from({ length: count }, (_, index) => seedPatient(index).phone);
  } finally {
    await database.close();
  }
}

/** Runs `work` over `items`, `concurrency` at a time. */
export async function inBatches<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  }));
  return results;
}

export interface Clinic {
  departmentId: string;
  endpointId: string;
  rules: { id: string; name: string }[];
}

/** The bench number (no team of its own: a rule gives each new thread one) and the clinic's automation rules for incoming texts. */
export async function configureClinic(api: Api): Promise<Clinic> {
  const list = await api.call<{ id: string; name: string }[]>('GET', '/api/departments');
  const frontDesk = list.find((d) => d.name === 'Front Desk') ?? list[0];
  if (!frontDesk) throw new Error('the clinic has no department');
  const endpoint = await api.call<{ id: string }>('POST', '/api/channels/endpoints', { channel: 'sms', address: BENCH_NUMBER, name: 'Bench line' });
  const rules = await createRules(api, frontDesk.id);
  return { departmentId: frontDesk.id, endpointId: endpoint.id, rules };
}

/**
 * Two rules every incoming text passes through, as a clinic would set them: a text asking for a
 * refill is labelled and raised to high priority; a thread with no team goes to the Front Desk.
 */
async function createRules(api: Api, departmentId: string): Promise<{ id: string; name: string }[]> {
  const definitions = [
    {
      name: 'Refill requests', event: 'message.received',
      conditions: [{ field: 'body', operator: 'contains', value: 'refill' }],
      actions: [{ type: 'add_label', label: 'refill' }, { type: 'set_priority', priority: 'high' }],
    },
    {
      name: 'Texts without a team go to the front desk', event: 'message.received',
      conditions: [{ field: 'channel', operator: 'equals', value: 'sms' }, { field: 'departmentId', operator: 'is_not_set' }],
      actions: [{ type: 'assign_team', departmentId }],
    },
  ];
  const created: { id: string; name: string }[] = [];
  for (const rule of definitions) created.push(await api.call<{ id: string; name: string }>('POST', '/api/inbox/rules', rule));
  return created;
}

/** `count` agent accounts on the team, created through the API (argon2 hashing on the server, two at a time). */
export async function createAgents(api: Api, count: number, departmentId: string): Promise<string[]> {
  const emails = Array.from({ length: count }, (_, i) => `agent-${String(i + 1).padStart(3, '0')}@bench.test`);
  await inBatches(emails, 2, (email, i) => api.call('POST', '/api/users', {
    email, displayName: `Bench Agent ${i + 1}`, role: 'agent', departmentId, password: AGENT_PASSWORD,
  }));
  return emails;
}

/** One staff session per agent (POST /api/auth/login, as the web app signs in): the cookie header of each. */
export async function signIn(url: string, emails: string[]): Promise<string[]> {
  return inBatches(emails, 2, async (email) => {
    const response = await fetch(`${url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: AGENT_PASSWORD }),
    });
    if (!response.ok) throw new Error(`sign-in of ${email}: ${response.status} ${await response.text()}`);
    const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!);
    if (cookies.length === 0) throw new Error(`sign-in of ${email} set no cookie`);
    return cookies.join('; ');
  });
}
