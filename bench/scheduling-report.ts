/** bench/scheduling figures: the targets and the printed table. */
import type { BookingResult } from './scheduling-booking.js';
import type { ReminderRun } from './scheduling-reminders.js';
import type { BaselineResult, HttpSearchResult, InProcessResult } from './scheduling-search.js';

export interface SchedulingRun {
  clinic: { providers: number; days: number; from: string; bookedVisits: number; exceptions: number; seedSeconds: number };
  search: { http: HttpSearchResult[]; inProcess: InProcessResult[]; baseline: BaselineResult[] };
  booking: { runs: BookingResult[]; overlappingVisits: number };
  reminders: ReminderRun[];
}

export interface TargetResult {
  name: string;
  goal: string;
  actual: string;
  met: boolean;
}

export function schedulingTargets(run: SchedulingRun): TargetResult[] {
  const targets: TargetResult[] = run.search.http.map((h) => ({
    name: `slot search p95, ${h.label}`, goal: '< 20 ms', actual: `${h.latencyMs.p95} ms`, met: h.latencyMs.p95 < 20,
  }));
  const contended = run.booking.runs.find((b) => b.timesWon !== undefined && b.label.includes('same'));
  targets.push({
    name: 'no double booking under contention', goal: '0 overlapping live visits, no time won twice',
    actual: `${run.booking.overlappingVisits} overlapping, ${contended?.wonTwice ?? 0} won twice`,
    met: run.booking.overlappingVisits === 0 && (contended?.wonTwice ?? 0) === 0,
  });
  for (const r of run.reminders) {
    targets.push({
      name: `reminders ${r.label}: all received`, goal: `${r.expected.toLocaleString('en-US')} received, 0 lost`,
      actual: r.timedOut
        ? `${r.distinct.toLocaleString('en-US')} received when the watch ended, ${r.lost} not yet (still due or queued, not known lost)`
        : `${r.distinct.toLocaleString('en-US')} received, ${r.lost} lost`,
      met: r.lost === 0,
    });
    targets.push({
      name: `reminders ${r.label}: none twice`, goal: '0 extra texts',
      actual: `${r.extra} extra to ${r.twice} numbers${r.stillSending ? `; ${r.stillSending} outbox rows left 'sending' by the kill, to be sent again by the sweeper (not waited for)` : ''}`,
      met: r.extra === 0 && r.stillSending === 0,
    });
    targets.push({
      name: `reminders ${r.label}: within 60 s`, goal: 'last text <= 60 s after the first due moment',
      actual: r.firstDueToAllSeconds === null ? 'not all arrived' : `${r.firstDueToAllSeconds} s (${r.lastDueToAllSeconds} s after the last due)`,
      met: r.firstDueToAllSeconds !== null && r.firstDueToAllSeconds <= 60,
    });
  }
  return targets;
}

const pad = (value: unknown, width: number) => String(value).padStart(width);
const row = (label: string, cells: unknown[]) => `  ${label.padEnd(46)}${cells.map((c) => pad(c, 10)).join('')}`;

export function printScheduling(run: SchedulingRun, targets: TargetResult[]) {
  const c = run.clinic;
  console.log(`  clinic: ${c.providers} providers x ${c.days} days from ${c.from}, ${c.bookedVisits.toLocaleString('en-US')} booked visits, ${c.exceptions} exceptions (seeded in ${c.seedSeconds} s)`);
  console.log('\n  (a) slot search, one request at a time');
  console.log(row('', ['p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'slots', 'KiB']));
  for (const h of run.search.http) console.log(row(`HTTP ${h.label}`, [h.latencyMs.p50, h.latencyMs.p95, h.latencyMs.p99, h.latencyMs.max, `${h.items}${h.truncated ? '+' : ''}`, h.kilobytes]));
  for (const b of run.search.baseline) console.log(row(b.label, [b.latencyMs.p50, b.latencyMs.p95, b.latencyMs.p99, b.latencyMs.max, `${b.rows} rows`, '']));
  console.log('\n  (a) searchSlots in process, p50 ms of each part');
  console.log(row('', ['total', 'reads', 'listBusy', 'freeSlots', 'sort', 'label']));
  for (const p of run.search.inProcess) {
    console.log(row(p.label, [p.totalMs.p50, p.loadMs.p50, p.queriesMs.listBusy?.p50 ?? '', p.freeSlotsMs.p50, p.sortMs.p50, p.labelMs.p50]));
  }
  console.log('\n  (b) booking, POST /api/scheduling/appointments');
  console.log(row('', ['booked/s', 'p50 ms', 'p95 ms', 'p99 ms', 'requests', 'booked']));
  for (const b of run.booking.runs) {
    console.log(row(b.label, [b.bookingsPerSecond, b.latencyMs.p50, b.latencyMs.p95, b.latencyMs.p99, b.requests, b.booked]));
    console.log(`    answers: ${Object.entries(b.answers).map(([k, n]) => `${k}: ${n}`).join(', ')}${b.label.includes('same') ? `; times won ${b.timesWon}, won twice ${b.wonTwice}` : ''}`);
  }
  console.log(`    overlapping live visits of one provider (SQL): ${run.booking.overlappingVisits}`);
  console.log('\n  (c) reminders to the SMS sink');
  console.log(row('', ['expected', 'received', 'lost', 'extra', '<=60s', 'first s', 'all s', 'texts/s']));
  for (const r of run.reminders) {
    console.log(row(r.label, [r.expected, r.distinct, r.lost, r.extra, r.within60sOfFirstDue, r.firstDueToFirstSeconds ?? '-', r.firstDueToAllSeconds ?? '-', r.textsPerSecond ?? '-']));
    console.log(`    seconds from the first due: sender queued ${r.queuedSeconds.first}..${r.queuedSeconds.last}, outbox handed over ${r.handedOverSeconds.first}..${r.handedOverSeconds.last}`);
    console.log(`    reminder rows ${JSON.stringify(r.reminderRows)}; outbox rows ${JSON.stringify(r.outboxRows)}${r.stillSending ? ` (${r.stillSending} left 'sending' by the kill: the sweeper sends them again after 5 minutes)` : ''}${r.killedAtReceived !== null ? `; killed at ${r.killedAtReceived} received, restarted in ${r.restartMs} ms` : ''}${r.timedOut ? '; stopped waiting (deadline or no progress)' : ''}`);
  }
  console.log('\n  targets');
  for (const t of targets) console.log(`  ${t.met ? 'MET    ' : 'NOT MET'} ${t.name}: ${t.actual} (goal ${t.goal})`);
}
