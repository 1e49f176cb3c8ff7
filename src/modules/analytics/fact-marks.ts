import { sql, type Kysely } from 'kysely';
import type { KpiFamily } from '../../db/schema-analytics.js';
import type { Database } from '../../db/schema.js';
import type { DomainEvent } from '../../platform/events.js';
import type { Platform } from '../../platform/platform.js';
import { conversationFactDays } from '../inbox/facts.js';
import { surveyFactDays } from '../feedback/facts.js';
import { appointmentFactDays, offeringFactDays } from '../scheduling/facts.js';
import { referralFactDays } from '../care/referral-facts.js';
import { clinicTimeZone, markDirty } from './dirty.js';

export const REFRESH_ROLLUPS = 'analytics.refresh-rollups';
// Events in a burst (a busy inbox) share one refresh: the job waits this long, and one is sent per clinic per window.
const DEBOUNCE_SECONDS = 5;

/** Facts of an inbox, visit, survey or referral event; other events change no fact. */
function familyOfEvent(type: string, data: Record<string, unknown>): KpiFamily | undefined {
  // A delivery report changes no fact, except a scheduled reply going out: that answers a wait.
  if (type === 'message.status_changed') return data.answeredPatient === true ? 'inbox' : undefined;
  if (type.startsWith('conversation.') || type.startsWith('message.')) return 'inbox';
  if (type.startsWith('appointment.') || type.startsWith('visit.') || type === 'schedule.changed') return 'visits';
  if (type.startsWith('survey.')) return 'surveys';
  if (type.startsWith('referral.')) return 'referrals';
  return undefined;
}

const ids = (data: Record<string, unknown>, keys: string[]) =>
  keys.map((key) => data[key]).filter((value): value is string => typeof value === 'string' && value.length > 0);

async function localDays(db: Kysely<Database>, timeZone: string, instants: string[]): Promise<string[]> {
  if (instants.length === 0) return [];
  const result = await sql<{ day: string }>`select distinct (t at time zone ${timeZone})::date::text as day from unnest(${instants}::timestamptz[]) t`.execute(db);
  return result.rows.map((row) => row.day);
}

/** Every clinic-local day the facts an event touched fall on, asked of the module that owns them. */
async function daysTouched(db: Kysely<Database>, family: KpiFamily, event: DomainEvent, timeZone: string): Promise<string[]> {
  const data = event.data;
  if (family === 'inbox') {
    // A merge or a moved message reshapes the facts of both conversations; anything else only the latest cycle's.
    const reshaped = event.type === 'conversation.merged' || event.type === 'message.moved' || typeof data.mergedFrom === 'string';
    return conversationFactDays(db, event.organizationId, timeZone, ids(data, ['conversationId', 'intoId', 'toConversationId', 'mergedFrom']), reshaped ? 'all' : 'latest');
  }
  if (event.type === 'schedule.changed') {
    // A service or provider may have moved to another department, and its visits with it.
    if (data.change !== 'service' && data.change !== 'provider') return [];
    const [serviceId] = ids(data, ['serviceId']);
    const [providerId] = ids(data, ['providerId']);
    return offeringFactDays(db, event.organizationId, timeZone, { ...(serviceId && { serviceId }), ...(providerId && { providerId }) });
  }
  if (family === 'referrals') return referralFactDays(db, event.organizationId, timeZone, ids(data, ['referralId']));
  if (family === 'visits') {
    // A move leaves the day it left, as well as the day it starts on now.
    const now = await appointmentFactDays(db, event.organizationId, timeZone, ids(data, ['appointmentId']));
    return [...now, ...await localDays(db, timeZone, ids(data, ['previousStartsAt']))];
  }
  return surveyFactDays(db, event.organizationId, timeZone, { invitationIds: ids(data, ['invitationId']), responseIds: ids(data, ['responseId']) });
}

/** Marks the days an event's facts fall on and asks for a (debounced) refresh of the clinic's rollups. */
export async function markEventDays(platform: Platform, event: DomainEvent): Promise<void> {
  const family = familyOfEvent(event.type, event.data);
  if (!family) return;
  const timeZone = await clinicTimeZone(platform.db, event.organizationId);
  const days = await daysTouched(platform.db, family, event, timeZone);
  if (days.length === 0) return;
  await markDirty(platform.db, event.organizationId, family, days);
  await platform.jobs.send(REFRESH_ROLLUPS, { organizationId: event.organizationId }, {
    singletonKey: `rollups-${event.organizationId}`, singletonSeconds: DEBOUNCE_SECONDS, startAfter: DEBOUNCE_SECONDS,
  });
}
