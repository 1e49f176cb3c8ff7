/**
 * bench/scheduling data, written with bench SQL (generate_series) straight into the tables: one
 * location in New York, providers who all offer one service there, weekday hours in two periods,
 * time off and a closure, a realistic load of booked visits over the searched days, and patients
 * with one consented mobile each. Product code writes these one at a time; the bench needs a
 * clinic's worth in seconds.
 */
import type pg from 'pg';

export const ZONE = 'America/New_York';
/** Mon-Fri, two periods a day in the location's wall-clock time. */
export const PERIODS: [string, string][] = [['08:00', '12:00'], ['13:00', '17:00']];
export const VISIT_MINUTES = 20;
/** Appointment starts per provider-day: (4 h + 4 h) / 20 min. */
export const STARTS_PER_DAY = 24;

export interface SchedulingClinic {
  organizationId: string;
  locationId: string;
  serviceId: string;
  providerIds: string[];
  /** The first searched local date (tomorrow in New York) and how many days the load covers. */
  from: string;
  days: number;
  /** Patients whose phones only reminders are sent to (index i has reminderPhone(i)). */
  reminderPatients: number;
  /** Patients the searched visits and the booking runs use. */
  otherPatientIds: string[];
  appointments: number;
  exceptions: number;
}

/** Reminder patient i's mobile: one number per patient, so the sink counts texts by recipient. */
const REMINDER_AREA = '+1646';
export const reminderPhone = (i: number) => `${REMINDER_AREA}${2_000_000 + i}`;

export interface SeedOptions {
  providers: number;
  days: number;
  /** Share of the bookable starts already taken (0..1). */
  bookedShare: number;
  reminderPatients: number;
  otherPatients: number;
}

/** `count` patients with MRN `prefix`+i and the mobile `area`+(2000000+i), care consent given. */
async function seedPatientRange(db: pg.Client, organizationId: string, count: number, prefix: string, area: string) {
  await db.query(`
    with p as (
      insert into patients (organization_id, mrn, given_name, family_name, date_of_birth, sex, language, preferred_channel, search_name)
      select $1, $2 || g, 'Pat' || g, 'Bench' || g, date '1950-01-01' + (g % 20000), 'unknown', 'en', 'sms', 'pat' || g || ' bench' || g
      from generate_series(0, $3::int - 1) g
      returning id, mrn
    )
    insert into patient_contact_points (organization_id, patient_id, kind, value, label, is_primary, consent_care, consent_marketing, consent_updated_at)
    select $1, p.id, 'phone', $4 || (2000000 + substr(p.mrn, length($2) + 1)::int), 'mobile', true, true, false, now() from p`,
  [organizationId, prefix, count, area]);
}

/** Everything phases (a) and (b) search and book against, in the demo organization `slug`. */
export async function seedSchedulingClinic(db: pg.Client, slug: string, options: SeedOptions): Promise<SchedulingClinic> {
  const organizationId = (await db.query<{ organization_id: string }>('select organization_id from organizations where slug = $1', [slug])).rows[0]!.organization_id;
  await seedPatientRange(db, organizationId, options.reminderPatients, 'SR', REMINDER_AREA);
  await seedPatientRange(db, organizationId, options.otherPatients, 'SB', '+1718');
  const otherPatientIds = (await db.query<{ id: string }>(`select id from patients where organization_id = $1 and mrn like 'SB%' order by mrn`, [organizationId])).rows.map((r) => r.id);

  const location = (await db.query<{ id: string }>(`insert into locations (organization_id, name, time_zone, address) values ($1, 'Bench Medical Center', $2, '1 Bench Plaza, New York, NY') returning id`, [organizationId, ZONE])).rows[0]!.id;
  const service = (await db.query<{ id: string }>(`
    insert into services (organization_id, name, duration_minutes, slot_step_minutes, min_notice_minutes, max_days_ahead, reminder_offsets_minutes)
    values ($1, 'Bench follow-up visit', $2, $2, 0, 365, '{1440,120}') returning id`, [organizationId, VISIT_MINUTES])).rows[0]!.id;
  const providerIds = (await db.query<{ id: string }>(`
    insert into providers (organization_id, name, title)
    select $1, 'Dr. Bench ' || lpad(g::text, 3, '0'), 'Family physician' from generate_series(1, $2::int) g returning id`, [organizationId, options.providers])).rows.map((r) => r.id);
  await db.query(`insert into service_offerings (organization_id, service_id, provider_id, location_id) select $1, $2, p, $3 from unnest($4::uuid[]) p`, [organizationId, service, location, providerIds]);
  await db.query(`
    insert into working_hours (organization_id, provider_id, location_id, weekday, starts, ends)
    select $1, p, $2, d, h.starts::time, h.ends::time
    from unnest($3::uuid[]) p, generate_series(1, 5) d, (values ${PERIODS.map(([s, e]) => `('${s}', '${e}')`).join(', ')}) h(starts, ends)`,
  [organizationId, location, providerIds]);

  const from = (await db.query<{ d: string }>(`select to_char((now() at time zone $1)::date + 1, 'YYYY-MM-DD') d`, [ZONE])).rows[0]!.d;
  // Exceptions: each provider takes one whole weekday off in every three weeks (staggered), and the
  // location closes one afternoon for everyone in the middle of the period.
  await db.query(`
    insert into schedule_exceptions (organization_id, provider_id, location_id, kind, starts_at, ends_at, reason)
    select $1, p.id, null, 'time_off', (day::timestamp) at time zone $4, ((day + 1)::timestamp) at time zone $4, 'day off'
    from unnest($2::uuid[]) with ordinality p(id, n), generate_series(0, $5::int - 1, 21) w,
         lateral (select $3::date + w + (p.n % 21)::int as day) x
    where extract(isodow from day) < 6 and day < $3::date + $5::int`,
  [organizationId, providerIds, from, ZONE, options.days]);
  await db.query(`
    insert into schedule_exceptions (organization_id, provider_id, location_id, kind, starts_at, ends_at, reason)
    values ($1, null, $2, 'holiday', (($3::date + $5::int / 2)::timestamp + time '13:00') at time zone $4, (($3::date + $5::int / 2)::timestamp + time '17:00') at time zone $4, 'staff training')`,
  [organizationId, location, from, ZONE, options.days]);

  // Booked visits: every start of every open provider-day, taken with probability bookedShare
  // (a fixed seed), never inside an exception. Booked through SQL: no reminders, no notices.
  await db.query('select setseed(0.42)');
  await db.query(`
    with starts as (
      select p.id as provider_id, ((day::timestamp + (case when k < 12 then time '08:00' else time '13:00' end) + ((k % 12) * $6::int) * interval '1 minute') at time zone $4) as starts_at
      from unnest($2::uuid[]) p(id), generate_series(0, $5::int - 1) d, lateral (select $3::date + d as day) x, generate_series(0, 23) k
      where extract(isodow from day) < 6 and random() < $7::float8
    )
    insert into appointments (organization_id, patient_id, provider_id, location_id, service_id, starts_at, ends_at, blocked_from, blocked_until, status, source, booked_by)
    select $1, ($8::uuid[])[1 + floor(random() * array_length($8::uuid[], 1))::int], s.provider_id, $9, $10, s.starts_at, s.starts_at + $6::int * interval '1 minute',
           s.starts_at, s.starts_at + $6::int * interval '1 minute', case when random() < 0.3 then 'confirmed' else 'booked' end, 'staff', 'bench'
    from starts s
    where not exists (select 1 from schedule_exceptions e where e.organization_id = $1 and (e.provider_id = s.provider_id or e.provider_id is null)
                      and e.starts_at < s.starts_at + $6::int * interval '1 minute' and e.ends_at > s.starts_at)`,
  [organizationId, providerIds, from, ZONE, options.days, VISIT_MINUTES, options.bookedShare, otherPatientIds, location, service]);
  const counts = (await db.query<{ appointments: string; exceptions: string }>(`
    select (select count(*) from appointments where service_id = $1) appointments, (select count(*) from schedule_exceptions where organization_id = $2) exceptions`,
  [service, organizationId])).rows[0]!;
  await db.query('analyze');
  return {
    organizationId, locationId: location, serviceId: service, providerIds, from, days: options.days, reminderPatients: options.reminderPatients,
    otherPatientIds, appointments: Number(counts.appointments), exceptions: Number(counts.exceptions),
  };
}
