// The scheduling setup screens' data: every list with archived rows (an administrator restores them),
// and one refresh that also renews the booking screens' overview.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Location, Provider, ScheduleException, Service, Week } from '../../../../../src/modules/scheduling/setup-schemas.js';
import { api } from '../../../api.js';

export type { Location, Provider, ScheduleException, Service, Week, WorkingPeriod } from '../../../../../src/modules/scheduling/setup-schemas.js';

const all = <T>(path: string) => () => api.get<{ items: T[] }>(`${path}?includeArchived=true`).then((r) => r.items);

export const useSetupLocations = () => useQuery({ queryKey: ['schedule', 'setup', 'locations'], queryFn: all<Location>('/api/scheduling/locations') });
export const useSetupProviders = () => useQuery({ queryKey: ['schedule', 'setup', 'providers'], queryFn: all<Provider>('/api/scheduling/providers') });
export const useSetupServices = () => useQuery({ queryKey: ['schedule', 'setup', 'services'], queryFn: all<Service>('/api/scheduling/services') });
export const useWeek = (providerId: string | undefined) => useQuery({
  queryKey: ['schedule', 'setup', 'hours', providerId],
  queryFn: () => api.get<Week>(`/api/scheduling/providers/${providerId ?? ''}/hours`),
  enabled: Boolean(providerId),
});
export const useExceptions = (from: string) => useQuery({
  queryKey: ['schedule', 'setup', 'exceptions', from],
  queryFn: () => api.get<{ items: ScheduleException[] }>(`/api/scheduling/exceptions?from=${encodeURIComponent(from)}`).then((r) => r.items),
});

/** After a change: the setup lists and everything the booking screens show (overview, free times). */
export function useRefreshSchedule() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['schedule'] });
}

/** Every IANA zone the browser knows, for the location's time zone. */
export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'UTC'];
  }
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
