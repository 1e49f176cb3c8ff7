/**
 * The load generator, run in a child process of its own so that it does not share the server's
 * event loop. It receives a LoadSpec (IPC message, or JSON as the first argument), runs
 * autocannon and answers with a LoadResult (IPC message, or JSON on stdout).
 */
import autocannon from 'autocannon';
import { newPatientBody } from './fixtures.js';

export interface LoadSpec {
  /** Origin, e.g. http://127.0.0.1:3000 */
  url: string;
  method: 'GET' | 'POST';
  /** Each request picks one at random. */
  paths: string[];
  headers?: Record<string, string>;
  body?: string;
  /** POST bodies of new, distinct patients, numbered from this index on. */
  newPatientsFrom?: number;
  duration: number;
  connections: number;
  /** A steady rate across all connections, instead of each connection sending as fast as it can. */
  overallRate?: number;
}

export interface LoadResult {
  seconds: number;
  /** Responses received. */
  requests: number;
  /** Requests still waiting when the time was up (at most one per connection); not in the latencies. */
  unfinished: number;
  ok: number;
  /** Successful responses per second. */
  rps: number;
  latencyMs: { avg: number; p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let created = 0;
  const pick = () => spec.paths[Math.floor(Math.random() * spec.paths.length)]!;
  const headers = { ...(spec.body !== undefined || spec.newPatientsFrom !== undefined ? { 'content-type': 'application/json' } : {}), ...spec.headers };
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    ...(spec.overallRate !== undefined && { overallRate: spec.overallRate }),
    duration: spec.duration,
    method: spec.method,
    headers,
    timeout: 30,
    requests: [{
      setupRequest: (request) => ({
        ...request,
        path: pick(),
        ...(spec.body !== undefined && { body: spec.body }),
        ...(spec.newPatientsFrom !== undefined && { body: newPatientBody(spec.newPatientsFrom + created++) }),
      }),
    }],
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats)) statusCodes[code] = stats.count;
  const requests = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  return {
    seconds: result.duration,
    requests,
    unfinished: Math.max(0, result.requests.sent - requests),
    ok: result['2xx'],
    rps: Math.round((result['2xx'] / result.duration) * 10) / 10,
    latencyMs: { avg: result.latency.average, p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '');

if (isMain) {
  if (process.send) {
    process.once('message', (spec: LoadSpec) => {
      runLoad(spec).then((result) => process.send!(result, () => process.exit(0)), (error: unknown) => {
        console.error(error);
        process.exit(1);
      });
    });
  } else if (process.argv[2]) {
    console.log(JSON.stringify(await runLoad(JSON.parse(process.argv[2]) as LoadSpec), null, 2));
  } else {
    console.error('usage: tsx bench/load.ts \'{"url":"http://127.0.0.1:3000","method":"GET","paths":["/healthz"],"duration":10,"connections":50}\'');
    process.exitCode = 2;
  }
}
