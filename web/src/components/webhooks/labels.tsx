import { Badge } from '@mantine/core';
import { formatDateTime } from '../../format.js';
import type { DeliveryStatus, WebhookEndpoint } from '../../types-webhooks.js';

export const WEBHOOKS = 'webhooks';

/** An endpoint's health in words: healthy, failing since when, paused, disabled. */
export function HealthBadge({ endpoint }: { endpoint: WebhookEndpoint }) {
  switch (endpoint.health) {
    case 'healthy': return <Badge color="green" variant="light" tt="none">Healthy</Badge>;
    case 'failing': return <Badge color="red" variant="light" tt="none">{endpoint.failingSince ? `Failing since ${formatDateTime(endpoint.failingSince)}` : 'Failing'}</Badge>;
    case 'paused': return <Badge color="gray" variant="light" tt="none">Paused</Badge>;
    case 'disabled': return <Badge color="red" variant="filled" tt="none">Disabled</Badge>;
    default: return <Badge color="blue" variant="light" tt="none">No deliveries yet</Badge>;
  }
}

const DELIVERY_STATUS: Record<DeliveryStatus, { label: string; color: string }> = {
  pending: { label: 'Pending', color: 'orange' },
  delivered: { label: 'Delivered', color: 'green' },
  dead: { label: 'Failed', color: 'red' },
};
export const DELIVERY_STATUS_OPTIONS = (Object.keys(DELIVERY_STATUS) as DeliveryStatus[]).map((value) => ({ value, label: DELIVERY_STATUS[value].label }));

export function DeliveryBadge({ status, attempts }: { status: DeliveryStatus; attempts: number }) {
  const label = status === 'pending' && attempts > 0 ? 'Retrying' : DELIVERY_STATUS[status].label;
  return <Badge color={DELIVERY_STATUS[status].color} variant="light" tt="none">{label}</Badge>;
}

export const eventsText = (eventTypes: string[]) => (eventTypes.includes('*') ? 'All events' : eventTypes.length === 1 ? eventTypes[0]! : `${eventTypes.length} events`);
