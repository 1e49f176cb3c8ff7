import type { Generated } from 'kysely';
import type { CreatedAt, Defaulted, Json, Timestamp } from './columns.js';
import type { Priority, TaskKind } from './schema-inbox.js';

export type TaskRuleOwnerType = 'unassigned' | 'staff' | 'department_owner' | 'round_robin';
export type EscalationAction = 'notify' | 'reassign';
export type EscalationTarget = 'department_owner' | 'staff';

/** What a rule asks of an event before it makes a task; absent: any. */
export interface TaskRuleConditions {
  departmentIds?: string[];
  serviceIds?: string[];
  locationIds?: string[];
  providerIds?: string[];
  urgencies?: ('routine' | 'urgent' | 'emergency')[];
  referralKinds?: ('specialty' | 'external' | 'test')[];
}

export interface TaskRuleTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  event_type: string;
  enabled: Defaulted<boolean>;
  conditions: Json<TaskRuleConditions>;
  task_kind: TaskKind;
  title_template: string;
  details_template: string | null;
  priority: Defaulted<Priority>;
  due_in_minutes: number;
  owner_type: TaskRuleOwnerType;
  owner_user_id: string | null;
  owner_department_id: string | null;
  round_robin_turn: Defaulted<number>;
  created_by_label: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** The facts of an event a rule can test and a title can name. */
export interface TaskRuleFacts {
  departmentId: string | null;
  serviceId: string | null;
  locationId: string | null;
  providerId: string | null;
  urgency: string | null;
  referralKind: string | null;
  /** When the thing happens or happened (a visit's start, a referral's due date), ISO 8601. */
  at: string | null;
  /** The event's own sentence, and a referral's destination: words a title may quote. */
  summary?: string | null;
  destination?: string | null;
}

export interface TaskRuleEventTable {
  id: Generated<string>;
  organization_id: string;
  event_type: string;
  subject_id: string;
  patient_id: string | null;
  facts: Json<TaskRuleFacts>;
  occurred_at: Date;
}

export interface TaskRuleRunTable {
  id: Generated<string>;
  organization_id: string;
  rule_id: string | null;
  rule_name: string;
  event_type: string;
  subject_id: string;
  task_id: string;
  created_at: CreatedAt;
}

export interface TaskEscalationStepTable {
  id: Generated<string>;
  organization_id: string;
  position: number;
  after_minutes: number;
  action: EscalationAction;
  target: EscalationTarget;
  target_user_id: string | null;
  created_at: CreatedAt;
}

export interface TaskEscalationTable {
  id: Generated<string>;
  organization_id: string;
  task_id: string;
  step_position: number;
  due_at: Date;
  action: EscalationAction;
  target_user_id: string | null;
  previous_owner_id: string | null;
  note: string;
  escalated_at: CreatedAt;
}

/** Table types of migration 0008_task_rules. */
export interface TaskRuleTables {
  task_rules: TaskRuleTable;
  task_rule_events: TaskRuleEventTable;
  task_rule_runs: TaskRuleRunTable;
  task_escalation_steps: TaskEscalationStepTable;
  task_escalations: TaskEscalationTable;
}
