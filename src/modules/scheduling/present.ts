import { DateTime, IANAZone } from 'luxon';
import { iso } from '../../platform/schemas.js';
import type { Appointment } from './schemas.js';
import type { AppointmentListRow } from './store.js';

/** A time as the clinic's wall clock shows it, with the zone's abbreviation: "Mon, Mar 9, 9:00 AM EDT". */
export function clinicTime(at: Date | number, zone: string, locale = 'en-US'): string {
  const time = typeof at === 'number' ? DateTime.fromMillis(at, { zone }) : DateTime.fromJSDate(at, { zone });
  return time.setLocale(locale).toFormat('ccc, LLL d, h:mm a ZZZZ');
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * clinicTime's English label, and the local date and time, for the many slots of one search: the
 * wall-clock fields come from the zone's offset at that instant, and each zone abbreviation is looked
 * up once (formatting every slot through Luxon cost about 0.1 ms a slot: 2 s for 20,000).
 */
export function slotLabeller() {
  const abbreviations = new Map<string, string>();
  return (at: number, zone: string) => {
    const offset = IANAZone.create(zone).offset(at);
    const key = `${zone}|${offset}`;
    let abbreviation = abbreviations.get(key);
    if (abbreviation === undefined) {
      abbreviation = DateTime.fromMillis(at, { zone }).setLocale('en-US').toFormat('ZZZZ');
      abbreviations.set(key, abbreviation);
    }
    const local = new Date(at + offset * 60_000);
    const hour = local.getUTCHours();
    const minutes = String(local.getUTCMinutes()).padStart(2, '0');
    const iso = local.toISOString();
    return {
      label: `${WEEKDAYS[local.getUTCDay()]}, ${MONTHS[local.getUTCMonth()]} ${local.getUTCDate()}, ${hour % 12 || 12}:${minutes} ${hour < 12 ? 'AM' : 'PM'} ${abbreviation}`,
      localDate: iso.slice(0, 10),
      localTime: iso.slice(11, 16),
    };
  };
}

export function presentAppointment(row: AppointmentListRow): Appointment {
  return {
    id: row.id, patientId: row.patient_id, patientName: `${row.given_name} ${row.family_name}`, mrn: row.mrn,
    serviceId: row.service_id, serviceName: row.service_name, providerId: row.provider_id, providerName: row.provider_name,
    locationId: row.location_id, locationName: row.location_name, timeZone: row.time_zone,
    startsAt: row.starts_at.toISOString(), endsAt: row.ends_at.toISOString(), label: clinicTime(row.starts_at, row.time_zone),
    status: row.status, overbooked: row.overbooked, overrideReason: row.overbook_reason, source: row.source, bookedBy: row.booked_by,
    notes: row.notes, cancelReason: row.cancel_reason, cancelNote: row.cancel_note, cancelledAt: iso(row.cancelled_at),
    confirmedAt: iso(row.confirmed_at), rescheduleRequestedAt: iso(row.reschedule_requested_at), arrivedAt: iso(row.arrived_at),
    inRoomAt: iso(row.in_room_at), completedAt: iso(row.completed_at), noShowAt: iso(row.no_show_at),
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}
