import { sql, type Kysely } from 'kysely';

/** Outbound webhooks: endpoints (subscriptions), one delivery per event and endpoint, and every attempt. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webhook_endpoints (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      name text not null,
      url text not null,
      event_types text[] not null,
      status text not null default 'active' check (status in ('active', 'paused', 'disabled')),
      -- The signing secret itself, not a hash: the server must compute signatures with it.
      secret text not null,
      include_message_text boolean not null default false,
      secret_rotated_at timestamptz,
      -- The circuit: consecutive failed attempts; while open, new deliveries wait until it closes.
      consecutive_failures integer not null default 0,
      failing_since timestamptz,
      circuit_open_until timestamptz,
      disabled_reason text,
      last_attempt_at timestamptz,
      last_success_at timestamptz,
      created_by uuid references users,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index webhook_endpoints_list on webhook_endpoints (organization_id, created_at);

    create table webhook_deliveries (
      id uuid primary key,
      organization_id uuid not null references organizations,
      endpoint_id uuid not null references webhook_endpoints on delete cascade,
      event_id uuid not null,
      event_type text not null,
      source text not null check (source in ('event', 'test', 'automation')),
      -- The exact bytes sent (and signed) on every attempt: a retry or replay is the same request.
      body text not null,
      status text not null default 'pending' check (status in ('pending', 'sending', 'delivered', 'dead')),
      attempts integer not null default 0,
      next_attempt_at timestamptz,
      lease_until timestamptz,
      first_attempt_at timestamptz,
      last_attempt_at timestamptz,
      last_status_code integer,
      last_error text,
      last_duration_ms integer,
      delivered_at timestamptz,
      created_at timestamptz not null default now(),
      unique (endpoint_id, event_id)
    );
    create index webhook_deliveries_due on webhook_deliveries (endpoint_id, next_attempt_at) where status in ('pending', 'sending');
    create index webhook_deliveries_sweep on webhook_deliveries (next_attempt_at) where status in ('pending', 'sending');
    create index webhook_deliveries_log on webhook_deliveries (organization_id, endpoint_id, created_at desc);

    create table webhook_attempts (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      delivery_id uuid not null references webhook_deliveries on delete cascade,
      number integer not null,
      at timestamptz not null,
      outcome text not null check (outcome in ('delivered', 'failed')),
      status_code integer,
      duration_ms integer not null,
      error text,
      -- The first 2 KB of the receiver's answer, for the log.
      response_body text,
      unique (delivery_id, number)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists webhook_attempts; drop table if exists webhook_deliveries; drop table if exists webhook_endpoints;`.execute(db);
}
