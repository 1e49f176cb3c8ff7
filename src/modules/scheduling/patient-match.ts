import { conflict, invalid } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { findDuplicates, registerPatient } from '../patients/service.js';
import { toE164 } from '../patients/phone.js';

export interface SelfIdentification {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  phone?: string | undefined;
  email?: string | undefined;
  language?: 'en' | 'es' | undefined;
}

const NAME_REASONS = new Set(['same_name', 'nickname', 'similar_name']);
const CONTACT_REASONS = new Set(['same_phone', 'same_email']);

/**
 * The record of a patient who books without an account. A record counts as theirs only when the
 * birth date, a phone or e-mail and the name all agree; a near miss (same name and birth date, a
 * new phone) is not guessed: a new record is made, tagged for the front desk to review and merge.
 */
export async function matchOrRegister(platform: Platform, actor: Actor, who: SelfIdentification, newPatientsAllowed: boolean) {
  const phone = who.phone?.trim() ? toE164(who.phone) : undefined;
  if (who.phone?.trim() && !phone) throw invalid('phone', 'is not a phone number we can text (include the area code)');
  const email = who.email?.trim().toLowerCase() || undefined;
  if (!phone && !email) throw invalid('phone', 'give a mobile number or an e-mail address, so we can confirm the appointment');
  const candidates = await findDuplicates(platform, actor, {
    givenName: who.givenName.trim(), familyName: who.familyName.trim(), dateOfBirth: who.dateOfBirth,
    phones: phone ? [phone] : [], emails: email ? [email] : [],
  });
  const sure = candidates.filter((c) => {
    const codes = new Set(c.reasons.map((r) => r.code));
    return codes.has('same_birth_date') && [...codes].some((code) => CONTACT_REASONS.has(code)) && [...codes].some((code) => NAME_REASONS.has(code)) && c.patient.status !== 'merged';
  });
  if (sure.length === 1) return { patientId: sure[0]!.patient.id, created: false, needsReview: false };
  if (!newPatientsAllowed) {
    throw conflict('new_patients_not_accepted', 'We could not find your record, and this visit can be booked online only by registered patients. Please call the clinic.');
  }
  // Two sure matches (a shared family phone) or a likely one: a new record, flagged, rather than a guess.
  const needsReview = sure.length > 1 || candidates.some((c) => c.score >= 60);
  const patient = await registerPatient(platform, actor, {
    givenName: who.givenName.trim(), familyName: who.familyName.trim(), dateOfBirth: who.dateOfBirth, language: who.language ?? 'en',
    contactPoints: [
      ...(phone ? [{ kind: 'phone' as const, value: phone, consentCare: true, consentMarketing: false }] : []),
      ...(email ? [{ kind: 'email' as const, value: email, consentCare: true, consentMarketing: false }] : []),
    ],
    tags: needsReview ? ['booked-online', 'check-duplicate'] : ['booked-online'],
    allowDuplicate: true,
  });
  return { patientId: patient.id, created: true, needsReview };
}
