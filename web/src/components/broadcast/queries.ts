// The broadcast screens' data and the lists the compose screen picks from.
import { useQuery, type Query } from '@tanstack/react-query';
import type { Location, Provider } from '../../../../src/modules/scheduling/setup-schemas.js';
import { api } from '../../api.js';
import type { Broadcast } from '../../types-broadcast.js';

/** Every query of these screens starts with this key, so one invalidation refreshes them all. */
export const BROADCASTS = 'broadcasts';
export const detailKey = (id: string) => [BROADCASTS, 'detail', id] as const;
export const recipientsKey = (id: string) => [BROADCASTS, 'recipients', id] as const;

export const useBroadcast = (id: string, refetchInterval: number | false | ((query: Query<Broadcast>) => number | false) = false) => useQuery({
  queryKey: detailKey(id),
  queryFn: () => api.get<Broadcast>(`/api/broadcasts/${id}`),
  refetchInterval,
});

/** Locations still in use, for the appointments segment. */
export const useLocations = () => useQuery({
  queryKey: [BROADCASTS, 'locations'],
  queryFn: () => api.get<{ items: Location[] }>('/api/scheduling/locations').then((r) => r.items.filter((l) => !l.archived)),
  staleTime: 60_000,
});

export const useProviders = () => useQuery({
  queryKey: [BROADCASTS, 'providers'],
  queryFn: () => api.get<{ items: Provider[] }>('/api/scheduling/providers').then((r) => r.items.filter((p) => !p.archived)),
  staleTime: 60_000,
});
