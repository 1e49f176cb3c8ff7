import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inOrder, type FactRow, type FactWindow } from '../analytics/fact-source.js';

const ATTENDED = sql`('arrived', 'in_room', 'completed')`;
// The service's department, else the provider's: a visit belongs to the department that offers it.
const VISIT_DIMS = sql`coalesce(s.department_id, p.department_id)::text`;

/**
 * Scheduling's facts for analytics (docs/kpis.md, Visits): every fact of an appointment falls on
 * the clinic-local day it was booked to start. The only code that reads scheduling's tables for analytics.
 */
export function visitFacts({ organizationId, start, end }: FactWindow) {
  const dims = sql`coalesce(${VISIT_DIMS}, 'none') as department, a.provider_id::text as provider, a.location_id::text as location, null::text as channel`;
  const from = sql`appointments a join services s on s.id = a.service_id join providers p on p.id = a.provider_id`;
  const inWindow = sql`a.organization_id = ${organizationId} and a.starts_at >= ${start} and a.starts_at < ${end}`;
  return sql`
    select 'visit.outcome' as metric, a.starts_at as at, ${dims}, null::float8 as value, null::float8 as business,
      case when a.status = 'no_show' then 1 else 0 end as hit, 0 as miss, null::float8 as hist_seconds, a.id as fact_id
    from ${from} where ${inWindow} and a.status in ('arrived', 'in_room', 'completed', 'no_show')
    union all
    select 'visit.wait', a.starts_at, ${dims}, greatest(extract(epoch from a.in_room_at - a.arrived_at), 0)::float8, null, 0, 0,
      greatest(extract(epoch from a.in_room_at - a.arrived_at), 0)::float8, a.id
    from ${from} where ${inWindow} and a.status in ${ATTENDED} and a.arrived_at is not null and a.in_room_at is not null`;
}

/** The clinic-local days these appointments start on. */
export async function appointmentFactDays(db: Kysely<Database>, organizationId: string, timeZone: string, appointmentIds: string[]): Promise<string[]> {
  if (appointmentIds.length === 0) return [];
  const result = await sql<{ day: string }>`
    select distinct (starts_at at time zone ${timeZone})::date::text as day from appointments
    where organization_id = ${organizationId} and id = any(${appointmentIds}::uuid[])`.execute(db);
  return result.rows.map((row) => row.day);
}

/**
 * The clinic-local days of the counted visits of a service or provider: their department is read
 * through the service and provider, so a change of either's department moves those facts.
 */
export async function offeringFactDays(db: Kysely<Database>, organizationId: string, timeZone: string, ids: { serviceId?: string; providerId?: string }): Promise<string[]> {
  if (!ids.serviceId && !ids.providerId) return [];
  const result = await sql<{ day: string }>`
    select distinct (starts_at at time zone ${timeZone})::date::text as day from appointments
    where organization_id = ${organizationId} and status in ('arrived', 'in_room', 'completed', 'no_show')
      and (${ids.serviceId ? sql`service_id = ${ids.serviceId}` : sql`false`} or ${ids.providerId ? sql`provider_id = ${ids.providerId}` : sql`false`})`.execute(db);
  return result.rows.map((row) => row.day);
}

/** The earliest and latest appointment starts of the clinic (null when it has none). */
export async function visitFactSpan(db: Kysely<Database>, organizationId: string): Promise<{ first: Date | null; last: Date | null }> {
  const result = await sql<{ first: Date | null; last: Date | null }>`
    select min(starts_at) as first, max(starts_at) as last from appointments where organization_id = ${organizationId}`.execute(db);
  return result.rows[0] ?? { first: null, last: null };
}

const VISIT_COLUMNS = [
  { key: 'startsAt', label: 'Starts' }, { key: 'patientName', label: 'Patient' }, { key: 'mrn', label: 'MRN' },
  { key: 'status', label: 'Status' }, { key: 'provider', label: 'Provider' }, { key: 'service', label: 'Service' },
  { key: 'location', label: 'Location' }, { key: 'department', label: 'Department' },
  { key: 'arrivedAt', label: 'Arrived' }, { key: 'inRoomAt', label: 'In room' }, { key: 'waitSeconds', label: 'Wait (seconds)' },
];

export function visitRowColumns() {
  return VISIT_COLUMNS;
}

/** The appointments behind visit facts, in the order given. */
export async function visitFactRows(db: Kysely<Database>, organizationId: string, appointmentIds: string[]): Promise<FactRow[]> {
  if (appointmentIds.length === 0) return [];
  const result = await sql<FactRow & { id: string }>`
    select a.id, a.starts_at as "startsAt", trim(pt.given_name || ' ' || pt.family_name) as "patientName", pt.mrn, pt.id as "patientId", a.status,
      p.name as provider, s.name as service, l.name as location, d.name as department, a.arrived_at as "arrivedAt", a.in_room_at as "inRoomAt",
      case when a.arrived_at is not null and a.in_room_at is not null then greatest(extract(epoch from a.in_room_at - a.arrived_at), 0)::float8 end as "waitSeconds"
    from appointments a join services s on s.id = a.service_id join providers p on p.id = a.provider_id join locations l on l.id = a.location_id
    join patients pt on pt.id = a.patient_id left join departments d on d.id = ${VISIT_DIMS}::uuid
    where a.organization_id = ${organizationId} and a.id = any(${appointmentIds}::uuid[])`.execute(db);
  return inOrder(result.rows, appointmentIds);
}
