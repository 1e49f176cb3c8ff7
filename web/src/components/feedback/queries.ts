// Reference lists the feedback screens name things with (departments, services, staff), fetched once and shared.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.js';
import type { Department } from '../../types.js';

interface Named { id: string; name: string }

export const useDepartmentList = () => useQuery({
  queryKey: ['departments', 'all'], queryFn: () => api.get<Department[]>('/api/departments?includeArchived=true'), staleTime: 60_000,
});
export const useServiceList = (enabled: boolean) => useQuery({
  queryKey: ['scheduling', 'services'], queryFn: () => api.get<{ items: (Named & { archived: boolean })[] }>('/api/scheduling/services'), staleTime: 60_000, enabled,
});
export const useAssignees = (enabled: boolean) => useQuery({
  queryKey: ['tasks', 'assignees'], queryFn: () => api.get<{ items: { id: string; displayName: string; departmentId: string | null }[] }>('/api/tasks/assignees'), staleTime: 60_000, enabled,
});

/** A name for an id from a list, or a fallback while the list loads or when the id is gone. */
export function nameIn(list: Named[] | undefined, id: string | null, none: string): string {
  if (!id) return none;
  return list?.find((item) => item.id === id)?.name ?? '…';
}
