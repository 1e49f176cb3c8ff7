import { sql, type Kysely } from 'kysely';

/** Broadcasts: one message to a segment of patients, each on a consented channel, sent once. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`select 1`.execute(db);
}
