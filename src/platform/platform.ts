import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import type { DatabaseKind } from '../db/database.js';
import type { EventBus } from './events.js';
import type { Jobs } from './jobs.js';
import type { AuditTrail } from './audit.js';

/** What every service function receives: the shared machinery, never a module's internals. */
export interface Platform {
  config: Config;
  db: Kysely<Database>;
  dbKind: DatabaseKind;
  events: EventBus;
  jobs: Jobs;
  audit: AuditTrail;
  logger: FastifyBaseLogger;
}
