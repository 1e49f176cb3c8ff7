import type { Kysely } from 'kysely';

/** The self-service assistant's sessions and settings (issue 8). */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
