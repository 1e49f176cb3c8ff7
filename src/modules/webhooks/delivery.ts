import { pgErrorCode } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { CIRCUIT_THRESHOLD, DISABLE_AFTER_MS, nextAttemptAt, retryDelaySeconds } from './schedule.js';
import { SIGNATURE_HEADER, signatureHeader } from './signature.js';
import * as store from './store.js';
import type { DeliveryRow, EndpointRow } from './store.js';

/** The delivery job: one job per endpoint, so a slow or dead endpoint only ever holds its own job. */
export const DELIVER_JOB = 'webhooks.deliver';
export interface DeliverJob { endpointId: string }

export const REQUEST_TIMEOUT_MS = 10_000;
const RESPONSE_KEPT_BYTES = 2048;
/** Deliveries of one endpoint sent side by side. */
const PARALLEL = 5;
/** A job hands over to a fresh one after this long, so a busy endpoint never keeps a worker for minutes. */
const SLICE_MS = 20_000;
export const USER_AGENT = 'Careloop-Webhooks/1';
const FOREIGN_KEY_VIOLATION = '23503';

export interface AttemptResult { ok: boolean; statusCode: number | null; durationMs: number; error: string | null; responseBody: string | null }

/** Reads at most the first 2 KB of an answer, then lets the rest go. */
async function firstBytes(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < RESPONSE_KEPT_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel().catch(() => undefined);
  // A text column cannot hold NUL: a receiver answering binary must not make the attempt unrecordable (then resent forever).
  return Buffer.concat(chunks).subarray(0, RESPONSE_KEPT_BYTES).toString('utf8').replaceAll('\u0000', '\uFFFD');
}

const errorText = (error: unknown) => {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
  return (cause ?? (error instanceof Error ? error.message : String(error))).slice(0, 300);
};

/** One signed POST. Redirects are not followed (a 3xx is a failure): the receiver's URL is what was configured. */
export async function post(url: string, secret: string, delivery: Pick<DeliveryRow, 'id' | 'event_type' | 'body'>): Promise<AttemptResult> {
  const started = performance.now();
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await fetch(url, {
      method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), body: delivery.body,
      headers: {
        'content-type': 'application/json', 'user-agent': USER_AGENT,
        [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, delivery.body),
        'Careloop-Event': delivery.event_type, 'Careloop-Delivery': delivery.id,
      },
    });
    const responseBody = await firstBytes(response).catch(() => '');
    const ok = response.status >= 200 && response.status < 300;
    return { ok, statusCode: response.status, durationMs: Math.round(performance.now() - started), error: ok ? null : `answered ${response.status}`, responseBody };
  } catch (error) {
    return { ok: false, statusCode: null, durationMs: Math.round(performance.now() - started), error: errorText(error), responseBody: null };
  }
}

/** Sends one claimed delivery and records the attempt and what comes next (delivered, a retry time, or dead). */
async function attemptOne(platform: Platform, endpoint: EndpointRow, delivery: DeliveryRow, now: Date) {
  const result = await post(endpoint.url, endpoint.secret, delivery);
  const firstAttemptAt = delivery.first_attempt_at ?? now;
  const attempts = delivery.attempts + 1;
  const next = result.ok ? null : nextAttemptAt(firstAttemptAt, now, attempts);
  try {
    await record(platform, delivery, result, { attempts, firstAttemptAt, next, now });
  } catch (error) {
    // The endpoint was deleted while its request was in flight: its deliveries went with it.
    if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION) return { ok: result.ok, next: null };
    throw error;
  }
  return { ok: result.ok, next };
}

async function record(platform: Platform, delivery: DeliveryRow, result: AttemptResult, after: { attempts: number; firstAttemptAt: Date; next: Date | null; now: Date }) {
  const { attempts, firstAttemptAt, next, now } = after;
  await platform.db.transaction().execute(async (trx) => {
    await store.insertAttempt(trx, {
      organization_id: delivery.organization_id, delivery_id: delivery.id, number: attempts, at: now, outcome: result.ok ? 'delivered' : 'failed',
      status_code: result.statusCode, duration_ms: result.durationMs, error: result.error, response_body: result.responseBody,
    });
    await store.updateDelivery(trx, delivery.id, {
      status: result.ok ? 'delivered' : next ? 'pending' : 'dead', attempts, first_attempt_at: firstAttemptAt, last_attempt_at: now,
      last_status_code: result.statusCode, last_error: result.error, last_duration_ms: result.durationMs,
      next_attempt_at: next, lease_until: null, ...(result.ok && { delivered_at: now }),
    });
  });
}

/** After a failure: open the circuit when the failures pile up, and disable an endpoint that failed for a whole day. */
async function afterFailure(platform: Platform, endpoint: EndpointRow, now: Date, retryAt: Date | null): Promise<{ stop: boolean; until: Date | null }> {
  if (endpoint.failing_since && now.getTime() - endpoint.failing_since.getTime() >= DISABLE_AFTER_MS) {
    const disabled = await store.disableEndpoint(platform.db, endpoint.id, `Disabled automatically: no successful delivery since ${endpoint.failing_since.toISOString()} (24 hours).`);
    if (disabled) platform.logger.warn({ endpointId: endpoint.id, organizationId: endpoint.organization_id }, 'webhook endpoint disabled after 24 hours of failures');
    return { stop: true, until: null };
  }
  if (endpoint.consecutive_failures < CIRCUIT_THRESHOLD) return { stop: false, until: null };
  // A circuit never outlasts the retry time of the deliveries that opened it (nor their 24-hour limit).
  const opened = new Date(now.getTime() + retryDelaySeconds(endpoint.consecutive_failures - CIRCUIT_THRESHOLD + 1, () => 0) * 1000);
  const until = retryAt && retryAt < opened ? retryAt : opened;
  await store.openCircuit(platform.db, endpoint.id, until);
  await store.deferPending(platform.db, endpoint.id, until);
  return { stop: true, until };
}

const secondsUntil = (at: Date, now: Date) => Math.max(1, Math.ceil((at.getTime() - now.getTime()) / 1000));

/**
 * Delivers what is due for one endpoint. A paused or disabled endpoint sends nothing; an open circuit
 * sends nothing until it closes, then one delivery as a probe before the rest. `now` is a parameter
 * so that the retry schedule can be driven in tests without waiting for it.
 */
export async function deliverDue(platform: Platform, endpointId: string, now = new Date()): Promise<{ attempted: number; delivered: number }> {
  let endpoint = await store.endpointById(platform.db, endpointId);
  const tally = { attempted: 0, delivered: 0 };
  if (!endpoint || endpoint.status !== 'active') return tally;
  if (endpoint.circuit_open_until && endpoint.circuit_open_until > now) {
    await platform.jobs.send<DeliverJob>(DELIVER_JOB, { endpointId }, { startAfter: secondsUntil(endpoint.circuit_open_until, now) });
    return tally;
  }
  const started = Date.now();
  let retryAt: Date | null = null;
  for (;;) {
    const probing = endpoint.consecutive_failures >= CIRCUIT_THRESHOLD;
    const leaseUntil = new Date(now.getTime() + REQUEST_TIMEOUT_MS + 30_000);
    const claimed = await store.claimDue(platform.db, endpointId, now, leaseUntil, probing ? 1 : PARALLEL);
    if (claimed.length === 0) break;
    const results = await Promise.all(claimed.map((delivery) => attemptOne(platform, endpoint!, delivery, now)));
    tally.attempted += results.length;
    let failed = false;
    for (const result of results) {
      if (result.ok) tally.delivered += 1;
      else failed = true;
      if (result.next && (!retryAt || result.next < retryAt)) retryAt = result.next;
      endpoint = (await store.recordEndpointOutcome(platform.db, endpointId, result.ok, now)) ?? endpoint;
    }
    if (failed) {
      const circuit = await afterFailure(platform, endpoint, now, retryAt);
      if (circuit.until) retryAt = circuit.until;
      if (circuit.stop) {
        if (!circuit.until) retryAt = null;
        break;
      }
    }
    if (Date.now() - started > SLICE_MS) {
      await platform.jobs.send<DeliverJob>(DELIVER_JOB, { endpointId });
      break;
    }
  }
  if (retryAt) await platform.jobs.send<DeliverJob>(DELIVER_JOB, { endpointId }, { startAfter: secondsUntil(retryAt, now) });
  return tally;
}

/** Gives every endpoint with due (or stranded) deliveries a job: the net under a lost job or a crashed worker. */
export async function sweepDue(platform: Platform, now = new Date()) {
  const rows = await store.endpointsWithDue(platform.db, now);
  await platform.jobs.sendMany<DeliverJob>(DELIVER_JOB, rows.map((row) => ({ data: { endpointId: row.endpoint_id } })));
  return rows.length;
}
