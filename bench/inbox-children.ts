/** The bench's other processes: the agents' sockets, the load generator and the bare baseline, forked with tsx. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AgentsCommand, AgentsReply, AgentsStatus, Delivery } from './inbox-agents.js';
import type { ClosedResult, LoadProgress, LoadSpec, RateResult } from './inbox-load.js';

const script = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function forkTs(name: string): ChildProcess {
  const child = fork(script(name), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export interface Agents {
  pid: number;
  open(options: Omit<Extract<AgentsCommand, { cmd: 'open' }>, 'cmd'>): Promise<{ ms: number; open: number }>;
  reset(): Promise<void>;
  status(): Promise<AgentsStatus>;
  collect(): Promise<AgentsStatus & { deliveries: Delivery[] }>;
  close(): Promise<void>;
}

/** The agents' WebSockets, in a process of their own. */
export function startAgents(): Agents {
  const child = forkTs('inbox-agents.ts');
  const waiting = new Map<string, (reply: AgentsReply) => void>();
  let failure: string | undefined;
  child.on('message', (reply: AgentsReply) => {
    if (reply.ev === 'error') failure = reply.message;
    const key = reply.ev === 'opened' ? 'open' : reply.ev;
    const resolve = waiting.get(key);
    waiting.delete(key);
    resolve?.(reply);
  });
  const ask = <T extends AgentsReply>(command: AgentsCommand, key: string) => new Promise<T>((resolve, reject) => {
    if (failure) return reject(new Error(failure));
    waiting.set(key, (reply) => resolve(reply as T));
    child.send(command);
  });
  return {
    pid: child.pid!,
    open: async (options) => {
      const reply = await ask<Extract<AgentsReply, { ev: 'opened' }>>({ cmd: 'open', ...options }, 'open');
      if (failure) throw new Error(failure);
      return { ms: reply.ms, open: reply.open };
    },
    reset: async () => { await ask({ cmd: 'reset' }, 'reset'); },
    status: () => ask<AgentsStatus>({ cmd: 'status' }, 'status'),
    collect: () => ask<AgentsStatus & { deliveries: Delivery[] }>({ cmd: 'collect' }, 'records'),
    close: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send({ cmd: 'close' });
    }),
  };
}

export interface LoadRun<R> {
  pid: number;
  result: Promise<R>;
}

/** One load in a child process; `onProgress` hears from an open-loop run four times a second. */
export function startLoad<S extends LoadSpec>(spec: S, onProgress?: (progress: LoadProgress) => void): LoadRun<S extends { mode: 'closed' } ? ClosedResult : RateResult> {
  const child = forkTs('inbox-load.ts');
  type R = S extends { mode: 'closed' } ? ClosedResult : RateResult;
  const result = new Promise<R>((resolve, reject) => {
    let answer: R | undefined;
    child.on('message', (message: { result?: R } | LoadProgress) => {
      if ('progress' in message) onProgress?.(message);
      else if (message.result) answer = message.result;
    });
    child.once('error', reject);
    child.once('exit', (code) => (answer ? resolve(answer) : reject(new Error(`the load generator exited with ${code} and no result`))));
  });
  child.send(spec);
  return { pid: child.pid!, result };
}

export interface Baseline {
  url: string;
  pid: number;
  received(): Promise<number>;
  close(): Promise<void>;
}

/** The bare Fastify route (the ceiling), in a process of its own like the server. */
export function startBaseline(): Promise<Baseline> {
  const child = forkTs('inbox-baseline.ts');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (message: { url: string }) => {
      resolve({
        url: message.url,
        pid: child.pid!,
        received: () => new Promise((done) => {
          child.once('message', (reply: { received: number }) => done(reply.received));
          child.send({ cmd: 'count' });
        }),
        close: () => new Promise<void>((done) => {
          child.once('exit', () => done());
          child.send({ cmd: 'close' });
        }),
      });
    });
  });
}
