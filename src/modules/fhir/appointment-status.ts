import type * as fhir4 from 'fhir/r4.js';
import type { AppointmentStatus } from '../../db/schema-scheduling.js';

/** A Careloop appointment's status, or 'waitlist' for a waitlist entry (Careloop keeps those apart). */
export type CareloopAppointmentStatus = AppointmentStatus | 'waitlist';
export type FhirAppointmentStatus = fhir4.Appointment['status'];

/** Careloop's "confirmed" (the patient said they will come) has no FHIR status: booked + this extension. */
export const CONFIRMED_EXTENSION_URL = 'https://careloop.dev/fhir/StructureDefinition/appointment-confirmed';

const TO_FHIR: Record<CareloopAppointmentStatus, FhirAppointmentStatus> = {
  booked: 'booked',
  confirmed: 'booked',
  arrived: 'arrived', // in the waiting room
  in_room: 'checked-in', // pre-encounter work done, the visit is starting
  completed: 'fulfilled',
  cancelled: 'cancelled',
  no_show: 'noshow',
  waitlist: 'waitlist',
};

const FROM_FHIR: Partial<Record<FhirAppointmentStatus, CareloopAppointmentStatus>> = {
  booked: 'booked',
  arrived: 'arrived',
  'checked-in': 'in_room',
  fulfilled: 'completed',
  cancelled: 'cancelled',
  noshow: 'no_show',
  waitlist: 'waitlist',
};

/** The FHIR status of a Careloop status (confirmed → booked; see confirmedExtension). */
export function toFhirAppointmentStatus(status: CareloopAppointmentStatus): FhirAppointmentStatus {
  return TO_FHIR[status];
}

/**
 * The Careloop status of a FHIR status; `confirmed` (the appointment carries the confirmed
 * extension or the patient participant accepted) turns booked into confirmed. null for statuses
 * Careloop does not keep (proposed, pending, entered-in-error).
 */
export function fromFhirAppointmentStatus(status: FhirAppointmentStatus, confirmed = false): CareloopAppointmentStatus | null {
  const mapped = FROM_FHIR[status] ?? null;
  return mapped === 'booked' && confirmed ? 'confirmed' : mapped;
}

/** The extension marking a confirmed appointment, or none. */
export function confirmedExtension(status: CareloopAppointmentStatus): fhir4.Extension[] {
  return status === 'confirmed' ? [{ url: CONFIRMED_EXTENSION_URL, valueBoolean: true }] : [];
}

/** Does this FHIR Appointment say the patient confirmed? (the extension set to true; takes unvalidated input too) */
export function isConfirmed(appointment: { extension?: readonly unknown[] }): boolean {
  return (appointment.extension ?? []).some((e) => {
    const extension = e as { url?: unknown; valueBoolean?: unknown } | null;
    return extension?.url === CONFIRMED_EXTENSION_URL && extension.valueBoolean === true;
  });
}

/** The patient participant's status: accepted once they confirmed or came, declined when cancelled, else needs-action. */
export function patientParticipantStatus(status: CareloopAppointmentStatus): fhir4.AppointmentParticipant['status'] {
  if (status === 'cancelled') return 'declined';
  if (status === 'booked' || status === 'waitlist' || status === 'no_show') return 'needs-action';
  return 'accepted';
}
