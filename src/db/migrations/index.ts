import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.js';
import * as inbox from './0002_inbox.js';
import * as scheduling from './0003_scheduling.js';
import * as feedback from './0004_feedback.js';
import * as recovery from './0005_recovery.js';
import * as analytics from './0006_analytics.js';
import * as referrals from './0007_referrals.js';
import * as taskRules from './0008_task_rules.js';
import * as quality from './0009_quality.js';
import * as fmea from './0010_fmea.js';
import * as broadcast from './0011_broadcast.js';
import * as knowledge from './0012_knowledge.js';
import * as assistant from './0013_assistant.js';
import * as webhooks from './0014_webhooks.js';

/** Every migration, in order. A new one is added at the end and never edited once released. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_inbox': inbox,
  '0003_scheduling': scheduling,
  '0004_feedback': feedback,
  '0005_recovery': recovery,
  '0006_analytics': analytics,
  '0007_referrals': referrals,
  '0008_task_rules': taskRules,
  '0009_quality': quality,
  '0010_fmea': fmea,
  '0011_broadcast': broadcast,
  '0012_knowledge': knowledge,
  '0013_assistant': assistant,
  '0014_webhooks': webhooks,
};
