import { sql } from 'kysely';
import type { Platform } from '../../platform/platform.js';
import { dispatchMany, queueOutboundMany, type OutboundMessage } from '../channels/service.js';
import type { OutboxRow } from '../channels/service.js';
import { clinicIdentity, findVisits, isConsentRefusal, recipientsFor, visitMessage, type Recipient, type VisitRow } from './notices.js';
import type { Db } from './store.js';

/**
 * The reminder sender. reminder-plan.ts writes one row per offset when a visit is booked or moved;
 * this sends the rows that are due. Each batch is one transaction that claims its rows (FOR UPDATE
 * SKIP LOCKED, so parallel batches and server processes never take the same row), re-reads each
 * visit, queues the message with the key `reminder:<id>` (the outbox's unique key: a batch re-run
 * after a crash finds the message already queued instead of queueing a second) and marks the row.
 * A crash before the commit leaves the rows due for the next run; after it, the outbox sweeper
 * hands any undispatched message to a worker. A visit that was moved or cancelled is re-checked
 * here, and a visit being changed at this moment is left for the next batch rather than waited for.
 */
export const REMINDERS_DUE = 'scheduling.reminders-due';
export const SEND_REMINDERS = 'scheduling.send-reminders';

/** Batches run side by side in one server (PostgreSQL); the embedded database has one connection. */
const LANES_POSTGRES = 4;
/** Parallel sender jobs per minute, so that several server processes share a large wave. */
const JOBS_PER_TICK = 2;
const OPEN = new Set(['booked', 'confirmed']);

type ReminderOutcome = { status: 'sent'; channel: string; outboxId: string } | { status: 'skipped' | 'cancelled'; reason: string } | { status: 'later' };

interface ClaimedReminder { id: string; organization_id: string; appointment_id: string; offset_minutes: number; planned_start: Date }

const claimDue = (db: Db, now: Date, limit: number) =>
  db.selectFrom('appointment_reminders').select(['id', 'organization_id', 'appointment_id', 'offset_minutes', 'planned_start'])
    .where('status', '=', 'scheduled').where('due_at', '<=', now)
    .orderBy('due_at').limit(limit).forUpdate().skipLocked().execute();

/** Records every decided reminder of a batch in one statement (a row each would double the batch's round trips). */
async function markReminders(db: Db, decided: { id: string; outcome: ReminderOutcome }[]) {
  const rows = decided.flatMap(({ id, outcome }) => outcome.status === 'later' ? [] : [outcome.status === 'sent'
    ? sql`(${id}::uuid, ${'sent'}::text, ${outcome.channel}::text, ${outcome.outboxId}::uuid, ${null}::text)`
    : sql`(${id}::uuid, ${outcome.status}::text, ${null}::text, ${null}::uuid, ${outcome.reason}::text)`]);
  if (rows.length === 0) return;
  await sql`update appointment_reminders as r
    set status = v.status, channel = v.channel, outbox_id = v.outbox_id, skip_reason = v.reason,
        sent_at = case when v.status = 'sent' then now() else null end
    from (values ${sql.join(rows)}) as v(id, status, channel, outbox_id, reason)
    where r.id = v.id`.execute(db);
}

/** Of several reminders of one visit due together (the server was down), only the latest-planned one is worth sending. */
function supersededIds(claimed: ClaimedReminder[]): Set<string> {
  const kept = new Map<string, ClaimedReminder>();
  for (const row of claimed) {
    const current = kept.get(row.appointment_id);
    if (!current || row.offset_minutes < current.offset_minutes) kept.set(row.appointment_id, row);
  }
  return new Set(claimed.filter((row) => kept.get(row.appointment_id) !== row).map((row) => row.id));
}

/** Why a due reminder is not sent, from its visit alone; undefined when it is to be sent. */
function visitVerdict(reminder: ClaimedReminder, visit: VisitRow | undefined, superseded: boolean, now: Date): ReminderOutcome | undefined {
  // Not returned: another transaction holds the visit (a move or cancellation in flight); it is decided next time.
  if (!visit) return { status: 'later' };
  if (!OPEN.has(visit.status)) return { status: 'cancelled', reason: `appointment ${visit.status.replace('_', ' ')}` };
  if (visit.starts_at.getTime() !== reminder.planned_start.getTime()) return { status: 'cancelled', reason: 'appointment moved' };
  if (visit.starts_at.getTime() <= now.getTime()) return { status: 'skipped', reason: 'appointment already started' };
  if (superseded) return { status: 'skipped', reason: 'a later reminder of the same appointment was due at the same time' };
  return undefined;
}

const NO_CONSENT: ReminderOutcome = { status: 'skipped', reason: 'no channel with care consent' };

/**
 * Decides a clinic's reminders that are to be sent: their recipients in two queries, their
 * messages queued in one insert (consent checked there once more, as for every message).
 */
async function queueClinicReminders(platform: Platform, organizationId: string, due: { reminder: ClaimedReminder; visit: VisitRow }[]) {
  const recipients = await recipientsFor(platform, organizationId, due.map(({ visit }) => visit.patient_id));
  const clinic = await clinicIdentity(platform, organizationId);
  const decided: { id: string; outcome: ReminderOutcome }[] = [];
  const sending: { reminder: ClaimedReminder; recipient: Recipient; message: OutboundMessage }[] = [];
  for (const { reminder, visit } of due) {
    const recipient = recipients.get(visit.patient_id);
    if (!recipient) {
      decided.push({ id: reminder.id, outcome: NO_CONSENT });
      continue;
    }
    sending.push({ reminder, recipient, message: visitMessage(platform, {
      visit, clinic, recipient, message: 'reminder', idempotencyKey: `reminder:${reminder.id}`, mailId: `reminder-${reminder.id}`,
    }) });
  }
  const results = await queueOutboundMany(platform, sending.map(({ message }) => message));
  const queued: OutboxRow[] = [];
  sending.forEach(({ reminder, recipient }, i) => {
    const result = results[i]!;
    if ('refusal' in result) {
      if (!isConsentRefusal(result.refusal)) throw result.refusal;
      decided.push({ id: reminder.id, outcome: result.refusal.code === 'opted_out' ? { status: 'skipped', reason: 'the number texted STOP' } : NO_CONSENT });
      return;
    }
    queued.push(result.row);
    decided.push({ id: reminder.id, outcome: { status: 'sent', channel: recipient.channel, outboxId: result.row.id } });
  });
  return { decided, queued };
}

/** One batch in one transaction; its messages are dispatched after the commit. */
async function sendReminderBatch(platform: Platform, now: Date, batchSize: number) {
  const result = await platform.db.transaction().execute(async (trx) => {
    const inTrx = { ...platform, db: trx };
    const claimed = await claimDue(trx, now, batchSize);
    const visits = new Map((await findVisits(trx, [...new Set(claimed.map((r) => r.appointment_id))], { lockShared: true })).map((v) => [v.id, v]));
    const superseded = supersededIds(claimed);
    const decided: { id: string; outcome: ReminderOutcome }[] = [];
    const due = new Map<string, { reminder: ClaimedReminder; visit: VisitRow }[]>();
    for (const reminder of claimed) {
      const visit = visits.get(reminder.appointment_id);
      const verdict = visitVerdict(reminder, visit, superseded.has(reminder.id), now);
      if (verdict || !visit) decided.push({ id: reminder.id, outcome: verdict ?? { status: 'later' } });
      else due.set(visit.organization_id, [...(due.get(visit.organization_id) ?? []), { reminder, visit }]);
    }
    const queued: OutboxRow[] = [];
    for (const [organizationId, reminders] of due) {
      const clinic = await queueClinicReminders(inTrx, organizationId, reminders);
      decided.push(...clinic.decided);
      queued.push(...clinic.queued);
    }
    await markReminders(trx, decided);
    const count = (status: ReminderOutcome['status']) => decided.filter(({ outcome }) => outcome.status === status).length;
    return { claimed: claimed.length, sent: count('sent'), skipped: count('skipped') + count('cancelled'), queued };
  });
  await dispatchMany(platform, result.queued);
  return result;
}

/** Sends every reminder due at `now`, batch after batch, until none is left; returns how many were sent and skipped. */
export async function sendDueReminders(platform: Platform, now = new Date(), batchSize = 500): Promise<{ sent: number; skipped: number }> {
  const totals = { sent: 0, skipped: 0 };
  for (;;) {
    const batch = await sendReminderBatch(platform, now, batchSize);
    totals.sent += batch.sent;
    totals.skipped += batch.skipped;
    // A short batch means nothing more is due; a batch of only visits being changed must not spin.
    if (batch.claimed < batchSize || batch.sent + batch.skipped === 0) return totals;
  }
}

/** The job: on PostgreSQL several lanes drain side by side (SKIP LOCKED keeps them apart). */
async function drainDueReminders(platform: Platform) {
  const lanes = platform.dbKind === 'pglite' ? 1 : LANES_POSTGRES;
  // Smaller batches on the embedded database: its one connection is held for the whole batch.
  const batchSize = platform.dbKind === 'pglite' ? 100 : 500;
  const results = await Promise.all(Array.from({ length: lanes }, () => sendDueReminders(platform, new Date(), batchSize)));
  const sent = results.reduce((sum, r) => sum + r.sent, 0);
  if (sent > 0) platform.logger.info({ sent, skipped: results.reduce((sum, r) => sum + r.skipped, 0) }, 'reminders sent');
  await runAtNextDue(platform);
}

/** The minute tick alone would send a reminder up to a minute late: the next one due within the minute gets a run at its time. */
async function runAtNextDue(platform: Platform) {
  const next = await nextDue(platform.db);
  const wait = next ? next.getTime() - Date.now() : Infinity;
  if (wait < 60_000) {
    await platform.jobs.send(SEND_REMINDERS, { slot: 'next' }, { startAfter: Math.max(1, Math.ceil(wait / 1000)), singletonKey: 'reminders-next', singletonSeconds: 5 });
  }
}

const nextDue = async (db: Db) =>
  (await db.selectFrom('appointment_reminders').select('due_at').where('status', '=', 'scheduled').orderBy('due_at').limit(1).executeTakeFirst())?.due_at;

const anyDue = async (db: Db) => ((await nextDue(db))?.getTime() ?? Infinity) <= Date.now();

/** Every minute: when reminders are due, sender jobs are started (one per lane slot, never more than one waiting per slot). */
export async function defineReminderJobs(platform: Platform) {
  // A sender taken by a process that died must not hold its singleton place for pg-boss's default 15 minutes:
  // the reminders it had not committed are due again, and the next tick should find a free place.
  await platform.jobs.define({ name: SEND_REMINDERS, batchSize: 1, retryLimit: 10, expireInSeconds: 180, handle: () => drainDueReminders(platform) });
  await platform.jobs.define({
    name: REMINDERS_DUE,
    handle: async () => {
      if (!(await anyDue(platform.db))) {
        await runAtNextDue(platform);
        return;
      }
      for (let slot = 0; slot < JOBS_PER_TICK; slot++) {
        await platform.jobs.send(SEND_REMINDERS, { slot }, { singletonKey: `reminders-${slot}`, singletonSeconds: 55 });
      }
    },
  });
  await platform.jobs.schedule(REMINDERS_DUE, '* * * * *');
}
