/**
 * bench/analytics database: its own PostgreSQL database, generated once and reused. A marker
 * table records the settings, the generation's figures and a fingerprint of the migrations that
 * shape the generated tables; a later run reuses the data when the fingerprint and settings match
 * (minutes instead of most of an hour) and generates again when they don't or when asked to.
 * When only the analytics migration changed, its own objects are dropped and it runs again: the
 * rollups are rebuilt by the bench anyway.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Dimensions, SeedReport, SeedSettings } from './analytics-seed.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../src/db/migrations/', import.meta.url));
const ANALYTICS_MIGRATION = '0006_analytics';
/** The bench's own files that decide what is generated: a change to them means generating again. */
const GENERATOR_FILES = ['analytics-seed.ts', 'analytics-seed-inbox.ts', 'analytics-seed-visits.ts', 'analytics-seed-surveys.ts'];

export interface Marker {
  fingerprint: string;
  analyticsFingerprint: string;
  settings: SeedSettings;
  dims: Dimensions;
  report: SeedReport;
  generatedAt: string;
  /** The last full build of the rollups: the rollup code's fingerprint then, and how long it took. */
  rollups?: { fingerprint: string; seconds: number; measuredAt: string };
}

const hash = (parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
const migrationFiles = () => readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_.*\.ts$/.test(f)).sort();

/** What the generated rows depend on: every migration but the analytics one, the generator, the settings. */
export function dataFingerprint(settings: SeedSettings): string {
  const migrations = migrationFiles().filter((f) => !f.startsWith(ANALYTICS_MIGRATION)).map((f) => `${f}\n${readFileSync(MIGRATIONS_DIR + f, 'utf8')}`);
  const generator = GENERATOR_FILES.map((f) => readFileSync(fileURLToPath(new URL(`./${f}`, import.meta.url)), 'utf8'));
  return hash([...migrations, ...generator, JSON.stringify(settings)]);
}

export const analyticsFingerprint = () => hash([readFileSync(`${MIGRATIONS_DIR}${ANALYTICS_MIGRATION}.ts`, 'utf8')]);

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The marker of a complete generation, or null (no database, no marker, or it was cut off). */
export async function readMarker(serverUrl: string, database: string): Promise<Marker | null> {
  const exists = await withClient(serverUrl, async (c) => (await c.query('select 1 from pg_database where datname = $1', [database])).rowCount === 1);
  if (!exists) return null;
  return withClient(databaseUrl(serverUrl, database), async (c) => {
    const table = await c.query(`select to_regclass('public.bench_analytics_marker') as t`);
    if (!table.rows[0]?.t) return null;
    const row = await c.query<{ value: Marker }>(`select value from bench_analytics_marker where key = 'generation'`);
    return row.rows[0]?.value ?? null;
  });
}

export async function writeMarker(url: string, marker: Marker): Promise<void> {
  await withClient(url, async (c) => {
    await c.query('create table if not exists bench_analytics_marker (key text primary key, value jsonb not null)');
    await c.query(`insert into bench_analytics_marker values ('generation', $1) on conflict (key) do update set value = excluded.value`, [JSON.stringify(marker)]);
  });
}

export async function recreateDatabase(serverUrl: string, database: string): Promise<void> {
  await withClient(serverUrl, async (c) => {
    await c.query(`drop database if exists ${database} with (force)`);
    await c.query(`create database ${database}`);
  });
}

/**
 * The analytics migration changed since the data was generated: drop the tables and indexes it
 * creates (named in its text) and forget that it ran, so that the app's migrator applies it again.
 */
export async function resetAnalyticsMigration(url: string): Promise<string[]> {
  const text = readFileSync(`${MIGRATIONS_DIR}${ANALYTICS_MIGRATION}.ts`, 'utf8');
  const tables = [...text.matchAll(/create table (?:if not exists )?(\w+)/gi)].map((m) => m[1]!);
  const indexes = [...text.matchAll(/create (?:unique )?index (?:if not exists )?(\w+)/gi)].map((m) => m[1]!);
  return withClient(url, async (c) => {
    for (const index of indexes) await c.query(`drop index if exists ${index}`);
    for (const table of tables) await c.query(`drop table if exists ${table} cascade`);
    await c.query('delete from kysely_migration where name = $1', [ANALYTICS_MIGRATION]);
    return [...tables, ...indexes];
  });
}
