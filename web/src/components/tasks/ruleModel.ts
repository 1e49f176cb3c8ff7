// The task rule editor's form state, and how it becomes the API's body.
import type { TaskRule, TaskRuleBody } from '../../../../src/modules/care/task-rule-schemas.js';

export interface RuleForm {
  name: string;
  event: string;
  conditions: Record<string, string[]>;
  kind: TaskRule['task']['kind'];
  title: string;
  details: string;
  priority: TaskRule['task']['priority'];
  dueAmount: number | string;
  dueUnit: TaskRule['task']['dueIn']['unit'];
  ownerType: TaskRule['owner']['type'];
  ownerUserId: string;
  ownerDepartmentId: string;
}

export const CONDITION_LABELS: Record<string, string> = {
  departmentIds: 'Departments', serviceIds: 'Services', locationIds: 'Locations', providerIds: 'Providers', urgencies: 'Urgency', referralKinds: 'Referral kinds',
};
export const OWNER_LABELS: Record<TaskRule['owner']['type'], string> = {
  unassigned: 'Nobody (unassigned)', staff: 'A staff member', department_owner: "The department's owner", round_robin: 'Round robin in a department',
};

export const emptyRule = (event = 'visit.completed'): RuleForm => ({
  name: '', event, conditions: {}, kind: 'post_visit_call', title: '', details: '', priority: 'normal', dueAmount: 1, dueUnit: 'days',
  ownerType: 'unassigned', ownerUserId: '', ownerDepartmentId: '',
});

export const formOf = (rule: TaskRule): RuleForm => ({
  name: rule.name, event: rule.event, conditions: { ...rule.conditions } as Record<string, string[]>, kind: rule.task.kind, title: rule.task.title,
  details: rule.task.details ?? '', priority: rule.task.priority, dueAmount: rule.task.dueIn.amount, dueUnit: rule.task.dueIn.unit,
  ownerType: rule.owner.type, ownerUserId: rule.owner.userId ?? '', ownerDepartmentId: rule.owner.departmentId ?? '',
});

/** The body the API takes; conditions the event does not offer are dropped, empty ones too. */
export function bodyOf(form: RuleForm, offered: string[]): TaskRuleBody {
  const conditions = Object.fromEntries(Object.entries(form.conditions).filter(([name, values]) => offered.includes(name) && values.length > 0));
  return {
    name: form.name, event: form.event, conditions,
    task: { kind: form.kind, title: form.title, ...(form.details.trim() && { details: form.details }), priority: form.priority, dueIn: { amount: Number(form.dueAmount), unit: form.dueUnit } },
    owner: {
      type: form.ownerType, ...(form.ownerType === 'staff' && form.ownerUserId && { userId: form.ownerUserId }),
      ...(form.ownerType !== 'staff' && form.ownerType !== 'unassigned' && form.ownerDepartmentId && { departmentId: form.ownerDepartmentId }),
    },
  } as TaskRuleBody;
}
