/**
 * bench/analytics data: three years of a large clinic written with set-based bench SQL
 * (generate_series, INSERT ... SELECT) straight into the product's tables. Product code writes
 * these one at a time; the bench needs ten million messages in minutes. This file writes the
 * clinic's dimensions (departments, providers, locations, services, agents, patients) and runs
 * the three fact generators (inbox, visits, surveys) with the tables' secondary indexes dropped
 * during the load and rebuilt after it.
 */
import type pg from 'pg';
import { seedInbox } from './analytics-seed-inbox.js';
import { seedSurveys } from './analytics-seed-surveys.js';
import { seedVisits } from './analytics-seed-visits.js';

export const ZONE = 'America/New_York';

export interface SeedSettings {
  departments: number;
  providers: number;
  locations: number;
  agents: number;
  patients: number;
  conversations: number;
  appointments: number;
  surveyResponses: number;
  years: number;
}

/** The clinic's dimension ids, in the order the generators index them (1-based in SQL arrays). */
export interface Dimensions {
  organizationId: string;
  departmentIds: string[];
  providerIds: string[];
  locationIds: string[];
  serviceIds: string[];
  agentIds: string[];
  patients: number;
  /** The first instant of the generated period (midnight in the clinic's zone) and its first day. */
  start: string;
  startDay: string;
  days: number;
}

export type Log = (line: string) => void;

/**
 * A uuid that sorts with the integer `expr`: rows written in that order append to the primary
 * key's btree instead of splitting pages at random, and other tables can name a row by its number.
 */
export const orderedId = (prefix: string, expr: string) => `('${prefix}-0000-4000-8000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;
export const PATIENT_PREFIX = 'bc0a0001';
/** A standard normal draw (Box-Muller), for log-normal durations. */
export const NORMAL = 'sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())';

/** The tables the generators fill; their plain (non-constraint) indexes are dropped during the load. */
const LOADED_TABLES = ['patients', 'conversations', 'messages', 'response_waits', 'conversation_cycles', 'appointments', 'survey_invitations', 'survey_responses'];

async function dropSecondaryIndexes(db: pg.Client): Promise<string[]> {
  const { rows } = await db.query<{ name: string; definition: string }>(`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i join pg_class t on t.oid = i.indrelid
    where t.relname = any($1) and t.relnamespace = 'public'::regnamespace
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`, [LOADED_TABLES]);
  for (const row of rows) await db.query(`drop index ${row.name}`);
  return rows.map((row) => row.definition);
}

async function seedDimensions(db: pg.Client, organizationId: string, settings: SeedSettings): Promise<Dimensions> {
  const ids = async (text: string, values: unknown[]) => (await db.query<{ id: string }>(text, values)).rows.map((r) => r.id);
  const departmentIds = await ids(`
    insert into departments (organization_id, name, description)
    select $1, 'Department ' || lpad(g::text, 2, '0'), 'bench department' from generate_series(1, $2::int) g order by g returning id`,
  [organizationId, settings.departments]);
  const locationIds = await ids(`
    insert into locations (organization_id, name, time_zone, address)
    select $1, 'Bench Site ' || g, $3, g || ' Bench Avenue, New York, NY' from generate_series(1, $2::int) g order by g returning id`,
  [organizationId, settings.locations, ZONE]);
  // One service per department (the visit's department comes from its service).
  const serviceIds = await ids(`
    insert into services (organization_id, name, department_id, duration_minutes, slot_step_minutes)
    select $1, 'Visit, ' || d.name, d.id, 30, 30 from unnest($2::uuid[]) with ordinality d0(id, n) join departments d on d.id = d0.id order by d0.n returning id`,
  [organizationId, departmentIds]);
  // Provider p works in department (p - 1) % departments + 1 at location (p - 1) % locations + 1.
  const providerIds = await ids(`
    insert into providers (organization_id, name, title, department_id)
    select $1, 'Dr. Bench ' || lpad(g::text, 3, '0'), 'Physician', ($2::uuid[])[1 + (g - 1) % array_length($2::uuid[], 1)]
    from generate_series(1, $3::int) g order by g returning id`,
  [organizationId, departmentIds, settings.providers]);
  await db.query(`
    insert into service_offerings (organization_id, service_id, provider_id, location_id)
    select $1, ($2::uuid[])[1 + (g - 1) % array_length($2::uuid[], 1)], ($3::uuid[])[g], ($4::uuid[])[1 + (g - 1) % array_length($4::uuid[], 1)]
    from generate_series(1, array_length($3::uuid[], 1)) g`,
  [organizationId, serviceIds, providerIds, locationIds]);
  // Agents answer the inbox; they cannot sign in (the hash is no argon2 hash).
  const agentIds = await ids(`
    insert into users (organization_id, email, display_name, role, department_id, password_hash)
    select $1, 'agent' || g || '@analytics.bench', 'Bench Agent ' || g, 'agent', ($2::uuid[])[1 + (g - 1) % array_length($2::uuid[], 1)], 'bench-no-sign-in'
    from generate_series(1, $3::int) g order by g returning id`,
  [organizationId, departmentIds, settings.agents]);
  await db.query(`
    insert into patients (id, organization_id, mrn, given_name, family_name, date_of_birth, sex, language, preferred_channel, search_name)
    select ${orderedId(PATIENT_PREFIX, 'g')}, $1, 'AB' || g, 'Pat' || g, 'Analytics' || g, date '1940-01-01' + (g * 7919 % 29000),
           (array['female', 'male'])[1 + g % 2], case when g % 7 = 0 then 'es' else 'en' end, case when g % 5 = 0 then 'email' else 'sms' end,
           'pat' || g || ' analytics' || g
    from generate_series(1, $2::int) g`,
  [organizationId, settings.patients]);
  const period = (await db.query<{ start: string; start_day: string; days: number }>(`
    select ((d::timestamp) at time zone $1)::text as start, d::text as start_day, ((now() at time zone $1)::date - d + 1)::int as days
    from (select ((now() at time zone $1)::date - ($2::int * 365)) as d) x`, [ZONE, settings.years])).rows[0]!;
  return {
    organizationId, departmentIds, providerIds, locationIds, serviceIds, agentIds, patients: settings.patients,
    start: period.start, startDay: period.start_day, days: period.days,
  };
}

export interface SeedReport {
  seconds: Record<string, number>;
  counts: Record<string, number>;
  period: { from: string; to: string; days: number };
}

/** Writes the whole clinic into the organization `organizationId` (an empty clinic made by the product). */
export async function seedAnalyticsClinic(db: pg.Client, organizationId: string, settings: SeedSettings, log: Log): Promise<{ dims: Dimensions; report: SeedReport }> {
  const seconds: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    seconds[step] = Math.round((performance.now() - started) / 100) / 10;
    log(`${step}: ${seconds[step]} s`);
    return result;
  };
  // The generated rows reference each other correctly by construction: the foreign-key triggers
  // (three lookups per message) are skipped during the load, as a restore does.
  await db.query(`set work_mem = '256MB'; set maintenance_work_mem = '1GB'; set synchronous_commit = off; set session_replication_role = replica; set jit = off`);
  await db.query('select setseed(0.2026)');
  const definitions = await timed('drop secondary indexes', () => dropSecondaryIndexes(db));
  const dims = await timed('dimensions and patients', () => seedDimensions(db, organizationId, settings));
  await timed('inbox', () => seedInbox(db, dims, settings.conversations, log));
  await timed('visits', () => seedVisits(db, dims, settings.appointments));
  await timed('surveys', () => seedSurveys(db, dims, settings.surveyResponses));
  await timed('rebuild secondary indexes', async () => {
    for (const definition of definitions) await db.query(definition);
  });
  await db.query('set session_replication_role = origin');
  await timed('analyze', () => db.query('analyze'));
  const counts: Record<string, number> = {};
  for (const table of ['departments', 'providers', 'locations', 'services', 'patients', 'conversations', 'messages', 'response_waits', 'conversation_cycles', 'appointments', 'surveys', 'survey_invitations', 'survey_responses']) {
    counts[table] = Number((await db.query<{ n: string }>(`select count(*) n from ${table} where organization_id = $1`, [organizationId])).rows[0]!.n);
  }
  const to = (await db.query<{ d: string }>(`select ((now() at time zone $1)::date)::text d`, [ZONE])).rows[0]!.d;
  return { dims, report: { seconds, counts, period: { from: dims.startDay, to, days: dims.days } } };
}
