import { DateTime } from 'luxon';
import type { Platform } from '../../platform/platform.js';
import { systemActor } from '../../platform/permissions.js';
import { dispatchMany, queueOutboundMany, senderFor, type OutboundMessage, type OutboxRow } from '../channels/service.js';
import { findOrganization } from '../identity/service.js';
import { getLocation } from '../scheduling/setup-service.js';
import { fill } from './rules.js';
import type { BroadcastChannel, Segment } from './schemas.js';
import { publishBroadcastEvent, publishProgress } from './service.js';
import * as store from './store.js';
import type { BroadcastRow, RecipientRow } from './store.js';

/**
 * The throttled, resumable sender. State is only in the database: a recipient is 'pending' until
 * the transaction that writes its outbox row marks it 'queued', so a crash at any point leaves each
 * patient either pending (sent on resume) or queued (never again). The outbox key
 * `broadcast:<broadcast>:<patient>` makes even a repeated batch find the first row instead of
 * queueing a second. One sender at a time holds a broadcast (a lease, renewed every tick); a
 * lapsed lease is taken over by the next sender (the resume job, or another worker).
 *
 * Throttle: every tick (one second) each channel may hand `perMinute / 60` recipients to the
 * outbox (fractions carry over), so the outbox never holds more than a tick's worth ahead.
 */
export const TICK_MS = 1000;
export const LEASE_SECONDS = 15;
/** Recipients per transaction: a claim, an outbox insert and an update, each one statement. */
const BATCH = 500;

export type SliceResult = 'done' | 'more' | 'busy';

interface Context {
  clinicName: string;
  timeZone: string | null;
  sender: Record<BroadcastChannel, string | null>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends a broadcast for up to `maxMs` (then 'more': call again), or to the end ('done'); 'busy' when
 * another live sender holds it. `onQueued` hears how many each tick queued (the bench counts with it).
 */
export async function runSender(platform: Platform, broadcastId: string, owner: string, options: { maxMs: number; onQueued?: (channel: BroadcastChannel, n: number) => void }): Promise<SliceResult> {
  const deadline = Date.now() + options.maxMs;
  let lease = await store.takeLease(platform.db, broadcastId, owner, LEASE_SECONDS);
  if (!lease) return (await store.findBroadcastById(platform.db, broadcastId))?.status === 'sending' ? 'busy' : 'done';
  const context = await contextOf(platform, lease);
  const tokens: Record<BroadcastChannel, number> = { sms: 0, email: 0 };
  let last = Date.now();
  while (Date.now() < deadline) {
    const tickStarted = Date.now();
    const pending = await store.pendingChannels(platform.db, broadcastId);
    if (pending.size === 0) {
      const finished = await store.finishIfDone(platform.db, broadcastId);
      if (finished) await publishBroadcastEvent(platform, { type: 'system', id: null, label: 'Careloop' }, 'broadcast.sent', finished, `Broadcast "${finished.title}" handed to the outbox in full`);
      await publishProgress(platform, lease.organization_id, broadcastId);
      return 'done';
    }
    const elapsed = tickStarted - last;
    last = tickStarted;
    for (const channel of pending) {
      const perMinute = channel === 'sms' ? lease.sms_per_minute : lease.email_per_minute;
      // At most two ticks' worth at once: a slow tick does not turn into a burst.
      tokens[channel] = Math.min(tokens[channel] + (perMinute * Math.max(elapsed, TICK_MS)) / 60_000, (perMinute * 2 * TICK_MS) / 60_000 + 1);
      let allowance = Math.floor(tokens[channel]);
      while (allowance > 0) {
        const queued = await queueBatch(platform, lease, context, channel, Math.min(BATCH, allowance));
        if (queued === 0) break;
        tokens[channel] -= queued;
        allowance -= queued;
        options.onQueued?.(channel, queued);
      }
    }
    await publishProgress(platform, lease.organization_id, broadcastId);
    await sleep(Math.max(0, TICK_MS - (Date.now() - tickStarted)));
    lease = await store.takeLease(platform.db, broadcastId, owner, LEASE_SECONDS);
    // Cancelled meanwhile (the status is no longer 'sending'), or taken over after a stall.
    if (!lease) return 'done';
  }
  // The next slice may run in another process: it must not wait for this lease to lapse.
  await store.releaseLease(platform.db, broadcastId, owner);
  return 'more';
}

async function contextOf(platform: Platform, row: BroadcastRow): Promise<Context> {
  const segment = row.segment as Segment;
  const organization = await findOrganization(platform, row.organization_id);
  const location = segment.type === 'appointments'
    ? await getLocation(platform, systemActor(row.organization_id, 'job'), segment.locationId).catch(() => null)
    : null;
  return {
    clinicName: organization?.name ?? 'Your clinic', timeZone: location?.timeZone ?? null,
    sender: { sms: await senderFor(platform, row.organization_id, 'sms'), email: await senderFor(platform, row.organization_id, 'email') },
  };
}

function messageFor(row: BroadcastRow, context: Context, recipient: RecipientRow, channel: BroadcastChannel): OutboundMessage {
  const visit = recipient.visit_at && DateTime.fromJSDate(recipient.visit_at, { zone: context.timeZone ?? 'UTC' });
  const values = {
    firstName: recipient.first_name, clinicName: context.clinicName,
    appointmentDate: visit ? visit.toFormat('cccc d LLLL') : '', appointmentTime: visit ? visit.toFormat('h:mm a') : '',
  };
  const base = {
    organizationId: row.organization_id, purpose: 'broadcast', category: row.purpose === 'marketing' ? 'marketing' as const : 'care' as const,
    channel, recipient: recipient.address ?? '', sender: context.sender[channel], patientId: recipient.patient_id,
    // The one key per patient and broadcast, whatever the channel: never two messages.
    idempotencyKey: `broadcast:${row.id}:${recipient.patient_id}`,
  };
  if (channel === 'sms') return { ...base, body: fill(row.sms_body ?? '', values) };
  return { ...base, subject: fill(row.email_subject ?? '', values), body: fill(row.email_body ?? '', values) };
}

/** One transaction: claim up to n pending recipients, queue their messages, mark them; then hand the rows to delivery workers. */
async function queueBatch(platform: Platform, row: BroadcastRow, context: Context, channel: BroadcastChannel, n: number): Promise<number> {
  const queued = await platform.db.transaction().execute(async (trx) => {
    const inTrx = { ...platform, db: trx };
    const recipients = await store.claimPending(trx, row.id, channel, n);
    if (recipients.length === 0) return { count: 0, rows: [] as OutboxRow[] };
    const results = await queueOutboundMany(inTrx, recipients.map((recipient) => messageFor(row, context, recipient, channel)));
    const outcomes: store.RecipientOutcome[] = [];
    const rows: OutboxRow[] = [];
    results.forEach((result, i) => {
      const recipient = recipients[i]!;
      if ('refusal' in result) {
        // Consent withdrawn or STOP texted since the send started.
        outcomes.push({ id: recipient.id, status: 'skipped', skipReason: result.refusal.code === 'opted_out' ? 'optedOut' : 'noConsent' });
        return;
      }
      outcomes.push({ id: recipient.id, status: 'queued', outboxId: result.row.id });
      if (result.created) rows.push(result.row);
    });
    await store.recordQueued(trx, outcomes);
    return { count: recipients.length, rows };
  });
  // After the commit: a crash before this line leaves the rows queued, and the outbox sweeper dispatches them.
  await dispatchMany(platform, queued.rows);
  return queued.count;
}
