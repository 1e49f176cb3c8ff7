/**
 * bench/broadcast: one broadcast to 50,000 patients on PostgreSQL, throttled per channel, with the
 * sending worker killed (SIGKILL) in the middle and a new one resuming.
 *
 * Processes: this one (the bench) runs a full Careloop with job workers, which delivers what the
 * outbox holds (texts to a local Twilio-compatible sink that counts texts per number, e-mail to the
 * test outbox). The sender runs in a child process (a Careloop without job workers) that starts the
 * send and holds the broadcast's lease; at ~40% queued it is killed with SIGKILL, and a second child
 * takes the lapsed lease and finishes. Counted: recipients by status in PostgreSQL, outbox rows per
 * patient, texts per number at the sink.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/broadcast.ts
 *   (BENCH_RECIPIENTS, BENCH_SMS_PER_MINUTE, BENCH_EMAIL_PER_MINUTE, BENCH_KILL_AT change the run)
 *
 * Writes bench/results/broadcast.json.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildCareloop } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { runSender } from '../src/modules/broadcast/sender.js';
import { createBroadcast, startBroadcast } from '../src/modules/broadcast/service.js';
import { addEndpoint } from '../src/modules/channels/service.js';
import { createOrganization } from '../src/modules/identity/service.js';
import { systemActor } from '../src/platform/permissions.js';
import { startSink } from './scheduling-sink.js';

const BASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS || 50_000);
const SMS_SHARE = 0.7;
const SMS_PER_MINUTE = Number(process.env.BENCH_SMS_PER_MINUTE || 24_000);
const EMAIL_PER_MINUTE = Number(process.env.BENCH_EMAIL_PER_MINUTE || 12_000);
const KILL_AT = Number(process.env.BENCH_KILL_AT || 0.4);
/** Patients of the segment who must be left out (no consent, no contact), on top of the recipients. */
const EXCLUDED = 1000;
const MARKER = 'bench broadcast';
const SELF = fileURLToPath(import.meta.url);
const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const configFor = (databaseUrl: string, sms?: { url: string; accountSid: string; authToken: string }) => loadConfig({
  LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, SMTP_LISTEN_PORT: 'off', PUBLIC_URL: 'https://care.example.org',
  ...(sms && { SMS_ACCOUNT_SID: sms.accountSid, SMS_AUTH_TOKEN: sms.authToken, SMS_API_URL: sms.url }),
});

/** The child: a Careloop without job workers that sends (mode 'start': starts the send first; 'resume': waits for the lapsed lease). */
async function worker(mode: string, databaseUrl: string, organizationId: string, broadcastId: string) {
  const careloop = await buildCareloop(configFor(databaseUrl), { logger: false, workers: false });
  const platform = careloop.platform;
  const owner = `bench-worker-${mode}-${process.pid}`;
  if (mode === 'start') await startBroadcast(platform, systemActor(organizationId, 'cli'), broadcastId, { senderId: owner });
  process.send?.({ type: 'ready', owner });
  for (;;) {
    const result = await runSender(platform, broadcastId, owner, { maxMs: 60_000 });
    if (result === 'done') break;
    if (result === 'busy') await sleep(200);
  }
  process.send?.({ type: 'done' });
  await careloop.close();
  process.exit(0);
}

function forkWorker(mode: string, databaseUrl: string, organizationId: string, broadcastId: string): { child: ChildProcess; ready: Promise<string> } {
  const child = fork(SELF, ['worker', mode, databaseUrl, organizationId, broadcastId], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise<string>((resolve, reject) => {
    child.on('message', (message: { type: string; owner?: string }) => { if (message.type === 'ready') resolve(message.owner ?? ''); });
    child.once('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}) before it was ready`)));
  });
  return { child, ready };
}

/** 50,000 patients with one consented contact each (70% mobile, 30% e-mail), and some who must be left out; all tagged. */
async function seedPatients(client: pg.Client, organizationId: string) {
  const smsCount = Math.round(RECIPIENTS * SMS_SHARE);
  await client.query(`
    insert into patients (organization_id, mrn, given_name, family_name, date_of_birth, preferred_channel, tags, search_name)
    select $1, 'B' || i, 'Pat' || i, 'Bench', date '1960-01-01' + (i % 20000), case when i < $2 then 'sms' else 'email' end, '{bench}', 'pat' || i || ' bench'
    from generate_series(0, $3 - 1) i`, [organizationId, smsCount, RECIPIENTS + EXCLUDED]);
  // n < sms: a consented mobile; then a consented e-mail up to RECIPIENTS; then a phone without consent; the last have no contact.
  await client.query(`
    insert into patient_contact_points (organization_id, patient_id, kind, value, is_primary, consent_care, consent_marketing)
    select $1, p.id, case when n < $2 or n >= $3 then 'phone' else 'email' end,
      case when n < $2 then '+1646' || (3000000 + n) when n < $3 then 'pat' || n || '@bench.example' else '+1647' || (3000000 + n) end,
      true, n < $3, false
    from (select id, substring(mrn from 2)::int as n from patients where organization_id = $1) p
    where n < $3 + $4`, [organizationId, smsCount, RECIPIENTS, EXCLUDED / 2]);
  // A clinic's tables have statistics; freshly bulk-loaded ones have none until autovacuum comes by.
  await client.query('analyze patients; analyze patient_contact_points');
  return smsCount;
}

async function counts(client: pg.Client, broadcastId: string) {
  const { rows } = await client.query<{ channel: string | null; status: string; n: string }>(
    'select channel, status, count(*) as n from broadcast_recipients where broadcast_id = $1 group by channel, status', [broadcastId]);
  const by = (channel: string | null, statuses: string[]) => rows.filter((r) => (channel === '*' || r.channel === channel) && statuses.includes(r.status)).reduce((sum, r) => sum + Number(r.n), 0);
  const handed = ['queued', 'sent', 'delivered', 'failed'];
  return {
    smsQueued: by('sms', handed), emailQueued: by('email', handed), pending: by('*', ['pending']), sent: by('*', ['sent', 'delivered']),
    skipped: by(null, ['skipped']), all: rows.reduce((sum, r) => sum + Number(r.n), 0),
  };
}

async function main() {
  const name = `careloop_bench_broadcast_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const sink = await startSink();
  const careloop = await buildCareloop(configFor(databaseUrl, sink), { logger: false, workers: true });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const children: ChildProcess[] = [];
  try {
    const platform = careloop.platform;
    const { organization } = await createOrganization(platform, {
      name: 'Bench clinic', slug: 'bench', timeZone: 'America/New_York', admin: { email: 'admin@bench.test', displayName: 'Bench admin', password: 'correct horse battery' },
    });
    const organizationId = organization.organization_id;
    const actor = systemActor(organizationId, 'cli');
    await addEndpoint(platform, actor, { channel: 'sms', address: '+16465550100', name: 'Bench line' });
    await addEndpoint(platform, actor, { channel: 'email', address: 'bench', name: 'Bench mail' });
    let started = performance.now();
    const smsCount = await seedPatients(client, organizationId);
    const emailCount = RECIPIENTS - smsCount;
    log(`seeded ${RECIPIENTS + EXCLUDED} patients (${smsCount} by text, ${emailCount} by e-mail, ${EXCLUDED} to leave out) in ${Math.round(performance.now() - started)} ms`);
    sink.reset((to) => to.startsWith('+1646'), MARKER);

    const broadcast = await createBroadcast(platform, actor, {
      title: 'Bench closure notice', purpose: 'operational', segment: { type: 'tag', tag: 'bench' },
      smsBody: `Hello {{firstName}}, ${MARKER}: the clinic is closed on Friday.`, emailSubject: 'Clinic closed Friday', emailBody: `Dear {{firstName}}, ${MARKER}.`,
      throttle: { smsPerMinute: SMS_PER_MINUTE, emailPerMinute: EMAIL_PER_MINUTE },
    });
    started = performance.now();
    const first = forkWorker('start', databaseUrl, organizationId, broadcast.id);
    children.push(first.child);
    await first.ready;
    const startMs = performance.now() - started;
    const afterStart = await counts(client, broadcast.id);
    log(`send started by worker 1 (pid ${first.child.pid}) in ${Math.round(startMs)} ms: ${afterStart.all} recipients written, ${afterStart.skipped} skipped`);

    // Sample the queue every 250 ms; kill worker 1 at KILL_AT of the recipients queued.
    const samples: { t: number; sms: number; email: number }[] = [];
    const queueStart = performance.now();
    let killedAt: { t: number; queued: number; sms: number; email: number } | null = null;
    let resumedAt: number | null = null;
    let second: { child: ChildProcess; ready: Promise<string> } | null = null;
    for (;;) {
      const now = await counts(client, broadcast.id);
      const t = (performance.now() - queueStart) / 1000;
      samples.push({ t, sms: now.smsQueued, email: now.emailQueued });
      const queued = now.smsQueued + now.emailQueued;
      if (!killedAt && queued >= RECIPIENTS * KILL_AT) {
        first.child.kill('SIGKILL');
        await new Promise((resolve) => first.child.once('exit', resolve));
        const after = await counts(client, broadcast.id);
        killedAt = { t: (performance.now() - queueStart) / 1000, queued: after.smsQueued + after.emailQueued, sms: after.smsQueued, email: after.emailQueued };
        log(`kill -9 worker 1 at ${killedAt.queued} queued (${killedAt.t.toFixed(1)} s); worker 2 starts and waits for the lease to lapse`);
        second = forkWorker('resume', databaseUrl, organizationId, broadcast.id);
        children.push(second.child);
      }
      if (killedAt && resumedAt === null && queued > killedAt.queued) {
        resumedAt = (performance.now() - queueStart) / 1000;
        log(`resumed: first new message queued ${(resumedAt - killedAt.t).toFixed(1)} s after the kill`);
      }
      if (now.pending === 0 && killedAt) break;
      await sleep(250);
    }
    const queuedAllAt = (performance.now() - queueStart) / 1000;
    log(`all queued in ${queuedAllAt.toFixed(1)} s`);

    // Deliveries: every text at the sink, every e-mail recorded by the outbox (test mode).
    const deadline = Date.now() + 600_000;
    let delivered = await counts(client, broadcast.id);
    while ((sink.counts().distinct < smsCount || delivered.sent < RECIPIENTS) && Date.now() < deadline) {
      await sleep(500);
      delivered = await counts(client, broadcast.id);
    }
    const deliveredAllAt = (performance.now() - queueStart) / 1000;
    // Let any late repeat arrive before counting repeats.
    await sleep(5000);
    const sinkCounts = sink.counts();
    const outbox = await client.query<{ rows: string; patients: string; repeated: string; statuses: Record<string, number> }>(`
      select count(*) as rows, count(distinct patient_id) as patients,
        (select count(*) from (select patient_id from outbox where organization_id = $1 and purpose = 'broadcast' group by patient_id having count(*) > 1) d) as repeated,
        (select json_object_agg(status, n) from (select status, count(*) as n from outbox where organization_id = $1 and purpose = 'broadcast' group by status) s) as statuses
      from outbox where organization_id = $1 and purpose = 'broadcast'`, [organizationId]);
    const lease = await client.query<{ status: string; lease_owner: string | null; excluded: Record<string, number> }>('select status, lease_owner, excluded from broadcasts where id = $1', [broadcast.id]);
    const outboxRow = outbox.rows[0]!;

    const rate = (channel: 'sms' | 'email', from: number, to: number) => {
      const inRange = samples.filter((s) => s.t >= from && s.t <= to);
      const a = inRange[0];
      const b = inRange.at(-1);
      return a && b && b.t > a.t ? Math.round((b[channel] - a[channel]) / (b.t - a.t)) : null;
    };
    const killT = killedAt?.t ?? queuedAllAt;
    const perSecond = sinkCounts.perSecond;
    const busySeconds = perSecond.filter((n) => n > 0);
    const result = {
      bench: 'broadcast',
      at: new Date().toISOString(),
      settings: {
        recipients: RECIPIENTS, sms: smsCount, email: emailCount, excludedPatients: EXCLUDED, smsPerMinute: SMS_PER_MINUTE, emailPerMinute: EMAIL_PER_MINUTE,
        killAtShare: KILL_AT, database: 'PostgreSQL (a fresh database)', delivery: 'texts to a local Twilio-compatible sink; e-mail to the test outbox (no relay)',
      },
      start: { ms: Math.round(startMs), recipientsWritten: afterStart.all, skipped: afterStart.skipped, excluded: lease.rows[0]?.excluded },
      throughput: {
        sms: { configuredPerSecond: Math.round(SMS_PER_MINUTE / 60), queuedPerSecondBeforeKill: rate('sms', 1, killT), queuedPerSecondAfterResume: rate('sms', (resumedAt ?? queuedAllAt) + 1, queuedAllAt),
          deliveredToSinkPerSecondMedian: median(busySeconds), deliveredToSinkPerSecondPeak: Math.max(0, ...busySeconds) },
        email: { configuredPerSecond: Math.round(EMAIL_PER_MINUTE / 60), queuedPerSecondBeforeKill: rate('email', 1, killT), queuedPerSecondAfterResume: rate('email', (resumedAt ?? queuedAllAt) + 1, queuedAllAt) },
        allQueuedSeconds: round(queuedAllAt), allDeliveredSeconds: round(deliveredAllAt),
      },
      crash: killedAt && {
        killedAtQueued: killedAt.queued, killedAtSeconds: round(killedAt.t), resumedAfterSeconds: resumedAt === null ? null : round(resumedAt - killedAt.t),
        leaseSeconds: 15, finishedBy: lease.rows[0]?.lease_owner ?? 'released on finish', status: lease.rows[0]?.status,
      },
      neverTwice: {
        outboxRows: Number(outboxRow.rows), outboxPatients: Number(outboxRow.patients), patientsWithTwoOutboxRows: Number(outboxRow.repeated), outboxStatuses: outboxRow.statuses,
        textsAtSink: sinkCounts.received, numbersAtSink: sinkCounts.distinct, numbersTextedTwice: sinkCounts.twice, extraTexts: sinkCounts.extra,
        textsWithoutTheWording: sinkCounts.notReminders, lostTexts: smsCount - sinkCounts.distinct,
      },
    };
    log(JSON.stringify(result, null, 2));
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    await writeFile(new URL('./results/broadcast.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
    const ok = result.neverTwice.patientsWithTwoOutboxRows === 0 && result.neverTwice.numbersTextedTwice === 0 && result.neverTwice.lostTexts === 0
      && result.neverTwice.outboxRows === RECIPIENTS;
    log(ok ? 'every recipient got exactly one message' : 'SOMEONE GOT TWO MESSAGES OR NONE: see neverTwice');
    if (!ok) process.exitCode = 1;
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await client.end();
    await careloop.close();
    await sink.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

function median(values: number[]) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
const round = (n: number) => Math.round(n * 10) / 10;

if (process.argv[2] === 'worker') {
  const [, , , mode, databaseUrl, organizationId, broadcastId] = process.argv;
  await worker(mode!, databaseUrl!, organizationId!, broadcastId!);
} else {
  await main();
}
