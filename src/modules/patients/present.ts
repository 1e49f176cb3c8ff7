import type { PatientAddress } from '../../db/schema.js';
import { iso } from '../../platform/schemas.js';
import type { Patient, PatientSummary } from './schemas.js';
import type { ContactPointRow, PatientRow } from './store.js';

export function presentPatient(row: PatientRow, contactPoints: ContactPointRow[]): Patient {
  return {
    id: row.id,
    mrn: row.mrn,
    givenName: row.given_name,
    familyName: row.family_name,
    preferredName: row.preferred_name,
    dateOfBirth: row.date_of_birth,
    sex: row.sex,
    language: row.language,
    preferredChannel: row.preferred_channel,
    address: (row.address as PatientAddress | null) ?? null,
    tags: row.tags,
    status: row.status,
    replacedBy: row.replaced_by,
    contactPoints: contactPoints.filter((cp) => cp.patient_id === row.id).map((cp) => ({
      id: cp.id,
      kind: cp.kind,
      value: cp.value,
      label: cp.label,
      isPrimary: cp.is_primary,
      consentCare: cp.consent_care,
      consentMarketing: cp.consent_marketing,
      consentUpdatedAt: iso(cp.consent_updated_at),
    })),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function summarize(patient: Patient): PatientSummary {
  const first = (kind: 'phone' | 'email') => patient.contactPoints.find((cp) => cp.kind === kind)?.value ?? null;
  return {
    id: patient.id,
    mrn: patient.mrn,
    givenName: patient.givenName,
    familyName: patient.familyName,
    preferredName: patient.preferredName,
    dateOfBirth: patient.dateOfBirth,
    phone: first('phone'),
    email: first('email'),
    tags: patient.tags,
    status: patient.status,
  };
}
