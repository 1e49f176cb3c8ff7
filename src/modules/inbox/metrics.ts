import type { Platform } from '../../platform/platform.js';
import { businessSecondsBetween } from './business-hours.js';
import { calendarFor } from './calendar.js';
import * as store from './store.js';
import type { ConversationRow } from './store.js';

/**
 * The report facts the KPIs are computed from (docs/kpis.md): a "wait" per patient message that
 * a human has to answer (first in its cycle, or next), and a "cycle" per open-to-resolved period.
 * Written in the same transaction as the change they describe; `platform.db` is that transaction.
 */
const cycleOf = (conversation: ConversationRow) => conversation.reopen_count + 1;
const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

/** A cycle starts: the conversation is created, or reopened after being resolved. */
export async function openCycle(platform: Platform, conversation: ConversationRow, at: Date) {
  await store.insertCycle(platform.db, {
    organization_id: conversation.organization_id, conversation_id: conversation.id, cycle: cycleOf(conversation),
    channel: conversation.channel, department_id: conversation.department_id, opened_at: at, reopened: conversation.reopen_count > 0,
  });
}

/** A patient wrote: unless a wait is already running, one starts (the first of the cycle, or a next one). */
export async function patientWrote(platform: Platform, conversation: ConversationRow, at: Date) {
  if (await store.openWait(platform.db, conversation.id)) return;
  const cycle = cycleOf(conversation);
  await store.insertWait(platform.db, {
    organization_id: conversation.organization_id, conversation_id: conversation.id, cycle,
    kind: (await store.hasWaitInCycle(platform.db, conversation.id, cycle)) ? 'next' : 'first',
    channel: conversation.channel, department_id: conversation.department_id, waiting_since: at,
  });
}

/** A person on staff answered the patient (bots and automations never call this). */
export async function humanReplied(platform: Platform, conversation: ConversationRow, responderId: string | null, at: Date) {
  const wait = await store.openWait(platform.db, conversation.id);
  if (!wait) return;
  const calendar = await calendarFor(platform, conversation.organization_id, wait.department_id);
  await store.closeWait(platform.db, wait.id, {
    responded_at: at, responder_id: responderId, seconds: seconds(wait.waiting_since, at),
    business_seconds: businessSecondsBetween(calendar, wait.waiting_since, at),
  });
}

/** The wait ends without an answer (resolved without reply, merged away): counted as unanswered, not as a response. */
export async function waitAbandoned(platform: Platform, conversation: ConversationRow) {
  const wait = await store.openWait(platform.db, conversation.id);
  if (wait) await store.closeWait(platform.db, wait.id, { unanswered: true });
}

/** The conversation is resolved: its cycle ends (resolution time, by whom, assigned to whom). */
export async function cycleResolved(platform: Platform, conversation: ConversationRow, resolverId: string | null, at: Date) {
  await waitAbandoned(platform, conversation);
  const cycle = await store.findOpenCycle(platform.db, conversation.id);
  if (!cycle) return;
  const calendar = await calendarFor(platform, conversation.organization_id, cycle.department_id);
  await store.closeCycle(platform.db, cycle.id, {
    resolved_at: at, resolved_by: resolverId, assignee_id: conversation.assignee_id,
    seconds: seconds(cycle.opened_at, at), business_seconds: businessSecondsBetween(calendar, cycle.opened_at, at),
  });
}
