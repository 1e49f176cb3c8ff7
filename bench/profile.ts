import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/db/schema.js';

/**
 * Where a request's time goes, in database round trips: the drivers' query methods are wrapped
 * (in this process, only while profiling, never under load) and each statement is counted by
 * its verb and table.
 */

export interface CapturedQuery {
  sql: string;
  params: unknown[];
  /** Wall time from send to result, as the server saw it. */
  ms: number;
}

type QueryFn = (this: unknown, ...args: unknown[]) => unknown;
type Patchable = Record<'query' | 'exec', QueryFn>;

function ownerOf(prototype: object, method: string): Patchable {
  let current: object | null = prototype;
  while (current && !Object.prototype.hasOwnProperty.call(current, method)) current = Object.getPrototypeOf(current) as object | null;
  if (!current) throw new Error(`no ${method} on the prototype chain`);
  return current as Patchable;
}

/** "select api_tokens", "insert audit_log", "begin" ... */
export function categorize(text: string): string {
  let sql = text.trim().replace(/\s+/g, ' ').toLowerCase();
  const verb = sql.split(' ')[0] ?? '?';
  // The main table, not a subquery's: drop parenthesized parts, innermost first.
  for (let previous = ''; previous !== sql;) [previous, sql] = [sql, sql.replace(/\([^()]*\)/g, '')];
  const table = /\b(?:from|into|update)\s+"?([a-z_.]+)"?/.exec(sql)?.[1];
  if (verb === 'select' && /^select count\b/.test(sql)) return `count ${table ?? '?'}`;
  if (verb === 'select' && sql.includes('pg_notify')) return 'select pg_notify';
  if (verb === 'select' && sql.includes('nextval')) return 'select nextval';
  return table ? `${verb} ${table}` : verb;
}

export interface Recorder {
  queries: CapturedQuery[];
  stop(): void;
}

/** Records every statement sent through pg or PGlite in this process until stop(). */
export function recordQueries(): Recorder {
  const queries: CapturedQuery[] = [];
  const restore: (() => void)[] = [];
  const wrap = (prototype: object, method: 'query' | 'exec') => {
    const owner = ownerOf(prototype, method);
    const original = owner[method];
    owner[method] = function (this: unknown, ...args: unknown[]) {
      const first = args[0];
      const text = typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text;
      if (text === undefined) return original.apply(this, args);
      const captured: CapturedQuery = { sql: text, params: Array.isArray(args[1]) ? (args[1] as unknown[]) : [], ms: NaN };
      queries.push(captured);
      const started = performance.now();
      const done = () => { captured.ms = performance.now() - started; };
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function') {
        // pg.Pool#query passes a callback instead of taking the promise
        args[last] = (...results: unknown[]) => {
          done();
          return (callback as (...values: unknown[]) => unknown)(...results);
        };
      }
      const result = original.apply(this, args);
      if (result instanceof Promise) result.then(done, done);
      return result;
    };
    restore.push(() => { owner[method] = original; });
  };
  wrap(pg.Client.prototype, 'query');
  wrap(PGlite.prototype, 'query');
  wrap(PGlite.prototype, 'exec');
  return { queries, stop: () => restore.reverse().forEach((undo) => undo()) };
}

export interface RoundTrips {
  perRequest: number;
  /** Average milliseconds per request spent waiting on the database. */
  dbMs: number;
  /** Per request: how many of each statement, and their milliseconds. */
  byStatement: Record<string, { count: number; ms: number }>;
}

/** Sends `count` requests one after another and counts the statements each one costs on average. */
export async function roundTrips(count: number, send: (index: number) => Promise<Response>, capture?: (queries: CapturedQuery[]) => void): Promise<RoundTrips> {
  await send(-1); // warm: the token's last_used_at touch and cold caches are not what we want to count
  await new Promise((resolve) => setTimeout(resolve, 50));
  const recorder = recordQueries();
  try {
    for (let index = 0; index < count; index += 1) {
      const response = await send(index);
      if (!response.ok) throw new Error(`profiling request failed: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    recorder.stop();
  }
  capture?.(recorder.queries);
  const byStatement: Record<string, { count: number; ms: number }> = {};
  const perRequest = (value: number) => Math.round((value / count) * 100) / 100;
  for (const query of recorder.queries) {
    const entry = (byStatement[categorize(query.sql)] ??= { count: 0, ms: 0 });
    entry.count += 1;
    entry.ms += query.ms;
  }
  for (const entry of Object.values(byStatement)) {
    entry.count = perRequest(entry.count);
    entry.ms = perRequest(entry.ms);
  }
  const dbMs = perRequest(recorder.queries.reduce((sum, query) => sum + query.ms, 0));
  return { perRequest: perRequest(recorder.queries.length), dbMs, byStatement };
}

export interface Explained {
  statement: string;
  executionMs: number;
  plan: string;
}

/** EXPLAIN ANALYZE of statements the product really sent (captured above), on the bench database. */
export async function explain(db: Kysely<Database>, queries: CapturedQuery[]): Promise<Explained[]> {
  const results: Explained[] = [];
  for (const query of queries) {
    const result = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${query.sql}`, query.params));
    const plan = result.rows.map((row) => row['QUERY PLAN']).join('\n');
    const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
    results.push({ statement: query.sql.replace(/\s+/g, ' ').slice(0, 160), executionMs, plan });
  }
  return results;
}
