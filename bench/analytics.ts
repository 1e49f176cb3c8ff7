/**
 * bench/analytics: three years of a 50-department clinic (10 million messages, 1 million
 * appointments, 1 million survey responses) on PostgreSQL; the rollups built in full and then
 * kept up incrementally as visits and answers arrive through the product; and the Reports API's
 * queries timed beside the naive full scan of the facts. PostgreSQL only.
 *
 * Settings (environment): BENCH_POSTGRES_URL (the server; the database careloop_bench_analytics is
 * created there and kept), BENCH_ANALYTICS_REGENERATE=1 (generate the data again),
 * BENCH_ANALYTICS_RECOMPUTE=1 (rebuild the rollups even when their code is unchanged),
 * BENCH_ANALYTICS_SCALE (1 = the full clinic; 0.05 for a quick try, in its own database, results
 * file left alone), BENCH_ANALYTICS_RUNS (50 per Reports query), BENCH_ANALYTICS_NAIVE_RUNS (5),
 * BENCH_ANALYTICS_VISITS and BENCH_ANALYTICS_ANSWERS (200 each, the incremental phase).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildCareloop } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createOrganization } from '../src/modules/identity/service.js';
import {
  analyticsFingerprint, databaseUrl, dataFingerprint, readMarker, recreateDatabase, resetAnalyticsMigration, writeMarker, type Marker,
} from './analytics-db.js';
import { runPhases } from './analytics-phases.js';
import { analyticsTargets, printAnalytics } from './analytics-report.js';
import { seedAnalyticsClinic, ZONE, type SeedSettings } from './analytics-seed.js';
import { machine } from './runner.js';

const env = process.env;
const scale = Number(env.BENCH_ANALYTICS_SCALE ?? 1);
const SETTINGS: SeedSettings = {
  departments: 50,
  providers: 200,
  locations: 5,
  agents: 100,
  patients: Math.round(200_000 * scale),
  conversations: Math.round(2_000_000 * scale),
  appointments: Math.round(1_000_000 * scale),
  surveyResponses: Math.round(1_000_000 * scale),
  years: 3,
};
const OPTIONS = {
  postgresUrl: env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  database: env.BENCH_ANALYTICS_DATABASE ?? (scale === 1 ? 'careloop_bench_analytics' : `careloop_bench_analytics_${String(scale).replace('.', '_')}`),
  /** 1: throw the generated data away and generate it again. */
  regenerate: env.BENCH_ANALYTICS_REGENERATE === '1',
  runs: Number(env.BENCH_ANALYTICS_RUNS ?? 50),
  /** The naive full scans take seconds each: fewer runs. */
  naiveRuns: Number(env.BENCH_ANALYTICS_NAIVE_RUNS ?? 5),
  /** 1: rebuild the rollups with recomputeAll even when the rollup code has not changed since the last build. */
  recompute: env.BENCH_ANALYTICS_RECOMPUTE === '1',
  incrementalVisits: Number(env.BENCH_ANALYTICS_VISITS ?? 200),
  incrementalAnswers: Number(env.BENCH_ANALYTICS_ANSWERS ?? 200),
};
const SLUG = 'analytics-bench';

const log = (line: string) => process.stdout.write(`   ${line}\n`);

/** The generated clinic: reused when complete and generated the same way, otherwise generated now. */
async function prepare(url: string): Promise<{ marker: Marker; reused: boolean }> {
  const fingerprint = dataFingerprint(SETTINGS);
  const existing = OPTIONS.regenerate ? null : await readMarker(OPTIONS.postgresUrl, OPTIONS.database);
  if (existing && existing.fingerprint === fingerprint) {
    if (existing.analyticsFingerprint !== analyticsFingerprint()) {
      const dropped = await resetAnalyticsMigration(url);
      log(`the analytics migration changed since generation: dropped ${dropped.join(', ')} to apply it again`);
      existing.analyticsFingerprint = analyticsFingerprint();
      await writeMarker(url, existing);
    }
    log(`reusing the data generated ${existing.generatedAt} in ${OPTIONS.database} (BENCH_ANALYTICS_REGENERATE=1 to generate again)`);
    return { marker: existing, reused: true };
  }
  log(existing ? 'the generator, the migrations or the settings changed: generating again' : `generating into a new database ${OPTIONS.database}`);
  await recreateDatabase(OPTIONS.postgresUrl, OPTIONS.database);
  const careloop = await buildCareloop(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, SMTP_LISTEN_PORT: 'off' }), { logger: false, workers: false });
  let organizationId: string;
  try {
    const { organization } = await createOrganization(careloop.platform, {
      name: 'Analytics Bench Clinic', slug: SLUG, timeZone: ZONE,
      admin: { email: 'admin@analytics.bench', displayName: 'Bench admin', password: 'bench password 1234' },
    });
    organizationId = organization.organization_id;
  } finally {
    await careloop.close();
  }
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const started = performance.now();
    const { dims, report } = await seedAnalyticsClinic(db, organizationId, SETTINGS, log);
    const totalSeconds = Math.round((performance.now() - started) / 100) / 10;
    report.seconds.total = totalSeconds;
    const marker: Marker = { fingerprint, analyticsFingerprint: analyticsFingerprint(), settings: SETTINGS, dims, report, generatedAt: new Date().toISOString() };
    await writeMarker(url, marker);
    log(`generated in ${totalSeconds} s`);
    return { marker, reused: false };
  } finally {
    await db.end();
  }
}

async function main() {
  const started = Date.now();
  console.log(`bench/analytics: ${SETTINGS.conversations.toLocaleString('en-US')} conversations, ${SETTINGS.appointments.toLocaleString('en-US')} appointments, ${SETTINGS.surveyResponses.toLocaleString('en-US')} survey responses over ${SETTINGS.years} years, ${SETTINGS.departments} departments`);
  const url = databaseUrl(OPTIONS.postgresUrl, OPTIONS.database);
  const { marker, reused } = await prepare(url);
  const r = marker.report;
  log(`rows: ${Object.entries(r.counts).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}`);
  const results = await runPhases(url, marker, {
    runs: OPTIONS.runs, naiveRuns: OPTIONS.naiveRuns, visits: OPTIONS.incrementalVisits, answers: OPTIONS.incrementalAnswers, recompute: OPTIONS.recompute,
  }, log);
  const generation = { reused, generatedAt: marker.generatedAt, seconds: r.seconds, period: r.period, rows: r.counts };
  console.log('\nbench/analytics results');
  printAnalytics(generation, results);
  const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  const version = await (async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<{ version: string }>('select version()')).rows[0]!.version.split(' on ')[0]!;
    } finally {
      await c.end();
    }
  })();
  const output = {
    benchmark: 'analytics', date: new Date().toISOString(),
    machine: { ...machine(), loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100), note: 'shared with other work: PostgreSQL, the bench and any other process on the same cores' },
    database: version, settings: { ...SETTINGS, ...OPTIONS, postgresUrl: undefined, scale },
    generation, ...results, targets: analyticsTargets(results), totalSeconds: Math.round((Date.now() - started) / 1000),
  };
  if (scale === 1) writeFileSync(join(resultsDir, 'analytics.json'), `${JSON.stringify(output, null, 2)}\n`);
  console.log(scale === 1 ? `\nwrote bench/results/analytics.json (${output.totalSeconds} s in all)` : `\n(scale ${scale}: bench/results/analytics.json left alone; ${output.totalSeconds} s in all)`);
}

await main();
