import { sql } from 'kysely';
import { notFound } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import { normalizeContactPoints } from './contact-points.js';

/** What other modules ask of patients by phone or e-mail (channels route messages and consent by address). */
export type ContactKind = 'phone' | 'email';

/** Active patients with this exact (normalized) phone or e-mail, newest first. */
export async function findPatientsByContact(platform: Platform, organizationId: string, kind: ContactKind, value: string): Promise<string[]> {
  const rows = await platform.db.selectFrom('patient_contact_points as cp')
    .innerJoin('patients as p', 'p.id', 'cp.patient_id')
    .select('p.id').distinct()
    .where('cp.organization_id', '=', organizationId).where('cp.kind', '=', kind).where('cp.value', '=', value)
    .where('p.status', '=', 'active')
    .execute();
  return rows.map((row) => row.id);
}

export interface ContactConsent {
  value: string;
  consentCare: boolean;
  consentMarketing: boolean;
  isPrimary: boolean;
}

/** A patient's contact points of one kind with their consent (for choosing a channel to write on). */
export async function contactConsents(platform: Platform, organizationId: string, patientId: string, kind: ContactKind): Promise<ContactConsent[]> {
  const rows = await platform.db.selectFrom('patient_contact_points')
    .select(['value', 'consent_care', 'consent_marketing', 'is_primary'])
    .where('organization_id', '=', organizationId).where('patient_id', '=', patientId).where('kind', '=', kind)
    .orderBy('is_primary', 'desc').orderBy('created_at').execute();
  return rows.map((row) => ({ value: row.value, consentCare: row.consent_care, consentMarketing: row.consent_marketing, isPrimary: row.is_primary }));
}

/** What another module needs to choose how to write to a patient: names, language, channel, addresses with consent. */
export interface ContactPreferences {
  patientId: string;
  givenName: string;
  preferredName: string | null;
  language: string;
  preferredChannel: 'sms' | 'email' | 'phone' | 'none';
  /** Primary first, then oldest first (the order the patient record shows). */
  contactPoints: (ContactConsent & { kind: ContactKind })[];
}

/** Contact preferences of many patients in one query (a reminder batch would otherwise read each record). */
export async function contactPreferences(platform: Platform, organizationId: string, patientIds: string[]): Promise<Map<string, ContactPreferences>> {
  if (patientIds.length === 0) return new Map();
  const rows = await platform.db.selectFrom('patients as p')
    .select(['p.id', 'p.given_name', 'p.preferred_name', 'p.language', 'p.preferred_channel'])
    .select(sql<{ kind: ContactKind; value: string; consent_care: boolean; consent_marketing: boolean; is_primary: boolean }[]>`coalesce((
      select json_agg(json_build_object('kind', cp.kind, 'value', cp.value, 'consent_care', cp.consent_care,
        'consent_marketing', cp.consent_marketing, 'is_primary', cp.is_primary) order by cp.is_primary desc, cp.created_at)
      from patient_contact_points cp where cp.patient_id = p.id and cp.organization_id = p.organization_id), '[]')`.as('points'))
    .where('p.organization_id', '=', organizationId).where('p.id', 'in', [...new Set(patientIds)]).execute();
  return new Map(rows.map((row) => [row.id, {
    patientId: row.id, givenName: row.given_name, preferredName: row.preferred_name, language: row.language, preferredChannel: row.preferred_channel,
    contactPoints: row.points.map((cp) => ({ kind: cp.kind, value: cp.value, consentCare: cp.consent_care, consentMarketing: cp.consent_marketing, isPrimary: cp.is_primary })),
  }]));
}

/**
 * Records a patient's own consent change by address (an SMS STOP or START): every contact point
 * with that value in the organization changes, and each affected patient gets an event.
 */
export async function setConsentByContact(platform: Platform, actor: Actor, kind: ContactKind, value: string, consent: { care: boolean; marketing: boolean }, reason: string) {
  const rows = await platform.db.updateTable('patient_contact_points')
    .set({ consent_care: consent.care, consent_marketing: consent.marketing, consent_updated_at: sql`now()`, updated_at: sql`now()` })
    .where('organization_id', '=', actor.organizationId).where('kind', '=', kind).where('value', '=', value)
    .returning('patient_id').execute();
  for (const patientId of new Set(rows.map((row) => row.patient_id))) {
    await platform.events.publish({
      type: 'patient.consent_changed', version: 1, organizationId: actor.organizationId, patientId,
      actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(),
      data: { summary: `${kind === 'phone' ? 'Texts' : 'E-mails'} to ${value}: ${consent.care ? 'allowed again' : 'stopped'} (${reason})`, kind, value, ...consent },
    });
  }
  return rows.length;
}

/** Adds a phone or e-mail a patient wrote from (linking an unknown sender); nothing happens if it is there already. */
export async function addContactPoint(platform: Platform, actor: Actor, patientId: string, kind: ContactKind, rawValue: string) {
  const [point] = normalizeContactPoints([{ kind, value: rawValue }], 'address');
  const patient = await platform.db.selectFrom('patients').select('id').where('organization_id', '=', actor.organizationId).where('id', '=', patientId).executeTakeFirst();
  if (!patient || !point) throw notFound('patient', patientId);
  await platform.db.insertInto('patient_contact_points').values({
    organization_id: actor.organizationId, patient_id: patientId, kind, value: point.value, label: 'added from inbox',
    is_primary: false, consent_care: true, consent_marketing: false,
  }).onConflict((oc) => oc.columns(['patient_id', 'kind', 'value']).doNothing()).execute();
}

export interface PatientRef { id: string; name: string; mrn: string; dateOfBirth: string; status: string; replacedBy: string | null }

/** Names and record numbers of several patients at once (for lists in other modules). */
export async function patientRefs(platform: Platform, organizationId: string, ids: string[]): Promise<Map<string, PatientRef>> {
  if (ids.length === 0) return new Map();
  const rows = await platform.db.selectFrom('patients')
    .select(['id', 'given_name', 'family_name', 'preferred_name', 'mrn', 'date_of_birth', 'status', 'replaced_by'])
    .where('organization_id', '=', organizationId).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((row) => [row.id, {
    id: row.id, name: `${row.preferred_name || row.given_name} ${row.family_name}`, mrn: row.mrn,
    dateOfBirth: row.date_of_birth, status: row.status, replacedBy: row.replaced_by,
  }]));
}
