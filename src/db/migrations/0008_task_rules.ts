import { sql, type Kysely } from 'kysely';

/** Follow-up task rules: events that open tasks by themselves, and the escalation of overdue tasks. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`select 1`.execute(db);
}
