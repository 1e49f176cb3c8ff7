import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.js';
import type { ApiToken, Department, RoleInfo, Staff } from '../../types.js';

export const useStaff = () => useQuery({ queryKey: ['admin', 'users'], queryFn: () => api.get<Staff[]>('/api/users') });
export const useDepartments = () => useQuery({ queryKey: ['admin', 'departments'], queryFn: () => api.get<Department[]>('/api/departments?includeArchived=true') });
export const useRoles = () => useQuery({ queryKey: ['admin', 'roles'], queryFn: () => api.get<RoleInfo[]>('/api/roles'), staleTime: Infinity });
export const useTokens = (enabled = true) => useQuery({ queryKey: ['admin', 'tokens'], queryFn: () => api.get<ApiToken[]>('/api/tokens'), enabled });
