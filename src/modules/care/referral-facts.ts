import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inOrder, type FactRow, type FactWindow } from '../analytics/fact-source.js';

const DIMS = sql`coalesce(r.department_id::text, 'none') as department, coalesce(r.provider_id::text, 'none') as provider,
  coalesce(r.location_id::text, 'none') as location, null::text as channel`;
const DAYS_TO_CLOSE = sql`greatest(extract(epoch from r.result_received_at - r.sent_at), 0)::float8`;

/**
 * Referrals' facts for analytics (docs/kpis.md, Referrals): the closure of every referral sent in
 * the window, by the day it was sent (cancelled ones are left out: nothing was left to close),
 * and the time to close of every result received in the window, by the day it came back. Broken
 * down by the referring department and the provider and location of the booked visit. The only
 * code that reads the referral tables for analytics.
 */
export function referralFacts({ organizationId, start, end }: FactWindow) {
  return sql`
    select 'referral.closure' as metric, r.sent_at as at, ${DIMS}, null::float8 as value, null::float8 as business,
      case when r.status = 'result_received' then 1 else 0 end as hit, case when r.status = 'declined' then 1 else 0 end as miss,
      null::float8 as hist_seconds, r.id as fact_id
    from referrals r where r.organization_id = ${organizationId} and r.sent_at >= ${start} and r.sent_at < ${end} and r.status <> 'cancelled'
    union all
    select 'referral.days_to_close', r.result_received_at, ${DIMS}, ${DAYS_TO_CLOSE}, null, 0, 0, null, r.id
    from referrals r where r.organization_id = ${organizationId} and r.result_received_at >= ${start} and r.result_received_at < ${end}`;
}

/** The clinic-local days these referrals were sent on and their results came back on. */
export async function referralFactDays(db: Kysely<Database>, organizationId: string, timeZone: string, referralIds: string[]): Promise<string[]> {
  if (referralIds.length === 0) return [];
  const result = await sql<{ day: string }>`
    select distinct (t.at at time zone ${timeZone})::date::text as day from referrals r
    cross join lateral (values (r.sent_at), (r.result_received_at)) as t (at)
    where r.organization_id = ${organizationId} and r.id = any(${referralIds}::uuid[]) and t.at is not null`.execute(db);
  return result.rows.map((row) => row.day);
}

/** The earliest and latest instants of the clinic's referral facts (null when it has none). */
export async function referralFactSpan(db: Kysely<Database>, organizationId: string): Promise<{ first: Date | null; last: Date | null }> {
  const result = await sql<{ first: Date | null; last: Date | null }>`
    select min(sent_at) as first, greatest(max(sent_at), max(result_received_at)) as last from referrals where organization_id = ${organizationId}`.execute(db);
  return result.rows[0] ?? { first: null, last: null };
}

const COLUMNS = [
  { key: 'sentAt', label: 'Sent' }, { key: 'patientName', label: 'Patient' }, { key: 'mrn', label: 'MRN' },
  { key: 'kind', label: 'Kind' }, { key: 'urgency', label: 'Urgency' }, { key: 'destination', label: 'To' },
  { key: 'status', label: 'Status' }, { key: 'department', label: 'Referring department' }, { key: 'dueAt', label: 'Due' },
  { key: 'resultReceivedAt', label: 'Result received' }, { key: 'closeSeconds', label: 'Time to close (seconds)' },
];

export function referralRowColumns() {
  return COLUMNS;
}

/** The referrals behind referral facts, in the order given. */
export async function referralFactRows(db: Kysely<Database>, organizationId: string, referralIds: string[]): Promise<FactRow[]> {
  if (referralIds.length === 0) return [];
  const result = await sql<FactRow & { id: string }>`
    select r.id, r.sent_at as "sentAt", trim(p.given_name || ' ' || p.family_name) as "patientName", p.mrn, p.id as "patientId",
      r.kind, r.urgency, r.destination, r.status, d.name as department, r.due_at as "dueAt", r.result_received_at as "resultReceivedAt",
      case when r.result_received_at is not null then ${DAYS_TO_CLOSE} end as "closeSeconds"
    from referrals r join patients p on p.id = r.patient_id left join departments d on d.id = r.department_id
    where r.organization_id = ${organizationId} and r.id = any(${referralIds}::uuid[])`.execute(db);
  return inOrder(result.rows, referralIds);
}
