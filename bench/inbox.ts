/**
 * bench/inbox: inbound SMS webhook -> stored -> automation rules -> pushed to N agents' WebSockets,
 * end to end on PostgreSQL with the Careloop server as a child process, against a bare Fastify route
 * measured in the same run; then latency at a fixed rate, and a kill -9 in the middle of a run with
 * every message counted in the database. See bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import twilio from 'twilio';
import { startAgents } from './inbox-children.js';
import { ceiling, crash, latency, PHASE, profile, serverCpu, throughput, type Bench } from './inbox-phases.js';
import { printInbox, targets } from './inbox-report.js';
import { freePort, startServer } from './inbox-server.js';
import { apiClient, BENCH_NUMBER, cliAdminToken, configureClinic, createAgents, seedKnownPatients, signIn } from './inbox-setup.js';
import { BENCH_ACCOUNT_SID, BENCH_AUTH_TOKEN, encodeForm, inboundSms, messageSid, unknownSenders, WEBHOOK_PATH } from './inbox-sms.js';
import { machine } from './runner.js';

const env = process.env;
const SETTINGS = {
  duration: Number(env.BENCH_INBOX_DURATION ?? env.BENCH_DURATION ?? 10),
  warmup: Number(env.BENCH_WARMUP ?? 3),
  connections: Number(env.BENCH_INBOX_CONNECTIONS ?? 50),
  agents: Number(env.BENCH_INBOX_AGENTS ?? 200),
  rate: Number(env.BENCH_INBOX_RATE ?? 500),
  crashRate: Number(env.BENCH_INBOX_CRASH_RATE ?? 300),
  crashDuration: Number(env.BENCH_INBOX_CRASH_DURATION ?? 20),
  knownPatients: Number(env.BENCH_INBOX_PATIENTS ?? 2000),
  unknownSenders: Number(env.BENCH_INBOX_UNKNOWN_SENDERS ?? 3000),
  profileMessages: 100,
  postgresUrl: env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  database: 'careloop_inbox_bench',
};
const DEMO_SLUG = 'riverside';

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: SETTINGS.postgresUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Our signature is the one the provider's own library computes, and the server takes it (and refuses a wrong one). */
async function sanityCheck(url: string) {
  const webhook = url + WEBHOOK_PATH;
  const { form, signature } = inboundSms({ url: webhook, to: BENCH_NUMBER, from: '+16175550123', sid: messageSid(0, 1), body: 'Sanity check' });
  if (signature !== twilio.getExpectedTwilioSignature(BENCH_AUTH_TOKEN, webhook, form)) throw new Error('our X-Twilio-Signature differs from the twilio package\'s');
  const post = (sig: string) => fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig }, body: encodeForm(form) });
  const forged = await post(`${signature.slice(0, -4)}AAA=`);
  if (forged.status !== 403) throw new Error(`a wrongly signed webhook got ${forged.status}, not 403`);
  const signed = await post(signature);
  if (signed.status !== 200) throw new Error(`a signed webhook got ${signed.status}: ${await signed.text()}`);
}

async function main() {
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`   ${line}\n`);
  console.log(`bench/inbox: ${SETTINGS.agents} agents, ${SETTINGS.duration} s per phase after ${SETTINGS.warmup} s warm-up, ${SETTINGS.connections} connections flat out, ${SETTINGS.rate}/s for latency`);
  const databaseUrl = new URL(SETTINGS.postgresUrl);
  databaseUrl.pathname = `/${SETTINGS.database}`;
  await adminQuery(`drop database if exists ${SETTINGS.database} with (force)`);
  await adminQuery(`create database ${SETTINGS.database}`);
  const port = await freePort();
  const serverEnv = {
    DATABASE_URL: databaseUrl.toString(), PUBLIC_URL: `http://127.0.0.1:${port}`, SMS_ACCOUNT_SID: BENCH_ACCOUNT_SID, SMS_AUTH_TOKEN: BENCH_AUTH_TOKEN,
    // Nothing in the bench sends a text; if something did, it would fail here rather than reach a real provider.
    SMS_API_URL: 'http://127.0.0.1:9', SMTP_LISTEN_PORT: 'off', LOG_LEVEL: 'warn', NODE_ENV: 'production', SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789',
  };
  const db = new pg.Client({ connectionString: databaseUrl.toString() });
  const agents = startAgents();
  let bench: Bench | undefined;
  try {
    const server = await startServer(serverEnv, port);
    log(`server up in ${server.startMs} ms (demo clinic seeded)`);
    await db.connect();
    const version = (await db.query<{ version: string }>('select version()')).rows[0]!.version.split(' on ')[0]!;
    const token = await cliAdminToken(serverEnv, DEMO_SLUG);
    const api = apiClient(server.url, token);
    const clinic = await configureClinic(api);
    const known = await seedKnownPatients(databaseUrl.toString(), DEMO_SLUG, SETTINGS.knownPatients);
    const senders = [...known, ...unknownSenders(SETTINGS.unknownSenders)];
    await sanityCheck(server.url);
    log(`signature checked against the twilio package; ${known.length} known patients seeded; ${clinic.rules.length} rules: ${clinic.rules.map((r) => r.name).join('; ')}`);
    const emails = await createAgents(api, SETTINGS.agents, clinic.departmentId);
    const cookies = await signIn(server.url, emails);
    const opened = await agents.open({ wsUrl: `${server.url.replace('http', 'ws')}/api/ws`, origin: server.url, cookies, reconnect: true });
    log(`${SETTINGS.agents} agents created and signed in, one session each; ${opened.open} WebSockets open in ${opened.ms} ms`);
    bench = { server, agents, agentCount: SETTINGS.agents, db, database: SETTINGS.database, env: serverEnv, port, to: BENCH_NUMBER, senders, warmup: SETTINGS.warmup };

    const a = await ceiling({ connections: SETTINGS.connections, duration: SETTINGS.duration }, bench);
    log(`(a) ceiling: ${a.rps} req/s`);
    const b = await throughput({ connections: SETTINGS.connections, duration: SETTINGS.duration }, bench, a.rps);
    log(`(b) ${b.ackRps} acknowledged/s, ${b.storedRps} stored/s, ${b.deliveredRps} pushed to all/s`);
    const c = await latency({ rate: SETTINGS.rate, duration: SETTINGS.duration }, bench);
    log(`(c) at ${c.rate}/s: p99 ${c.firstAgentMs.p99} ms to the first agent, ${c.allAgentsMs.p99} ms to all`);
    // Half of what (b) sustained: a rate this machine keeps up with, so latency there is not queueing.
    const comfortable = Math.max(10, Math.floor(Math.min(b.storedRps, b.deliveredRps) / 20) * 10);
    const c2 = comfortable < SETTINGS.rate ? await latency({ rate: comfortable, duration: SETTINGS.duration }, bench, PHASE.latencyHalf) : null;
    if (c2) log(`(c) at ${c2.rate}/s: p99 ${c2.firstAgentMs.p99} ms to the first agent, ${c2.allAgentsMs.p99} ms to all`);
    // A text in a thread that exists, and the first text of a sender (a thread opens: the rules have work to do).
    const fresh = unknownSenders(SETTINGS.unknownSenders + SETTINGS.profileMessages).slice(SETTINGS.unknownSenders);
    const p = [
      await profile(SETTINGS.profileMessages, bench, { label: 'a text in an existing thread', from: (i) => senders[(i * 7919) % senders.length]!, firstIndex: 0 }),
      await profile(SETTINGS.profileMessages, bench, { label: 'the first text of a new sender', from: (i) => fresh[i]!, firstIndex: 100_000 }),
    ];
    log(`(p) ${p.map((x) => `${x.label}: ${x.statementsPerMessage} statements, ${x.aloneMs.p50} ms alone`).join('; ')}`);
    const cpu = await serverCpu({ connections: SETTINGS.connections, duration: Math.min(10, SETTINGS.duration) }, bench);
    log(`(p) server CPU flat out: ${cpu.byArea.slice(0, 4).map((a) => `${a.area} ${a.percent}%`).join(', ')}`);
    // At the rate (b) sustained (the server busy, many transactions open when it is killed), at most the setting.
    const crashRate = Math.max(10, Math.min(SETTINGS.crashRate, Math.floor(Math.min(b.storedRps, b.deliveredRps))));
    const killAt = Math.round(SETTINGS.crashDuration * 0.4);
    const d = [await crash({ label: 'at the sustained rate', rate: crashRate, duration: SETTINGS.crashDuration, killAt }, bench)];
    // And overloaded (three times that, at least the setting): hundreds of webhooks at the server, many past their commit, when it dies.
    const overload = Math.max(SETTINGS.crashRate, crashRate * 3);
    d.push(await crash({ label: `overloaded (${overload}/s)`, rate: overload, duration: SETTINGS.crashDuration, killAt }, bench, PHASE.crashOverloaded));
    log(`(d) ${d.map((x) => `${x.lost} lost, ${x.duplicated} duplicated of ${x.sent} at ${x.rate}/s`).join('; ')}`);

    const run = { agents: SETTINGS.agents, senders: senders.length, knownSenders: known.length, ceiling: a, throughput: b, latency: c, latencyComfortable: c2, profile: p, serverCpu: cpu, crash: d, targets: targets(b, c, d, SETTINGS.rate) };
    console.log('\nbench/inbox results');
    printInbox(run);
    const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
    mkdirSync(resultsDir, { recursive: true });
    const output = {
      benchmark: 'inbox',
      date: new Date().toISOString(),
      machine: { ...machine(), loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) },
      database: version,
      settings: {
        ...Object.fromEntries(Object.entries(SETTINGS).filter(([key]) => key !== 'postgresUrl')),
        phases: PHASE,
        agentSessions: `${SETTINGS.agents} agent accounts (role agent), each signed in once through POST /api/auth/login; one WebSocket per session`,
        loadGenerator: 'child process: autocannon (flat out) or node:http keep-alive (fixed rate, open loop, retries every 500 ms until a 2xx in the crash run)',
        server: 'careloop serve as a child process (node --import tsx), job workers on, its own pg.Pool of 10',
        rules: clinic.rules.map((r) => r.name),
      },
      ...run,
      totalSeconds: Math.round((Date.now() - started) / 1000),
    };
    writeFileSync(join(resultsDir, 'inbox.json'), `${JSON.stringify(output, null, 2)}\n`);
    console.log(`\nwrote bench/results/inbox.json (${output.totalSeconds} s in all)`);
  } finally {
    await agents.close().catch(() => {});
    await bench?.server.stop().catch(() => {});
    await db.end().catch(() => {});
    await adminQuery(`drop database if exists ${SETTINGS.database} with (force)`);
  }
}

await main();
