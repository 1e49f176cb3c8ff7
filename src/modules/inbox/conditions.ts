import type { FieldProblem } from '../../platform/errors.js';
import type { Condition, RuleEvent } from './rule-schemas.js';

/** What a rule's conditions can look at, for one conversation at the moment of an event. */
export interface Facts {
  channel: string;
  priority: string;
  departmentId: string | null;
  assigneeId: string | null;
  labels: string[];
  /** The message text (the event's message, else the latest patient message). */
  body: string | null;
  patientKnown: boolean;
  withinBusinessHours: boolean;
  contactAddress: string | null;
  /** For SLA events: first_response, next_response or resolution. */
  slaTarget: string | null;
}
export type Field = keyof Facts;
export const OPERATORS = ['equals', 'not_equals', 'contains', 'not_contains', 'in', 'is_set', 'is_not_set'] as const;
type Operator = (typeof OPERATORS)[number];

type Kind = 'choice' | 'id' | 'labels' | 'text' | 'boolean';
interface FieldSpec { kind: Kind; operators: readonly Operator[]; choices?: readonly string[]; events?: readonly RuleEvent[] }

const ID_OPERATORS = ['equals', 'not_equals', 'in', 'is_set', 'is_not_set'] as const;
const TEXT_OPERATORS = OPERATORS;
const FIELDS: Record<Field, FieldSpec> = {
  channel: { kind: 'choice', operators: ['equals', 'not_equals', 'in'], choices: ['sms', 'email', 'chat', 'voice', 'portal'] },
  priority: { kind: 'choice', operators: ['equals', 'not_equals', 'in'], choices: ['low', 'normal', 'high', 'urgent'] },
  departmentId: { kind: 'id', operators: ID_OPERATORS },
  assigneeId: { kind: 'id', operators: ID_OPERATORS },
  labels: { kind: 'labels', operators: ['contains', 'not_contains', 'in', 'is_set', 'is_not_set'] },
  body: { kind: 'text', operators: TEXT_OPERATORS },
  patientKnown: { kind: 'boolean', operators: ['equals', 'not_equals'] },
  withinBusinessHours: { kind: 'boolean', operators: ['equals', 'not_equals'] },
  contactAddress: { kind: 'text', operators: TEXT_OPERATORS },
  slaTarget: { kind: 'choice', operators: ['equals', 'not_equals', 'in'], choices: ['first_response', 'next_response', 'resolution'], events: ['sla.breach_soon', 'sla.breached'] },
};
export const FIELD_NAMES = Object.keys(FIELDS) as Field[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What is wrong with one value for a field, or null. */
function scalarProblem(spec: FieldSpec, value: unknown): string | null {
  switch (spec.kind) {
    case 'choice': return typeof value === 'string' && spec.choices!.includes(value) ? null : `must be one of ${spec.choices!.join(', ')}`;
    case 'id': return typeof value === 'string' && UUID.test(value) ? null : 'must be an id (uuid)';
    case 'boolean': return typeof value === 'boolean' ? null : 'must be true or false';
    case 'labels':
    case 'text': return typeof value === 'string' && value.trim().length > 0 && value.length <= 500 ? null : 'must be a non-empty text (up to 500 characters)';
  }
}

/** Checks field, operator and value of each condition; problems name conditions.N.field / .operator / .value. */
export function conditionProblems(conditions: Condition[], event: RuleEvent): FieldProblem[] {
  const problems: FieldProblem[] = [];
  conditions.forEach((condition, index) => {
    const at = `conditions.${index}`;
    const spec = (FIELDS as Record<string, FieldSpec | undefined>)[condition.field];
    if (!spec) return problems.push({ field: `${at}.field`, message: `unknown field "${condition.field}"; one of ${FIELD_NAMES.join(', ')}` });
    if (spec.events && !spec.events.includes(event)) return problems.push({ field: `${at}.field`, message: `${condition.field} only applies to ${spec.events.join(' and ')} rules` });
    if (!(OPERATORS as readonly string[]).includes(condition.operator)) return problems.push({ field: `${at}.operator`, message: `unknown operator "${condition.operator}"; one of ${OPERATORS.join(', ')}` });
    const operator = condition.operator as Operator;
    if (!spec.operators.includes(operator)) return problems.push({ field: `${at}.operator`, message: `${condition.field} can use ${spec.operators.join(', ')}` });
    const { value } = condition;
    if (operator === 'is_set' || operator === 'is_not_set') {
      if (value !== undefined && value !== null) problems.push({ field: `${at}.value`, message: `takes no value with ${operator}` });
      return;
    }
    if (operator === 'in') {
      if (!Array.isArray(value) || value.length === 0 || value.length > 50) return problems.push({ field: `${at}.value`, message: 'must be a list of 1 to 50 values' });
      const bad = value.map((item) => scalarProblem(spec, item)).findIndex((problem) => problem !== null);
      if (bad >= 0) problems.push({ field: `${at}.value.${bad}`, message: scalarProblem(spec, value[bad])! });
      return;
    }
    const problem = scalarProblem(spec, value);
    if (problem) problems.push({ field: `${at}.value`, message: problem });
  });
  return problems;
}

/** Ids a rule's conditions refer to (to check they belong to the clinic). */
export const referencedIds = (conditions: Condition[], field: 'departmentId' | 'assigneeId') =>
  conditions.filter((c) => c.field === field).flatMap((c) => (Array.isArray(c.value) ? c.value : c.value === undefined || c.value === null ? [] : [c.value])) as string[];

/** Lower case without accents: "Résultats" contains "resultat". */
export const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

function equal(spec: FieldSpec, actual: unknown, expected: unknown) {
  if (actual === null || actual === undefined) return false;
  if (spec.kind === 'text') return fold(String(actual)) === fold(String(expected));
  if (spec.kind === 'id') return String(actual).toLowerCase() === String(expected).toLowerCase();
  return actual === expected;
}

function holds(condition: Condition, facts: Facts): boolean {
  const spec = FIELDS[condition.field as Field];
  const actual = facts[condition.field as Field];
  const value = condition.value;
  if (spec.kind === 'labels') {
    const labels = (actual as string[]).map(fold);
    switch (condition.operator) {
      case 'contains': return labels.includes(fold(String(value)));
      case 'not_contains': return !labels.includes(fold(String(value)));
      case 'in': return (value as string[]).some((label) => labels.includes(fold(label)));
      case 'is_set': return labels.length > 0;
      default: return labels.length === 0;
    }
  }
  switch (condition.operator) {
    case 'equals': return equal(spec, actual, value);
    case 'not_equals': return !equal(spec, actual, value);
    case 'in': return (value as unknown[]).some((item) => equal(spec, actual, item));
    case 'contains': return actual !== null && fold(String(actual)).includes(fold(String(value)));
    case 'not_contains': return actual === null || !fold(String(actual)).includes(fold(String(value)));
    case 'is_set': return actual !== null && actual !== '';
    default: return actual === null || actual === '';
  }
}

/** All conditions hold (no conditions: the rule applies to every event of its kind). */
export const matches = (conditions: Condition[], facts: Facts) => conditions.every((condition) => holds(condition, facts));
