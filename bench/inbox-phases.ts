/** The measured phases of bench/inbox. Each counts in PostgreSQL what was stored and, in the agents' process, what was pushed. */
import os from 'node:os';
import type pg from 'pg';
import type { Agents } from './inbox-children.js';
import { startBaseline, startLoad } from './inbox-children.js';
import { cpuMeter } from './inbox-cpu.js';
import type { CpuSummary } from './inbox-cpuprofile.js';
import type { LoadProgress } from './inbox-load.js';
import { percentiles, type CeilingResult, type CrashResult, type LatencyResult, type ProfileResult, type ThroughputResult } from './inbox-report.js';
import { startServer, type ServerProcess } from './inbox-server.js';
import { bodyFor, encodeForm, inboundSms, messageSid, sidPrefix, WEBHOOK_PATH } from './inbox-sms.js';

export interface Bench {
  server: ServerProcess;
  agents: Agents;
  agentCount: number;
  /** A connection to the bench database, for counting. */
  db: pg.Client;
  /** Its name (PostgreSQL's CPU is counted for this database's backends). */
  database: string;
  env: Record<string, string>;
  port: number;
  to: string;
  senders: string[];
  warmup: number;
}

export const PHASE = { ceilingWarmup: 1, ceiling: 2, throughputWarmup: 3, throughput: 4, latency: 5, profile: 6, crash: 7, latencyHalf: 8, cpuProfile: 9, crashOverloaded: 10 } as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loadAverage = () => Math.round(os.loadavg()[0]! * 100) / 100;
const now = () => performance.timeOrigin + performance.now();
const indexOfSid = (sid: string) => Number.parseInt(sid.slice(4), 16);

/** Waits until the agents' sockets have received nothing new for 1.5 s (at most `maxMs`). */
async function drained(agents: Agents, maxMs = 120_000) {
  const deadline = Date.now() + maxMs;
  let last = -1;
  let still = 0;
  while (Date.now() < deadline && still < 6) {
    const { frames, otherFrames } = await agents.status();
    still = frames + otherFrames === last ? still + 1 : 0;
    last = frames + otherFrames;
    await sleep(250);
  }
}

/** Waits until the server has finished what a phase left it (stored count steady for 2 s) and the sockets are quiet. */
async function quiet(bench: Bench, phase: number, maxMs = 120_000) {
  const deadline = Date.now() + maxMs;
  let last = -1;
  for (let still = 0; still < 8 && Date.now() < deadline; await sleep(250)) {
    const { rows } = await bench.db.query<{ n: number }>("select count(*)::int as n from messages where channel = 'sms' and external_id like $1", [`${sidPrefix(phase)}%`]);
    still = rows[0]!.n === last ? still + 1 : 0;
    last = rows[0]!.n;
  }
  await drained(bench.agents, Math.max(0, deadline - Date.now()));
}

interface DbCounters { commits: number; rollbacks: number; inserted: number; updated: number; walSyncs: number; walBytes: number }

/** The bench database's transaction and row counters, and the server's WAL flushes (cluster-wide: other databases' work counts too). */
async function dbCounters(bench: Bench): Promise<DbCounters> {
  // The statistics a backend reports are flushed at most every 0.5-1 s: read them settled.
  await sleep(1100);
  const { rows } = await bench.db.query<DbCounters>(
    `select d.xact_commit::float8 as commits, d.xact_rollback::float8 as rollbacks, d.tup_inserted::float8 as inserted, d.tup_updated::float8 as updated,
            w.wal_sync::float8 as "walSyncs", w.wal_bytes::float8 as "walBytes"
     from pg_stat_database d, pg_stat_wal w where d.datname = current_database()`);
  return rows[0]!;
}

/** The stored messages of a phase: database id -> message number. */
async function storedMessages(bench: Bench, phase: number): Promise<Map<string, number>> {
  const { rows } = await bench.db.query<{ id: string; external_id: string }>(
    "select id, external_id from messages where channel = 'sms' and external_id like $1", [`${sidPrefix(phase)}%`]);
  return new Map(rows.map((row) => [row.id, indexOfSid(row.external_id)]));
}

export async function ceiling(settings: { connections: number; duration: number }, bench: Bench): Promise<CeilingResult> {
  const baseline = await startBaseline();
  try {
    const spec = { mode: 'closed' as const, url: baseline.url, to: bench.to, senders: bench.senders, connections: settings.connections };
    if (bench.warmup > 0) await startLoad({ ...spec, phase: PHASE.ceilingWarmup, duration: bench.warmup }).result;
    const loadAverageBefore = loadAverage();
    const result = await startLoad({ ...spec, phase: PHASE.ceiling, duration: settings.duration }).result;
    return {
      label: '(a) bare Fastify route, same form parsed (ceiling)', connections: settings.connections, seconds: settings.duration, ok: result.ok,
      rps: result.rps, latencyMs: { p50: result.latencyMs.p50, p99: result.latencyMs.p99 }, failed: result.non2xx + result.errors, loadAverageBefore,
    };
  } finally {
    await baseline.close();
  }
}

export async function throughput(settings: { connections: number; duration: number }, bench: Bench, ceilingRps: number): Promise<ThroughputResult> {
  const spec = { mode: 'closed' as const, url: bench.server.url, to: bench.to, senders: bench.senders, connections: settings.connections };
  if (bench.warmup > 0) {
    await startLoad({ ...spec, phase: PHASE.throughputWarmup, duration: bench.warmup }).result;
    await quiet(bench, PHASE.throughputWarmup);
  }
  await bench.agents.reset();
  const loadAverageBefore = loadAverage();
  const countersBefore = await dbCounters(bench);
  const run = startLoad({ ...spec, phase: PHASE.throughput, duration: settings.duration });
  const meter = cpuMeter(bench.database, () => ({ server: bench.server.pid, load: run.pid, agents: bench.agents.pid }));
  const result = await run.result;
  await quiet(bench, PHASE.throughput);
  const cpu = meter.stop();
  const countersAfter = await dbCounters(bench);
  const collected = await bench.agents.collect();
  const stored = await storedMessages(bench, PHASE.throughput);
  const seconds = (result.endedAt - result.startedAt) / 1000;
  let pushedToAll = 0;
  let pushedToSome = 0;
  let pushedTwice = 0;
  let lastPush = result.startedAt;
  const perSecond = new Array<number>(Math.ceil(seconds)).fill(0);
  for (const [id, , last, count] of collected.deliveries) {
    if (!stored.has(id)) continue;
    pushedToSome += 1;
    if (count > bench.agentCount) pushedTwice += 1;
    if (count >= bench.agentCount) {
      pushedToAll += 1;
      lastPush = Math.max(lastPush, last);
      const second = Math.floor((last - result.startedAt) / 1000);
      if (second < perSecond.length) perSecond[second]! += 1;
    }
  }
  const sortedSeconds = perSecond.slice(1, -1).sort((x, y) => x - y); // whole seconds only: not the ramp-up or the last part-second
  const deliveredRps = pushedToAll / ((lastPush - result.startedAt) / 1000);
  const perMessage = (s: number) => (stored.size ? Math.round((s * 1000 * 100) / stored.size) / 100 : 0);
  return {
    label: `(b) Careloop webhook -> stored -> rules -> ${bench.agentCount} sockets`, connections: settings.connections, seconds: Math.round(seconds * 10) / 10,
    sent: result.sent, acked: result.ok, ackRps: result.rps, ackLatencyMs: { p50: result.latencyMs.p50, p99: result.latencyMs.p99 },
    failed: result.non2xx + result.errors, stored: stored.size, storedRps: Math.round((stored.size / seconds) * 10) / 10,
    pushedToAll, pushedToSome, pushedTwice, deliveredRps: Math.round(deliveredRps * 10) / 10, pushLagMs: Math.round(lastPush - result.endedAt),
    perSecondDelivered: { min: sortedSeconds[0] ?? 0, median: sortedSeconds[Math.floor(sortedSeconds.length / 2)] ?? 0, max: sortedSeconds[sortedSeconds.length - 1] ?? 0 },
    ratioToCeiling: ceilingRps > 0 ? Math.round((deliveredRps / ceilingRps) * 1000) / 1000 : 0,
    framesByType: Object.fromEntries(Object.entries(collected.frameTypes).sort((x, y) => y[1] - x[1])
      .map(([type, n]) => [type, stored.size ? Math.round((n / (bench.agentCount * stored.size)) * 100) / 100 : 0])),
    database: Object.fromEntries(Object.keys(countersAfter).map((key) => {
      const name = key as keyof DbCounters;
      return [name, stored.size ? Math.round(((countersAfter[name] - countersBefore[name]) / stored.size) * 100) / 100 : 0];
    })) as unknown as DbCounters,
    socketCloses: collected.closes, framesPerMessage: stored.size ? Math.round(((collected.frames + collected.otherFrames) / (bench.agentCount * stored.size)) * 100) / 100 : 0,
    cpuSeconds: cpu, cpuMsPerMessage: Object.fromEntries(Object.entries(cpu).map(([name, s]) => [name, perMessage(s)])), loadAverageBefore,
  };
}

export async function latency(settings: { rate: number; duration: number }, bench: Bench, phase: number = PHASE.latency): Promise<LatencyResult> {
  await bench.agents.reset();
  const loadAverageBefore = loadAverage();
  const seconds = bench.warmup + settings.duration;
  const run = startLoad({ mode: 'rate', url: bench.server.url, to: bench.to, senders: bench.senders, phase, rate: settings.rate, duration: seconds, retryDelayMs: 0, drainMs: 10_000 });
  const meter = cpuMeter(bench.database, () => ({ server: bench.server.pid, load: run.pid, agents: bench.agents.pid }));
  const result = await run.result;
  await quiet(bench, phase);
  const cpu = meter.stop();
  const collected = await bench.agents.collect();
  const stored = await storedMessages(bench, phase);
  const pushes = new Map<number, { first: number; last: number; count: number }>();
  for (const [id, first, last, count] of collected.deliveries) {
    const index = stored.get(id);
    if (index !== undefined) pushes.set(index, { first, last, count });
  }
  const from = Math.round(settings.rate * bench.warmup);
  const ack: number[] = [];
  const first: number[] = [];
  const all: number[] = [];
  let notPushed = 0;
  let notPushedToAll = 0;
  let unanswered = 0;
  /** First-agent latencies of messages sent more than 1 s before and 2 s after any heartbeat round. */
  const away: number[] = [];
  const bySecond: number[][] = [];
  for (let index = from; index < result.sent; index += 1) {
    const sentAt = result.sendAt[index]!;
    const second = Math.floor((sentAt - result.startedAt) / 1000);
    if (result.ackAt[index]) ack.push(result.ackAt[index]! - sentAt);
    else unanswered += 1;
    const push = pushes.get(index);
    if (!push) {
      notPushed += 1;
      continue;
    }
    first.push(push.first - sentAt);
    (bySecond[second] ??= []).push(push.first - sentAt);
    if (!collected.heartbeats.some((at) => sentAt > at - 1000 && sentAt < at + 2000)) away.push(push.first - sentAt);
    if (push.count >= bench.agentCount) all.push(push.last - sentAt);
    else notPushedToAll += 1;
  }
  const failed = Object.entries(result.statuses).filter(([status]) => !status.startsWith('2')).reduce((sum, [, n]) => sum + n, 0);
  return {
    label: `(c) ${settings.rate} messages/s`, rate: settings.rate, seconds, warmupSeconds: bench.warmup, measured: result.sent - from, failed,
    ackMs: percentiles(ack), firstAgentMs: percentiles(first), allAgentsMs: percentiles(all), notPushed, notPushedToAll,
    unanswered, neverSent: result.neverSent,
    worstSeconds: bySecond.map((values, second) => ({ second, p99: percentiles(values).p99 })).sort((x, y) => y.p99 - x.p99).slice(0, 3),
    stored: stored.size,
    awayFromHeartbeatsMs: percentiles(away),
    heartbeatSeconds: collected.heartbeats.map((at) => Math.round((at - result.startedAt) / 100) / 10),
    cpuSeconds: cpu, loadAverageBefore,
  };
}

/** One webhook at a time with the server's statements recorded: what one message costs (from the senders given). */
export async function profile(messages: number, bench: Bench, senders: { label: string; from: (index: number) => string; firstIndex: number }): Promise<ProfileResult> {
  const url = bench.server.url + WEBHOOK_PATH;
  const times: number[] = [];
  bench.server.probeStart();
  for (let index = 0; index < messages; index += 1) {
    const { form, signature } = inboundSms({ url, to: bench.to, from: senders.from(index), sid: messageSid(PHASE.profile, senders.firstIndex + index), body: bodyFor(index) });
    const started = now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: encodeForm(form) });
    await response.text();
    if (!response.ok) throw new Error(`profile webhook answered ${response.status}`);
    times.push(now() - started);
  }
  const statements = await bench.server.probeStop();
  // Not a message's cost: pg-boss polling, and the sockets' heartbeats (every 30 s each socket
  // re-checks its session and marks its agent online), which run on their own schedule.
  const isBackground = (statement: string) => statement.includes('pgboss') || / (sessions|agent_presence)$/.test(statement);
  const perMessage = statements.filter((s) => !isBackground(s.statement));
  const background = statements.filter((s) => isBackground(s.statement));
  const per = (n: number) => Math.round((n / messages) * 100) / 100;
  return {
    label: senders.label, messages, aloneMs: percentiles(times),
    statementsPerMessage: per(perMessage.reduce((sum, s) => sum + s.count, 0)),
    dbMsPerMessage: per(perMessage.reduce((sum, s) => sum + s.ms, 0)),
    byStatement: perMessage.map((s) => ({ statement: s.statement, perMessage: per(s.count), msPerMessage: per(s.ms) })),
    background: background.map((s) => ({ statement: s.statement, count: s.count, ms: Math.round(s.ms) })),
    seconds: Math.round(times.reduce((sum, t) => sum + t, 0) / 100) / 10,
  };
}

/** Where the server's CPU goes flat out: V8's profiler in the server during a closed-loop run like (b). */
export async function serverCpu(settings: { connections: number; duration: number }, bench: Bench): Promise<CpuSummary> {
  bench.server.cpuStart();
  await startLoad({ mode: 'closed', url: bench.server.url, to: bench.to, senders: bench.senders, connections: settings.connections, phase: PHASE.cpuProfile, duration: settings.duration }).result;
  const summary = await bench.server.cpuStop();
  await quiet(bench, PHASE.cpuProfile);
  return summary;
}

/** A fixed-rate run; SIGKILL to the server part-way, restart on the same database, the provider retries until every webhook got a 2xx. */
export async function crash(settings: { label: string; rate: number; duration: number; killAt: number }, bench: Bench, phase: number = PHASE.crash): Promise<CrashResult> {
  await bench.agents.reset();
  const loadAverageBefore = loadAverage();
  let progress: LoadProgress | undefined;
  const run = startLoad({
    mode: 'rate', url: bench.server.url, to: bench.to, senders: bench.senders, phase, rate: settings.rate, duration: settings.duration,
    retryDelayMs: 500, drainMs: 120_000,
  }, (p) => { progress = p; });
  const killAfter = Math.round(settings.rate * settings.killAt);
  while ((progress?.sent ?? 0) < killAfter) await sleep(5);
  const inFlightAtKill = progress!.inFlight;
  const killedAt = now();
  await bench.server.kill9();
  bench.server = await startServer(bench.env, bench.port);
  const downMs = Math.round(now() - killedAt);
  const result = await run.result;
  await quiet(bench, phase, 30_000);
  const collected = await bench.agents.collect();
  const prefix = `${sidPrefix(phase)}%`;
  const { rows } = await bench.db.query<{ external_id: string; copies: number }>(
    "select external_id, count(*)::int as copies from messages where channel = 'sms' and external_id like $1 group by external_id", [prefix]);
  const copies = new Map(rows.map((row) => [indexOfSid(row.external_id), row.copies]));
  let lost = 0;
  let ackedButLost = 0;
  let duplicated = 0;
  for (let index = 0; index < result.sent; index += 1) {
    const count = copies.get(index) ?? 0;
    if (count === 0) {
      lost += 1;
      if (result.ackAt[index]) ackedButLost += 1;
    }
    if (count > 1) duplicated += count - 1;
  }
  const split = await bench.db.query<{ n: number }>(
    "select count(*)::int as n from (select contact_address from conversations where channel = 'sms' and endpoint = $1 and status <> 'merged' group by contact_address having count(*) > 1) s", [bench.to]);
  const timeline = await bench.db.query<{ expected: number; missing: number }>(
    `select count(*)::int as expected, count(*) filter (where not exists (
       select 1 from patient_timeline t where t.patient_id = m.patient_id and t.event_type = 'message.received' and t.data->>'messageId' = m.id::text))::int as missing
     from messages m where m.channel = 'sms' and m.external_id like $1 and m.patient_id is not null`, [prefix]);
  // The team rule gives every thread a team: a thread of this run without one never had its rules run.
  const unruled = await bench.db.query<{ n: number }>(
    `select count(distinct c.id)::int as n from conversations c join messages m on m.conversation_id = c.id
     where m.channel = 'sms' and m.external_id like $1 and c.department_id is null`, [prefix]);
  const stored = await storedMessages(bench, phase);
  const pushed = new Set(collected.deliveries.map(([id]) => id));
  return {
    label: settings.label, rate: settings.rate, seconds: settings.duration, sent: result.sent, killedAtSeconds: settings.killAt, inFlightAtKill, downMs,
    retriedMessages: result.attempts.filter((n) => n > 1).length, attempts: result.attempts.reduce((sum, n) => sum + n, 0),
    statuses: result.statuses, unacknowledged: result.unacknowledged, storedDistinct: copies.size, lost, duplicated, ackedButLost,
    splitThreads: split.rows[0]!.n, timelineMissing: timeline.rows[0]!.missing, timelineExpected: timeline.rows[0]!.expected,
    threadsWithoutRules: unruled.rows[0]!.n,
    neverPushed: [...stored.keys()].filter((id) => !pushed.has(id)).length, loadAverageBefore,
  };
}
