import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inOrder, type FactRow, type FactWindow } from '../analytics/fact-source.js';

/**
 * The inbox's facts for analytics (docs/kpis.md, Inbox): waits by the day the patient started
 * waiting, resolutions by the day of resolution, cycles by the day they opened. The only code
 * that reads the inbox's tables for analytics.
 */
export function inboxFacts({ organizationId, start, end }: FactWindow) {
  const waitDims = sql`coalesce(w.department_id::text, 'none') as department, null::text as provider, null::text as location, w.channel::text as channel`;
  const cycleDims = sql`coalesce(c.department_id::text, 'none'), null::text, null::text, c.channel::text`;
  const waitsInWindow = sql`w.organization_id = ${organizationId} and w.waiting_since >= ${start} and w.waiting_since < ${end}`;
  return sql`
    select case w.kind when 'first' then 'inbox.first_response' else 'inbox.next_response' end as metric, w.waiting_since as at, ${waitDims},
      w.seconds::float8 as value, w.business_seconds::float8 as business, 0 as hit, 0 as miss, w.seconds::float8 as hist_seconds, w.id as fact_id
    from response_waits w where ${waitsInWindow} and w.responded_at is not null and not w.unanswered
    union all
    select 'inbox.unanswered', w.waiting_since, ${waitDims}, null, null, 0, 0, null, w.id
    from response_waits w where ${waitsInWindow} and w.unanswered
    union all
    select 'inbox.resolution', c.resolved_at, ${cycleDims}, c.seconds::float8, c.business_seconds::float8, 0, 0, c.seconds::float8, c.id
    from conversation_cycles c where c.organization_id = ${organizationId} and c.resolved_at >= ${start} and c.resolved_at < ${end}
    union all
    select 'inbox.cycles', c.opened_at, ${cycleDims}, null, null, case when c.resolved_at is null then 0 else 1 end, 0, null, c.id
    from conversation_cycles c where c.organization_id = ${organizationId} and c.opened_at >= ${start} and c.opened_at < ${end}
      -- A conversation merged into another before it was resolved goes on there: its open cycle never can be.
      and not (c.resolved_at is null and exists (select 1 from conversations v where v.id = c.conversation_id and v.status = 'merged'))`;
}

/**
 * The clinic-local days the facts of these conversations fall on: of their latest cycle (what a
 * message, a reply, a resolution or a reopen can change: earlier cycles are closed, with their
 * waits), or of every cycle they have (a merge or a moved message reshapes them).
 */
export async function conversationFactDays(db: Kysely<Database>, organizationId: string, timeZone: string, conversationIds: string[], cycles: 'latest' | 'all' = 'all'): Promise<string[]> {
  if (conversationIds.length === 0) return [];
  const ofConversations = sql`organization_id = ${organizationId} and conversation_id = any(${conversationIds}::uuid[])`;
  const latest = cycles === 'latest'
    ? sql`and cycle >= (select coalesce(max(c.cycle), 0) from conversation_cycles c where c.conversation_id = t0.conversation_id)`
    : sql``;
  const result = await sql<{ day: string }>`
    select distinct (t.at at time zone ${timeZone})::date::text as day from (
      select waiting_since as at from response_waits t0 where ${ofConversations} ${latest}
      union all select opened_at from conversation_cycles t0 where ${ofConversations} ${latest}
      union all select resolved_at from conversation_cycles t0 where ${ofConversations} ${latest}
    ) t where t.at is not null`.execute(db);
  return result.rows.map((row) => row.day);
}

/** The earliest and latest instants of the clinic's inbox facts (null when it has none). */
export async function inboxFactSpan(db: Kysely<Database>, organizationId: string): Promise<{ first: Date | null; last: Date | null }> {
  const result = await sql<{ first: Date | null; last: Date | null }>`
    select least((select min(waiting_since) from response_waits where organization_id = ${organizationId}),
                 (select min(opened_at) from conversation_cycles where organization_id = ${organizationId})) as first,
           greatest((select max(waiting_since) from response_waits where organization_id = ${organizationId}),
                    (select max(resolved_at) from conversation_cycles where organization_id = ${organizationId})) as last`.execute(db);
  return result.rows[0] ?? { first: null, last: null };
}

const WAIT_COLUMNS = [
  { key: 'conversationNumber', label: 'Conversation' }, { key: 'patientName', label: 'Patient' }, { key: 'mrn', label: 'MRN' },
  { key: 'channel', label: 'Channel' }, { key: 'department', label: 'Department' }, { key: 'kind', label: 'Wait' },
  { key: 'waitingSince', label: 'Waiting since' }, { key: 'respondedAt', label: 'Responded' },
  { key: 'seconds', label: 'Seconds' }, { key: 'businessSeconds', label: 'Business seconds' },
];
const CYCLE_COLUMNS = [
  { key: 'conversationNumber', label: 'Conversation' }, { key: 'patientName', label: 'Patient' }, { key: 'mrn', label: 'MRN' },
  { key: 'channel', label: 'Channel' }, { key: 'department', label: 'Department' }, { key: 'cycle', label: 'Cycle' },
  { key: 'openedAt', label: 'Opened' }, { key: 'resolvedAt', label: 'Resolved' },
  { key: 'seconds', label: 'Seconds' }, { key: 'businessSeconds', label: 'Business seconds' },
];

/** The columns of an inbox metric's drill-down rows. */
export function inboxRowColumns(metric: string) {
  return metric === 'inbox.resolution' || metric === 'inbox.cycles' ? CYCLE_COLUMNS : WAIT_COLUMNS;
}

/** The rows behind inbox facts, by fact id (waits or cycles, as the metric says), in the order given. */
export async function inboxFactRows(db: Kysely<Database>, organizationId: string, metric: string, factIds: string[]): Promise<FactRow[]> {
  if (factIds.length === 0) return [];
  const cycles = metric === 'inbox.resolution' || metric === 'inbox.cycles';
  const result = cycles
    ? await sql<FactRow & { id: string }>`
      select c.id, v.number as "conversationNumber", nullif(trim(coalesce(p.given_name, '') || ' ' || coalesce(p.family_name, '')), '') as "patientName", p.mrn, p.id as "patientId",
        c.channel, d.name as department, c.cycle, c.opened_at as "openedAt", c.resolved_at as "resolvedAt", c.seconds, c.business_seconds as "businessSeconds"
      from conversation_cycles c join conversations v on v.id = c.conversation_id
      left join patients p on p.id = v.patient_id left join departments d on d.id = c.department_id
      where c.organization_id = ${organizationId} and c.id = any(${factIds}::uuid[])`.execute(db)
    : await sql<FactRow & { id: string }>`
      select w.id, v.number as "conversationNumber", nullif(trim(coalesce(p.given_name, '') || ' ' || coalesce(p.family_name, '')), '') as "patientName", p.mrn, p.id as "patientId",
        w.channel, d.name as department, w.kind, w.waiting_since as "waitingSince", w.responded_at as "respondedAt", w.seconds, w.business_seconds as "businessSeconds"
      from response_waits w join conversations v on v.id = w.conversation_id
      left join patients p on p.id = v.patient_id left join departments d on d.id = w.department_id
      where w.organization_id = ${organizationId} and w.id = any(${factIds}::uuid[])`.execute(db);
  return inOrder(result.rows, factIds);
}
