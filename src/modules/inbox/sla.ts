import type { DomainEvent } from '../../platform/events.js';
import type { Platform } from '../../platform/platform.js';
import { forgetSettings, policiesOf } from './automation-cache.js';
import { addBusinessMinutes } from './business-hours.js';
import { calendarFor } from './calendar.js';
import { publishInboxEvent } from './events.js';
import * as slaStore from './sla-store.js';
import { SLA_TARGETS, dueColumn, type DueTimes, type SlaPolicyRow, type SlaTargetName } from './sla-store.js';
import * as store from './store.js';
import type { ConversationRow } from './store.js';

/**
 * The SLA clocks of a conversation (docs/inbox-automation.md):
 * - first response: from the first patient message of a cycle until a person answers;
 * - next response: from a patient message that waits after an earlier answer in the cycle;
 * - resolution: from the cycle's start (creation or reopen) until resolved.
 * Bots and automations never stop a response clock. Business-hours policies count only the team's
 * working time; the others count calendar minutes.
 */
export const SLA_CHECK_JOB = 'inbox.sla-check';
export const SLA_RECOMPUTE_JOB = 'inbox.sla-recompute';

/** Events after which a conversation's due times may have changed. */
const RECOMPUTE_ON = [
  'conversation.created', 'message.received', 'conversation.reopened', 'message.sent', 'conversation.updated', 'conversation.assigned',
  'conversation.status_changed', 'conversation.resolved', 'conversation.merged', 'message.moved', 'message.status_changed',
];
const SLA_ACTOR = { type: 'system', id: null, label: 'SLA' } as const;
const TARGET_NAMES: Record<SlaTargetName, string> = { first_response: 'First response', next_response: 'Next response', resolution: 'Resolution' };

const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

async function dueTimesOf(platform: Platform, conversation: ConversationRow, policies: SlaPolicyRow[]): Promise<DueTimes> {
  const none: DueTimes = { sla_policy_id: null, first_response_due_at: null, next_response_due_at: null, resolution_due_at: null };
  if (conversation.status === 'resolved' || conversation.status === 'merged') return { ...none, sla_policy_id: conversation.sla_policy_id };
  const policy = policies.find((p) => p.priority === conversation.priority && p.department_id !== null && p.department_id === conversation.department_id)
    ?? policies.find((p) => p.priority === conversation.priority && p.department_id === null);
  if (!policy) return none;
  const [wait, cycle, calendar] = await Promise.all([
    store.openWait(platform.db, conversation.id),
    store.findOpenCycle(platform.db, conversation.id),
    policy.business_hours ? calendarFor(platform, conversation.organization_id, conversation.department_id) : null,
  ]);
  const add = (from: Date, minutes: number | null) => {
    if (minutes === null) return null;
    return calendar ? addBusinessMinutes(calendar, from, minutes) : new Date(from.getTime() + minutes * 60_000);
  };
  return {
    sla_policy_id: policy.id,
    first_response_due_at: wait?.kind === 'first' ? add(wait.waiting_since, policy.first_response_minutes) : null,
    next_response_due_at: wait?.kind === 'next' ? add(wait.waiting_since, policy.next_response_minutes) : null,
    resolution_due_at: cycle ? add(cycle.opened_at, policy.resolution_minutes) : null,
  };
}

/**
 * Recomputes a conversation's due times from its policy (team + priority, else the clinic's for that
 * priority). A target whose due time moved may be warned about again, unless an automation moved it:
 * a rule reacting to a warning must not re-arm the warning that triggered it (that would loop).
 */
export async function recomputeDueTimes(platform: Platform, organizationId: string, conversationId: string, options: { byAutomation?: boolean } = {}) {
  // A clinic without policies has no due times (removing a policy clears those it set): nothing to read.
  const policies = await policiesOf(platform, organizationId);
  if (policies.length === 0) return;
  // Locked, so two processes handling two events of one conversation cannot write stale times last.
  await platform.db.transaction().execute(async (trx) => {
    const conversation = await store.lockConversation(trx, organizationId, conversationId);
    if (!conversation) return;
    const due = await dueTimesOf({ ...platform, db: trx }, conversation, policies);
    const moved = SLA_TARGETS.filter((target) => !sameTime(conversation[dueColumn(target)], due[dueColumn(target)]));
    if (moved.length === 0 && conversation.sla_policy_id === due.sla_policy_id) return;
    await slaStore.setDueTimes(trx, organizationId, conversationId, due, options.byAutomation ? [] : moved);
  });
}

/** Keeps due times current as conversations change (runs once, in the publishing process). */
export function subscribeSlaClock(platform: Platform) {
  const recompute = async (event: DomainEvent) => {
    const conversationId = (event.data as { conversationId?: string }).conversationId;
    if (!conversationId) return;
    await recomputeDueTimes(platform, event.organizationId, conversationId, { byAutomation: event.actor.type === 'automation' });
  };
  const unsubscribers = RECOMPUTE_ON.map((type) => platform.events.subscribe(type, recompute));
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
}

/**
 * Raises `sla.breach_soon` once per target when a running due time comes within the policy's warning
 * time, and `sla.breached` once per target when it passes. Open and pending conversations only
 * (a snoozed one is reported when it wakes). Returns the events raised.
 */
export async function checkSlaDeadlines(platform: Platform, now = new Date()) {
  const raised: { conversationId: string; type: 'sla.breach_soon' | 'sla.breached'; target: SlaTargetName }[] = [];
  for (const row of await slaStore.conversationsNearDue(platform.db, now)) {
    for (const target of SLA_TARGETS) {
      const due = row[dueColumn(target)];
      if (!due || (target !== 'resolution' && !row.waiting_since)) continue;
      const breached = due.getTime() <= now.getTime();
      const warnFrom = due.getTime() - row.warn_before_minutes * 60_000;
      if (!breached && warnFrom > now.getTime()) continue;
      const type = breached ? 'sla.breached' : 'sla.breach_soon';
      // A breach implies its warning: a due time first seen already past is reported once, as breached.
      const marked = await slaStore.markWarned(platform.db, row.id, `${target}:${breached ? 'breached' : 'soon'}`, breached ? [`${target}:soon`] : []);
      if (!marked) continue;
      raised.push({ conversationId: row.id, type, target });
      await publishInboxEvent(platform, SLA_ACTOR, marked, type, {
        target, dueAt: due.toISOString(), policyId: row.sla_policy_id,
        summary: `${TARGET_NAMES[target]} ${breached ? 'overdue since' : 'due at'} ${due.toISOString()} on conversation #${row.number}`,
      });
    }
  }
  return raised;
}

/** Recomputes the due times of a clinic's running conversations (after its hours, holidays or policies change). */
export async function recomputeClinic(platform: Platform, organizationId: string) {
  // This process may not have heard of the change yet.
  forgetSettings(platform, organizationId);
  let afterId: string | null = null;
  for (;;) {
    const batch = await slaStore.runningConversationIds(platform.db, organizationId, afterId, 200);
    for (const { id } of batch) await recomputeDueTimes(platform, organizationId, id);
    if (batch.length < 200) return;
    afterId = batch.at(-1)!.id;
  }
}

/** Settings changed: the clinic's running conversations get new due times in the background. */
export const scheduleRecompute = (platform: Platform, organizationId: string) => platform.jobs.send(SLA_RECOMPUTE_JOB, { organizationId });

export async function defineSlaJobs(platform: Platform) {
  await platform.jobs.define<object>({ name: SLA_CHECK_JOB, batchSize: 1, handle: async () => { await checkSlaDeadlines(platform); } });
  await platform.jobs.schedule(SLA_CHECK_JOB, '* * * * *');
  await platform.jobs.define<{ organizationId: string }>({ name: SLA_RECOMPUTE_JOB, batchSize: 1, handle: async ({ organizationId }) => recomputeClinic(platform, organizationId) });
}
