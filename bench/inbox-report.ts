/** bench/inbox figures: percentiles, the targets and the printed table. */
import type { CpuSummary } from './inbox-cpuprofile.js';

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Exact percentiles (nearest rank) of a list of milliseconds. */
export function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => (sorted.length === 0 ? NaN : round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!));
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.length ? round(sorted[sorted.length - 1]!) : NaN };
}

export interface CeilingResult {
  label: string;
  connections: number;
  seconds: number;
  ok: number;
  rps: number;
  latencyMs: { p50: number; p99: number };
  failed: number;
  loadAverageBefore: number;
}

export interface ThroughputResult {
  label: string;
  connections: number;
  seconds: number;
  sent: number;
  acked: number;
  ackRps: number;
  ackLatencyMs: { p50: number; p99: number };
  failed: number;
  stored: number;
  storedRps: number;
  pushedToAll: number;
  pushedToSome: number;
  /** Messages a socket got more than once. */
  pushedTwice: number;
  /** Messages pushed to every agent, per second from the first webhook to the last push. */
  deliveredRps: number;
  /** From the end of the load to the last push. */
  pushLagMs: number;
  /** Pushes to every agent completed in each whole second of the run. */
  perSecondDelivered: { min: number; median: number; max: number };
  ratioToCeiling: number;
  socketCloses: number;
  /** WebSocket frames each agent got per message stored (message.received and whatever else the message caused). */
  framesPerMessage: number;
  /** Per message stored: transactions committed and rolled back, rows inserted and updated in the bench database; WAL flushes and bytes of the whole server. */
  database: { commits: number; rollbacks: number; inserted: number; updated: number; walSyncs: number; walBytes: number };
  /** The frames each agent got per message stored, by kind. */
  framesByType: Record<string, number>;
  cpuSeconds: Record<string, number>;
  cpuMsPerMessage: Record<string, number>;
  loadAverageBefore: number;
}

export interface LatencyResult {
  label: string;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  measured: number;
  failed: number;
  ackMs: Percentiles;
  firstAgentMs: Percentiles;
  allAgentsMs: Percentiles;
  notPushed: number;
  notPushedToAll: number;
  /** Measured messages with no 2xx by the end (the server fell behind); their latency is unknown, not in the percentiles. */
  unanswered: number;
  /** Messages the load generator never got on the wire (256 already waiting at the server). */
  neverSent: number;
  /** The seconds (from the start of the run) with the worst p99 to the first agent. */
  worstSeconds: { second: number; p99: number }[];
  /** Messages of the run stored (CPU per message is per stored message). */
  stored: number;
  /** First agent screen, leaving out messages sent from 1 s before to 2 s after a heartbeat round. */
  awayFromHeartbeatsMs: Percentiles;
  /** When the server's 30 s socket heartbeat ran, in seconds from the start of the run. */
  heartbeatSeconds: number[];
  cpuSeconds: Record<string, number>;
  loadAverageBefore: number;
}

export interface ProfileResult {
  label: string;
  messages: number;
  /** One webhook at a time: the response time of one alone. */
  aloneMs: Percentiles;
  statementsPerMessage: number;
  dbMsPerMessage: number;
  byStatement: { statement: string; perMessage: number; msPerMessage: number }[];
  /** Statements that ran meanwhile but are not a message's (job polling, socket heartbeats), in all. */
  background: { statement: string; count: number; ms: number }[];
  seconds: number;
}

export interface CrashResult {
  label: string;
  rate: number;
  seconds: number;
  sent: number;
  killedAtSeconds: number;
  inFlightAtKill: number;
  /** From the kill to the restarted server's first healthy answer. */
  downMs: number;
  retriedMessages: number;
  attempts: number;
  statuses: Record<string, number>;
  unacknowledged: number;
  storedDistinct: number;
  lost: number;
  duplicated: number;
  ackedButLost: number;
  /** Senders with more than one open thread on the bench number (one thread per sender expected). */
  splitThreads: number;
  /** Stored messages from known patients with no timeline entry. */
  timelineMissing: number;
  timelineExpected: number;
  /** Threads of the run the team rule never reached (no team): their message's rules did not run. */
  threadsWithoutRules: number;
  /** Stored messages no agent socket was pushed (sockets reconnect after the restart). */
  neverPushed: number;
  loadAverageBefore: number;
}

export interface TargetResult {
  name: string;
  goal: string;
  actual: string;
  met: boolean;
}

export function targets(throughput: ThroughputResult, latency: LatencyResult, crashes: CrashResult[], rate: number): TargetResult[] {
  const sustained = Math.min(throughput.deliveredRps, throughput.storedRps);
  return [
    {
      name: 'sustained messages/s (stored and pushed to every agent)', goal: '>= 2000/s',
      actual: `${round(sustained)}/s (acknowledged ${round(throughput.ackRps)}/s, stored ${round(throughput.storedRps)}/s, pushed to all ${round(throughput.deliveredRps)}/s)`,
      met: sustained >= 2000 && throughput.failed === 0,
    },
    {
      name: `p99 webhook -> agent screen at ${rate}/s`, goal: '< 100 ms',
      actual: latency.firstAgentMs.count === 0
        ? `no message pushed (${latency.unanswered} of ${latency.measured} unanswered when the run ended)`
        : `${latency.firstAgentMs.p99} ms to the first agent, ${latency.allAgentsMs.p99} ms to all (${latency.notPushed} of ${latency.measured} not pushed)`,
      met: latency.firstAgentMs.count > 0 && latency.firstAgentMs.p99 < 100 && latency.notPushed === 0 && latency.failed === 0,
    },
    {
      name: 'kill -9 mid-run: lost / duplicated', goal: '0 / 0',
      actual: crashes.map((crash) => `${crash.lost} lost, ${crash.duplicated} duplicated of ${crash.sent} at ${crash.rate}/s (${crash.unacknowledged} never acknowledged)`).join('; '),
      met: crashes.every((crash) => crash.lost === 0 && crash.duplicated === 0 && crash.unacknowledged === 0 && crash.sent > 0),
    },
  ];
}

const pad = (text: string | number, width: number, left = false) => (left ? String(text).padEnd(width) : String(text).padStart(width));
const pct = (p: Percentiles) => (p.count === 0 ? 'none' : `p50 ${p.p50} / p95 ${p.p95} / p99 ${p.p99} / max ${p.max} ms (${p.count})`);
const cpu = (seconds: Record<string, number>) => Object.entries(seconds).map(([name, s]) => `${name} ${s.toFixed(1)} s`).join(', ');

export function printInbox(run: {
  agents: number; senders: number; knownSenders: number; ceiling: CeilingResult; throughput: ThroughputResult;
  latency: LatencyResult; latencyComfortable: LatencyResult | null; profile: ProfileResult[]; serverCpu: CpuSummary; crash: CrashResult[]; targets: TargetResult[];
}) {
  const { ceiling: a, throughput: b, profile } = run;
  console.log(`\n== bench/inbox on PostgreSQL: ${run.agents} agent WebSockets, ${run.senders} senders (${run.knownSenders} known patients)`);
  const header = `${pad('scenario', 58, true)} ${pad('msgs/s', 8)} ${pad('x(a)', 6)} ${pad('ack p50', 8)} ${pad('ack p99', 8)} ${pad('failed', 7)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  console.log(`${pad(a.label, 58, true)} ${pad(Math.round(a.rps), 8)} ${pad('1.00', 6)} ${pad(a.latencyMs.p50, 8)} ${pad(a.latencyMs.p99, 8)} ${pad(a.failed, 7)}`);
  console.log(`${pad(`${b.label}: acknowledged`, 58, true)} ${pad(Math.round(b.ackRps), 8)} ${pad((b.ackRps / a.rps).toFixed(2), 6)} ${pad(b.ackLatencyMs.p50, 8)} ${pad(b.ackLatencyMs.p99, 8)} ${pad(b.failed, 7)}`);
  console.log(`${pad('    stored in PostgreSQL', 58, true)} ${pad(Math.round(b.storedRps), 8)} ${pad((b.storedRps / a.rps).toFixed(2), 6)}`);
  console.log(`${pad(`    pushed to all ${run.agents} agents (until the last push)`, 58, true)} ${pad(Math.round(b.deliveredRps), 8)} ${pad(b.ratioToCeiling.toFixed(2), 6)}`);
  console.log(`   (b) ${b.sent} sent, ${b.stored} stored, ${b.pushedToAll} pushed to every agent, ${b.pushedToSome - b.pushedToAll} to only some, ${b.pushedTwice} twice;` +
    ` last push ${b.pushLagMs} ms after the load ended; pushes completed per second min ${b.perSecondDelivered.min} / median ${b.perSecondDelivered.median} / max ${b.perSecondDelivered.max}; ${b.framesPerMessage} frames per agent per message (${Object.entries(b.framesByType).map(([t, n]) => `${t} ${n}`).join(', ')}); sockets dropped ${b.socketCloses}`);
  console.log(`   (b) per message in PostgreSQL: ${b.database.commits} transactions committed (a statement outside BEGIN is one), ${b.database.rollbacks} rolled back, ${b.database.inserted} rows inserted, ${b.database.updated} updated;` +
    ` ${b.database.walSyncs} WAL flushes and ${Math.round(b.database.walBytes)} WAL bytes (whole server, other databases included)`);
  console.log(`   (b) CPU: ${cpu(b.cpuSeconds)}; per message: ${Object.entries(b.cpuMsPerMessage).map(([n, ms]) => `${n} ${ms} ms`).join(', ')}`);
  for (const c of [run.latency, run.latencyComfortable]) {
    if (!c) continue;
    console.log(`(c) ${c.rate} messages/s for ${c.seconds} s (first ${c.warmupSeconds} s not counted), ${c.measured} messages, ${c.failed} failed,` +
      ` ${c.unanswered} unanswered when the run ended (${c.neverSent} of them never sent: 256 already waiting); worst seconds: ${c.worstSeconds.map((w) => `${w.second} s p99 ${w.p99} ms`).join(', ')};` +
      ` socket heartbeats at ${c.heartbeatSeconds.map((s) => `${s} s`).join(', ') || 'none'}`);
    console.log(`   webhook answered      ${pct(c.ackMs)}`);
    console.log(`   first agent screen    ${pct(c.firstAgentMs)}`);
    console.log(`   all ${run.agents} agent screens ${pct(c.allAgentsMs)}   (${c.notPushed} never pushed, ${c.notPushedToAll} not to every agent)`);
    if (c.heartbeatSeconds.length > 0) console.log(`   first agent, away from heartbeat rounds ${pct(c.awayFromHeartbeatsMs)}`);
    console.log(`   CPU: ${cpu(c.cpuSeconds)}; per message stored (${c.stored}): ${Object.entries(c.cpuSeconds).map(([n, s]) => `${n} ${Math.round((s * 100_000) / Math.max(c.stored, 1)) / 100} ms`).join(', ')}`);
  }
  for (const one of profile) {
    console.log(`(p) one webhook at a time, ${one.label} (${one.messages}): ${pct(one.aloneMs)}; ${one.statementsPerMessage} statements and ${one.dbMsPerMessage} ms waiting on the database per message:`);
    console.log(`   ${one.byStatement.map((s) => `${s.statement} x${s.perMessage} ${s.msPerMessage} ms`).join(', ')}`);
    console.log(`   meanwhile, in ${one.seconds} s, not per message: ${one.background.map((s) => `${s.statement} x${s.count} ${s.ms} ms`).join(', ') || 'nothing'}`);
  }
  const busy = run.serverCpu;
  console.log(`(p) the server's main thread flat out (V8 profiler, ${Math.round(busy.sampledMs / 1000)} s sampled, busy ${Math.round((busy.busyMs / Math.max(busy.sampledMs, 1)) * 100)}% of it), share of busy time` +
    ' (wall time: a socket write that wakes another process can lose the CPU there, so writev also holds the wait to run again):');
  console.log(`   ${busy.byArea.map((a) => `${a.area} ${a.percent}%`).join(', ')}`);
  console.log(`   busiest functions: ${busy.topFunctions.slice(0, 8).map((f) => `${f.fn} ${f.percent}%`).join(', ')}`);
  for (const crash of run.crash) {
    console.log(`(d) ${crash.label}: kill -9 at ${crash.killedAtSeconds} s of a ${crash.rate}/s run of ${crash.seconds} s with ${crash.inFlightAtKill} webhooks in flight; down ${crash.downMs} ms;` +
      ` ${crash.retriedMessages} messages retried (${crash.attempts} attempts in all; ${Object.entries(crash.statuses).map(([s, n]) => `${s} x${n}`).join(', ')})`);
    console.log(`   counted in PostgreSQL: ${crash.sent} sent, ${crash.storedDistinct} stored, ${crash.lost} lost (${crash.ackedButLost} of them acknowledged), ${crash.duplicated} duplicated;` +
      ` ${crash.splitThreads} senders with a split thread; timeline entries missing ${crash.timelineMissing} of ${crash.timelineExpected};` +
      ` ${crash.threadsWithoutRules} threads the rules never ran on; ${crash.neverPushed} stored but pushed to no agent`);
  }
  for (const target of run.targets) console.log(`   target ${target.name} ${target.goal}: ${target.actual} -> ${target.met ? 'MET' : 'NOT MET'}`);
}
