// The Reports page's reads and writes, one TanStack Query key per call so filters refetch only what changed.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../api.js';
import { reportQuery, type ReportFilters } from './reportFilters.js';
import type { CompareBy, Comparison, Dimensions, FactRows, Summary, Target, Trend, TrendInterval } from './types.js';

export const ROWS_PER_PAGE = 25;

export function useSummary(filters: ReportFilters) {
  return useQuery({
    queryKey: ['reports', 'summary', filters],
    queryFn: () => api.get<Summary>(`/api/reports/summary${reportQuery(filters)}`),
    placeholderData: keepPreviousData,
  });
}

export function useDimensions() {
  return useQuery({ queryKey: ['reports', 'dimensions'], queryFn: () => api.get<Dimensions>('/api/reports/dimensions'), staleTime: 5 * 60_000 });
}

export function useTrend(filters: ReportFilters, kpi: string, interval: TrendInterval) {
  return useQuery({
    queryKey: ['reports', 'trend', filters, kpi, interval],
    queryFn: () => api.get<Trend>(`/api/reports/trend${reportQuery(filters, { kpi, interval })}`),
    placeholderData: keepPreviousData,
  });
}

export function useComparison(filters: ReportFilters, kpi: string, by: CompareBy) {
  return useQuery({
    queryKey: ['reports', 'compare', filters, kpi, by],
    queryFn: () => api.get<Comparison>(`/api/reports/compare${reportQuery(filters, { kpi, by })}`),
    placeholderData: keepPreviousData,
  });
}

export function useFactRows(filters: ReportFilters, kpi: string | null, page: number) {
  return useQuery({
    queryKey: ['reports', 'rows', filters, kpi, page],
    queryFn: () => api.get<FactRows>(`/api/reports/rows${reportQuery(filters, { kpi: kpi ?? '', limit: ROWS_PER_PAGE, offset: (page - 1) * ROWS_PER_PAGE })}`),
    enabled: kpi !== null,
    placeholderData: keepPreviousData,
  });
}

export function useTargets(enabled: boolean) {
  return useQuery({
    queryKey: ['reports', 'targets'],
    queryFn: async () => (await api.get<{ items: Target[] }>('/api/reports/targets')).items,
    enabled,
  });
}

export interface TargetInput {
  kpi: string;
  departmentId: string | null;
  green: number;
  amber: number;
}

/** Saving or removing a target changes every RAG badge: the summary is read again. */
export function useTargetChanges() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['reports'] });
  const save = useMutation({ mutationFn: (input: TargetInput) => request<Target>('PUT', '/api/reports/targets', input), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (id: string) => api.delete<void>(`/api/reports/targets/${id}`), onSuccess: refresh });
  return { save, remove };
}
