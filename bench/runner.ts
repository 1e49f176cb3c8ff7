import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { LoadResult, LoadSpec } from './load.js';

const LOAD_SCRIPT = fileURLToPath(new URL('./load.ts', import.meta.url));

/** Runs one load in a child process (autocannon there, the server here) and returns its figures. */
export function runInChild(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(LOAD_SCRIPT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: LoadResult | undefined;
    child.once('message', (message) => { result = message as LoadResult; });
    child.once('error', reject);
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`load generator exited with ${code} and no result`))));
    child.send(spec);
  });
}

/** A short run first (JIT, pools, caches), then the measured one. */
export async function measure(spec: LoadSpec, warmupSeconds: number, warmupSpec: Partial<LoadSpec> = {}, settle?: () => Promise<void>): Promise<LoadResult> {
  if (warmupSeconds > 0) {
    await runInChild({ ...spec, ...warmupSpec, duration: warmupSeconds });
    await settle?.();
  }
  return runInChild(spec);
}

/** What a server is doing: requests taken up and not answered, and a count of every start and answer. */
export interface Activity {
  inFlight: number;
  events: number;
}

/**
 * Watches a server's requests. A load generator that stops closes its sockets, but the server
 * goes on serving what it had read (and, on PGlite, what still sits in the kernel's buffers); the
 * next run must not start until that is done. Call before listen.
 */
export function trackActivity(app: FastifyInstance): Activity {
  const activity: Activity = { inFlight: 0, events: 0 };
  const counted = new WeakSet<FastifyRequest>();
  app.addHook('onRequest', async (request) => {
    counted.add(request);
    activity.inFlight += 1;
    activity.events += 1;
  });
  app.addHook('onSend', async (request, _reply, payload) => {
    if (counted.delete(request)) activity.inFlight -= 1;
    activity.events += 1;
    return payload;
  });
  return activity;
}

/**
 * Waits until the servers have been idle for half a second: nothing started or answered and
 * nothing in flight. A request whose client left before its body arrived is never answered, so
 * three seconds without any start or answer also count as idle. At most two minutes.
 */
export async function settle(servers: Activity[]): Promise<void> {
  const events = () => servers.reduce((sum, server) => sum + server.events, 0);
  let last = events();
  for (let attempt = 0, still = 0; attempt < 1200; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = events();
    still = now === last ? still + 1 : 0;
    last = now;
    const idle = servers.every((server) => server.inFlight === 0);
    if ((idle && still >= 5) || still >= 30) return;
  }
}

export interface Baseline {
  url: string;
  activity: Activity;
  close(): Promise<void>;
}

/** The ceiling: a bare Fastify app whose one route does one primary-key read and sends the row. */
export async function startBaseline(read: (id: string) => Promise<unknown>): Promise<Baseline> {
  const app = Fastify({ logger: false });
  app.get<{ Params: { id: string } }>('/baseline/patients/:id', async (request, reply) => {
    const row = await read(request.params.id);
    if (!row) return reply.status(404).send({ error: 'not found' });
    return row;
  });
  const activity = trackActivity(app);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, activity, close: () => app.close() };
}

export function machine() {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
  };
}

/** n random elements of a list (with repetition when the list is shorter). */
export function sample<T>(items: T[], n: number): T[] {
  return Array.from({ length: n }, () => items[Math.floor(Math.random() * items.length)]!);
}
