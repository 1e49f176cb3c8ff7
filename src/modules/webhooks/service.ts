import { conflict, invalidFields, notFound, type FieldProblem } from '../../platform/errors.js';
import type { DomainEvent } from '../../platform/events.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { iso } from '../../platform/schemas.js';
import { ALL_EVENTS, AUTOMATION_EVENT, EVENT_TYPES, TEST_EVENT } from './catalogue.js';
import { DELIVER_JOB, type DeliverJob } from './delivery.js';
import type { Delivery, DeliveryQuery, Endpoint, EndpointChanges, NewEndpoint } from './schemas.js';
import { publicData } from './payload.js';
import { newSecret } from './signature.js';
import * as store from './store.js';
import type { AttemptRow, DeliveryRow, EndpointRow } from './store.js';
import { enqueue } from './subscriber.js';
import { checkEndpointUrl } from './url.js';

/** Endpoints (subscriptions), their signing secrets, the delivery log and replays. */
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
type Summary = { lastAttemptAt: Date | null; waiting: number; dead: number };

function healthOf(row: EndpointRow): Endpoint['health'] {
  if (row.status === 'paused') return 'paused';
  if (row.status === 'disabled') return 'disabled';
  if (row.consecutive_failures > 0) return 'failing';
  return row.last_attempt_at ? 'healthy' : 'new';
}

export const presentEndpoint = (row: EndpointRow, summary?: Summary): Endpoint => ({
  id: row.id, name: row.name, url: row.url, eventTypes: row.event_types, includeMessageText: row.include_message_text, status: row.status,
  health: healthOf(row), failingSince: iso(row.failing_since), consecutiveFailures: row.consecutive_failures,
  circuitOpenUntil: iso(row.circuit_open_until), disabledReason: row.disabled_reason,
  lastAttemptAt: iso(row.last_attempt_at), lastSuccessAt: iso(row.last_success_at),
  waiting: summary?.waiting ?? 0, dead: summary?.dead ?? 0, secretRotatedAt: iso(row.secret_rotated_at),
  createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
});

function patientOf(body: string): string | null {
  try {
    const patientId = (JSON.parse(body) as { patientId?: unknown }).patientId;
    return typeof patientId === 'string' ? patientId : null;
  } catch {
    return null;
  }
}

const presentDelivery = (row: DeliveryRow, attempts: AttemptRow[]): Delivery => ({
  id: row.id, endpointId: row.endpoint_id, eventId: row.event_id, eventType: row.event_type, patientId: patientOf(row.body), source: row.source,
  status: row.status === 'sending' ? 'pending' : row.status, attempts: row.attempts,
  nextAttemptAt: row.status === 'pending' || row.status === 'sending' ? iso(row.next_attempt_at) : null,
  firstAttemptAt: iso(row.first_attempt_at), lastAttemptAt: iso(row.last_attempt_at), lastStatusCode: row.last_status_code,
  lastError: row.last_error, lastDurationMs: row.last_duration_ms, deliveredAt: iso(row.delivered_at), createdAt: row.created_at.toISOString(),
  payload: row.body,
  attemptLog: attempts.map((a) => ({
    number: a.number, at: a.at.toISOString(), outcome: a.outcome, statusCode: a.status_code, durationMs: a.duration_ms, error: a.error, responseBody: a.response_body,
  })),
});

function checkEventTypes(eventTypes: string[]) {
  const problems: FieldProblem[] = eventTypes.flatMap((type, index) =>
    type === ALL_EVENTS || EVENT_TYPES.has(type) ? [] : [{ field: `eventTypes.${index}`, message: `unknown event type "${type}"; see GET /api/webhooks/event-types` }]);
  if (problems.length > 0) throw invalidFields(problems);
  return eventTypes.includes(ALL_EVENTS) ? [ALL_EVENTS] : eventTypes;
}

async function load(platform: Platform, actor: Actor, id: string) {
  const row = await store.findEndpoint(platform.db, actor.organizationId, id);
  if (!row) throw notFound('webhook endpoint', id);
  return row;
}

export async function listEndpoints(platform: Platform, actor: Actor) {
  const [rows, summaries] = await Promise.all([store.listEndpoints(platform.db, actor.organizationId), store.endpointSummaries(platform.db, actor.organizationId)]);
  return { items: rows.map((row) => presentEndpoint(row, summaries.get(row.id))) };
}

export async function getEndpoint(platform: Platform, actor: Actor, id: string) {
  const row = await load(platform, actor, id);
  return presentEndpoint(row, (await store.endpointSummaries(platform.db, actor.organizationId)).get(id));
}

/** Creates an endpoint with a new signing secret, returned this once. */
export async function createEndpoint(platform: Platform, actor: Actor, input: NewEndpoint) {
  const url = checkEndpointUrl(input.url);
  const eventTypes = checkEventTypes(input.eventTypes);
  const row = await store.insertEndpoint(platform.db, {
    organization_id: actor.organizationId, name: input.name.trim(), url, event_types: eventTypes, secret: newSecret(),
    include_message_text: input.includeMessageText ?? false, status: input.active === false ? 'paused' : 'active',
    created_by: actor.type === 'user' ? actor.id : null,
  });
  return { ...presentEndpoint(row), secret: row.secret };
}

export async function updateEndpoint(platform: Platform, actor: Actor, id: string, changes: EndpointChanges) {
  const before = await load(platform, actor, id);
  const resuming = changes.active === true && before.status !== 'active';
  const row = await store.updateEndpoint(platform.db, actor.organizationId, id, {
    ...(changes.name !== undefined && { name: changes.name.trim() }),
    ...(changes.url !== undefined && { url: checkEndpointUrl(changes.url) }),
    ...(changes.eventTypes !== undefined && { event_types: checkEventTypes(changes.eventTypes) }),
    ...(changes.includeMessageText !== undefined && { include_message_text: changes.includeMessageText }),
    ...(changes.active === false && { status: 'paused' as const }),
    // Resuming starts afresh: the failure count, the circuit and a disabling are forgotten.
    ...(resuming && { status: 'active' as const, consecutive_failures: 0, failing_since: null, circuit_open_until: null, disabled_reason: null }),
  });
  if (!row) throw notFound('webhook endpoint', id);
  // What waited while it was paused is delivered now.
  if (resuming) await platform.jobs.send<DeliverJob>(DELIVER_JOB, { endpointId: id });
  return getEndpoint(platform, actor, id);
}

export async function deleteEndpoint(platform: Platform, actor: Actor, id: string) {
  if (!(await store.deleteEndpoint(platform.db, actor.organizationId, id))) throw notFound('webhook endpoint', id);
}

/** A new signing secret at once; the old one stops working (deliveries still waiting are signed with the new one). */
export async function rotateSecret(platform: Platform, actor: Actor, id: string) {
  await load(platform, actor, id);
  const secret = newSecret();
  await store.updateEndpoint(platform.db, actor.organizationId, id, { secret, secret_rotated_at: new Date() });
  return { ...(await getEndpoint(platform, actor, id)), secret };
}

export async function listDeliveries(platform: Platform, actor: Actor, endpointId: string, query: DeliveryQuery) {
  await load(platform, actor, endpointId);
  const { rows, total } = await store.listDeliveries(platform.db, actor.organizationId, endpointId, { status: query.status, limit: query.limit ?? 25, offset: query.offset ?? 0 });
  const attempts = await store.attemptsOf(platform.db, actor.organizationId, rows.map((r) => r.id));
  return { items: rows.map((row) => presentDelivery(row, attempts.filter((a) => a.delivery_id === row.id))), total };
}

async function deliveryWithAttempts(platform: Platform, actor: Actor, id: string) {
  const row = await store.findDelivery(platform.db, actor.organizationId, id);
  if (!row) throw notFound('webhook delivery', id);
  return presentDelivery(row, await store.attemptsOf(platform.db, actor.organizationId, [id]));
}

/**
 * Sends a delivery again now, whatever its status (a dead one too): the same body and delivery id,
 * signed afresh. An endpoint that is paused or disabled must be resumed first.
 */
export async function replayDelivery(platform: Platform, actor: Actor, id: string) {
  const delivery = await store.findDelivery(platform.db, actor.organizationId, id);
  if (!delivery) throw notFound('webhook delivery', id);
  const endpoint = await load(platform, actor, delivery.endpoint_id);
  if (endpoint.status !== 'active') throw conflict('endpoint_not_active', `The endpoint "${endpoint.name}" is ${endpoint.status}: resume it to replay deliveries.`);
  if (delivery.status === 'sending' && delivery.lease_until && delivery.lease_until > new Date()) {
    throw conflict('delivery_in_flight', 'This delivery is being sent right now; its result will be in the log in a few seconds.');
  }
  await store.updateDelivery(platform.db, id, { status: 'pending', next_attempt_at: new Date(), lease_until: null });
  // A replay is the administrator's probe: it goes now even while the circuit is open.
  if (endpoint.circuit_open_until) await store.openCircuit(platform.db, endpoint.id, new Date());
  await platform.jobs.send<DeliverJob>(DELIVER_JOB, { endpointId: endpoint.id });
  return deliveryWithAttempts(platform, actor, id);
}

const envelope = (actor: Pick<Actor, 'organizationId' | 'type' | 'id' | 'label'>, type: string, data: Record<string, unknown>, patientId?: string | null): DomainEvent => ({
  type, version: 1, organizationId: actor.organizationId, ...(patientId && { patientId }),
  actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(), data,
});

/** "Send test event": a webhook.test delivery to this endpoint only (paused or not: the administrator asked). */
export async function sendTestEvent(platform: Platform, actor: Actor, id: string) {
  const endpoint = await load(platform, actor, id);
  if (endpoint.status !== 'active') throw conflict('endpoint_not_active', `The endpoint "${endpoint.name}" is ${endpoint.status}: resume it to send a test event.`);
  // Like a replay, the test is the administrator's probe (often right after fixing the receiver): it goes now even while the circuit is open.
  if (endpoint.circuit_open_until) await store.openCircuit(platform.db, endpoint.id, new Date());
  const [row] = await enqueue(platform, envelope(actor, TEST_EVENT, { endpointId: id, message: 'A test event from Careloop.' }), [{ ...endpoint, circuit_open_until: null }], 'test');
  return deliveryWithAttempts(platform, actor, row!.id);
}

/** The endpoints' names, for describing automation rules. */
export async function endpointNames(platform: Platform, organizationId: string) {
  return new Map((await store.listEndpoints(platform.db, organizationId)).map((row) => [row.id, row.name]));
}

/**
 * The inbox's "send webhook" action: an automation.webhook delivery to one endpoint, through the same
 * delivery machinery. Returns why nothing was sent, or null.
 */
export async function sendAutomationWebhook(platform: Platform, actor: Actor, endpointId: string, data: Record<string, unknown>, patientId: string | null): Promise<string | null> {
  const endpoint = await store.findEndpoint(platform.db, actor.organizationId, endpointId);
  if (!endpoint) return 'the webhook endpoint no longer exists';
  if (endpoint.status !== 'active') return `the webhook endpoint "${endpoint.name}" is ${endpoint.status}`;
  // The rule's event keeps to the same rule as every payload: ids, no patient text unless the endpoint allows it.
  const event = isRecord(data.event) && isRecord(data.event.data) ? { ...data.event, data: publicData(data.event.data, endpoint.include_message_text) } : data.event;
  await enqueue(platform, envelope(actor, AUTOMATION_EVENT, { ...data, event }, patientId), [endpoint], 'automation');
  return null;
}
