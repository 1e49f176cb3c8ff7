/**
 * bench/scheduling phase (c): a wave of reminders. N visits (one per reminder patient, so each
 * text has its own recipient) get one reminder row each, due spread over one minute, written with
 * bench SQL; the server's minute tick and outbox send them to the local SMS sink. Counted at the
 * sink (received, twice, lost) and in PostgreSQL (reminder rows and outbox rows by status). The
 * second run kills the server with SIGKILL once ~30% have arrived and starts it again at once.
 */
import type pg from 'pg';
import type { ServerProcess } from './inbox-server.js';
import type { Sink, SinkCounts } from './scheduling-sink.js';
import { reminderPhone, VISIT_MINUTES, ZONE, type SchedulingClinic } from './scheduling-seed.js';

export interface ReminderRun {
  label: string;
  expected: number;
  /** Seconds from the first due moment to the last text at the sink (null: not all arrived). */
  firstDueToAllSeconds: number | null;
  /** Seconds from the last due moment to the last text at the sink. */
  lastDueToAllSeconds: number | null;
  /** Seconds from the first due moment to the first text (the minute tick's wait shows here). */
  firstDueToFirstSeconds: number | null;
  /** Texts per second at the sink between the first and the last. */
  textsPerSecond: number | null;
  received: number;
  distinct: number;
  /** Numbers texted more than once, and the extra texts. */
  twice: number;
  extra: number;
  lost: number;
  notReminders: number;
  /** The kill: when (texts received so far) and how long the restart took. */
  killedAtReceived: number | null;
  restartMs: number | null;
  /** Texts at the sink within 60 s of the first due moment, and of the last. */
  within60sOfFirstDue: number;
  within60sOfLastDue: number;
  /** After the wait: reminder rows and outbox rows by status. */
  reminderRows: Record<string, number>;
  outboxRows: Record<string, number>;
  /** Seconds from the first due moment: the sender queueing texts (first, last) and the outbox handing them to the provider. */
  queuedSeconds: { first: number | null; last: number | null };
  handedOverSeconds: { first: number | null; last: number | null };
  /**
   * Outbox rows left 'sending' by the kill at the end: their text may already be at the sink, and
   * the sweeper sends them again 5 minutes after the kill (a repeat to come unless settle waited it out).
   */
  stillSending: number;
  /** Gave up waiting (deadline) before every text arrived. */
  timedOut: boolean;
  secondsWaited: number;
}

/**
 * Writes N visits and their reminder rows, due from `dueFrom` over `spreadSeconds`; run r uses its
 * own week of times (back-to-back visits, each provider's own), so runs never overlap.
 */
export async function insertReminderWave(db: pg.Client, clinic: SchedulingClinic, wave: { firstPatient: number; count: number; run: number }, dueFrom: Date, spreadSeconds: number): Promise<string> {
  const marker = `wave-${wave.run}`;
  const firstDay = 100 + wave.run * 14;
  await db.query(`
    with pt as (
      select id, substr(mrn, 3)::int - $13::int as i from patients
      where organization_id = $1 and mrn like 'SR%' and substr(mrn, 3)::int >= $13::int and substr(mrn, 3)::int < $13::int + $2::int
    ),
    visits as (
      insert into appointments (organization_id, patient_id, provider_id, location_id, service_id, starts_at, ends_at, blocked_from, blocked_until, status, source, booked_by, notes)
      select $1, pt.id, ($3::uuid[])[1 + pt.i % array_length($3::uuid[], 1)], $4, $5, s.starts_at, s.starts_at + $6::int * interval '1 minute',
             s.starts_at, s.starts_at + $6::int * interval '1 minute', 'booked', 'staff', 'bench', $10
      from pt, lateral (select (($7::date + $8::int)::timestamp at time zone $9) + (pt.i / array_length($3::uuid[], 1)) * $6::int * interval '1 minute' as starts_at) s
      returning id, starts_at, patient_id
    )
    insert into appointment_reminders (organization_id, appointment_id, offset_minutes, planned_start, due_at)
    select $1, v.id, round(extract(epoch from v.starts_at - d.due_at) / 60)::int, v.starts_at, d.due_at
    from visits v join pt on pt.id = v.patient_id,
         lateral (select $11::timestamptz + (pt.i::float8 / $2::int) * $12::int * interval '1 second' as due_at) d`,
  [clinic.organizationId, wave.count, clinic.providerIds, clinic.locationId, clinic.serviceId, VISIT_MINUTES, clinic.from, firstDay, ZONE, marker, dueFrom, spreadSeconds, wave.firstPatient]);
  return marker;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rowCounts(db: pg.Client, marker: string) {
  const reminders = await db.query<{ status: string; n: string }>(`
    select r.status, count(*) n from appointment_reminders r join appointments a on a.id = r.appointment_id where a.notes = $1 group by r.status`, [marker]);
  const outbox = await db.query<{ status: string; n: string }>(`
    select o.status, count(*) n from appointment_reminders r join appointments a on a.id = r.appointment_id
    join outbox o on o.organization_id = r.organization_id and o.idempotency_key = 'reminder:' || r.id where a.notes = $1 group by o.status`, [marker]);
  const byStatus = (rows: { status: string; n: string }[]) => Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  // When the sender queued the texts (reminder rows marked sent) and when the outbox handed them over, in seconds from the first due.
  const spans = (await db.query<{ queued_first: number | null; queued_last: number | null; sent_first: number | null; sent_last: number | null }>(`
    select extract(epoch from min(r.sent_at) - min(r.due_at))::float8 queued_first, extract(epoch from max(r.sent_at) - min(r.due_at))::float8 queued_last,
           extract(epoch from min(o.sent_at) - min(r.due_at))::float8 sent_first, extract(epoch from max(o.sent_at) - min(r.due_at))::float8 sent_last
    from appointment_reminders r join appointments a on a.id = r.appointment_id
    left join outbox o on o.organization_id = r.organization_id and o.idempotency_key = 'reminder:' || r.id where a.notes = $1`, [marker])).rows[0]!;
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    reminderRows: byStatus(reminders.rows), outboxRows: byStatus(outbox.rows),
    queuedSeconds: { first: round(spans.queued_first), last: round(spans.queued_last) },
    handedOverSeconds: { first: round(spans.sent_first), last: round(spans.sent_last) },
  };
}

export interface WaveOptions {
  label: string;
  /** Reminder patients firstPatient .. firstPatient + count - 1 get one text each. */
  firstPatient: number;
  count: number;
  run: number;
  /** Kill the server with SIGKILL once this share of the texts has arrived (null: no kill). */
  killAtShare: number | null;
  deadlineSeconds: number;
  /** Stop waiting when nothing arrived for this long after the last text (the sweeper runs every minute). */
  quietSeconds: number;
  /** After all arrived, wait (up to the deadline) until no outbox row of the wave is left 'sending' by the kill. */
  settle?: boolean;
}

/** One wave, start to end. `restart` starts the server again on the same database and port after a kill. */
export async function reminderWave(db: pg.Client, clinic: SchedulingClinic, sink: Sink, server: { current: ServerProcess; restart(): Promise<ServerProcess> }, options: WaveOptions, log: (line: string) => void): Promise<ReminderRun> {
  const numbers = new Set(Array.from({ length: options.count }, (_, i) => reminderPhone(options.firstPatient + i)));
  const inWave = (to: string) => numbers.has(to);
  // Writing 100,000 visits and reminders takes tens of seconds: the first is due only once they are all in.
  const dueFrom = new Date(Date.now() + 10_000 + options.count / 2);
  const spread = 60;
  const marker = await insertReminderWave(db, clinic, options, dueFrom, spread);
  sink.reset(inWave, 'reminder');
  log(`${options.label}: ${options.count.toLocaleString('en-US')} reminders due from ${dueFrom.toISOString()} over ${spread} s (inserted, ${Math.round((dueFrom.getTime() - Date.now()) / 1000)} s before the first is due)`);
  const dueFromPerf = performance.now() + (dueFrom.getTime() - Date.now());
  const started = performance.now();
  let killedAtReceived: number | null = null;
  let restartMs: number | null = null;
  let lastProgress = performance.now();
  let lastDistinct = 0;
  let timedOut = false;
  let lastLog = 0;
  for (;;) {
    await wait(200);
    const counts = sink.counts();
    if (counts.distinct !== lastDistinct) {
      lastDistinct = counts.distinct;
      lastProgress = performance.now();
    }
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`  ${Math.round((performance.now() - started) / 1000)} s: ${counts.distinct.toLocaleString('en-US')} received (${counts.extra} twice)`);
    }
    if (counts.distinct >= options.count) break;
    if (options.killAtShare !== null && killedAtReceived === null && counts.distinct >= options.count * options.killAtShare) {
      killedAtReceived = counts.distinct;
      await server.current.kill9();
      log(`  kill -9 at ${killedAtReceived.toLocaleString('en-US')} received; restarting`);
      const restarted = performance.now();
      server.current = await server.restart();
      restartMs = Math.round(performance.now() - restarted);
      log(`  server up again in ${restartMs} ms`);
      lastProgress = performance.now();
    }
    const seconds = (performance.now() - started) / 1000;
    if (seconds > options.deadlineSeconds || (counts.distinct > 0 && performance.now() - lastProgress > options.quietSeconds * 1000)) {
      timedOut = true;
      break;
    }
  }
  const sending = async () => (await rowCounts(db, marker)).outboxRows.sending ?? 0;
  if (options.settle && !timedOut) {
    while ((await sending()) > 0 && (performance.now() - started) / 1000 < options.deadlineSeconds) await wait(5000);
  }
  // Late repeats (a text sent again after the crash) would arrive within a few seconds of the rest.
  await wait(3000);
  const counts: SinkCounts = sink.counts();
  const rows = await rowCounts(db, marker);
  const s = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);
  const complete = counts.distinct >= options.count;
  return {
    label: options.label, expected: options.count,
    firstDueToAllSeconds: complete && counts.lastNewAt !== null ? s(counts.lastNewAt - dueFromPerf) : null,
    lastDueToAllSeconds: complete && counts.lastNewAt !== null ? s(counts.lastNewAt - (dueFromPerf + spread * 1000)) : null,
    firstDueToFirstSeconds: counts.firstAt !== null ? s(counts.firstAt - dueFromPerf) : null,
    textsPerSecond: counts.firstAt !== null && counts.lastNewAt !== null && counts.lastNewAt > counts.firstAt
      ? Math.round(counts.distinct / ((counts.lastNewAt - counts.firstAt) / 1000)) : null,
    received: counts.received, distinct: counts.distinct, twice: counts.twice, extra: counts.extra, lost: options.count - counts.distinct,
    within60sOfFirstDue: sink.receivedBy(dueFromPerf + 60_000), within60sOfLastDue: sink.receivedBy(dueFromPerf + (spread + 60) * 1000),
    notReminders: counts.notReminders, killedAtReceived, restartMs, ...rows, stillSending: killedAtReceived === null ? 0 : rows.outboxRows.sending ?? 0, timedOut,
    secondsWaited: Math.round((performance.now() - started) / 1000),
  };
}
