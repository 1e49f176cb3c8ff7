import { AppError } from '../../platform/errors.js';
import { systemActor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { createTask } from '../care/service.js';
import * as capaStore from './capa-store.js';
import { followQualityEvents } from './escalation.js';
import { publishQualityEvent, reference } from './quality-events.js';

export const MARK_OVERDUE_ACTIONS = 'quality.mark-overdue-actions';
const BATCH = 200;
const MAX_BATCHES = 50;
const OVERDUE_LABEL = 'Careloop (quality)';

/**
 * Announces open actions that passed the end of their due date: one capa_action.overdue event per
 * action and due date, and a follow-up task for its owner (one per action and due date). Safe to
 * run twice or in two processes at once. Returns how many actions went overdue.
 */
export async function markOverdueActions(platform: Platform, now = new Date()): Promise<number> {
  let marked = 0;
  for (let round = 0; round < MAX_BATCHES; round++) {
    const rows = await capaStore.markOverdue(platform.db, now, BATCH);
    for (const row of rows) {
      const actor = systemActor(row.organization_id, 'job', OVERDUE_LABEL);
      const action = await capaStore.findAction(platform.db, row.organization_id, row.id);
      if (!action) continue;
      const incident = { id: action.incident_id, organization_id: action.organization_id, patient_id: action.incident_patient_id, number: action.incident_number };
      await publishQualityEvent(platform, actor, 'capa_action.overdue', incident,
        `Action overdue on incident ${reference(action.incident_number)}: ${action.title} (due ${action.due_date})`,
        { actionId: action.id, kind: action.kind, ownerId: action.owner_id, dueDate: action.due_date });
      try {
        await createTask(platform, actor, {
          kind: 'other', priority: 'high', ownerId: action.owner_id,
          title: `Overdue quality action (${reference(action.incident_number)}): ${action.title}`.slice(0, 200),
          details: `This corrective or preventive action was due ${action.due_date}. Complete it, or ask the quality team for a new due date.`,
          source: { type: 'capa_action', id: `${action.id}:${action.due_date}` },
        });
      } catch (error) {
        // A deactivated owner cannot be given a task; the event and the dashboard still show the action overdue.
        if (!(error instanceof AppError)) throw error;
        platform.logger.warn({ code: error.code, actionId: action.id }, 'overdue action without its reminder task');
      }
    }
    marked += rows.length;
    if (rows.length < BATCH) break;
  }
  return marked;
}

/** Quality's background work: incidents from escalated recovery cases, patient merges, overdue actions every five minutes. */
export async function defineQualityJobs(platform: Platform) {
  followQualityEvents(platform);
  await platform.jobs.define<object>({
    name: MARK_OVERDUE_ACTIONS,
    batchSize: 1,
    handle: async () => {
      const marked = await markOverdueActions(platform);
      if (marked > 0) platform.logger.info({ marked }, 'corrective and preventive actions overdue');
    },
  });
  await platform.jobs.schedule(MARK_OVERDUE_ACTIONS, '*/5 * * * *');
}
