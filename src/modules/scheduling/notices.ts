import { AppError } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { optedOutNumbers, queueOutbound, senderFor, type OutboundMessage } from '../channels/service.js';
import type { OutboxRow } from '../channels/service.js';
import { findOrganization } from '../identity/service.js';
import { contactPreferences, type ContactPreferences } from '../patients/service.js';
import { appointmentCalendar, calendarSequence } from './ics.js';
import { appointmentLink } from './patient-links.js';
import type { AppointmentRow, Db } from './store.js';
import { languageOf, visitEmail, visitSms, type Language, type VisitFacts, type VisitMessage } from './templates.js';

export type AppointmentNotice = 'booked' | 'moved' | 'cancelled';

/** An appointment with the names and place a message about it shows. */
export type VisitRow = Awaited<ReturnType<typeof findVisits>>[number];

/** Appointments by id with their service, provider and location; `lockShared` skips (does not wait for) a visit being changed. */
export function findVisits(db: Db, ids: string[], options: { lockShared?: boolean } = {}) {
  if (ids.length === 0) return Promise.resolve([]);
  const query = db.selectFrom('appointments as a')
    .innerJoin('services as s', 's.id', 'a.service_id')
    .innerJoin('providers as p', 'p.id', 'a.provider_id')
    .innerJoin('locations as l', 'l.id', 'a.location_id')
    .select(['a.id', 'a.organization_id', 'a.patient_id', 'a.status', 'a.starts_at', 'a.ends_at', 'a.updated_at',
      's.name as service_name', 'p.name as provider_name', 'l.name as location_name', 'l.address', 'l.time_zone'])
    .where('a.id', 'in', ids);
  return options.lockShared ? query.forShare(['a']).skipLocked().execute() : query.execute();
}

/** Where and how to write to a patient: the preferred channel's consented address, else any other consented one. */
export interface Recipient {
  patientId: string;
  channel: 'sms' | 'email';
  address: string;
  language: Language;
  name: string;
}

/**
 * The patient's preferred channel (texts or e-mail) at its primary address with care consent;
 * failing that, any other address with care consent, texts first. A number that texted STOP is
 * passed over. Null when the patient cannot be written to.
 */
export async function recipientFor(platform: Platform, organizationId: string, patientId: string): Promise<Recipient | null> {
  return (await recipientsFor(platform, organizationId, [patientId])).get(patientId) ?? null;
}

/** recipientFor for many patients of one clinic: two queries (the patients' contact points, then which numbers texted STOP). */
export async function recipientsFor(platform: Platform, organizationId: string, patientIds: string[]): Promise<Map<string, Recipient | null>> {
  const patients = await contactPreferences(platform, organizationId, patientIds);
  const consented = (patient: ContactPreferences, kind: 'phone' | 'email') => patient.contactPoints.filter((point) => point.kind === kind && point.consentCare);
  const phones = [...patients.values()].flatMap((patient) => consented(patient, 'phone').map((point) => point.value));
  const optedOut = await optedOutNumbers(platform, organizationId, phones);
  const recipients = new Map<string, Recipient | null>();
  for (const patient of patients.values()) {
    const order: ('sms' | 'email')[] = patient.preferredChannel === 'email' ? ['email', 'sms'] : ['sms', 'email'];
    let chosen: Recipient | null = null;
    for (const channel of order) {
      // Points come primary first, then oldest first.
      const point = consented(patient, channel === 'sms' ? 'phone' : 'email').find((p) => channel === 'email' || !optedOut.has(p.value));
      if (!point) continue;
      chosen = { patientId: patient.patientId, channel, address: point.value, language: languageOf(patient.language), name: patient.preferredName || patient.givenName };
      break;
    }
    recipients.set(patient.patientId, chosen);
  }
  return recipients;
}

/** What stays the same for every message of one clinic (looked up once per batch of reminders). */
export interface ClinicIdentity {
  name: string;
  sender: { sms: string | null; email: string | null };
}

export async function clinicIdentity(platform: Platform, organizationId: string): Promise<ClinicIdentity> {
  const organization = await findOrganization(platform, organizationId);
  return {
    name: organization?.name ?? 'Your clinic',
    sender: { sms: await senderFor(platform, organizationId, 'sms'), email: await senderFor(platform, organizationId, 'email') },
  };
}

/** The facts the templates fill in. */
export function visitFacts(platform: Platform, visit: VisitRow, clinic: ClinicIdentity, recipient: Recipient): VisitFacts {
  return {
    clinicName: clinic.name, patientName: recipient.name, serviceName: visit.service_name, providerName: visit.provider_name,
    locationName: visit.location_name, address: visit.address, startsAt: visit.starts_at, timeZone: visit.time_zone,
    link: appointmentLink(platform, visit),
  };
}

const bareAddress = (sender: string) => /<([^>]+)>/.exec(sender)?.[1] ?? sender;

/** The outbound message about a visit on the recipient's channel; e-mails about a booking, move or cancellation carry the .ics. */
export function visitMessage(platform: Platform, input: {
  visit: VisitRow; clinic: ClinicIdentity; recipient: Recipient; message: VisitMessage; idempotencyKey: string; mailId: string;
}): OutboundMessage {
  const { visit, clinic, recipient, message } = input;
  const facts = visitFacts(platform, visit, clinic, recipient);
  const base = {
    organizationId: visit.organization_id, purpose: message === 'reminder' ? 'reminder' : `appointment_${message}`, category: 'care' as const,
    channel: recipient.channel, recipient: recipient.address, sender: clinic.sender[recipient.channel], patientId: recipient.patientId,
    idempotencyKey: input.idempotencyKey,
  };
  if (recipient.channel === 'sms') return { ...base, body: visitSms(message, recipient.language, facts) };
  const withCalendar = message !== 'reminder';
  const { subject, body } = visitEmail(message, recipient.language, facts, { calendarAttached: withCalendar });
  const method = message === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const calendar = withCalendar ? appointmentCalendar({
    uid: `appointment-${visit.id}@${platform.config.mailDomain}`, sequence: calendarSequence(visit.updated_at), method,
    start: visit.starts_at, end: visit.ends_at, timeZone: visit.time_zone,
    summary: `${visit.service_name} – ${visit.provider_name} (${clinic.name})`,
    location: [visit.location_name, visit.address].filter(Boolean).join(', '), description: `${facts.link}`, url: facts.link,
    ...(clinic.sender.email && { organizer: { name: clinic.name, email: bareAddress(clinic.sender.email) } }),
    attendee: { name: recipient.name, email: recipient.address },
  }) : null;
  return {
    ...base, subject, body,
    email: {
      messageId: `<${input.mailId}@${platform.config.mailDomain}>`,
      ...(calendar && { attachments: [{ filename: 'appointment.ics', contentType: `text/calendar; charset=utf-8; method=${method}`, content: calendar }] }),
    },
  };
}

/** queueOutbound's refusals that mean "this patient cannot be written to here", not a failure. */
export const isConsentRefusal = (error: unknown): error is AppError =>
  error instanceof AppError && (error.code === 'no_consent' || error.code === 'opted_out');

/**
 * Queues the patient's confirmation of a booking, a move or a cancellation (in the caller's
 * transaction) on their preferred consented channel and language; null when none can be sent.
 */
export async function queueAppointmentNotice(platform: Platform, appointment: AppointmentRow, notice: AppointmentNotice): Promise<OutboxRow | null> {
  const [visit] = await findVisits(platform.db, [appointment.id]);
  if (!visit) return null;
  const recipient = await recipientFor(platform, appointment.organization_id, appointment.patient_id);
  if (!recipient) return null;
  const clinic = await clinicIdentity(platform, appointment.organization_id);
  const version = calendarSequence(appointment.updated_at);
  try {
    return await queueOutbound(platform, visitMessage(platform, {
      visit, clinic, recipient, message: notice,
      idempotencyKey: `appointment:${appointment.id}:${notice}:${appointment.updated_at.getTime()}`, mailId: `appointment-${appointment.id}-${version}`,
    }));
  } catch (error) {
    if (isConsentRefusal(error)) return null;
    throw error;
  }
}
