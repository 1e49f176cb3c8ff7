/**
 * bench/analytics surveys: a post-visit survey (NPS, CSAT, two CAHPS-style items, a comment) sent
 * two hours after every completed visit, and a post-conversation survey (CSAT, effort, NPS, a
 * comment) after a share of the resolved conversations, so that there are about 1.5 invitations
 * per response wanted and about `total` answers (a response rate near 67%). Scores lean on the
 * department (some are better liked than others) and agree with each other (a detractor rarely
 * gives CSAT 5); detractors leave complaints more often.
 */
import type pg from 'pg';
import type { Dimensions } from './analytics-seed.js';
import { orderedId, NORMAL } from './analytics-seed.js';

const INVITATION_PREFIX = 'bc010001';
const RESPONSE_PREFIX = 'bc020001';
const INVITATIONS_PER_RESPONSE = 1.5;

const item = (id: string, kind: string, text: string, textEs: string, required = true) => ({ id, key: id, kind, text, textEs, required });
const VISIT_ITEMS = [
  item('nps', 'nps', 'How likely are you to recommend us to a friend or family member?', '¿Qué probabilidad hay de que nos recomiende a un amigo o familiar?'),
  item('csat', 'csat', 'How satisfied are you with your visit?', '¿Qué tan satisfecho está con su visita?'),
  item('courtesy', 'cahps', 'How often did staff treat you with courtesy and respect?', '¿Con qué frecuencia el personal le trató con cortesía y respeto?'),
  item('explained', 'cahps', 'How often did your provider explain things in a way that was easy to understand?', '¿Con qué frecuencia su proveedor le explicó las cosas de forma fácil de entender?'),
  item('comment', 'text', 'Anything else you want to tell us?', '¿Algo más que quiera decirnos?', false),
];
const CONVERSATION_ITEMS = [
  item('csat', 'csat', 'How satisfied are you with the answer you got?', '¿Qué tan satisfecho está con la respuesta que recibió?'),
  item('ces', 'ces', 'It was easy to get my question answered.', 'Fue fácil obtener respuesta a mi pregunta.'),
  item('nps', 'nps', 'How likely are you to recommend us to a friend or family member?', '¿Qué probabilidad hay de que nos recomiende a un amigo o familiar?'),
  item('comment', 'text', 'Anything else you want to tell us?', '¿Algo más que quiera decirnos?', false),
];

export async function seedSurveys(db: pg.Client, dims: Dimensions, total: number) {
  const org = dims.organizationId;
  const insertSurvey = async (name: string, trigger: string, items: unknown) => (await db.query<{ id: string }>(`
    insert into surveys (organization_id, name, trigger, delay_minutes, throttle_days, items, created_at)
    values ($1, $2, $3, 120, 0, $4, $5) returning id`, [org, name, trigger, JSON.stringify(items), dims.start])).rows[0]!.id;
  const visitSurvey = await insertSurvey('After your visit', 'visit_completed', VISIT_ITEMS);
  const conversationSurvey = await insertSurvey('After your conversation', 'conversation_resolved', CONVERSATION_ITEMS);

  const sources = (await db.query<{ visits: string; conversations: string }>(`
    select (select count(*) from appointments where organization_id = $1 and status = 'completed') as visits,
           (select count(*) from conversations where organization_id = $1 and status = 'resolved' and patient_id is not null) as conversations`, [org])).rows[0]!;
  const wanted = total * INVITATIONS_PER_RESPONSE;
  const conversationShare = Math.min(1, Math.max(0, wanted - Number(sources.visits)) / Math.max(1, Number(sources.conversations)));
  const answerShare = Math.min(1, total / Math.min(wanted, Number(sources.visits) + Number(sources.conversations)));

  await db.query(`
    create temp table bench_inv as
    select row_number() over (order by sent_at, source_id) as n, x.*, array_position($2::uuid[], x.department_id) as dix,
           random() < $5::float8 and x.sent_at + make_interval(secs => x.delay) < now() as answered,
           case when random() < 0.2 then 'email' else 'sms' end as delivery
    from (
      select 'appointment' as source_type, $3::uuid as survey_id, a.id as source_id, a.patient_id, a.provider_id, a.location_id, s.department_id,
             null::text as channel, a.completed_at + interval '2 hours' as sent_at,
             least(604800, greatest(60, round(exp(ln(7200) + 1.2 * ${NORMAL}))))::int as delay
      from appointments a join services s on s.id = a.service_id
      where a.organization_id = $1 and a.status = 'completed'
      union all
      select 'conversation', $4::uuid, c.id, c.patient_id, null, null, c.department_id, c.channel, c.resolved_at + interval '1 hour',
             least(604800, greatest(60, round(exp(ln(3600) + 1.2 * ${NORMAL}))))::int
      from conversations c
      where c.organization_id = $1 and c.status = 'resolved' and c.patient_id is not null and random() < $6::float8
    ) x
    where x.sent_at < now()`, [org, dims.departmentIds, visitSurvey, conversationSurvey, answerShare, conversationShare]);

  await db.query(`
    insert into survey_invitations (id, organization_id, survey_id, patient_id, source_type, source_id, department_id, provider_id, location_id, channel,
                                    status, send_at, sent_at, delivery_channel, expires_at, answered_at, created_by_label, created_at, updated_at)
    select ${orderedId(INVITATION_PREFIX, 'i.n')}, $1, i.survey_id, i.patient_id, i.source_type, i.source_id, i.department_id, i.provider_id, i.location_id, i.channel,
           case when i.answered then 'answered' else 'sent' end, i.sent_at, i.sent_at, i.delivery, i.sent_at + interval '30 days',
           case when i.answered then i.sent_at + make_interval(secs => i.delay) end, 'survey trigger', i.sent_at - interval '2 hours',
           case when i.answered then i.sent_at + make_interval(secs => i.delay) else i.sent_at end
    from bench_inv i order by i.n`, [org]);

  // u: the patient's mood, in [0, 1), lower is happier; a department's exponent tilts it.
  await db.query(`
    create temp table bench_answer as
    select i.*, y.nps,
           case when y.nps >= 9 then 5 - (random() < 0.2)::int when y.nps >= 7 then 4 - (random() < 0.25)::int + (random() < 0.2)::int
                when y.nps >= 5 then 3 - (random() < 0.3)::int else 1 + (random() < 0.35)::int end as csat,
           7 - width_bucket((y.u + random()) / 2, array[.3, .5, .66, .78, .88, .95]::float8[]) as ces,
           (array['always', 'usually', 'sometimes', 'never'])[1 + width_bucket((y.u + random()) / 2, array[.5, .78, .93]::float8[])] as courtesy,
           (array['always', 'usually', 'sometimes', 'never'])[1 + width_bucket((y.u + 2 * random()) / 3, array[.45, .75, .92]::float8[])] as explained,
           case when y.nps <= 4 and random() < 0.5 then (array['The wait was far too long and nobody told me why.', 'Nobody called me back, very disappointed.',
                                                          'La recepcionista fue grosera conmigo.', 'I was billed twice and no one helps.'])[1 + floor(random() * 4)::int]
                when random() < 0.08 then (array['Great staff, thank you!', 'Dr. was very kind.', 'Muy buena atención.'])[1 + floor(random() * 3)::int] end as comment,
           case when random() < 0.15 then 'es' else 'en' end as language
    from bench_inv i,
         lateral (select power(random(), 1 + 0.4 * ((coalesce(i.dix, 1) % 9) - 4) / 4.0) as u) y0,
         lateral (select y0.u, 10 - width_bucket(y0.u, array[.36, .56, .69, .78, .84, .88, .91, .94, .96, .98]::float8[]) as nps) y
    where i.answered`);
  await db.query(`
    insert into survey_responses (id, organization_id, invitation_id, survey_id, patient_id, answers, nps, csat, ces, comment, language,
                                  department_id, provider_id, location_id, channel, submitted_at)
    select ${orderedId(RESPONSE_PREFIX, 'a.n')}, $1, ${orderedId(INVITATION_PREFIX, 'a.n')}, a.survey_id, a.patient_id,
           case when a.source_type = 'appointment'
                then jsonb_strip_nulls(jsonb_build_object('nps', a.nps, 'csat', a.csat, 'courtesy', a.courtesy, 'explained', a.explained, 'comment', a.comment))
                else jsonb_strip_nulls(jsonb_build_object('csat', a.csat, 'ces', a.ces, 'nps', a.nps, 'comment', a.comment)) end,
           a.nps, a.csat, case when a.source_type = 'conversation' then a.ces end, a.comment, a.language,
           a.department_id, a.provider_id, a.location_id, a.channel, a.sent_at + make_interval(secs => a.delay)
    from bench_answer a order by a.n`, [org]);
  await db.query('drop table bench_inv, bench_answer');
}
