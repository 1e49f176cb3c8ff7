// The webhooks API's shapes, as the screens use them (the server's schemas are in src/modules/webhooks/schemas.ts).

export type EndpointHealth = 'healthy' | 'failing' | 'paused' | 'disabled' | 'new';
export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface WebhookEndpoint {
  id: string;
  name: string;
  url: string;
  eventTypes: string[];
  includeMessageText: boolean;
  status: 'active' | 'paused' | 'disabled';
  health: EndpointHealth;
  failingSince: string | null;
  consecutiveFailures: number;
  circuitOpenUntil: string | null;
  disabledReason: string | null;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  waiting: number;
  dead: number;
  secretRotatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EndpointWithSecret extends WebhookEndpoint { secret: string }

export interface EventTypeGroup { group: string; events: { type: string; label: string }[] }

export interface DeliveryAttempt {
  number: number;
  at: string;
  outcome: 'delivered' | 'failed';
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  patientId: string | null;
  source: 'event' | 'test' | 'automation';
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  firstAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  deliveredAt: string | null;
  createdAt: string;
  payload: string;
  attemptLog: DeliveryAttempt[];
}

export interface DeliveryList { items: WebhookDelivery[]; total: number }
