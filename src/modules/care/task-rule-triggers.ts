import type { TaskRuleConditions, TaskRuleFacts } from '../../db/schema-task-rules.js';
import type { DomainEvent } from '../../platform/events.js';

/**
 * The events a task rule can start from: what each is about (its subject, for one task per rule
 * and event), which conditions it can be tested on and which placeholders a title can use.
 */
export type ConditionName = keyof TaskRuleConditions;
export type Placeholder = 'patient' | 'summary' | 'date' | 'department' | 'service' | 'provider' | 'location' | 'urgency' | 'referralKind' | 'destination';

export interface Trigger {
  event: string;
  label: string;
  subject: 'appointment' | 'referral';
  conditions: ConditionName[];
  placeholders: Placeholder[];
}

const VISIT_CONDITIONS: ConditionName[] = ['departmentIds', 'serviceIds', 'locationIds', 'providerIds'];
const VISIT_PLACEHOLDERS: Placeholder[] = ['patient', 'summary', 'date', 'department', 'service', 'provider', 'location'];
const REFERRAL_CONDITIONS: ConditionName[] = ['departmentIds', 'locationIds', 'providerIds', 'urgencies', 'referralKinds'];
const REFERRAL_PLACEHOLDERS: Placeholder[] = ['patient', 'summary', 'date', 'department', 'provider', 'location', 'urgency', 'referralKind', 'destination'];

const visit = (event: string, label: string): Trigger => ({ event, label, subject: 'appointment', conditions: VISIT_CONDITIONS, placeholders: VISIT_PLACEHOLDERS });
const referral = (event: string, label: string): Trigger => ({ event, label, subject: 'referral', conditions: REFERRAL_CONDITIONS, placeholders: REFERRAL_PLACEHOLDERS });

export const TRIGGERS: Trigger[] = [
  visit('visit.completed', 'A visit is completed'),
  visit('appointment.no_show', 'A patient did not come (no-show)'),
  visit('appointment.cancelled', 'A visit is cancelled'),
  referral('referral.sent', 'A referral is sent'),
  referral('referral.scheduled', 'A referral is booked'),
  referral('referral.completed', 'A referral visit took place'),
  referral('referral.result_received', 'A referral result came back'),
  referral('referral.declined', 'A referral is declined'),
  referral('referral.cancelled', 'A referral is cancelled'),
  referral('referral.overdue', 'A referral is overdue'),
];
export const TRIGGER_EVENTS = TRIGGERS.map((trigger) => trigger.event);
export const triggerOf = (event: string) => TRIGGERS.find((trigger) => trigger.event === event);

export const CONDITION_FACT: Record<ConditionName, keyof TaskRuleFacts> = {
  departmentIds: 'departmentId', serviceIds: 'serviceId', locationIds: 'locationId', providerIds: 'providerId',
  urgencies: 'urgency', referralKinds: 'referralKind',
};

const text = (value: unknown) => (typeof value === 'string' && value ? value : null);

/** What an event is about (its appointment or referral id), or null when it carries none. */
export function subjectOf(trigger: Trigger, event: DomainEvent): string | null {
  return text(trigger.subject === 'appointment' ? event.data.appointmentId : event.data.referralId);
}

/** The facts an event carries itself; a visit's department is found later from its service or provider. */
export function factsOf(trigger: Trigger, event: DomainEvent): TaskRuleFacts {
  const data = event.data;
  return {
    departmentId: text(data.departmentId), serviceId: text(data.serviceId), locationId: text(data.locationId), providerId: text(data.providerId),
    urgency: trigger.subject === 'referral' ? text(data.urgency) : null,
    referralKind: trigger.subject === 'referral' ? text(data.kind) : null,
    at: trigger.subject === 'appointment' ? text(data.startsAt) : text(data.dueAt),
    summary: text(data.summary),
    destination: trigger.subject === 'referral' ? text(data.destination) : null,
  };
}

/** Whether an event's facts meet a rule's conditions: every condition given must list the fact's value. */
export function conditionsHold(conditions: TaskRuleConditions, facts: TaskRuleFacts): boolean {
  return (Object.keys(CONDITION_FACT) as ConditionName[]).every((name) => {
    const allowed = conditions[name] as string[] | undefined;
    if (!allowed || allowed.length === 0) return true;
    const value = facts[CONDITION_FACT[name]] ?? null;
    return value !== null && allowed.includes(value);
  });
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/** The placeholders a template names that the event does not offer (a typo, or one of another event). */
export function unknownPlaceholders(template: string, trigger: Trigger): string[] {
  const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1]!);
  return [...new Set(names.filter((name) => !(trigger.placeholders as string[]).includes(name)))];
}

/** Fills a template's {{placeholders}}; a value the event lacks reads as an empty string. */
export function fillTemplate(template: string, values: Partial<Record<Placeholder, string | null>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => values[name as Placeholder] ?? '').replace(/\s{2,}/g, ' ').trim();
}
