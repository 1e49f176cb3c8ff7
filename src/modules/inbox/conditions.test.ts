import { describe, expect, it } from 'vitest';
import { conditionProblems, matches, type Facts } from './conditions.js';
import type { Condition } from './rule-schemas.js';

const facts: Facts = {
  channel: 'email', priority: 'high', departmentId: '6f1c2a54-0b7e-4f38-9d51-3f6b1f0c2a11', assigneeId: null, labels: ['billing', 'vip'],
  body: 'Bonjour, où sont mes Résultats ?', patientKnown: false, withinBusinessHours: true, contactAddress: 'Jane.Doe@Example.org', slaTarget: null,
};
const holds = (condition: Condition) => matches([condition], facts);

describe('rule conditions', () => {
  it('compare text without case or accents', () => {
    expect(holds({ field: 'body', operator: 'contains', value: 'resultats' })).toBe(true);
    expect(holds({ field: 'body', operator: 'contains', value: 'OÙ SONT' })).toBe(true);
    expect(holds({ field: 'body', operator: 'not_contains', value: 'rendez-vous' })).toBe(true);
    expect(holds({ field: 'contactAddress', operator: 'equals', value: 'jane.doe@example.org' })).toBe(true);
    expect(holds({ field: 'contactAddress', operator: 'in', value: ['a@b.c', 'JANE.DOE@example.org'] })).toBe(true);
    expect(holds({ field: 'contactAddress', operator: 'contains', value: '@example.com' })).toBe(false);
  });

  it('treat labels as a set', () => {
    expect(holds({ field: 'labels', operator: 'contains', value: 'VIP' })).toBe(true);
    expect(holds({ field: 'labels', operator: 'contains', value: 'vi' })).toBe(false);
    expect(holds({ field: 'labels', operator: 'not_contains', value: 'urgent' })).toBe(true);
    expect(holds({ field: 'labels', operator: 'in', value: ['urgent', 'billing'] })).toBe(true);
    expect(holds({ field: 'labels', operator: 'is_set' })).toBe(true);
    expect(matches([{ field: 'labels', operator: 'is_not_set' }], { ...facts, labels: [] })).toBe(true);
  });

  it('handle missing values: an unset field equals nothing and is "not equal" to anything', () => {
    expect(holds({ field: 'assigneeId', operator: 'is_not_set' })).toBe(true);
    expect(holds({ field: 'assigneeId', operator: 'equals', value: facts.departmentId })).toBe(false);
    expect(holds({ field: 'assigneeId', operator: 'not_equals', value: facts.departmentId })).toBe(true);
    expect(holds({ field: 'departmentId', operator: 'equals', value: facts.departmentId!.toUpperCase() })).toBe(true);
    expect(matches([{ field: 'body', operator: 'contains', value: 'x' }], { ...facts, body: null })).toBe(false);
    expect(matches([{ field: 'body', operator: 'not_contains', value: 'x' }], { ...facts, body: null })).toBe(true);
  });

  it('need every condition; none means always', () => {
    expect(matches([], facts)).toBe(true);
    expect(matches([{ field: 'channel', operator: 'equals', value: 'email' }, { field: 'patientKnown', operator: 'equals', value: true }], facts)).toBe(false);
    expect(matches([{ field: 'priority', operator: 'in', value: ['high', 'urgent'] }, { field: 'withinBusinessHours', operator: 'not_equals', value: false }], facts)).toBe(true);
  });

  it('explain what is wrong, condition by condition', () => {
    expect(conditionProblems([
      { field: 'channel', operator: 'equals', value: 'fax' },
      { field: 'labels', operator: 'equals', value: 'vip' },
      { field: 'slaTarget', operator: 'equals', value: 'resolution' },
      { field: 'withinBusinessHours', operator: 'equals', value: 1 },
    ], 'message.received').map((p) => p.field)).toEqual(['conditions.0.value', 'conditions.1.operator', 'conditions.2.field', 'conditions.3.value']);
    expect(conditionProblems([{ field: 'slaTarget', operator: 'in', value: ['resolution'] }], 'sla.breached')).toEqual([]);
  });
});
