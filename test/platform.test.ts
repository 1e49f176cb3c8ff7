import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type DomainEvent } from '../src/platform/events.js';
import { cliDatabase, postgresUrl, runCli, startClinic, type TestClinic } from './harness.js';

const silent = { error: () => undefined };
const event = (type: string): DomainEvent => ({
  type, version: 1, organizationId: 'org', actor: { type: 'system', id: null, label: 'test' }, at: new Date().toISOString(), data: { n: 1 },
});

let clinic: TestClinic;
beforeAll(async () => { clinic = await startClinic(); });
afterAll(async () => { await clinic?.close(); });

describe('the event bus', () => {
  it('delivers to subscribers of the type and of every type; a failing handler does not stop the others', async () => {
    const bus = await createEventBus({ logger: silent });
    const seen: string[] = [];
    bus.subscribe('patient.registered', () => { throw new Error('broken subscriber'); });
    bus.subscribe('patient.registered', (e) => { seen.push(`typed:${e.type}`); });
    const unsubscribe = bus.subscribe('*', (e) => { seen.push(`all:${e.type}`); });
    await bus.publish(event('patient.registered'));
    unsubscribe();
    await bus.publish(event('patient.updated'));
    expect(seen).toEqual(['typed:patient.registered', 'all:patient.registered']);
    await bus.close();
  });

  it.skipIf(!postgresUrl)('crosses processes over LISTEN/NOTIFY, to everyProcess subscribers only', async () => {
    const here = await createEventBus({ postgresUrl, logger: silent });
    const there = await createEventBus({ postgresUrl, logger: silent });
    const received: string[] = [];
    there.subscribe('*', (e) => { received.push(`once:${e.type}`); });
    const arrived = new Promise<DomainEvent>((resolve) => there.subscribe('visit.completed', resolve, { everyProcess: true }));
    const stranger = new pg.Client({ connectionString: postgresUrl });
    await stranger.connect();
    await stranger.query("select pg_notify('careloop_events', 'not an event')");
    await stranger.end();
    await here.publish(event('visit.completed'));
    expect((await arrived).data).toEqual({ n: 1 });
    expect(received).toEqual([]);
    await here.close();
    await there.close();
  });
});

describe('jobs', () => {
  it('runs a job sent through the queue on this database kind', async () => {
    let handled!: (data: { value: number }) => void;
    const done = new Promise<{ value: number }>((resolve) => { handled = resolve; });
    await clinic.careloop.platform.jobs.define<{ value: number }>({ name: 'test.echo', handle: async (data) => handled(data) });
    await clinic.careloop.platform.jobs.send('test.echo', { value: 7 });
    expect(await done).toEqual({ value: 7 });
  });
});

describe('the careloop command', () => {
  it('refuses to start with a wrong setting and names the variable', async () => {
    const result = await runCli(['serve'], { PORT: 'eighty', DATA_DIR: 'memory://' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('configuration error: PORT: must be a whole number');
  });

  it('serve creates the demo clinic on first start, prints the URL and logins, and shuts down cleanly', async () => {
    const database = await cliDatabase();
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !['DATABASE_URL', 'TEST_DATABASE_URL', 'DATA_DIR'].includes(key)));
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      env: { ...base, ...database.env, PORT: String(port), SMTP_LISTEN_PORT: '0', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('viewer@riverside.example')) resolve();
        });
        server.on('exit', (code) => reject(new Error(`serve exited early (${code}): ${output}`)));
      });
      expect(output).toContain(`Open      http://localhost:${port}`);
      expect(output).toContain('admin@riverside.example');
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'agent@riverside.example', password: 'careloop-demo' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const patients = await (await fetch(`http://127.0.0.1:${port}/api/patients?limit=1`, { headers: { cookie } })).json() as { total: number };
      expect(patients.total).toBe(205);
      expect(output).toMatch(/Mail in {3}SMTP on 127\.0\.0\.1:\d+ for <mailbox>@careloop\.localhost/);
      expect(output).toContain('Mail out  kept in the test outbox');
      const inbox = await (await fetch(`http://127.0.0.1:${port}/api/inbox/conversations?status=all&limit=50`, { headers: { cookie } })).json() as { items: { channel: string }[] };
      expect(new Set(inbox.items.map((c) => c.channel))).toEqual(new Set(['sms', 'email', 'chat', 'voice']));
      const docs = await fetch(`http://127.0.0.1:${port}/docs/json`);
      expect(((await docs.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty('/api/patients');

      const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      server.kill('SIGKILL');
      await database.drop();
    }
  }, 240_000);
});
