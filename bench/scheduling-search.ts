/**
 * bench/scheduling phase (a): slot search. Over HTTP against the server child, one request at a
 * time (no queueing: the time of one search alone); in this process, searchSlots itself split into
 * its database reads and its computation; and the baseline, the bare SQL that reads the busy
 * visits of every provider over the same days.
 */
import type pg from 'pg';
import { loadAvailability, searchSlots, type SlotSearch } from '../src/modules/scheduling/availability.js';
import { freeSlots, wallClock } from '../src/modules/scheduling/slots.js';
import * as store from '../src/modules/scheduling/store.js';
import type { Platform } from '../src/platform/platform.js';
import { percentiles, type Percentiles } from './inbox-report.js';

export interface HttpSearchResult {
  label: string;
  days: number;
  limit: number;
  requests: number;
  latencyMs: Percentiles;
  /** Slots in one answer (the last), whether the limit cut it, and its size. */
  items: number;
  truncated: boolean;
  kilobytes: number;
  non200: number;
}

/** One search after another over HTTP, each `from` a different day of the period. */
export async function searchOverHttp(url: string, token: string, query: { label: string; serviceId: string; froms: string[]; days: number; limit: number; requests: number; warmup: number }): Promise<HttpSearchResult> {
  const times: number[] = [];
  let items = 0;
  let truncated = false;
  let bytes = 0;
  let non200 = 0;
  for (let i = -query.warmup; i < query.requests; i++) {
    const from = query.froms[Math.abs(i) % query.froms.length]!;
    const path = `/api/scheduling/slots?serviceId=${query.serviceId}&from=${from}&to=${addDays(from, query.days - 1)}&limit=${query.limit}`;
    const started = performance.now();
    const response = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
    const text = await response.text();
    const ms = performance.now() - started;
    if (i < 0) continue;
    times.push(ms);
    if (response.status !== 200) {
      non200 += 1;
      continue;
    }
    const body = JSON.parse(text) as { items: unknown[]; truncated: boolean };
    items = body.items.length;
    truncated = body.truncated;
    bytes = text.length;
  }
  return { label: query.label, days: query.days, limit: query.limit, requests: query.requests, latencyMs: percentiles(times), items, truncated, kilobytes: Math.round(bytes / 1024), non200 };
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface InProcessResult {
  label: string;
  runs: number;
  /** searchSlots as the route calls it. */
  totalMs: Percentiles;
  /** Its reads (loadAvailability: five queries, two of them in parallel, and turning rows into offerings). */
  loadMs: Percentiles;
  /** Each read alone, one after another. */
  queriesMs: Record<string, Percentiles>;
  /** The computation, step by step: free slots of every offering, the sort, labelling what is returned. */
  freeSlotsMs: Percentiles;
  sortMs: Percentiles;
  labelMs: Percentiles;
  busyRows: number;
  freeSlots: number;
}

/** searchSlots in this process, `runs` times, with its parts timed one by one (the same code, called in the same order). */
export async function searchInProcess(platform: Platform, organizationId: string, search: SlotSearch & { label: string }, runs: number): Promise<InProcessResult> {
  const parts = { total: [] as number[], load: [] as number[], freeSlots: [] as number[], sort: [] as number[], label: [] as number[] };
  const queries: Record<string, number[]> = { findService: [], listOfferings: [], listWorkingHours: [], listExceptions: [], listBusy: [] };
  let busyRows = 0;
  let free = 0;
  const options = { online: false };
  for (let i = -3; i < runs; i++) {
    const t0 = performance.now();
    await searchSlots(platform, organizationId, search, options);
    const t1 = performance.now();
    const { offerings, dates, rules, busy } = await loadAvailability(platform, organizationId, search, options);
    const t2 = performance.now();
    const toInstant = wallClock();
    const found = offerings.flatMap((offering) => freeSlots(offering, dates, rules, busy.get(offering.providerId) ?? [], toInstant).map((slot) => ({ slot, offering })));
    const t3 = performance.now();
    found.sort((a, b) => a.slot.startsAt - b.slot.startsAt || a.offering.providerName.localeCompare(b.offering.providerName));
    const t4 = performance.now();
    const timed = await timeQueries(platform, organizationId, search.serviceId, offerings.map((o) => o.providerId), dates);
    if (i < 0) continue;
    parts.total.push(t1 - t0);
    parts.load.push(t2 - t1);
    parts.freeSlots.push(t3 - t2);
    parts.sort.push(t4 - t3);
    // The breakdown below computes the whole range at once; searchSlots itself stops at the first windows
    // (1, 2, 4 ... days) that fill the limit, so the parts may add up to more than its total.
    parts.label.push(Math.max(0, (t1 - t0) - (t2 - t1) - (t3 - t2) - (t4 - t3)));
    for (const [name, ms] of Object.entries(timed)) queries[name]!.push(ms);
    busyRows = [...busy.values()].reduce((sum, list) => sum + list.length, 0);
    free = found.length;
  }
  return {
    label: search.label, runs, totalMs: percentiles(parts.total), loadMs: percentiles(parts.load),
    queriesMs: Object.fromEntries(Object.entries(queries).map(([name, values]) => [name, percentiles(values)])),
    freeSlotsMs: percentiles(parts.freeSlots), sortMs: percentiles(parts.sort), labelMs: percentiles(parts.label), busyRows, freeSlots: free,
  };
}

const DAY = 86_400_000;

/** The store's reads one by one, with loadAvailability's window (two days before, three after). */
async function timeQueries(platform: Platform, organizationId: string, serviceId: string, providerIds: string[], dates: string[]) {
  const windowFrom = new Date(Date.parse(`${dates[0]}T00:00:00Z`) - 2 * DAY);
  const windowUntil = new Date(Date.parse(`${dates[dates.length - 1]}T00:00:00Z`) + 3 * DAY);
  const timed: Record<string, number> = {};
  const time = async (name: string, read: () => Promise<unknown>) => {
    const started = performance.now();
    await read();
    timed[name] = performance.now() - started;
  };
  await time('findService', () => store.findService(platform.db, organizationId, serviceId));
  await time('listOfferings', () => store.listOfferings(platform.db, organizationId, serviceId, {}));
  await time('listWorkingHours', () => store.listWorkingHours(platform.db, organizationId, providerIds));
  await time('listExceptions', () => store.listExceptions(platform.db, organizationId, windowFrom, windowUntil));
  await time('listBusy', () => store.listBusy(platform.db, organizationId, providerIds, windowFrom, windowUntil));
  return timed;
}

export interface BaselineResult {
  label: string;
  runs: number;
  rows: number;
  latencyMs: Percentiles;
}

/**
 * The irreducible read: the busy visits of the service's providers over the searched days, the
 * very statement store.listBusy sends (compiled by the same query builder), sent with a bare
 * driver connection and nothing done with the rows.
 */
export async function busyBaseline(db: pg.Client, platform: Platform, organizationId: string, providerIds: string[], from: string, days: number, runs: number): Promise<BaselineResult> {
  const windowFrom = new Date(Date.parse(`${from}T00:00:00Z`) - 2 * DAY);
  const windowUntil = new Date(Date.parse(`${addDays(from, days - 1)}T00:00:00Z`) + 3 * DAY);
  const compiled = platform.db.selectFrom('appointments')
    .select(['id', 'provider_id', 'service_id', 'starts_at', 'blocked_from', 'blocked_until'])
    .where('organization_id', '=', organizationId).where('provider_id', 'in', providerIds)
    .where('status', 'in', store.LIVE).where('blocked_until', '>', windowFrom).where('blocked_from', '<', windowUntil)
    .compile();
  const times: number[] = [];
  let rows = 0;
  for (let i = -3; i < runs; i++) {
    const started = performance.now();
    const result = await db.query(compiled.sql, [...compiled.parameters]);
    if (i < 0) continue;
    times.push(performance.now() - started);
    rows = result.rowCount ?? 0;
  }
  return { label: `bare SQL: busy visits of ${providerIds.length} providers over ${days} days`, runs, rows, latencyMs: percentiles(times) };
}
