import type { Platform } from '../../platform/platform.js';
import { appointmentCalendar, calendarSequence } from './ics.js';
import type { ClinicIdentity, VisitRow } from './notices.js';

/**
 * A visit's .ics: the same calendar entry (UID, SEQUENCE, zone) whether it comes attached to an
 * e-mail or downloaded from the patient's link, so a calendar that has one updates it from the other.
 */
export function visitCalendar(platform: Platform, visit: VisitRow, clinic: ClinicIdentity, options: {
  method: 'REQUEST' | 'CANCEL'; link: string; attendee?: { name: string; email: string } | undefined;
}): string {
  return appointmentCalendar({
    uid: `appointment-${visit.id}@${platform.config.mailDomain}`, sequence: calendarSequence(visit.updated_at), method: options.method,
    start: visit.starts_at, end: visit.ends_at, timeZone: visit.time_zone,
    summary: `${visit.service_name} – ${visit.provider_name} (${clinic.name})`,
    location: [visit.location_name, visit.address].filter(Boolean).join(', '), description: options.link, url: options.link,
    ...(clinic.sender.email && { organizer: { name: clinic.name, email: bareAddress(clinic.sender.email) } }),
    ...(options.attendee && { attendee: options.attendee }),
  });
}

const bareAddress = (sender: string) => /<([^>]+)>/.exec(sender)?.[1] ?? sender;
