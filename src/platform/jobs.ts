import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { Database } from '../db/schema.js';

export interface JobDefinition<T extends object> {
  name: string;
  /** Runs a job. It must be safe to run twice: re-read the current state, don't trust the payload. */
  handle(data: T): Promise<void>;
  batchSize?: number;
  retryLimit?: number;
}

export interface Jobs {
  define<T extends object>(definition: JobDefinition<T>): Promise<void>;
  send<T extends object>(name: string, data: T, options?: PgBoss.SendOptions): Promise<string | null>;
  /** Runs a defined job on a cron schedule (UTC), once across all server processes. */
  schedule(name: string, cron: string): Promise<void>;
  close(): Promise<void>;
}

interface Logger {
  error(object: object, message: string): void;
}

/**
 * pg-boss on the application's own database, through Kysely, so that the embedded database (one
 * connection) and PostgreSQL are driven the same way. With `work: false` the process only enqueues.
 */
export async function startJobs(db: Kysely<Database>, options: { logger: Logger; work: boolean }): Promise<Jobs> {
  const boss = new PgBoss({
    db: {
      executeSql: async (text: string, values: unknown[]) => {
        const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
        return { rows: result.rows as object[] };
      },
    },
    schema: 'pgboss',
    supervise: options.work,
    schedule: options.work,
  });
  boss.on('error', (error) => options.logger.error({ err: error }, 'job queue error'));
  await boss.start();

  return {
    async define({ name, handle, batchSize = 5, retryLimit = 5 }) {
      await boss.createQueue(name, { name, retryLimit, retryBackoff: true });
      if (!options.work) return;
      await boss.work<object>(name, { batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        for (const job of jobs) await handle(job.data as Parameters<typeof handle>[0]);
      });
    },
    send: (name, data, sendOptions) => boss.send(name, data, sendOptions ?? {}),
    schedule: async (name, cron) => {
      if (options.work) await boss.schedule(name, cron, {}, { tz: 'UTC' });
    },
    close: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
