import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.js';
import * as inbox from './0002_inbox.js';
import * as scheduling from './0003_scheduling.js';

/** Every migration, in order. A new one is added at the end and never edited once released. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_inbox': inbox,
  '0003_scheduling': scheduling,
};
