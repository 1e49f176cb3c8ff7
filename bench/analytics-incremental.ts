/**
 * bench/analytics (b), the incremental path: new facts arrive through the product as they would
 * in a clinic (visits booked, arrived, roomed and completed over the staff API; survey answers
 * posted to the patient page API with signed one-time links), their events mark days dirty, and
 * refreshDirty recomputes those days. Timed, checked against a recomputation of the same days,
 * and checked to have counted every new fact.
 */
import { sql } from 'kysely';
import type { Careloop } from '../src/app.js';
import { recomputeAll, refreshDirty } from '../src/modules/analytics/facts.js';
import { SURVEY_LINK } from '../src/modules/feedback/survey-links.js';
import { signLink } from '../src/platform/links.js';
import type { Platform } from '../src/platform/platform.js';
import type { Marker } from './analytics-db.js';
import { PATIENT_PREFIX, ZONE, type Log } from './analytics-seed.js';
import { latency, type Latency } from './analytics-timing.js';

export interface Incremental {
  visits: number;
  answers: number;
  requests: { label: string; count: number; latencyMs: Latency }[];
  markedDays: Record<string, number>;
  refresh: { ms: number; calls: number; daysRefreshed: number };
  counted: { visitOutcomesAdded: number; npsAnswersAdded: number };
  agreement: { from: string; to: string; days: number; rowsCompared: number; mismatches: number; equal: boolean; recomputeMs: number };
}

const patientId = (g: number) => `${PATIENT_PREFIX}-0000-4000-8000-${g.toString(16).padStart(12, '0')}`;

type RollupRow = { metric: string; day: string; dim: string; dim_value: string; n: number; total: number; total_business: number; hits: number; misses: number; hist: number[] | null };

async function rollupsOfDays(platform: Platform, organizationId: string, marked: { family: string; day: string }[]): Promise<Map<string, RollupRow>> {
  const prefix: Record<string, string> = { inbox: 'inbox.', visits: 'visit.', surveys: 'survey.' };
  const rows = await sql<RollupRow>`
    select r.metric, r.day::text as day, r.dim, r.dim_value, r.n::float8 as n, r.total, r.total_business, r.hits::float8 as hits, r.misses::float8 as misses, r.hist
    from kpi_rollups r join unnest(${marked.map((m) => prefix[m.family]!)}::text[], ${marked.map((m) => m.day)}::date[]) as d(prefix, day)
      on r.day = d.day and starts_with(r.metric, d.prefix)
    where r.organization_id = ${organizationId}`.execute(platform.db);
  return new Map(rows.rows.map((row) => [`${row.metric}|${row.day}|${row.dim}|${row.dim_value}`, row]));
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const sameRow = (a: RollupRow, b: RollupRow) => close(a.n, b.n) && close(a.total, b.total) && close(a.total_business, b.total_business)
  && close(a.hits, b.hits) && close(a.misses, b.misses) && JSON.stringify(a.hist ?? []) === JSON.stringify(b.hist ?? []);

/** Waits until the events' marks stop arriving (the subscribers run after each request's response). */
async function settledMarks(platform: Platform, organizationId: string): Promise<{ family: string; day: string }[]> {
  let last = -1;
  for (let stable = 0, attempt = 0; attempt < 200 && stable < 4; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const count = Number((await sql<{ n: string }>`select count(*) as n from kpi_dirty_days where organization_id = ${organizationId}`.execute(platform.db)).rows[0]!.n);
    stable = count === last ? stable + 1 : 0;
    last = count;
  }
  return (await sql<{ family: string; day: string }>`
    select family, day::text as day from kpi_dirty_days where organization_id = ${organizationId} order by day`.execute(platform.db)).rows;
}

const sumOf = async (platform: Platform, organizationId: string, metric: string) => Number((await sql<{ n: string | null }>`
  select sum(n) as n from kpi_rollups where organization_id = ${organizationId} and metric = ${metric} and dim = 'all'`.execute(platform.db)).rows[0]!.n ?? 0);

export async function applyThroughApi(careloop: Careloop, baseUrl: string, token: string, marker: Marker, counts: { visits: number; answers: number }, log: Log): Promise<Incremental> {
  const { platform, app } = careloop;
  const dims = marker.dims;
  const organizationId = dims.organizationId;
  const call = async (method: string, path: string, body: unknown) => {
    const started = performance.now();
    const response = await fetch(baseUrl + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return { ms: performance.now() - started, body: JSON.parse(text) as { id: string } };
  };
  const outcomesBefore = await sumOf(platform, organizationId, 'visit.outcome');
  const npsBefore = await sumOf(platform, organizationId, 'survey.nps');

  // Visits an hour from now (each provider once), booked over the usual rules (the bench providers keep no hours).
  const startsAt = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3_600_000).toISOString();
  const timings: Record<string, number[]> = { book: [], arrived: [], in_room: [], completed: [], answer: [] };
  for (let i = 0; i < counts.visits; i++) {
    const p = i % dims.providerIds.length;
    const booked = await call('POST', '/api/scheduling/appointments', {
      patientId: patientId(1 + i), serviceId: dims.serviceIds[p % dims.serviceIds.length], providerId: dims.providerIds[p],
      locationId: dims.locationIds[p % dims.locationIds.length], startsAt, override: { reason: 'bench: providers keep no working hours' },
    });
    timings.book!.push(booked.ms);
    for (const status of ['arrived', 'in_room', 'completed'] as const) {
      timings[status]!.push((await call('POST', `/api/scheduling/appointments/${booked.body.id}/status`, { status })).ms);
    }
  }
  log(`(b) ${counts.visits} visits booked, arrived, roomed and completed over HTTP`);

  // Answers to invitations of the last four weeks not answered yet (late answers count on the day their
  // invitation was sent too: many days are marked), each from its own address (the page limits each address).
  const invitations = (await sql<{ id: string; expires_at: Date }>`
    select i.id, i.expires_at from survey_invitations i join surveys s on s.id = i.survey_id
    where i.organization_id = ${organizationId} and i.status = 'sent' and s.trigger = 'visit_completed' and i.expires_at > now() + interval '1 day'
    order by md5(i.id::text) limit ${counts.answers}`.execute(platform.db)).rows;
  for (const [i, invitation] of invitations.entries()) {
    const link = signLink(platform.config.secretKey, { purpose: SURVEY_LINK, organizationId, subject: invitation.id, expiresAt: invitation.expires_at, oneTime: true });
    const nps = [10, 9, 9, 8, 7, 10, 6, 3, 9, 10][i % 10]!;
    const started = performance.now();
    const response = await app.inject({
      method: 'POST', url: `/api/public/survey/${link}`, remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      payload: { answers: { nps, csat: nps >= 9 ? 5 : nps >= 7 ? 4 : 2, courtesy: nps >= 7 ? 'always' : 'sometimes', explained: 'usually' } },
    });
    if (response.statusCode !== 201) throw new Error(`survey answer: ${response.statusCode} ${response.body.slice(0, 300)}`);
    timings.answer!.push(performance.now() - started);
  }
  log(`(b) ${invitations.length} survey answers posted to the patient page API`);

  const marked = await settledMarks(platform, organizationId);
  const markedDays: Record<string, number> = {};
  for (const m of marked) markedDays[m.family] = (markedDays[m.family] ?? 0) + 1;
  const started = performance.now();
  let calls = 0;
  let daysRefreshed = 0;
  for (let n = -1; n !== 0; calls++) daysRefreshed += n = await refreshDirty(platform, organizationId);
  const refresh = { ms: Math.round(performance.now() - started), calls, daysRefreshed };
  log(`(b) refreshDirty: ${refresh.ms} ms for ${daysRefreshed} marked days (${Object.entries(markedDays).map(([f, n]) => `${f} ${n}`).join(', ')}) in ${calls} calls`);

  const counted = {
    visitOutcomesAdded: await sumOf(platform, organizationId, 'visit.outcome') - outcomesBefore,
    npsAnswersAdded: await sumOf(platform, organizationId, 'survey.nps') - npsBefore,
  };
  const incremental = await rollupsOfDays(platform, organizationId, marked);
  const from = marked[0]?.day ?? (await sql<{ d: string }>`select ((now() at time zone ${ZONE})::date)::text as d`.execute(platform.db)).rows[0]!.d;
  const to = marked.at(-1)?.day ?? from;
  const recomputeStarted = performance.now();
  await recomputeAll(platform, organizationId, { from, to });
  const recomputeMs = Math.round(performance.now() - recomputeStarted);
  const recomputed = await rollupsOfDays(platform, organizationId, marked);
  let mismatches = 0;
  for (const key of new Set([...incremental.keys(), ...recomputed.keys()])) {
    const a = incremental.get(key);
    const b = recomputed.get(key);
    if (!a || !b || !sameRow(a, b)) mismatches++;
  }
  const agreement = { from, to, days: marked.length, rowsCompared: recomputed.size, mismatches, equal: mismatches === 0, recomputeMs };
  log(`(b) rollups of the ${marked.length} marked days against recomputeAll(${from}..${to}, ${recomputeMs} ms): ${recomputed.size} rows, ${mismatches} differ`);
  return {
    visits: counts.visits, answers: invitations.length,
    requests: Object.entries(timings).map(([label, ms]) => ({ label, count: ms.length, latencyMs: latency(ms) })),
    markedDays, refresh, counted, agreement,
  };
}
