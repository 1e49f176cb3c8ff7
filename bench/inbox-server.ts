/**
 * The Careloop server as a child process of the bench (`node --import tsx src/main.ts serve`), so
 * that it can be killed with SIGKILL in the middle of a run and started again on the same database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { CpuSummary } from './inbox-cpuprofile.js';
import type { ProbeResult, ProbeStatement } from './inbox-probe.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PROBE = fileURLToPath(new URL('./inbox-probe.ts', import.meta.url));

export interface ServerProcess {
  url: string;
  pid: number;
  /** Milliseconds from spawn to the first healthy answer. */
  startMs: number;
  /** SIGKILL: no shutdown code runs, open transactions are cut off. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** Records the server's database statements from now on. */
  probeStart(): void;
  /** The statements recorded since probeStart, by verb and table. */
  probeStop(): Promise<ProbeStatement[]>;
  /** Runs V8's CPU profiler in the server from now on. */
  cpuStart(): void;
  /** Where the server's CPU went since cpuStart. */
  cpuStop(): Promise<CpuSummary>;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it answered:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server did not answer /healthz within ${timeoutMs / 1000} s:\n${output()}`);
}

/** Starts `careloop serve` with this environment on `port` and waits until /healthz answers. */
export async function startServer(env: Record<string, string>, port: number): Promise<ServerProcess> {
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // BENCH_INBOX_SERVER_ARGS: more node flags for the server, e.g. --cpu-prof --cpu-prof-dir=/tmp/profiles
  const extra = (process.env.BENCH_INBOX_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', '--import', PROBE, 'src/main.ts', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    running.delete(child);
    resolve();
  }));
  let tail = '';
  const keep = (chunk: Buffer) => { tail = (tail + chunk.toString('utf8')).slice(-4000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  await waitForHealth(url, child, () => tail);

  let pending: ((statements: ProbeStatement[]) => void) | undefined;
  let pendingCpu: ((summary: CpuSummary) => void) | undefined;
  child.on('message', (message: ProbeResult) => {
    if (message?.probe === 'result') pending?.(message.statements);
    if (message?.probe === 'cpu') pendingCpu?.(message.summary);
  });
  return {
    url,
    pid: child.pid!,
    startMs: Math.round(performance.now() - started),
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
    probeStart: () => child.send({ probe: 'start' }),
    probeStop: () => new Promise((resolve) => {
      pending = resolve;
      child.send({ probe: 'stop' });
    }),
    cpuStart: () => child.send({ probe: 'cpu-start' }),
    cpuStop: () => new Promise((resolve) => {
      pendingCpu = resolve;
      child.send({ probe: 'cpu-stop' });
    }),
  };
}
