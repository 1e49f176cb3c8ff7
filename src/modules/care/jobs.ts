import type { Platform } from '../../platform/platform.js';
import { systemActor } from '../../platform/permissions.js';
import { followPatientMerges, KIND_LABELS, publishTaskEvent } from './service.js';
import * as store from './store.js';
import { subscribeTaskRules } from './task-rule-engine.js';
import { escalateByLadder } from './task-rule-escalation.js';
import { purgeEvents } from './task-rule-store.js';

export const ESCALATE_OVERDUE = 'care.escalate-overdue';
const BATCH = 200;
// A bound on one run's work; whatever is left is picked up five minutes later.
const MAX_BATCHES = 50;

/**
 * Escalates open tasks that went past due with nobody acting on them: priority one step up
 * (low → normal → high → urgent; urgent stays) and one task.overdue event per task. A task counts
 * as acted on when it was changed after it fell due; escalating it is such a change, so each task
 * is escalated once (again only if someone gives it a new due time and that one passes too).
 * Safe to run twice or in two processes at once. Returns how many tasks were escalated.
 */
export async function escalateOverdueTasks(platform: Platform, now = new Date()): Promise<number> {
  let escalated = 0;
  for (let round = 0; round < MAX_BATCHES; round++) {
    const rows = await store.escalateOverdue(platform.db, now, BATCH);
    for (const row of rows) {
      const raised = row.priority !== row.previous_priority ? ` (priority raised to ${row.priority})` : '';
      await publishTaskEvent(platform, systemActor(row.organization_id, 'job'), 'task.overdue', row,
        `${KIND_LABELS[row.kind]} task overdue: ${row.title}${raised}`,
        { priority: row.priority, previousPriority: row.previous_priority, dueAt: row.due_at.toISOString(), ownerId: row.owner_id });
    }
    escalated += rows.length;
    if (rows.length < BATCH) break;
  }
  return escalated;
}

// Task rule previews look back a week; the events they read are kept a month.
const RULE_EVENTS_KEPT_MS = 30 * 86_400_000;

/**
 * The care module's background work: every five minutes the overdue escalation (priority raise,
 * then the clinic's escalation ladder) and the pruning of old task-rule events; task rules and
 * patient merges as event subscribers.
 */
export async function defineCareJobs(platform: Platform) {
  followPatientMerges(platform);
  subscribeTaskRules(platform);
  await platform.jobs.define<object>({
    name: ESCALATE_OVERDUE,
    batchSize: 1,
    handle: async () => {
      const now = new Date();
      const escalated = await escalateOverdueTasks(platform, now);
      const steps = await escalateByLadder(platform, now);
      await purgeEvents(platform.db, new Date(now.getTime() - RULE_EVENTS_KEPT_MS));
      if (escalated > 0 || steps > 0) platform.logger.info({ escalated, steps }, 'escalated overdue follow-up tasks');
    },
  });
  await platform.jobs.schedule(ESCALATE_OVERDUE, '*/5 * * * *');
}
