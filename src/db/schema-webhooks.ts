import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Defaulted, Timestamp } from './columns.js';

/** Table types of migration 0014_webhooks. */
export type WebhookEndpointStatus = 'active' | 'paused' | 'disabled';
export type WebhookDeliveryStatus = 'pending' | 'sending' | 'delivered' | 'dead';
export type WebhookDeliverySource = 'event' | 'test' | 'automation';

export interface WebhookEndpointTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  url: string;
  event_types: ColumnType<string[], string[], string[]>;
  status: Defaulted<WebhookEndpointStatus>;
  secret: string;
  include_message_text: Defaulted<boolean>;
  secret_rotated_at: Date | null;
  consecutive_failures: Defaulted<number>;
  failing_since: Date | null;
  circuit_open_until: Date | null;
  disabled_reason: string | null;
  last_attempt_at: Date | null;
  last_success_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface WebhookDeliveryTable {
  id: string;
  organization_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  source: WebhookDeliverySource;
  body: string;
  status: Defaulted<WebhookDeliveryStatus>;
  attempts: Defaulted<number>;
  next_attempt_at: Date | null;
  lease_until: Date | null;
  first_attempt_at: Date | null;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  delivered_at: Date | null;
  created_at: CreatedAt;
}

export interface WebhookAttemptTable {
  id: Generated<string>;
  organization_id: string;
  delivery_id: string;
  number: number;
  at: Date;
  outcome: 'delivered' | 'failed';
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_body: string | null;
}

export interface WebhookTables {
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
}
