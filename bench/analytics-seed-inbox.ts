/**
 * bench/analytics inbox: conversations spread evenly over the period, each an exchange of 1-4
 * patient messages answered by an agent (5% end with a patient message nobody answered), 8%
 * reopened for their last exchange; with the report facts the inbox writes for them (a wait per
 * patient message, a cycle per open-to-resolved period). Written in chunks of conversations so
 * that no statement sorts more than a few million rows.
 */
import type pg from 'pg';
import { NORMAL, orderedId, PATIENT_PREFIX, type Dimensions, type Log } from './analytics-seed.js';

const CHUNK = 250_000;
export const CONVERSATION_PREFIX = 'bc0c0001';
const WAIT_PREFIX = 'bc0e0001';
const MESSAGE_PREFIX = 'bc0f0001';
const CYCLE_PREFIX = 'bc0d0001';

const PATIENT_TEXTS = ['Hi, can I move my appointment to next week?', 'I need a refill of my blood pressure medication.', 'Is the clinic open on Saturday?',
  'My lab results are not in the portal yet.', 'Hola, necesito una cita para mi hijo.', 'Can someone call me back about my bill?', 'Thank you!', 'The pharmacy says they have no prescription.'];
const STAFF_TEXTS = ['Of course, I have moved it. You will get a confirmation text.', 'Your refill was sent to the pharmacy.', 'We are open 9 to 1 on Saturdays.',
  'I asked the lab; they will be in by tomorrow.', 'Claro, ¿qué día le conviene?', 'Billing will call you today.', 'You are welcome!', 'I have called the pharmacy again.'];
const texts = (list: string[]) => `array[${list.map((t) => `'${t.replaceAll("'", "''")}'`).join(', ')}]`;

/** Median response seconds by channel, before each department's own speed. */
const MEDIAN_SECONDS = `case c.channel when 'chat' then 180 when 'voice' then 600 when 'sms' then 1200 when 'email' then 7200 else 10800 end`;
/** A rough business-hours share: waits under 4 hours are counted whole, longer ones mostly fall outside hours. */
const businessOf = (seconds: string) => `case when ${seconds} <= 14400 then ${seconds} else round(${seconds} * 0.3) end`;

async function seedChunk(db: pg.Client, dims: Dimensions, total: number, first: number, last: number) {
  const spanSeconds = dims.days * 86_400;
  await db.query(`
    create temp table bench_conv as
    select g, opened_at, dept, channel, patient, pairs, extra, reopen_draw and pairs >= 2 as reopened, agent
    from (
      select g, to_timestamp(extract(epoch from $1::timestamptz) + (g - 1 + random()) * $2::float8 / $3) as opened_at,
             least($4::int, 1 + floor($4 * power(random(), 1.4)))::int as dept,
             case when r < .5 then 'sms' when r < .7 then 'email' when r < .9 then 'chat' when r < .95 then 'voice' else 'portal' end as channel,
             1 + floor(random() * $5)::int as patient, 1 + floor(random() * 4)::int as pairs, (random() < 0.05)::int as extra,
             random() < 0.08 as reopen_draw, 1 + floor(random() * $6)::int as agent
      from (select g, random() as r from generate_series($7::int, $8::int) g) s
    ) x`, [dims.start, spanSeconds, total, dims.departmentIds.length, dims.patients, dims.agentIds.length, first, last]);
  await db.query(`update bench_conv set opened_at = now() - interval '10 minutes' where opened_at > now() - interval '10 minutes'`);
  await db.query('analyze bench_conv');
  // A wait starts when the patient writes: after the previous reply and a pause (a running sum).
  await db.query(`
    create temp table bench_wait as
    select w.*, opened_at + make_interval(secs => coalesce(sum(s + gap) over (partition by g order by i rows between unbounded preceding and 1 preceding), 0)) as since,
           false as pending
    from (
      select c.g, i, c.pairs, c.channel, c.dept, c.agent, c.patient, c.opened_at, c.reopened, i > c.pairs as is_extra,
             case when c.reopened and i >= c.pairs then 2 else 1 end as cycle,
             case when i = 1 or (c.reopened and i = c.pairs) then 'first' else 'next' end as kind,
             least(172800, greatest(15, round(exp(ln(${MEDIAN_SECONDS}) + 0.6 * ((c.dept % 7) - 3) / 3.0 + 1.1 * ${NORMAL}))))::int as s,
             (300 + floor(random() * 7200))::int as gap
      from bench_conv c, generate_series(1, c.pairs + c.extra) i
    ) w`);
  // Nothing happens after now: later messages are not written, a reply not yet due leaves the patient waiting.
  await db.query(`delete from bench_wait where since > now()`);
  await db.query(`update bench_wait set pending = true where not is_extra and since + make_interval(secs => s) > now()`);
  await db.query(`
    create temp table bench_cycle as
    select g, cycle, opened_at, last_activity, channel, dept, agent, has_pending or last_activity + make_interval(secs => close_after) > now() as open,
           case when not has_pending and last_activity + make_interval(secs => close_after) <= now() then last_activity + make_interval(secs => close_after) end as resolved_at
    from (
      select g, cycle, min(since) as opened_at, max(case when is_extra or pending then since else since + make_interval(secs => s) end) as last_activity,
             bool_or(pending) as has_pending, min(channel) as channel, min(dept) as dept, min(agent) as agent, 60 + floor(random() * 1800)::int as close_after
      from bench_wait group by g, cycle
    ) x`);
  // A patient's last message in a cycle still open is waiting; in a resolved one it went unanswered.
  await db.query(`update bench_wait w set pending = true from bench_cycle y where y.g = w.g and y.cycle = w.cycle and y.open and w.is_extra`);
  await db.query('analyze bench_wait; analyze bench_cycle');
  const org = dims.organizationId;
  await db.query(`
    insert into conversations (id, organization_id, channel, patient_id, status, department_id, assignee_id, waiting_since, reopen_count,
                               last_message_at, last_message_preview, resolved_at, created_at, updated_at)
    select ${orderedId(CONVERSATION_PREFIX, 'c.g')}, $1, c.channel, ${orderedId(PATIENT_PREFIX, 'c.patient')},
           case when y.open then 'open' else 'resolved' end, ($2::uuid[])[c.dept], ($3::uuid[])[c.agent],
           p.since, y.cycle - 1, y.last_activity, 'Thank you!',
           y.resolved_at, c.opened_at, coalesce(y.resolved_at, y.last_activity)
    from bench_conv c join (select distinct on (g) * from bench_cycle order by g, cycle desc) y on y.g = c.g
         left join (select g, since from bench_wait where pending) p on p.g = c.g
    order by c.g`, [org, dims.departmentIds, dims.agentIds]);
  await db.query(`
    insert into conversation_cycles (id, organization_id, conversation_id, cycle, channel, department_id, opened_at, reopened,
                                     resolved_at, resolved_by, assignee_id, seconds, business_seconds)
    select ${orderedId(CYCLE_PREFIX, 'y.g * 2 + y.cycle')}, $1, ${orderedId(CONVERSATION_PREFIX, 'y.g')}, y.cycle, y.channel, ($2::uuid[])[y.dept],
           y.opened_at, y.cycle > 1, y.resolved_at, case when y.resolved_at is not null then ($3::uuid[])[y.agent] end, ($3::uuid[])[y.agent],
           r.seconds, ${businessOf('r.seconds')}
    from bench_cycle y, lateral (select round(extract(epoch from y.resolved_at - y.opened_at))::int as seconds) r
    order by y.g, y.cycle`, [org, dims.departmentIds, dims.agentIds]);
  await db.query(`
    insert into response_waits (id, organization_id, conversation_id, cycle, kind, channel, department_id, waiting_since, responded_at,
                                responder_id, seconds, business_seconds, unanswered)
    select ${orderedId(WAIT_PREFIX, 'w.g * 8 + w.i')}, $1, ${orderedId(CONVERSATION_PREFIX, 'w.g')}, w.cycle, w.kind, w.channel, ($2::uuid[])[w.dept],
           w.since, case when w.answered then w.since + make_interval(secs => w.s) end, case when w.answered then ($3::uuid[])[w.agent] end,
           case when w.answered then w.s end, case when w.answered then ${businessOf('w.s')} end, w.is_extra and not w.pending
    from (select *, not is_extra and not pending as answered from bench_wait) w order by w.g, w.i`, [org, dims.departmentIds, dims.agentIds]);
  // Two messages per answered wait (the patient's, the agent's reply), one otherwise.
  await db.query(`
    insert into messages (id, organization_id, conversation_id, patient_id, channel, direction, author_type, author_id, author_label, body, status, created_at)
    select ${orderedId(MESSAGE_PREFIX, '(w.g * 8 + w.i) * 2 + m.k')}, $1, ${orderedId(CONVERSATION_PREFIX, 'w.g')}, ${orderedId(PATIENT_PREFIX, 'w.patient')}, w.channel,
           case m.k when 0 then 'in' else 'out' end, case m.k when 0 then 'patient' else 'staff' end, case m.k when 1 then ($2::uuid[])[w.agent] end,
           case m.k when 0 then 'Patient' else 'Bench Agent ' || w.agent end,
           case m.k when 0 then (${texts(PATIENT_TEXTS)})[1 + (w.g + w.i) % ${PATIENT_TEXTS.length}] else (${texts(STAFF_TEXTS)})[1 + (w.g + w.i) % ${STAFF_TEXTS.length}] end,
           case m.k when 0 then 'received' else 'delivered' end,
           case m.k when 0 then w.since else w.since + make_interval(secs => w.s) end
    from bench_wait w cross join lateral (values (0), (1)) m(k)
    where m.k = 0 or not (w.is_extra or w.pending)
    order by w.g, w.i, m.k`, [org, dims.agentIds]);
  await db.query('drop table bench_conv, bench_wait, bench_cycle');
}

/** `total` conversations with their messages, waits and cycles. */
export async function seedInbox(db: pg.Client, dims: Dimensions, total: number, log: Log) {
  for (let first = 1; first <= total; first += CHUNK) {
    const started = performance.now();
    const last = Math.min(total, first + CHUNK - 1);
    await seedChunk(db, dims, total, first, last);
    log(`  inbox: conversations ${first.toLocaleString('en-US')}-${last.toLocaleString('en-US')} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}
