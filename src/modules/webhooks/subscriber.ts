import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { WebhookDeliveryTable } from '../../db/schema-webhooks.js';
import type { DomainEvent } from '../../platform/events.js';
import type { Platform } from '../../platform/platform.js';
import { EVENT_TYPES, subscribes } from './catalogue.js';
import { DELIVER_JOB, type DeliverJob } from './delivery.js';
import { wirePayload } from './payload.js';
import * as store from './store.js';
import type { EndpointRow } from './store.js';

/** The rows that carry one event (or a test or automation call) to the given endpoints, due now or when a circuit closes. */
export function deliveryRows(event: DomainEvent, endpoints: EndpointRow[], source: WebhookDeliveryTable['source'], now = new Date()): Insertable<WebhookDeliveryTable>[] {
  const eventId = randomUUID();
  return endpoints.map((endpoint) => {
    const deliveryId = randomUUID();
    const circuit = endpoint.circuit_open_until && endpoint.circuit_open_until > now ? endpoint.circuit_open_until : null;
    return {
      id: deliveryId, organization_id: endpoint.organization_id, endpoint_id: endpoint.id, event_id: eventId, event_type: event.type, source,
      body: JSON.stringify(wirePayload(event, { eventId, deliveryId }, endpoint.include_message_text)),
      next_attempt_at: circuit ?? now,
    };
  });
}

/** Writes the rows and gives each endpoint that has something due now a delivery job. */
export async function enqueue(platform: Platform, event: DomainEvent, endpoints: EndpointRow[], source: WebhookDeliveryTable['source']) {
  if (endpoints.length === 0) return [];
  const now = new Date();
  const rows = await store.insertDeliveries(platform.db, deliveryRows(event, endpoints, source, now));
  const due = [...new Set(rows.filter((row) => row.next_attempt_at && row.next_attempt_at <= now).map((row) => row.endpoint_id))];
  await platform.jobs.sendMany<DeliverJob>(DELIVER_JOB, due.map((endpointId) => ({ data: { endpointId } })));
  return rows;
}

/**
 * One subscriber for every event, in the publishing process (not everyProcess: each event makes its
 * deliveries once). It only writes rows and enqueues: the HTTP requests happen in the jobs.
 */
export function subscribeWebhooks(platform: Platform) {
  return platform.events.subscribe('*', async (event) => {
    if (!EVENT_TYPES.has(event.type)) return;
    const endpoints = (await store.activeEndpoints(platform.db, event.organizationId)).filter((e) => subscribes(e.event_types, event.type));
    await enqueue(platform, event, endpoints, 'event');
  });
}
