import type { Platform } from '../../platform/platform.js';
import { markEventDays, REFRESH_ROLLUPS } from './fact-marks.js';
import { recomputeClinic, refreshDirtyDays, REFRESH_LIMIT } from './refresh.js';

export const RECOMPUTE_RECENT = 'analytics.recompute-recent';
// One job run refreshes at most this many rounds of REFRESH_LIMIT days; the minute sweep takes the rest.
const MAX_ROUNDS = 20;
const RECENT_DAYS = 7;

/** Refreshes marked days until none are left (or the round limit is reached). */
async function refreshUntilClean(platform: Platform, organizationId?: string) {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (await refreshDirtyDays(platform.db, organizationId) < REFRESH_LIMIT) return;
  }
}

/**
 * Recomputes each clinic's last week from the facts: repairs a day whose mark was missed (an event
 * lost in a crash between a commit and its publication). A day is a clinic-local day; a week back
 * from UTC today covers every zone's recent days but the newest, which the next run covers.
 */
export async function recomputeRecentDays(platform: Platform, today = new Date()) {
  const organizations = await platform.db.selectFrom('organizations').select('organization_id').execute();
  const to = new Date(today.getTime() + 86_400_000).toISOString().slice(0, 10);
  const from = new Date(today.getTime() - RECENT_DAYS * 86_400_000).toISOString().slice(0, 10);
  for (const { organization_id } of organizations) await recomputeClinic(platform.db, organization_id, { from, to });
}

/**
 * Marks days dirty as facts change (every inbox, visit and survey event) and refreshes their
 * rollups: a few seconds after a burst of events, every minute as a sweep, and the last week
 * again every night.
 */
export async function defineAnalyticsJobs(platform: Platform) {
  platform.events.subscribe('*', (event) => markEventDays(platform, event));
  await platform.jobs.define<{ organizationId?: string }>({
    name: REFRESH_ROLLUPS,
    batchSize: 1,
    handle: (data) => refreshUntilClean(platform, data.organizationId),
  });
  await platform.jobs.define<object>({
    name: RECOMPUTE_RECENT,
    batchSize: 1,
    expireInSeconds: 3_600,
    handle: () => recomputeRecentDays(platform),
  });
  await platform.jobs.schedule(REFRESH_ROLLUPS, '* * * * *');
  await platform.jobs.schedule(RECOMPUTE_RECENT, '40 3 * * *');
}
