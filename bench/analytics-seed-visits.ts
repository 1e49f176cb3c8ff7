/**
 * bench/analytics visits: every provider's weekday hours 8:00-17:00 in hourly 30-minute visits,
 * each taken with the probability that gives `total` appointments over the period (so no two
 * overlap and the no-double-booking constraint holds). 10% cancelled, about 10% no-shows (more at
 * some sites than others), the rest completed with arrival, rooming and completion times; waits
 * are log-normal around 10 minutes, longer at busier sites and departments.
 */
import type pg from 'pg';
import { NORMAL, orderedId, PATIENT_PREFIX, ZONE, type Dimensions } from './analytics-seed.js';

export const APPOINTMENT_PREFIX = 'bc0b0001';
const FIRST_HOUR = 8;
const HOURS = 9;

export async function seedVisits(db: pg.Client, dims: Dimensions, total: number) {
  const weekdays = Math.round(dims.days * 5 / 7);
  const share = Math.min(1, total / (weekdays * HOURS * dims.providerIds.length));
  await db.query(`
    insert into appointments (id, organization_id, patient_id, provider_id, location_id, service_id, starts_at, ends_at, blocked_from, blocked_until,
                              status, source, booked_by, cancel_reason, cancelled_at, cancelled_by, confirmed_at, arrived_at, in_room_at,
                              completed_at, no_show_at, created_at, updated_at)
    select ${orderedId(APPOINTMENT_PREFIX, 'v.slot')}, $1, ${orderedId(PATIENT_PREFIX, 'v.patient')}, ($2::uuid[])[v.p], ($3::uuid[])[v.loc], ($4::uuid[])[v.dept],
           v.starts_at, v.starts_at + interval '30 minutes', v.starts_at, v.starts_at + interval '30 minutes',
           v.status, case when v.r2 < 0.3 then 'online' else 'staff' end, 'bench',
           case when v.status = 'cancelled' then 'patient_request' end,
           case when v.status = 'cancelled' then v.starts_at - make_interval(hours => 2 + floor(v.r2 * 200)::int) end,
           case when v.status = 'cancelled' then 'patient' end,
           v.starts_at - interval '2 days',
           case when v.status = 'completed' then v.arrived_at end,
           case when v.status = 'completed' then v.arrived_at + make_interval(secs => v.wait) end,
           case when v.status = 'completed' then v.arrived_at + make_interval(secs => v.wait) + interval '25 minutes' end,
           case when v.status = 'no_show' then v.starts_at + interval '20 minutes' end,
           v.starts_at - make_interval(days => 1 + floor(v.r2 * 40)::int), v.starts_at + interval '1 hour'
    from (
      select s.*, 1 + (s.p - 1) % $5 as dept, 1 + (s.p - 1) % $6 as loc,
             case when s.r < 0.10 then 'cancelled' when s.r < 0.10 + 0.05 + 0.10 * ((s.p - 1) % $6) / greatest(1, $6 - 1) then 'no_show' else 'completed' end as status,
             s.starts_at + make_interval(secs => floor(s.r3 * 1500)::int - 900) as arrived_at,
             least(7200, greatest(0, round(exp(ln(540) + 0.15 * ((s.p - 1) % $6) + 0.2 * ((s.p % 7) - 3) / 3.0 + 0.6 * ${NORMAL}))))::int as wait
      from (
        select (d * ${HOURS} + h) * 1024 + p as slot, p, 1 + floor(random() * $7)::int as patient, random() as r, random() as r2, random() as r3,
               (($8::date + d)::timestamp + make_interval(hours => ${FIRST_HOUR} + h)) at time zone '${ZONE}' as starts_at
        from generate_series(0, $9::int - 1) d, generate_series(0, ${HOURS - 1}) h, generate_series(1, array_length($2::uuid[], 1)) p
        where extract(isodow from $8::date + d) < 6 and random() < $10::float8
      ) s
      where s.starts_at + interval '1 hour' < now()
    ) v
    order by v.slot`,
  [dims.organizationId, dims.providerIds, dims.locationIds, dims.serviceIds, dims.departmentIds.length, dims.locationIds.length, dims.patients,
    dims.startDay, dims.days, share]);
}
