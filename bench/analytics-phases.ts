/**
 * bench/analytics phases on the generated clinic, with Careloop built in this process (no job
 * workers: the refresh the debounced job would run is called and timed here):
 * (a) the rollups built in full by recomputeAll (again only when the rollup code or the rollups changed);
 * (b) the incremental path: visits booked and completed and surveys answered through the HTTP API,
 *     the days their events marked refreshed by refreshDirty (timed), and those days' rollups
 *     compared with a recomputation of them;
 * (c) the Reports API's queries over HTTP beside the naive scan of the facts (analytics-queries.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { buildCareloop } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createApiToken } from '../src/modules/identity/service.js';
import { recomputeAll, refreshDirty } from '../src/modules/analytics/facts.js';
import { systemActor } from '../src/platform/permissions.js';
import type { Platform } from '../src/platform/platform.js';
import { writeMarker, type Marker } from './analytics-db.js';
import { applyThroughApi, type Incremental } from './analytics-incremental.js';
import { measureQueries, type QueryResult } from './analytics-queries.js';
import type { Log } from './analytics-seed.js';

export interface PhaseOptions { runs: number; naiveRuns: number; visits: number; answers: number; recompute: boolean }

export interface RollupBuild {
  rebuilt: boolean;
  seconds: number | null;
  measuredAt: string | null;
  rows: number;
  reason: string;
}

const SOURCE = fileURLToPath(new URL('../src/modules/', import.meta.url));

/** The code the rollups are computed by (not the reports that read them): a change means building them again. */
const ROLLUP_CODE = ['analytics/facts.ts', 'analytics/refresh.ts', 'analytics/rollups.ts', 'analytics/metrics.ts', 'analytics/fact-source.ts',
  'analytics/histogram.ts', 'inbox/facts.ts', 'scheduling/facts.ts', 'feedback/facts.ts'];

function rollupCodeFingerprint(): string {
  const files = ROLLUP_CODE.filter((file) => existsSync(SOURCE + file));
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\n${readFileSync(SOURCE + file, 'utf8')}\0`);
  return hash.digest('hex').slice(0, 16);
}

const rollupCount = async (platform: Platform, organizationId: string) => Number((await sql<{ n: string }>`
  select count(*) as n from kpi_rollups where organization_id = ${organizationId}`.execute(platform.db)).rows[0]!.n);

async function buildRollups(platform: Platform, url: string, marker: Marker, force: boolean, log: Log): Promise<RollupBuild> {
  const organizationId = marker.dims.organizationId;
  const fingerprint = rollupCodeFingerprint();
  const before = await rollupCount(platform, organizationId);
  const previous = marker.rollups;
  const reason = force ? 'asked (BENCH_ANALYTICS_RECOMPUTE=1)'
    : before === 0 ? 'no rollups yet'
      : previous?.fingerprint !== fingerprint ? 'the rollup code changed since the last build' : null;
  if (!reason) {
    log(`(a) rollups kept from ${previous!.measuredAt} (built then in ${previous!.seconds} s; the rollup code is unchanged)`);
    return { rebuilt: false, seconds: previous!.seconds, measuredAt: previous!.measuredAt, rows: before, reason: 'unchanged since the last build' };
  }
  log(`(a) recomputeAll over the whole period (${reason}) ...`);
  const started = performance.now();
  await recomputeAll(platform, organizationId);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const rows = await rollupCount(platform, organizationId);
  await sql`analyze kpi_rollups`.execute(platform.db);
  const measuredAt = new Date().toISOString();
  marker.rollups = { fingerprint, seconds, measuredAt };
  await writeMarker(url, marker);
  log(`(a) recomputeAll: ${seconds} s, ${rows.toLocaleString('en-US')} rollup rows`);
  return { rebuilt: true, seconds, measuredAt, rows, reason };
}

export interface PhaseResults {
  rollups: RollupBuild;
  incremental: Incremental;
  queries: QueryResult[];
}

export async function runPhases(url: string, marker: Marker, options: PhaseOptions, log: Log): Promise<PhaseResults> {
  const careloop = await buildCareloop(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, SMTP_LISTEN_PORT: 'off' }), { logger: false, workers: false });
  try {
    const { platform, app } = careloop;
    const organizationId = marker.dims.organizationId;
    // Days left marked by an earlier run that stopped half-way would be counted in (b): refresh them first.
    while (await refreshDirty(platform, organizationId) > 0);
    const rollups = await buildRollups(platform, url, marker, options.recompute, log);
    const { token } = await createApiToken(platform, systemActor(organizationId, 'cli'), { name: `bench ${new Date().toISOString()}`, role: 'admin', expiresInDays: 1 });
    const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const incremental = await applyThroughApi(careloop, baseUrl, token, marker, { visits: options.visits, answers: options.answers }, log);
    const queries = await measureQueries(platform, baseUrl, token, marker, { runs: options.runs, naiveRuns: options.naiveRuns }, log);
    return { rollups, incremental, queries };
  } finally {
    await careloop.close();
  }
}
