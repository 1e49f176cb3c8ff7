import { DateTime } from 'luxon';
import { systemActor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findOrganization } from '../identity/service.js';
import { publishReferralEvent, referralName } from './referral-events.js';
import { followVisitsAndMerges } from './referral-follow.js';
import * as store from './referral-store.js';

export const ANNOUNCE_OVERDUE_REFERRALS = 'care.announce-overdue-referrals';
const BATCH = 200;
// A bound on one run's work; whatever is left is picked up five minutes later.
const MAX_BATCHES = 50;

/**
 * Announces open referrals that went past their due time: referral.overdue once per referral
 * (the mark and the event; task rules and the worklist take it from there). Safe to run twice or
 * in two processes at once. Returns how many were announced.
 */
export async function announceOverdueReferrals(platform: Platform, now = new Date()): Promise<number> {
  let announced = 0;
  for (let round = 0; round < MAX_BATCHES; round++) {
    const rows = await store.takeNewlyOverdue(platform.db, now, BATCH);
    const zones = new Map<string, string>();
    for (const row of rows) {
      if (!zones.has(row.organization_id)) zones.set(row.organization_id, (await findOrganization(platform, row.organization_id))?.time_zone ?? 'UTC');
      // The due time on the clinic's clock, as staff read it on the timeline.
      const due = DateTime.fromJSDate(row.due_at, { zone: zones.get(row.organization_id) }).toFormat('yyyy-MM-dd HH:mm ZZZZ');
      await publishReferralEvent(platform, systemActor(row.organization_id, 'job'), 'referral.overdue', row, `${referralName(row)} overdue (${row.status}, due ${due})`);
    }
    announced += rows.length;
    if (rows.length < BATCH) break;
  }
  return announced;
}

/** Referrals' background work: overdue referrals every five minutes, following visits and patient merges. */
export async function defineReferralJobs(platform: Platform) {
  followVisitsAndMerges(platform);
  await platform.jobs.define<object>({
    name: ANNOUNCE_OVERDUE_REFERRALS,
    batchSize: 1,
    handle: async () => {
      const announced = await announceOverdueReferrals(platform);
      if (announced > 0) platform.logger.info({ announced }, 'announced overdue referrals');
    },
  });
  await platform.jobs.schedule(ANNOUNCE_OVERDUE_REFERRALS, '*/5 * * * *');
}
