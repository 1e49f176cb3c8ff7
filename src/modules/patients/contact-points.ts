import type { Insertable } from 'kysely';
import type { ContactPointTable } from '../../db/schema.js';
import { invalidFields, type FieldProblem } from '../../platform/errors.js';
import { toE164 } from './phone.js';
import type { ContactPointInput } from './schemas.js';
import type { ContactPointRow } from './store.js';

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

export interface NormalizedContactPoint {
  kind: 'phone' | 'email';
  value: string;
  label: string | null;
  isPrimary: boolean;
  consentCare: boolean;
  consentMarketing: boolean;
}

/**
 * Phones become E.164, e-mails lower case; duplicates are dropped and each kind gets exactly one
 * primary. Problems are reported by field path (contactPoints.1.value) all at once.
 */
export function normalizeContactPoints(inputs: ContactPointInput[], field = 'contactPoints'): NormalizedContactPoint[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const result: NormalizedContactPoint[] = [];
  inputs.forEach((input, index) => {
    const raw = input.value.trim();
    const value = input.kind === 'phone' ? toE164(raw) : EMAIL.test(raw) ? raw.toLowerCase() : null;
    if (!value) {
      problems.push({ field: `${field}.${index}.value`, message: input.kind === 'phone' ? 'is not a valid phone number' : 'is not a valid e-mail address' });
      return;
    }
    const key = `${input.kind}:${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    result.push({
      kind: input.kind,
      value,
      label: input.label ?? null,
      isPrimary: input.isPrimary ?? false,
      consentCare: input.consentCare ?? true,
      consentMarketing: input.consentMarketing ?? false,
    });
  });
  if (problems.length > 0) throw invalidFields(problems);
  for (const kind of ['phone', 'email'] as const) {
    const ofKind = result.filter((cp) => cp.kind === kind);
    const primary = ofKind.find((cp) => cp.isPrimary) ?? ofKind[0];
    for (const cp of ofKind) cp.isPrimary = cp === primary;
  }
  return result;
}

/** Rows to insert; consent keeps its timestamp when it did not change. */
export function contactPointRows(organizationId: string, patientId: string, points: NormalizedContactPoint[], previous: ContactPointRow[] = []): Insertable<ContactPointTable>[] {
  const now = new Date();
  return points.map((cp) => {
    const before = previous.find((p) => p.kind === cp.kind && p.value === cp.value);
    const consentChanged = !before || before.consent_care !== cp.consentCare || before.consent_marketing !== cp.consentMarketing;
    return {
      organization_id: organizationId,
      patient_id: patientId,
      kind: cp.kind,
      value: cp.value,
      label: cp.label,
      is_primary: cp.isPrimary,
      consent_care: cp.consentCare,
      consent_marketing: cp.consentMarketing,
      consent_updated_at: consentChanged ? now : before.consent_updated_at,
      created_at: before?.created_at,
    };
  });
}
