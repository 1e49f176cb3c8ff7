/**
 * bench/scheduling: slot search over 200 providers x 60 days (HTTP, in-process split, bare-SQL
 * baseline), booking throughput with and without contention, and a wave of 100,000 reminders to a
 * local SMS sink, once undisturbed and once across a kill -9 of the server. PostgreSQL only; the
 * server is a child process. See bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildCareloop } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { searchSlots } from '../src/modules/scheduling/availability.js';
import { freePort, startServer, type ServerProcess } from './inbox-server.js';
import { apiClient, cliAdminToken } from './inbox-setup.js';
import { machine } from './runner.js';
import { bookContended, bookDistinct, overlappingVisits, type Target } from './scheduling-booking.js';
import { printScheduling, schedulingTargets } from './scheduling-report.js';
import { reminderWave, type ReminderRun } from './scheduling-reminders.js';
import { addDays, busyBaseline, searchInProcess, searchOverHttp } from './scheduling-search.js';
import { seedSchedulingClinic } from './scheduling-seed.js';
import { startSink } from './scheduling-sink.js';

const env = process.env;
const SETTINGS = {
  providers: Number(env.BENCH_SCHEDULING_PROVIDERS ?? 200),
  days: Number(env.BENCH_SCHEDULING_DAYS ?? 60),
  bookedShare: Number(env.BENCH_SCHEDULING_BOOKED_SHARE ?? 0.35),
  searchRequests: Number(env.BENCH_SCHEDULING_SEARCHES ?? 100),
  longSearchRequests: Number(env.BENCH_SCHEDULING_LONG_SEARCHES ?? 10),
  clients: Number(env.BENCH_SCHEDULING_CLIENTS ?? 50),
  bookingSeconds: Number(env.BENCH_SCHEDULING_BOOKING_SECONDS ?? env.BENCH_DURATION ?? 10),
  contendedTimes: 3,
  reminders: Number(env.BENCH_SCHEDULING_REMINDERS ?? 100_000),
  /** The undisturbed wave is watched this long, then what is left is cancelled (the target is 60 s). */
  reminderDeadlineSeconds: Number(env.BENCH_SCHEDULING_REMINDER_DEADLINE ?? 120),
  /** The kill -9 wave is waited for to the end: the outbox sweeper re-sends a text cut off mid-send after 5 minutes. */
  crashReminders: Number(env.BENCH_SCHEDULING_CRASH_REMINDERS ?? 2_000),
  crashDeadlineSeconds: Number(env.BENCH_SCHEDULING_CRASH_DEADLINE ?? 480),
  /** 1: after the kill -9 wave has arrived, wait for the sweeper to re-send rows the kill left 'sending' (about 6 more minutes). */
  crashSettle: env.BENCH_SCHEDULING_CRASH_SETTLE === '1',
  otherPatients: 10_000,
  postgresUrl: env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  database: 'careloop_scheduling_bench',
};
const DEMO_SLUG = 'riverside';
const BENCH_SMS_NUMBER = '+16175550177';
/** The longest search the API allows returns at most this many slots (SlotQuery's maximum). */
const MAX_LIMIT = 20_000;

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: SETTINGS.postgresUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const shuffle = <T>(items: T[]) => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
};

async function main() {
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`   ${line}\n`);
  console.log(`bench/scheduling: ${SETTINGS.providers} providers x ${SETTINGS.days} days, ${SETTINGS.clients} booking clients for ${SETTINGS.bookingSeconds} s, ${SETTINGS.reminders.toLocaleString('en-US')} reminders`);
  const databaseUrl = new URL(SETTINGS.postgresUrl);
  databaseUrl.pathname = `/${SETTINGS.database}`;
  await adminQuery(`drop database if exists ${SETTINGS.database} with (force)`);
  await adminQuery(`create database ${SETTINGS.database}`);
  const sink = await startSink();
  const port = await freePort();
  const serverEnv = {
    DATABASE_URL: databaseUrl.toString(), PUBLIC_URL: `http://127.0.0.1:${port}`, SMS_ACCOUNT_SID: sink.accountSid, SMS_AUTH_TOKEN: sink.authToken,
    SMS_API_URL: sink.url, SMTP_LISTEN_PORT: 'off', LOG_LEVEL: 'warn', NODE_ENV: 'production', SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789',
  };
  const db = new pg.Client({ connectionString: databaseUrl.toString() });
  const server = { current: undefined as ServerProcess | undefined };
  let careloop: Awaited<ReturnType<typeof buildCareloop>> | undefined;
  try {
    server.current = await startServer(serverEnv, port);
    log(`server up in ${server.current.startMs} ms (demo clinic seeded)`);
    await db.connect();
    const version = (await db.query<{ version: string }>('select version()')).rows[0]!.version.split(' on ')[0]!;
    const token = await cliAdminToken(serverEnv, DEMO_SLUG);
    const api = apiClient(server.current.url, token);
    const endpoints = (await api.call<{ items: { channel: string }[] }>('GET', '/api/channels/endpoints')).items;
    if (!endpoints.some((e) => e.channel === 'sms')) await api.call('POST', '/api/channels/endpoints', { channel: 'sms', address: BENCH_SMS_NUMBER, name: 'Bench reminders line' });
    const seedStarted = performance.now();
    const clinic = await seedSchedulingClinic(db, DEMO_SLUG, {
      providers: SETTINGS.providers, days: SETTINGS.days, bookedShare: SETTINGS.bookedShare, reminderPatients: SETTINGS.reminders + SETTINGS.crashReminders, otherPatients: SETTINGS.otherPatients,
    });
    const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;
    log(`seeded in ${seedSeconds} s: ${clinic.appointments.toLocaleString('en-US')} booked visits, ${clinic.exceptions} exceptions, ${(clinic.reminderPatients + SETTINGS.otherPatients).toLocaleString('en-US')} patients; days from ${clinic.from}`);

    // (a) slot search
    careloop = await buildCareloop(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl.toString(), SMTP_LISTEN_PORT: 'off' }), { logger: false, workers: false });
    const platform = careloop.platform;
    const weekFroms = Array.from({ length: Math.max(1, SETTINGS.days - 7) }, (_, i) => addDays(clinic.from, i));
    const url = server.current.url;
    const http = [
      await searchOverHttp(url, token, { label: 'booking page: 7 days, limit 400', serviceId: clinic.serviceId, froms: weekFroms, days: 7, limit: 400, requests: SETTINGS.searchRequests, warmup: 10 }),
      await searchOverHttp(url, token, { label: `${SETTINGS.days} days, limit ${MAX_LIMIT} (the API's maximum)`, serviceId: clinic.serviceId, froms: [clinic.from], days: SETTINGS.days, limit: MAX_LIMIT, requests: SETTINGS.longSearchRequests, warmup: 2 }),
    ];
    for (const h of http) log(`(a) HTTP ${h.label}: p50 ${h.latencyMs.p50} ms, p95 ${h.latencyMs.p95} ms, ${h.items} slots${h.truncated ? ' (truncated)' : ''}, ${h.kilobytes} KiB`);
    const inProcess = [
      await searchInProcess(platform, clinic.organizationId, { label: 'booking page: 7 days, limit 400', serviceId: clinic.serviceId, from: clinic.from, to: addDays(clinic.from, 6), limit: 400 }, 30),
      await searchInProcess(platform, clinic.organizationId, { label: `${SETTINGS.days} days, limit ${MAX_LIMIT}`, serviceId: clinic.serviceId, from: clinic.from, to: addDays(clinic.from, SETTINGS.days - 1), limit: MAX_LIMIT }, 5),
    ];
    for (const p of inProcess) log(`(a) in process ${p.label}: total p50 ${p.totalMs.p50} ms = reads ${p.loadMs.p50} + free slots ${p.freeSlotsMs.p50} + sort ${p.sortMs.p50} + label ${p.labelMs.p50}; ${p.freeSlots} free of ${p.busyRows} busy rows`);
    const baseline = [
      await busyBaseline(db, platform, clinic.organizationId, clinic.providerIds, clinic.from, 7, 30),
      await busyBaseline(db, platform, clinic.organizationId, clinic.providerIds, clinic.from, SETTINGS.days, 10),
    ];
    for (const b of baseline) log(`(a) ${b.label}: p50 ${b.latencyMs.p50} ms, ${b.rows} rows`);

    // (b) booking: distinct free times in the second half of the period, then the same few times.
    const bookFrom = addDays(clinic.from, Math.floor(SETTINGS.days / 2));
    const free = await searchSlots(platform, clinic.organizationId, { serviceId: clinic.serviceId, from: bookFrom, to: addDays(bookFrom, 13), limit: MAX_LIMIT }, { online: false });
    const targets: Target[] = shuffle(free.items.map((s) => ({ providerId: s.providerId, locationId: s.locationId, startsAt: s.startsAt })));
    const contendedTargets = targets.splice(Math.floor(targets.length / 2));
    const bookingOptions = { clients: SETTINGS.clients, seconds: SETTINGS.bookingSeconds, serviceId: clinic.serviceId, patientIds: clinic.otherPatientIds };
    const booking = [
      await bookDistinct(url, token, { ...bookingOptions, targets }),
      await bookContended(url, token, { ...bookingOptions, targets: contendedTargets, window: SETTINGS.contendedTimes }),
    ];
    for (const b of booking) log(`(b) ${b.label}: ${b.bookingsPerSecond} bookings/s, p50 ${b.latencyMs.p50} ms, p95 ${b.latencyMs.p95} ms, answers ${JSON.stringify(b.answers)}`);
    const overlaps = await overlappingVisits(db, clinic.organizationId);
    log(`(b) overlapping live visits of one provider: ${overlaps}`);
    await careloop.close();
    careloop = undefined;

    // (c) reminders, undisturbed and across a kill -9.
    const restart = () => startServer(serverEnv, port);
    const serverRef = { current: server.current, restart };
    const reminders: ReminderRun[] = [];
    // The kill -9 wave first, on an empty job queue, and waited for to the end; then the big wave,
    // watched for the deadline (what it leaves behind would only queue in front of a later wave).
    reminders.push(await reminderWave(db, clinic, sink, serverRef, {
      label: 'kill -9 at ~30%', firstPatient: SETTINGS.reminders, count: SETTINGS.crashReminders, run: 1, killAtShare: 0.3,
      deadlineSeconds: SETTINGS.crashDeadlineSeconds, quietSeconds: SETTINGS.crashDeadlineSeconds, settle: SETTINGS.crashSettle,
    }, log));
    reminders.push(await reminderWave(db, clinic, sink, serverRef, {
      label: 'undisturbed', firstPatient: 0, count: SETTINGS.reminders, run: 0, killAtShare: null, deadlineSeconds: SETTINGS.reminderDeadlineSeconds, quietSeconds: 60,
    }, log));
    server.current = serverRef.current;
    for (const r of reminders) log(`(c) ${r.label}: ${r.distinct} of ${r.expected} received, ${r.extra} twice, ${r.lost} lost, all in ${r.firstDueToAllSeconds ?? '-'} s from the first due`);

    const run = {
      clinic: { providers: clinic.providerIds.length, days: clinic.days, from: clinic.from, bookedVisits: clinic.appointments, exceptions: clinic.exceptions, seedSeconds },
      search: { http, inProcess, baseline }, booking: { runs: booking, overlappingVisits: overlaps }, reminders,
    };
    const targetsMet = schedulingTargets(run);
    console.log('\nbench/scheduling results');
    printScheduling(run, targetsMet);
    const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
    mkdirSync(resultsDir, { recursive: true });
    const output = {
      benchmark: 'scheduling', date: new Date().toISOString(),
      machine: { ...machine(), loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) }, database: version,
      settings: {
        ...Object.fromEntries(Object.entries(SETTINGS).filter(([key]) => key !== 'postgresUrl')),
        server: 'careloop serve as a child process (node --import tsx), job workers on, its own pg.Pool of 10',
        inProcess: 'searchSlots called in the bench process (buildCareloop, no workers) on the same database',
        smsSink: 'a Twilio-compatible HTTP sink in the bench process, counting texts by recipient',
      },
      ...run, targets: targetsMet, totalSeconds: Math.round((Date.now() - started) / 1000),
    };
    writeFileSync(join(resultsDir, 'scheduling.json'), `${JSON.stringify(output, null, 2)}\n`);
    console.log(`\nwrote bench/results/scheduling.json (${output.totalSeconds} s in all)`);
  } finally {
    await careloop?.close().catch(() => {});
    await server.current?.stop().catch(() => {});
    await sink.close().catch(() => {});
    await db.end().catch(() => {});
    await adminQuery(`drop database if exists ${SETTINGS.database} with (force)`);
  }
}

await main();
