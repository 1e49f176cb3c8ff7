import { faker } from '@faker-js/faker';
import type { Insertable } from 'kysely';
import { DateTime } from 'luxon';
import type { ConversationCycleTable, ConversationTable, MessageTable, ResponseWaitTable } from '../db/schema-inbox.js';
import type { AppointmentTable } from '../db/schema-scheduling.js';
import type { SurveyInvitationTable, SurveyItem, SurveyResponseTable } from '../db/schema-feedback.js';
import { recomputeAll } from '../modules/analytics/facts.js';
import { businessSecondsBetween } from '../modules/inbox/business-hours.js';
import { calendarFor } from '../modules/inbox/calendar.js';
import type { Platform } from '../platform/platform.js';

/**
 * Four months of the demo clinic's past, as if imported from the system it used before Careloop,
 * so the Reports page has something to show: visits (attended, no-shows, cancellations, waits),
 * post-visit survey answers and answered conversations. Services write one fact at a time as things
 * happen and cannot date them in the past, so this history is written straight into the tables
 * (the demo seed's only such shortcut), and the rollups are then recomputed from it.
 */
const ZONE = 'America/New_York';
const DAYS = 120;
const HOURS = [9, 10, 11, 14, 15];
const COMMENTS_GOOD = ['Dr. was kind and clear.', 'Quick and friendly, thank you!', 'Muy amables, gracias.', 'Front desk was very helpful.'];
const COMMENTS_BAD = ['Waited almost an hour past my time.', 'Nobody called me back about my results.', 'The receptionist was rude.', 'Mucha espera y nadie explicó nada.'];

export interface HistoryInputs {
  organizationId: string;
  patientIds: string[];
  providers: { id: string; departmentId: string | null; locationIds: string[]; serviceIds: { id: string; minutes: number }[]; mood: number }[];
  survey: { id: string; items: SurveyItem[] };
  departmentIds: string[];
  agentId: string | null;
}

const minutes = (n: number) => n * 60_000;
/** A log-normal draw: waits and replies have long tails. */
const tail = (median: number, spread: number) => median * Math.exp(spread * faker.number.float({ min: -1.6, max: 1.6 }) * faker.number.float({ min: 0, max: 1 }));

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 400) await insert(rows.slice(i, i + 400));
}

function npsFor(mood: number): number {
  const roll = faker.number.float({ min: 0, max: 1 }) + mood;
  if (roll > 0.45) return faker.helpers.arrayElement([9, 10, 10]);
  if (roll > 0.22) return faker.helpers.arrayElement([7, 8]);
  return faker.number.int({ min: 2, max: 6 });
}

async function seedVisitsAndSurveys(platform: Platform, input: HistoryInputs, today: DateTime) {
  const appointments: Insertable<AppointmentTable>[] = [];
  const invitations: Insertable<SurveyInvitationTable>[] = [];
  const responses: Insertable<SurveyResponseTable>[] = [];
  const items = input.survey.items;
  for (let back = DAYS; back >= 1; back--) {
    const day = today.minus({ days: back });
    if (day.weekday > 5) continue;
    for (const provider of input.providers) {
      for (const hour of HOURS) {
        if (faker.number.int(99) < 15) continue;
        const service = faker.helpers.arrayElement(provider.serviceIds);
        const start = day.set({ hour, minute: 0 }).toJSDate();
        const end = new Date(start.getTime() + minutes(service.minutes));
        const id = faker.string.uuid();
        const roll = faker.number.int(99);
        const base = {
          id, organization_id: input.organizationId, patient_id: faker.helpers.arrayElement(input.patientIds), provider_id: provider.id,
          location_id: faker.helpers.arrayElement(provider.locationIds), service_id: service.id, starts_at: start, ends_at: end,
          blocked_from: start, blocked_until: end, source: 'staff' as const, booked_by: 'Previous system', created_at: new Date(start.getTime() - minutes(60 * 24 * 9)),
        };
        if (roll < 7) {
          appointments.push({ ...base, status: 'cancelled', cancel_reason: 'patient_request', cancelled_at: new Date(start.getTime() - minutes(60 * 20)), cancelled_by: 'Previous system' });
          continue;
        }
        if (roll < 7 + 9 + Math.round(provider.mood * -20)) {
          appointments.push({ ...base, status: 'no_show', no_show_at: new Date(start.getTime() + minutes(30)) });
          continue;
        }
        const arrived = new Date(start.getTime() - minutes(faker.number.int({ min: 0, max: 12 })));
        const inRoom = new Date(arrived.getTime() + minutes(tail(11 - provider.mood * 10, 1.1)));
        const completed = new Date(inRoom.getTime() + minutes(service.minutes));
        appointments.push({ ...base, status: 'completed', confirmed_at: base.created_at, arrived_at: arrived, in_room_at: inRoom, completed_at: completed });
        if (faker.number.int(99) >= 70) continue;
        const invitationId = faker.string.uuid();
        const sentAt = new Date(completed.getTime() + minutes(120));
        const answered = faker.number.int(99) < 48;
        const answeredAt = new Date(sentAt.getTime() + minutes(faker.number.int({ min: 3, max: 600 })));
        const deliveryChannel = faker.helpers.weightedArrayElement([{ value: 'sms' as const, weight: 7 }, { value: 'email' as const, weight: 3 }]);
        invitations.push({
          id: invitationId, organization_id: input.organizationId, survey_id: input.survey.id, patient_id: base.patient_id, source_type: 'appointment', source_id: id,
          department_id: provider.departmentId, provider_id: provider.id, location_id: base.location_id, channel: deliveryChannel,
          status: answered ? 'answered' : 'sent', send_at: sentAt, sent_at: sentAt, delivery_channel: deliveryChannel,
          expires_at: new Date(sentAt.getTime() + minutes(60 * 24 * 30)), answered_at: answered ? answeredAt : null, created_by_label: 'Previous system', created_at: completed,
        });
        if (!answered) continue;
        const nps = npsFor(provider.mood);
        const csat = Math.max(1, Math.min(5, Math.round(nps / 2) + faker.number.int({ min: -1, max: 0 })));
        const comment = faker.number.int(99) < 35 ? faker.helpers.arrayElement(nps >= 7 ? COMMENTS_GOOD : COMMENTS_BAD) : null;
        const answers: Record<string, number | string> = {};
        for (const item of items) {
          if (item.kind === 'nps') answers[item.id] = nps;
          else if (item.kind === 'csat') answers[item.id] = csat;
          else if (item.kind === 'cahps') answers[item.id] = nps >= 9 ? 'always' : nps >= 7 ? 'usually' : faker.helpers.arrayElement(['sometimes', 'usually', 'never']);
          else if (item.kind === 'text' && comment) answers[item.id] = comment;
        }
        responses.push({
          organization_id: input.organizationId, invitation_id: invitationId, survey_id: input.survey.id, patient_id: base.patient_id,
          answers: JSON.stringify(answers), nps, csat, comment, department_id: provider.departmentId, provider_id: provider.id,
          location_id: base.location_id, channel: deliveryChannel, submitted_at: answeredAt,
        });
      }
    }
  }
  await insertChunks(appointments, (chunk) => platform.db.insertInto('appointments').values(chunk).execute());
  await insertChunks(invitations, (chunk) => platform.db.insertInto('survey_invitations').values(chunk).execute());
  await insertChunks(responses, (chunk) => platform.db.insertInto('survey_responses').values(chunk).execute());
}

async function seedConversations(platform: Platform, input: HistoryInputs, today: DateTime) {
  const conversations: Insertable<ConversationTable>[] = [];
  const messages: Insertable<MessageTable>[] = [];
  const cycles: Insertable<ConversationCycleTable>[] = [];
  const waits: Insertable<ResponseWaitTable>[] = [];
  const calendars = new Map<string, Awaited<ReturnType<typeof calendarFor>>>();
  for (const departmentId of input.departmentIds) calendars.set(departmentId, await calendarFor(platform, input.organizationId, departmentId));
  for (let back = DAYS; back >= 1; back--) {
    const day = today.minus({ days: back });
    const count = day.weekday > 5 ? 2 : faker.number.int({ min: 4, max: 9 });
    for (let i = 0; i < count; i++) {
      const id = faker.string.uuid();
      const channel = faker.helpers.weightedArrayElement([{ value: 'sms' as const, weight: 5 }, { value: 'email' as const, weight: 2 }, { value: 'chat' as const, weight: 2 }, { value: 'voice' as const, weight: 1 }]);
      const departmentId = faker.helpers.arrayElement(input.departmentIds);
      const opened = day.set({ hour: faker.number.int({ min: 7, max: 20 }), minute: faker.number.int(59) }).toJSDate();
      const unanswered = faker.number.int(99) < 4;
      const answered = new Date(opened.getTime() + minutes(tail(channel === 'email' ? 95 : 18, 1.5)));
      const resolved = new Date((unanswered ? opened : answered).getTime() + minutes(tail(60 * 5, 1.4)));
      const calendar = calendars.get(departmentId)!;
      const patientId = faker.helpers.arrayElement(input.patientIds);
      conversations.push({
        id, organization_id: input.organizationId, channel, patient_id: patientId, subject: channel === 'email' ? 'Question about my visit' : null,
        status: 'resolved', department_id: departmentId, assignee_id: input.agentId, labels: [], sla_warned: [],
        last_message_at: unanswered ? opened : answered, last_message_preview: unanswered ? 'Never mind, sorted it out.' : 'Thanks, see you then.',
        resolved_at: resolved, created_at: opened, updated_at: resolved,
      });
      messages.push({ organization_id: input.organizationId, conversation_id: id, patient_id: patientId, channel, direction: 'in', author_type: 'patient', author_label: 'Patient', body: 'Hi, can I move my appointment?', created_at: opened });
      if (!unanswered) {
        messages.push({ organization_id: input.organizationId, conversation_id: id, patient_id: patientId, channel, direction: 'out', author_type: 'staff', author_id: input.agentId, author_label: 'Ana Agent', body: 'Of course, I moved it to Thursday at 10.', status: 'delivered', created_at: answered });
      }
      const seconds = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 1000);
      waits.push({
        organization_id: input.organizationId, conversation_id: id, cycle: 1, kind: 'first', channel, department_id: departmentId, waiting_since: opened,
        ...(unanswered ? { unanswered: true } : { responded_at: answered, responder_id: input.agentId, seconds: seconds(opened, answered), business_seconds: businessSecondsBetween(calendar, opened, answered) }),
      });
      cycles.push({
        organization_id: input.organizationId, conversation_id: id, cycle: 1, channel, department_id: departmentId, opened_at: opened, reopened: false,
        resolved_at: resolved, resolved_by: input.agentId, assignee_id: input.agentId, seconds: seconds(opened, resolved), business_seconds: businessSecondsBetween(calendar, opened, resolved),
      });
    }
  }
  await insertChunks(conversations, (chunk) => platform.db.insertInto('conversations').values(chunk).execute());
  await insertChunks(messages, (chunk) => platform.db.insertInto('messages').values(chunk).execute());
  await insertChunks(waits, (chunk) => platform.db.insertInto('response_waits').values(chunk).execute());
  await insertChunks(cycles, (chunk) => platform.db.insertInto('conversation_cycles').values(chunk).execute());
}

export async function seedDemoHistory(platform: Platform, input: HistoryInputs) {
  const today = DateTime.now().setZone(ZONE).startOf('day');
  await seedVisitsAndSurveys(platform, input, today);
  await seedConversations(platform, input, today);
  await recomputeAll(platform, input.organizationId);
}
