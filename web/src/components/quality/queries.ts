// Reference lists the quality screens need (places, staff), fetched once and shared.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.js';

export const useLocations = (enabled: boolean) => useQuery({
  queryKey: ['scheduling', 'locations', 'all'], queryFn: () => api.get<{ items: { id: string; name: string; archived: boolean }[] }>('/api/scheduling/locations'), staleTime: 60_000, enabled,
});

export const useStaff = (enabled: boolean) => useQuery({
  queryKey: ['tasks', 'assignees'], queryFn: () => api.get<{ items: { id: string; displayName: string; departmentId: string | null }[] }>('/api/tasks/assignees'), staleTime: 60_000, enabled,
});

/** Today in the browser's calendar, YYYY-MM-DD (the smallest due date an action may have). */
export function todayDate(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** A datetime-local input's value for a moment (the browser's zone). */
export function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
