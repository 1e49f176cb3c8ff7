import { describe, expect, it } from 'vitest';
import {
  confirmedExtension, fromFhirAppointmentStatus, isConfirmed, toFhirAppointmentStatus, type CareloopAppointmentStatus, type FhirAppointmentStatus,
} from './appointment-status.js';

const CARELOOP: CareloopAppointmentStatus[] = ['booked', 'confirmed', 'arrived', 'in_room', 'completed', 'cancelled', 'no_show', 'waitlist'];
const FHIR: FhirAppointmentStatus[] = ['booked', 'arrived', 'checked-in', 'fulfilled', 'cancelled', 'noshow', 'waitlist'];

describe('appointment status mapping', () => {
  it('round-trips every Careloop status through FHIR (confirmed via the extension)', () => {
    for (const status of CARELOOP) {
      const fhir = toFhirAppointmentStatus(status);
      expect(fromFhirAppointmentStatus(fhir, isConfirmed({ extension: confirmedExtension(status) })), status).toBe(status);
    }
  });

  it('round-trips every FHIR status the issue names through Careloop', () => {
    for (const status of FHIR) {
      const careloop = fromFhirAppointmentStatus(status);
      expect(careloop, status).not.toBeNull();
      expect(toFhirAppointmentStatus(careloop!), status).toBe(status);
    }
  });

  it('maps confirmed to booked, and distinct Careloop statuses to distinct FHIR ones otherwise', () => {
    expect(toFhirAppointmentStatus('confirmed')).toBe('booked');
    expect(new Set(CARELOOP.filter((s) => s !== 'confirmed').map(toFhirAppointmentStatus)).size).toBe(CARELOOP.length - 1);
  });

  it('has no Careloop status for proposed, pending or entered-in-error', () => {
    for (const status of ['proposed', 'pending', 'entered-in-error'] as const) expect(fromFhirAppointmentStatus(status)).toBeNull();
  });
});
