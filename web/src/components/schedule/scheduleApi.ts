// What the schedule screens ask the server, and the words and colours they show. The shapes are the
// API's own (TypeBox schemas on the server), imported as types only.
import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import type { Appointment } from '../../../../src/modules/scheduling/schemas.js';
import type { Overview, Location, Provider, Service } from '../../../../src/modules/scheduling/setup-schemas.js';
import { ApiError, api, query } from '../../api.js';
import { usePollingWhenDown } from '../../live.js';

export type { Appointment } from '../../../../src/modules/scheduling/schemas.js';
export type { Location, Provider, Service, Overview } from '../../../../src/modules/scheduling/setup-schemas.js';

/** One free time as GET /api/scheduling/slots lists it. */
export interface Slot {
  startsAt: string; endsAt: string; label: string; localDate: string; localTime: string;
  providerId: string; providerName: string; locationId: string; locationName: string; timeZone: string;
}

export const STATUS_LABELS: Record<Appointment['status'], string> = {
  booked: 'Booked', confirmed: 'Confirmed', arrived: 'Arrived', in_room: 'In room', completed: 'Completed', cancelled: 'Cancelled', no_show: 'No-show',
};
/** Mantine colour per status: tinted backgrounds with dark text, so every status reads at 4.5:1. */
export const STATUS_COLORS: Record<Appointment['status'], string> = {
  booked: 'blue', confirmed: 'teal', arrived: 'violet', in_room: 'orange', completed: 'green', cancelled: 'gray', no_show: 'red',
};

export const CANCEL_REASONS = [
  { value: 'patient_request', label: 'Patient asked to cancel' },
  { value: 'clinic', label: 'Clinic cancelled' },
  { value: 'provider_unavailable', label: 'Provider unavailable' },
  { value: 'weather', label: 'Weather' },
  { value: 'no_show', label: 'Patient did not come' },
  { value: 'duplicate', label: 'Booked twice (duplicate)' },
  { value: 'other', label: 'Other' },
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number]['value'];

export const SOURCE_LABELS: Record<string, string> = { staff: 'Booked by staff', online: 'Booked online by the patient', api: 'Booked through the API', waitlist: 'From the waitlist' };

/** The booking refusals a staff member may set aside with a reason (not_offered cannot be). */
export const OVERRIDABLE = new Set(['slot_taken', 'outside_hours', 'day_full', 'too_soon', 'too_far']);

/** The 409 of a booking or a move: its words and the next free times it offers. */
export function conflictOf(error: unknown): { code: string; message: string; nextFreeTimes: Slot[] } | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const details = error.details as { nextFreeTimes?: Slot[] } | null;
  // The API's sentence about details is for programs; people see the times as buttons.
  const message = error.message.replace(/\s*Next free times are listed in details\.?$/, '');
  return { code: error.code, message, nextFreeTimes: details?.nextFreeTimes ?? [] };
}

export const useOverview = () => useQuery({
  queryKey: ['schedule', 'overview'],
  queryFn: () => api.get<Overview>('/api/scheduling/overview'),
  staleTime: 30_000,
});

/** Appointments of a location between two instants; the calendar polls while live updates are down. */
export function useAppointments(locationId: string | undefined, from: string, to: string) {
  const refetchInterval = usePollingWhenDown();
  return useQuery({
    queryKey: ['schedule', 'appointments', locationId, from, to],
    queryFn: () => api.get<{ items: Appointment[] }>(`/api/scheduling/appointments${query({ locationId, from, to, limit: 2000 })}`),
    enabled: Boolean(locationId),
    refetchInterval,
  });
}

/** Free times of a service at a location from one local date to another (inclusive). */
export function useSlots(params: { serviceId?: string; locationId?: string; providerId?: string; from: string; to: string }, enabled = true) {
  return useQuery({
    queryKey: ['schedule', 'slots', params],
    queryFn: () => api.get<{ items: Slot[]; truncated: boolean; timeZone: string }>(`/api/scheduling/slots${query({ ...params, limit: 2000 })}`),
    enabled: enabled && Boolean(params.serviceId && params.locationId),
  });
}

/** Services that this provider offers at this location. */
export const servicesOf = (services: Service[], providerId: string | undefined, locationId: string | undefined) =>
  services.filter((s) => s.offerings.some((o) => (!providerId || o.providerId === providerId) && (!locationId || o.locationId === locationId)));

/** Providers who offer anything at this location (the calendar's columns to choose from). */
export const providersAt = (overview: Overview, locationId: string | undefined): Provider[] =>
  overview.providers.filter((p) => overview.services.some((s) => s.offerings.some((o) => o.providerId === p.id && o.locationId === locationId)));

/** "Mon, Mar 9, 9:00 AM EDT": an instant on the location's wall clock. */
export const clinicLabel = (at: string, zone: string) => DateTime.fromISO(at, { zone }).toFormat('ccc, LLL d, h:mm a ZZZZ');
export const clinicClock = (at: string, zone: string) => DateTime.fromISO(at, { zone }).toFormat('h:mm a');

/** A local date and HH:MM in the location's zone as an instant (what the API wants). */
export const instantAt = (date: string, time: string, zone: string): string | null => {
  const at = DateTime.fromISO(`${date}T${time}`, { zone });
  return at.isValid ? at.toUTC().toISO({ suppressMilliseconds: true }) : null;
};

export const locationOf = (overview: Overview | undefined, id: string | undefined): Location | undefined => overview?.locations.find((l) => l.id === id);
