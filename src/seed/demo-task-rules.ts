import { createTaskRule } from '../modules/care/task-rule-service.js';
import { replaceEscalationLadder } from '../modules/care/task-rule-escalation.js';
import type { Actor } from '../platform/permissions.js';
import type { Platform } from '../platform/platform.js';

/**
 * The demo clinic's task rules and escalation ladder: a call after every Cardiology visit for the
 * department's owner, a no-show callback shared round the Front Desk, urgent referrals chased when
 * overdue, results that came back passed on; late tasks notified to the department's owner after
 * an hour and handed to them after a day. Seed before the visits and referrals so they make tasks.
 */
export async function seedDemoTaskRules(platform: Platform, actor: Actor, departments: Map<string, string>) {
  const department = (name: string) => departments.get(name) ?? [...departments.values()][0];
  const cardiology = department('Cardiology');
  const frontDesk = department('Front Desk');
  if (cardiology) {
    await createTaskRule(platform, actor, {
      name: 'Call after a cardiology visit', event: 'visit.completed', conditions: { departmentIds: [cardiology] },
      task: { kind: 'post_visit_call', title: 'Call {{patient}} after the {{service}} of {{date}}', priority: 'normal', dueIn: { amount: 2, unit: 'days' } },
      owner: { type: 'department_owner' },
    });
  }
  if (frontDesk) {
    await createTaskRule(platform, actor, {
      name: 'No-show callback', event: 'appointment.no_show',
      task: { kind: 'callback', title: '{{patient}} missed the {{service}}: offer a new time', priority: 'high', dueIn: { amount: 4, unit: 'hours' } },
      owner: { type: 'round_robin', departmentId: frontDesk },
    });
  }
  await createTaskRule(platform, actor, {
    name: 'Chase overdue urgent referrals', event: 'referral.overdue', conditions: { urgencies: ['urgent', 'emergency'] },
    task: { kind: 'referral_follow_up', title: 'Chase the {{urgency}} referral to {{destination}} for {{patient}}', details: '{{summary}}', priority: 'urgent', dueIn: { amount: 2, unit: 'hours' } },
    owner: { type: 'department_owner' },
  });
  await createTaskRule(platform, actor, {
    name: 'Pass on referral results', event: 'referral.result_received',
    task: { kind: 'lab_result', title: 'Explain the {{destination}} result to {{patient}}', details: '{{summary}}', priority: 'normal', dueIn: { amount: 1, unit: 'days' } },
    owner: { type: 'department_owner' },
  });
  await replaceEscalationLadder(platform, actor, {
    steps: [
      { afterMinutes: 60, action: 'notify', target: 'department_owner' },
      { afterMinutes: 1440, action: 'reassign', target: 'department_owner' },
    ],
  });
}
