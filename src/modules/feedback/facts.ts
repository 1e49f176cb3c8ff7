import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inOrder, type FactRow, type FactWindow } from '../analytics/fact-source.js';

// A CAHPS-style answer on the linear 0-100 scale (never 0, sometimes 33.33, usually 66.67, always 100),
// whether it was stored as the word or as its position 1-4.
const CAHPS_SCORE = sql`case lower(r.answers ->> (item ->> 'id'))
  when 'never' then 0::float8 when '1' then 0::float8 when 'sometimes' then 100::float8 / 3 when '2' then 100::float8 / 3
  when 'usually' then 200::float8 / 3 when '3' then 200::float8 / 3 when 'always' then 100::float8 when '4' then 100::float8 end`;

/**
 * Feedback's facts for analytics (docs/kpis.md, Surveys): invitations by the day they were sent,
 * answers by the day they were submitted, broken down by the department, provider, location and
 * channel copied onto them. The only code that reads the feedback tables for analytics.
 */
export function surveyFacts({ organizationId, start, end }: FactWindow) {
  const invitationDims = sql`coalesce(i.department_id::text, 'none') as department, coalesce(i.provider_id::text, 'none') as provider,
    coalesce(i.location_id::text, 'none') as location, coalesce(i.channel, 'none') as channel`;
  const dims = sql`coalesce(r.department_id::text, 'none'), coalesce(r.provider_id::text, 'none'), coalesce(r.location_id::text, 'none'), coalesce(r.channel, 'none')`;
  const answered = sql`r.organization_id = ${organizationId} and r.submitted_at >= ${start} and r.submitted_at < ${end}`;
  return sql`
    select 'survey.sent' as metric, i.sent_at as at, ${invitationDims}, null::float8 as value, null::float8 as business,
      case when i.answered_at is not null or i.status = 'answered' then 1 else 0 end as hit, 0 as miss, null::float8 as hist_seconds, i.id as fact_id
    from survey_invitations i where i.organization_id = ${organizationId} and i.sent_at >= ${start} and i.sent_at < ${end}
    union all
    select 'survey.nps', r.submitted_at, ${dims}, r.nps::float8, null, case when r.nps >= 9 then 1 else 0 end, case when r.nps <= 6 then 1 else 0 end, null, r.id
    from survey_responses r where ${answered} and r.nps is not null
    union all
    select 'survey.csat', r.submitted_at, ${dims}, r.csat::float8, null, case when r.csat >= 4 then 1 else 0 end, case when r.csat <= 2 then 1 else 0 end, null, r.id
    from survey_responses r where ${answered} and r.csat is not null
    union all
    select 'survey.ces', r.submitted_at, ${dims}, r.ces::float8, null, case when r.ces >= 5 then 1 else 0 end, case when r.ces <= 3 then 1 else 0 end, null, r.id
    from survey_responses r where ${answered} and r.ces is not null
    union all
    select 'survey.cahps:' || (item ->> 'key'), r.submitted_at, ${dims}, ${CAHPS_SCORE}, null,
      case when ${CAHPS_SCORE} = 100 then 1 else 0 end, 0, null, r.id
    from survey_responses r join surveys s on s.id = r.survey_id cross join lateral jsonb_array_elements(s.items) as item
    where ${answered} and item ->> 'kind' = 'cahps' and ${CAHPS_SCORE} is not null`;
}

/** The clinic-local days of these invitations' sending and these responses' submission (and their invitations' sending). */
export async function surveyFactDays(db: Kysely<Database>, organizationId: string, timeZone: string, ids: { invitationIds: string[]; responseIds: string[] }): Promise<string[]> {
  if (ids.invitationIds.length === 0 && ids.responseIds.length === 0) return [];
  const result = await sql<{ day: string }>`
    select distinct (t.at at time zone ${timeZone})::date::text as day from (
      select sent_at as at from survey_invitations where organization_id = ${organizationId} and id = any(${ids.invitationIds}::uuid[])
      union all select submitted_at from survey_responses where organization_id = ${organizationId} and id = any(${ids.responseIds}::uuid[])
      union all select i.sent_at from survey_responses r join survey_invitations i on i.id = r.invitation_id
        where r.organization_id = ${organizationId} and r.id = any(${ids.responseIds}::uuid[])
    ) t where t.at is not null`.execute(db);
  return result.rows.map((row) => row.day);
}

/** The earliest and latest instants of the clinic's survey facts (null when it has none). */
export async function surveyFactSpan(db: Kysely<Database>, organizationId: string): Promise<{ first: Date | null; last: Date | null }> {
  const result = await sql<{ first: Date | null; last: Date | null }>`
    select least((select min(sent_at) from survey_invitations where organization_id = ${organizationId}),
                 (select min(submitted_at) from survey_responses where organization_id = ${organizationId})) as first,
           greatest((select max(sent_at) from survey_invitations where organization_id = ${organizationId}),
                    (select max(submitted_at) from survey_responses where organization_id = ${organizationId})) as last`.execute(db);
  return result.rows[0] ?? { first: null, last: null };
}

const CAHPS = 'survey.cahps:';
// patientId is not a column: it links a row to the record, and audits whose rows were read.
const PATIENT = sql`trim(pt.given_name || ' ' || pt.family_name) as "patientName", pt.mrn, pt.id as "patientId"`;

export function surveyRowColumns(metric: string) {
  const patient = [{ key: 'patientName', label: 'Patient' }, { key: 'mrn', label: 'MRN' }, { key: 'survey', label: 'Survey' }];
  if (metric === 'survey.sent') return [{ key: 'sentAt', label: 'Sent' }, ...patient, { key: 'deliveryChannel', label: 'Sent by' }, { key: 'status', label: 'Status' }, { key: 'answeredAt', label: 'Answered' }];
  if (metric.startsWith(CAHPS)) return [{ key: 'submittedAt', label: 'Submitted' }, ...patient, { key: 'answer', label: 'Answer' }, { key: 'comment', label: 'Comment' }];
  return [{ key: 'submittedAt', label: 'Submitted' }, ...patient, { key: 'nps', label: 'NPS' }, { key: 'csat', label: 'CSAT' }, { key: 'ces', label: 'Effort' }, { key: 'comment', label: 'Comment' }];
}

/** The invitations (survey.sent) or responses (every other survey metric) behind survey facts, in the order given. */
export async function surveyFactRows(db: Kysely<Database>, organizationId: string, metric: string, factIds: string[]): Promise<FactRow[]> {
  if (factIds.length === 0) return [];
  const result = metric === 'survey.sent'
    ? await sql<FactRow & { id: string }>`
      select i.id, i.sent_at as "sentAt", ${PATIENT}, s.name as survey, i.delivery_channel as "deliveryChannel", i.status, i.answered_at as "answeredAt"
      from survey_invitations i join surveys s on s.id = i.survey_id join patients pt on pt.id = i.patient_id
      where i.organization_id = ${organizationId} and i.id = any(${factIds}::uuid[])`.execute(db)
    : metric.startsWith(CAHPS)
    ? await sql<FactRow & { id: string }>`
      select r.id, r.submitted_at as "submittedAt", ${PATIENT}, s.name as survey, r.comment,
        (select r.answers ->> (item ->> 'id') from jsonb_array_elements(s.items) as item
          where item ->> 'kind' = 'cahps' and item ->> 'key' = ${metric.slice(CAHPS.length)} limit 1) as answer
      from survey_responses r join surveys s on s.id = r.survey_id join patients pt on pt.id = r.patient_id
      where r.organization_id = ${organizationId} and r.id = any(${factIds}::uuid[])`.execute(db)
    : await sql<FactRow & { id: string }>`
      select r.id, r.submitted_at as "submittedAt", ${PATIENT}, s.name as survey, r.nps, r.csat, r.ces, r.comment
      from survey_responses r join surveys s on s.id = r.survey_id join patients pt on pt.id = r.patient_id
      where r.organization_id = ${organizationId} and r.id = any(${factIds}::uuid[])`.execute(db);
  return inOrder(result.rows, factIds);
}
