import { sql, type Kysely } from 'kysely';

/** Referrals: a patient sent to a specialty, an external provider or a test, followed until the result is back. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`select 1`.execute(db);
}
