import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import type { Database } from '../db/schema.js';

export interface JobDefinition<T extends object> {
  name: string;
  /** Runs a job. It must be safe to run twice: re-read the current state, don't trust the payload. */
  handle(data: T): Promise<void>;
  /** Runs every job of a fetched batch in one call (when their work is cheaper together), instead of `handle` one by one. */
  handleBatch?(data: T[]): Promise<void>;
  batchSize?: number;
  retryLimit?: number;
  /** Workers polling the queue side by side in this process: each waits up to half a second between empty fetches. */
  workers?: number;
  /** How long a job may run (and how long one taken by a process that died holds its place) before it is retried; pg-boss's default is 15 minutes. */
  expireInSeconds?: number;
}

/** One job of a `sendMany`, due now or after `startAfterSeconds`. */
export interface JobToSend<T extends object> {
  data: T;
  startAfterSeconds?: number;
}

export interface Jobs {
  define<T extends object>(definition: JobDefinition<T>): Promise<void>;
  send<T extends object>(name: string, data: T, options?: PgBoss.SendOptions): Promise<string | null>;
  /** Enqueues many jobs of one queue in one statement (the queue's retry settings apply). */
  sendMany<T extends object>(name: string, jobs: JobToSend<T>[]): Promise<void>;
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
    async define({ name, handle, handleBatch, batchSize = 5, retryLimit = 5, workers = 1, expireInSeconds }) {
      await boss.createQueue(name, { name, retryLimit, retryBackoff: true, ...(expireInSeconds && { expireInSeconds }) });
      if (!options.work) return;
      for (let worker = 0; worker < workers; worker++) {
        await boss.work<object>(name, { batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
          const data = jobs.map((job) => job.data as Parameters<typeof handle>[0]);
          if (handleBatch) await handleBatch(data);
          else for (const item of data) await handle(item);
        });
      }
    },
    send: (name, data, sendOptions) => boss.send(name, data, sendOptions ?? {}),
    sendMany: async (name, jobs) => {
      if (jobs.length === 0) return;
      // pg-boss reads a startAfter without a zone as an interval from now.
      await boss.insert(jobs.map((job) => ({ name, data: job.data, ...(job.startAfterSeconds && { startAfter: `${job.startAfterSeconds} seconds` }) })));
    },
    schedule: async (name, cron) => {
      if (options.work) await boss.schedule(name, cron, {}, { tz: 'UTC' });
    },
    close: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
