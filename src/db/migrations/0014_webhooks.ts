import type { Kysely } from 'kysely';

/** Outbound webhooks: subscriptions, deliveries (issue 8). */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
