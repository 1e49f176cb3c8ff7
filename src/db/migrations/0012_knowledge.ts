import type { Kysely } from 'kysely';

/** The assistant's knowledge base (issue 8; filled by the knowledge work). */
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
