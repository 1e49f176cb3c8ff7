/**
 * The provider's side of bench/inbox, in a child process of its own: signed inbound-text webhooks
 * from many senders, either flat out on N connections (autocannon, closed loop) or at a fixed
 * rate whatever the server does (open loop, node:http keep-alive), retrying like a provider every
 * webhook that did not get a 2xx (same MessageSid, same signature) until it does.
 */
import http from 'node:http';
import autocannon from 'autocannon';
import { bodyFor, encodeForm, inboundSms, messageSid, WEBHOOK_PATH } from './inbox-sms.js';

interface Common {
  /** The server's origin; the signed URL is PUBLIC_URL + path and must be this origin. */
  url: string;
  /** The clinic's number texted. */
  to: string;
  senders: string[];
  /** Tags the MessageSids of this run. */
  phase: number;
  duration: number;
}

export type LoadSpec =
  | (Common & { mode: 'closed'; connections: number })
  | (Common & {
    mode: 'rate';
    rate: number;
    /** Retry a webhook that got no 2xx after this long (0: never retry, count it failed). */
    retryDelayMs: number;
    /** After the last new message, wait this long for answers (and retries), then drop what is left. */
    drainMs: number;
  });

export interface ClosedResult {
  mode: 'closed';
  /** Messages numbered 0..sent-1 were sent (some perhaps unanswered when time was up). */
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  startedAt: number;
  endedAt: number;
  rps: number;
  latencyMs: { p50: number; p99: number; max: number };
}

export interface RateResult {
  mode: 'rate';
  sent: number;
  startedAt: number;
  /** When the last new message was sent (retries go on after). */
  lastNewAt: number;
  /** Per message (index = message number): first attempt's send time, the 2xx's arrival, attempts. */
  sendAt: number[];
  ackAt: number[];
  attempts: number[];
  statuses: Record<string, number>;
  /** Messages never answered with a 2xx before giving up. */
  unacknowledged: number;
  /** Messages that never got a connection (the server was so far behind that 256 were waiting): not sent at all. */
  neverSent: number;
}

export interface LoadProgress {
  progress: true;
  at: number;
  sent: number;
  acked: number;
  /** Requests on the wire now. */
  inFlight: number;
  /** Messages waiting for a retry. */
  retrying: number;
}

const now = () => performance.timeOrigin + performance.now();
const sender = (senders: string[], index: number) => senders[(index * 7919) % senders.length]!;

function message(spec: Common, index: number) {
  const sid = messageSid(spec.phase, index);
  const { form, signature } = inboundSms({ url: spec.url + WEBHOOK_PATH, to: spec.to, from: sender(spec.senders, index), sid, body: bodyFor(index) });
  return { body: encodeForm(form), signature };
}

async function closedLoop(spec: Extract<LoadSpec, { mode: 'closed' }>): Promise<ClosedResult> {
  let sent = 0;
  const startedAt = now();
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.duration,
    method: 'POST',
    timeout: 30,
    requests: [{
      setupRequest: (request) => {
        const { body, signature } = message(spec, sent++);
        return { ...request, path: WEBHOOK_PATH, body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature } };
      },
    }],
  });
  return {
    mode: 'closed', sent, ok: result['2xx'], non2xx: result.non2xx, errors: result.errors + result.timeouts, startedAt, endedAt: now(),
    rps: Math.round((result['2xx'] / result.duration) * 10) / 10,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  };
}

async function openLoop(spec: Extract<LoadSpec, { mode: 'rate' }>): Promise<RateResult> {
  // At most 256 requests at the server at once; more wait here (their wait counts in their latency).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(spec.url);
  const total = Math.round(spec.rate * spec.duration);
  const sendAt: number[] = new Array<number>(total).fill(0);
  const ackAt: number[] = new Array<number>(total).fill(0);
  const attempts: number[] = new Array<number>(total).fill(0);
  const onWire = new Uint8Array(total);
  const statuses: Record<string, number> = {};
  let sent = 0;
  let acked = 0;
  let inFlight = 0;
  let retrying = 0;
  let lastNewAt = 0;
  let deadline = Infinity;
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => { finished = resolve; });
  const startedAt = now();

  const attempt = (index: number, body: string, signature: string) => {
    attempts[index]! += 1;
    inFlight += 1;
    let settled = false;
    const settle = (status: string) => {
      if (settled) return;
      settled = true;
      inFlight -= 1;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status.startsWith('2')) {
        ackAt[index] = now();
        acked += 1;
      } else if (spec.retryDelayMs > 0 && now() < deadline) {
        retrying += 1;
        setTimeout(() => { retrying -= 1; attempt(index, body, signature); }, spec.retryDelayMs);
      }
      if (sent === total && inFlight === 0 && retrying === 0) finished();
    };
    const request = http.request({
      agent, host: target.hostname, port: target.port, path: WEBHOOK_PATH, method: 'POST', timeout: 30_000,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-twilio-signature': signature },
    }, (response) => {
      response.resume();
      response.on('end', () => settle(String(response.statusCode)));
      response.on('error', (error: NodeJS.ErrnoException) => settle(error.code ?? 'error'));
    });
    request.once('socket', () => { onWire[index] = 1; });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => settle(error.code ?? 'error'));
    request.end(body);
  };

  const progress = setInterval(() => {
    const report: LoadProgress = { progress: true, at: now(), sent, acked, inFlight, retrying };
    process.send?.(report);
  }, 250);

  // Open loop: the schedule says how many should have gone by now, whatever the server answered.
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((now() - startedAt) / 1000) * spec.rate));
      while (sent < due) {
        const index = sent++;
        const { body, signature } = message(spec, index);
        sendAt[index] = now();
        lastNewAt = sendAt[index]!;
        attempt(index, body, signature);
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  deadline = now() + spec.drainMs;
  if (inFlight > 0 || retrying > 0) {
    const giveUp = setTimeout(finished, spec.drainMs);
    await done;
    clearTimeout(giveUp);
  }
  clearInterval(progress);
  agent.destroy();
  return {
    mode: 'rate', sent, startedAt, lastNewAt, sendAt, ackAt, attempts, statuses, unacknowledged: total - acked,
    neverSent: onWire.reduce((sum, wired) => sum + (wired ? 0 : 1), 0),
  };
}

export const runLoad = (spec: LoadSpec) => (spec.mode === 'closed' ? closedLoop(spec) : openLoop(spec));

if (process.send && process.argv[1]?.endsWith('inbox-load.ts')) {
  process.once('message', (spec: LoadSpec) => {
    runLoad(spec).then((result) => process.send!({ result }, () => process.exit(0)), (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
}
