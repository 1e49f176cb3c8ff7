import { AppError } from '../../platform/errors.js';
import { systemActor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { changeAppointmentStatus } from './service.js';
import * as store from './store.js';

/** How long after a visit's start a patient who has not checked in is counted as a no-show (docs/checkin.md). */
export const NO_SHOW_GRACE_MINUTES = 30;
const BATCH = 200;
// A bound on one run's work; whatever is left is picked up by the next run five minutes later.
const MAX_BATCHES = 50;

/**
 * Marks as no-shows the visits nobody came to: booked or confirmed, never arrived, started more
 * than `graceMinutes` before `now`. Each goes through changeAppointmentStatus (its event, its
 * reminders cancelled). A visit checked in or cancelled in the meantime is left as it is, so the
 * job is safe to run twice or in two processes at once. Returns how many visits were marked.
 */
export async function markNoShows(platform: Platform, now = new Date(), graceMinutes = NO_SHOW_GRACE_MINUTES): Promise<number> {
  const cutoff = new Date(now.getTime() - graceMinutes * 60_000);
  // Visits another step got to first are not selected again (their status changed); this list
  // only guards against a visit that keeps failing being picked up in every batch.
  const skipped: string[] = [];
  let marked = 0;
  for (let round = 0; round < MAX_BATCHES; round++) {
    const visits = await store.overdueVisits(platform.db, cutoff, skipped, BATCH);
    for (const visit of visits) {
      const actor = systemActor(visit.organization_id, 'job', 'Careloop (no-show after grace period)');
      try {
        const after = await changeAppointmentStatus(platform, actor, visit.id, 'no_show');
        if (after.status === 'no_show') marked += 1;
      } catch (error) {
        // The patient checked in, or staff cancelled, between the query and the change.
        if (!(error instanceof AppError) || error.status !== 409) throw error;
        skipped.push(visit.id);
      }
    }
    if (visits.length < BATCH) break;
  }
  return marked;
}
