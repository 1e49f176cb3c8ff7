/**
 * bench/api: Careloop's patient API over HTTP against a bare Fastify + driver primary-key read on
 * the same machine and database, on PostgreSQL and on PGlite. See bench/README.md.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { buildCareloop } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createApiToken, createOrganization } from '../src/modules/identity/service.js';
import { systemActor } from '../src/platform/permissions.js';
import { commonPrefixes, newPatientBody } from './fixtures.js';
import type { LoadSpec } from './load.js';
import { explain, roundTrips, type CapturedQuery } from './profile.js';
import { postgresTargets, printRun, SEARCH_RATE, withRatios, type DatabaseRun, type ScenarioKey } from './report.js';
import { machine, measure, sample, settle, startBaseline, trackActivity } from './runner.js';
import { seedPatients } from './seed.js';

const env = process.env;
const SETTINGS = {
  duration: Number(env.BENCH_DURATION ?? 10),
  warmup: Number(env.BENCH_WARMUP ?? 3),
  connections: Number(env.BENCH_CONNECTIONS ?? 50),
  patients: Number(env.BENCH_PATIENTS ?? 100_000),
  /** PGlite seeds until this many seconds have passed, then benchmarks what it has. */
  pgliteSeedBudgetSeconds: Number(env.BENCH_PGLITE_SEED_SECONDS ?? 150),
  sampleIds: 10_000,
  postgresUrl: env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  database: 'careloop_bench',
};
const PROFILE_REQUESTS = 20;

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: SETTINGS.postgresUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

interface Target {
  kind: 'postgres' | 'pglite';
  databaseUrl?: string;
  dataDir: string;
  /** The baseline's primary-key read, with the same driver as the server's. */
  openBaseline(careloopDb: Parameters<typeof seedPatients>[0]): { read(id: string): Promise<unknown>; close(): Promise<void> };
}

function postgresTarget(): Target {
  const url = new URL(SETTINGS.postgresUrl);
  url.pathname = `/${SETTINGS.database}`;
  return {
    kind: 'postgres',
    databaseUrl: url.toString(),
    dataDir: 'memory://',
    openBaseline() {
      const pool = new pg.Pool({ connectionString: url.toString(), max: 10 }); // the server's pool size too
      return {
        read: async (id) => (await pool.query('select * from patients where id = $1', [id])).rows[0],
        close: () => pool.end(),
      };
    },
  };
}

function pgliteTarget(dataDir: string): Target {
  return {
    kind: 'pglite',
    dataDir,
    // PGlite is one in-process connection that the server owns: the baseline reads through it
    // with a raw compiled query (no query builder), which is as close to the driver as it gets.
    openBaseline(db) {
      return {
        read: async (id) => (await db.executeQuery(CompiledQuery.raw('select * from patients where id = $1', [id]))).rows[0],
        close: async () => {},
      };
    },
  };
}

async function runDatabase(target: Target): Promise<DatabaseRun> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: target.dataDir, ...(target.databaseUrl && { DATABASE_URL: target.databaseUrl }) });
  const careloop = await buildCareloop(config, { logger: false, workers: false });
  const baselineDb = target.openBaseline(careloop.platform.db);
  let baselineServer: Awaited<ReturnType<typeof startBaseline>> | undefined;
  try {
    const { platform } = careloop;
    const version = (await sql<{ version: string }>`select version()`.execute(platform.db)).rows[0]!.version.split(' on ')[0]!;
    const { organization } = await createOrganization(platform, {
      name: 'Bench Clinic', slug: 'bench', timeZone: 'America/New_York',
      admin: { email: 'admin@bench.test', displayName: 'Bench admin', password: 'bench password 1234' },
    });
    const { token } = await createApiToken(platform, systemActor(organization.organization_id, 'cli'), { name: 'bench', role: 'agent' });

    const budget = target.kind === 'pglite' ? SETTINGS.pgliteSeedBudgetSeconds : undefined;
    let lastReport = 0;
    const seeded = await seedPatients(platform.db, organization.organization_id, SETTINGS.patients, {
      budgetSeconds: budget,
      progress: (done, seconds) => {
        if (seconds - lastReport < 10) return;
        lastReport = seconds;
        process.stdout.write(`   seeding ${target.kind}: ${done.toLocaleString('en-US')} patients in ${seconds.toFixed(0)} s\n`);
      },
    });
    const patientsNote = seeded.stoppedEarly
      ? `seeding ${SETTINGS.patients.toLocaleString('en-US')} was too slow; stopped at the ${budget} s budget with fewer patients`
      : null;
    const ids = sample(seeded.ids, SETTINGS.sampleIds);
    const prefixes = commonPrefixes(seeded.familyNames);

    baselineServer = await startBaseline(baselineDb.read);
    const appActivity = trackActivity(careloop.app);
    const appUrl = await careloop.app.listen({ host: '127.0.0.1', port: 0 });
    const auth = { authorization: `Bearer ${token}` };
    const base = { duration: SETTINGS.duration, connections: SETTINGS.connections };
    const specs: Record<ScenarioKey, { label: string; spec: LoadSpec; warmup?: Partial<LoadSpec> }> = {
      a: { label: '(a) bare Fastify + driver, PK read (ceiling)', spec: { ...base, url: baselineServer.url, method: 'GET', paths: ids.map((id) => `/baseline/patients/${id}`) } },
      b: { label: '(b) GET /api/patients/:id (token+RBAC+audit)', spec: { ...base, url: appUrl, method: 'GET', headers: auth, paths: ids.map((id) => `/api/patients/${id}`) } },
      c: { label: `(c) GET /api/patients?q=<prefix> (${prefixes.length} prefixes)`, spec: { ...base, url: appUrl, method: 'GET', headers: auth, paths: prefixes.map((p) => `/api/patients?q=${p}`) } },
      c1: { label: '(c) the same, 1 connection (no queueing)', spec: { ...base, connections: 1, url: appUrl, method: 'GET', headers: auth, paths: prefixes.map((p) => `/api/patients?q=${p}`) } },
      cRate: { label: `(c) the same, a steady ${SEARCH_RATE} searches/s`, spec: { ...base, connections: 10, overallRate: SEARCH_RATE, url: appUrl, method: 'GET', headers: auth, paths: prefixes.map((p) => `/api/patients?q=${p}`) } },
      d: {
        label: '(d) POST /api/patients (distinct new patients)',
        spec: { ...base, url: appUrl, method: 'POST', headers: auth, paths: ['/api/patients'], newPatientsFrom: 1_000_000 },
        warmup: { newPatientsFrom: 0 },
      },
    };
    const waitForQuiet = () => settle([appActivity, baselineServer!.activity]);
    const results = {} as DatabaseRun['scenarios'];
    for (const key of ['a', 'b', 'c', 'c1', 'cRate', 'd'] as const) {
      process.stdout.write(`   ${target.kind} ${specs[key].label} ...`);
      const loadAverage = os.loadavg()[0]!;
      const result = await measure(specs[key].spec, SETTINGS.warmup, specs[key].warmup, waitForQuiet);
      results[key] = { ...withRatios(specs[key].label, result, results.a ?? result), loadAverageBefore: Math.round(loadAverage * 100) / 100 };
      process.stdout.write(` ${result.rps} req/s, p99 ${result.latencyMs.p99} ms\n`);
      await waitForQuiet();
    }

    // Where the time goes: statements per request, sent one at a time (no group commit to share).
    const get = (url: string) => fetch(url, { headers: auth });
    let searchQueries: CapturedQuery[] = [];
    const profile: DatabaseRun['roundTrips'] = {
      a: await roundTrips(PROFILE_REQUESTS, (i) => fetch(`${baselineServer!.url}/baseline/patients/${ids[Math.max(i, 0)]}`)),
      b: await roundTrips(PROFILE_REQUESTS, (i) => get(`${appUrl}/api/patients/${ids[Math.max(i, 0)]}`)),
      c: await roundTrips(PROFILE_REQUESTS, (i) => get(`${appUrl}/api/patients?q=${prefixes[Math.max(i, 0) % prefixes.length]}`),
        (queries) => { searchQueries = queries.filter((q) => q.sql.includes('search_name')).slice(0, 2); }),
      d: await roundTrips(PROFILE_REQUESTS, (i) => fetch(`${appUrl}/api/patients`, {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: newPatientBody(2_000_000 + i + 1),
      })),
    };
    const searchExplain = await explain(platform.db, searchQueries);

    return {
      database: target.kind, version, patients: seeded.ids.length, patientsNote, seedSeconds: Math.round(seeded.seconds * 10) / 10,
      searchPrefixes: prefixes, scenarios: results, roundTrips: profile, searchExplain,
      targets: target.kind === 'postgres' ? postgresTargets(results) : [],
    };
  } finally {
    await baselineServer?.close();
    await baselineDb.close();
    await careloop.close();
  }
}

async function main() {
  const started = Date.now();
  const runs: DatabaseRun[] = [];
  console.log(`bench/api: ${SETTINGS.connections} connections, ${SETTINGS.duration} s per scenario after ${SETTINGS.warmup} s warm-up, load generator in a child process`);

  await adminQuery(`drop database if exists ${SETTINGS.database} with (force)`);
  await adminQuery(`create database ${SETTINGS.database}`);
  try {
    runs.push(await runDatabase(postgresTarget()));
  } finally {
    await adminQuery(`drop database if exists ${SETTINGS.database} with (force)`);
  }
  printRun(runs[0]!, SETTINGS);

  const dataDir = mkdtempSync(join(os.tmpdir(), 'careloop-bench-'));
  try {
    runs.push(await runDatabase(pgliteTarget(dataDir)));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  console.log('\nbench/api results');
  for (const run of runs) printRun(run, SETTINGS);

  const pgliteVersion = (JSON.parse(readFileSync(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  const output = {
    benchmark: 'api',
    date: new Date().toISOString(),
    machine: { ...machine(), pglite: pgliteVersion },
    settings: {
      duration: SETTINGS.duration, warmup: SETTINGS.warmup, connections: SETTINGS.connections, patientsRequested: SETTINGS.patients,
      sampleIds: SETTINGS.sampleIds, loadGenerator: 'autocannon in a forked child process', serverPool: 'pg.Pool max 10 (server and baseline)',
      workers: false,
    },
    runs,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(join(resultsDir, 'api.json'), `${JSON.stringify(output, null, 2)}\n`);
  console.log(`\nwrote bench/results/api.json (${output.totalSeconds} s in all)`);
}

await main();
