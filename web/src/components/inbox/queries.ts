// The inbox's server state: lists, one conversation, colleagues, teams, canned replies, and the
// changes an agent makes. Query keys start with 'inbox' so live events can refresh them.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, query } from '../../api.js';
import { useLive, usePollingWhenDown } from '../../live.js';
import type { Agent, CannedReply, ConversationChanges, ConversationDetail, ConversationList, Department, InboxChannel, InboxPriority } from '../../types.js';

export const PAGE_SIZE = 25;
export const STATUSES = ['open', 'pending', 'snoozed', 'resolved'] as const;
export type ListStatus = (typeof STATUSES)[number];
export type Scope = 'mine' | 'unassigned' | 'all';

export interface InboxFilters {
  status: ListStatus;
  scope: Scope;
  departmentId: string;
  assigneeId: string;
  channel: InboxChannel | '';
  priority: InboxPriority | '';
  label: string;
  dueSoon: boolean;
  page: number;
}

const CHANNELS: InboxChannel[] = ['sms', 'email', 'chat', 'voice', 'portal'];
const PRIORITY_VALUES: InboxPriority[] = ['low', 'normal', 'high', 'urgent'];
const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T => (allowed.includes(value as T) ? (value as T) : fallback);

/** The filters live in the address, so a reload or a shared link shows the same list. */
export function filtersFrom(params: URLSearchParams): InboxFilters {
  return {
    status: pick(params.get('status'), STATUSES, 'open'),
    scope: pick(params.get('scope'), ['mine', 'unassigned', 'all'] as const, 'all'),
    departmentId: params.get('team') ?? '',
    assigneeId: params.get('assignee') ?? '',
    channel: pick(params.get('channel'), ['', ...CHANNELS] as const, ''),
    priority: pick(params.get('priority'), ['', ...PRIORITY_VALUES] as const, ''),
    label: params.get('label') ?? '',
    dueSoon: params.get('due') === 'soon',
    page: Math.max(1, Number(params.get('page') ?? '1') || 1),
  };
}

export function paramsFrom(filters: InboxFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status !== 'open') params.set('status', filters.status);
  if (filters.scope !== 'all') params.set('scope', filters.scope);
  if (filters.departmentId) params.set('team', filters.departmentId);
  if (filters.assigneeId) params.set('assignee', filters.assigneeId);
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.priority) params.set('priority', filters.priority);
  if (filters.label) params.set('label', filters.label);
  if (filters.dueSoon) params.set('due', 'soon');
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

function listQueryString(filters: InboxFilters): string {
  const assignee = filters.assigneeId || (filters.scope === 'mine' ? 'me' : filters.scope === 'unassigned' ? 'none' : undefined);
  return query({
    status: filters.status, assignee, departmentId: filters.departmentId, channel: filters.channel, priority: filters.priority,
    label: filters.label.trim().toLowerCase(), dueWithinMinutes: filters.dueSoon ? 30 : undefined, sort: filters.dueSoon ? 'due' : 'recent',
    limit: PAGE_SIZE, offset: (filters.page - 1) * PAGE_SIZE,
  });
}

export function useConversationList(filters: InboxFilters) {
  const refetchInterval = usePollingWhenDown();
  return useQuery({
    queryKey: ['inbox', 'list', filters],
    queryFn: () => api.get<ConversationList>(`/api/inbox/conversations${listQueryString(filters)}`),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
}

/** Open conversations for the navigation badge (counts come with any list answer). */
export function useInboxCounts(enabled: boolean) {
  return useQuery({
    queryKey: ['inbox', 'counts'],
    queryFn: async () => (await api.get<ConversationList>('/api/inbox/conversations?limit=1')).counts,
    enabled,
    refetchInterval: 30_000,
    staleTime: 15_000,
  });
}

export function useConversation(id: string | undefined) {
  const refetchInterval = usePollingWhenDown();
  return useQuery({
    queryKey: ['inbox', 'conversation', id],
    queryFn: () => api.get<ConversationDetail>(`/api/inbox/conversations/${id ?? ''}`),
    enabled: Boolean(id),
    refetchInterval,
    staleTime: 2_000,
  });
}

/** A patient's conversations (all statuses), for the 360 panel and for merging. */
export function usePatientConversations(patientId: string | null) {
  return useQuery({
    queryKey: ['inbox', 'patient', patientId, 'conversations'],
    queryFn: () => api.get<ConversationList>(`/api/inbox/conversations${query({ patientId, status: 'all', limit: 50 })}`),
    enabled: Boolean(patientId),
  });
}

function asAgents(data: unknown): Agent[] {
  const items = Array.isArray(data) ? data : (data as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return [];
  return items.flatMap((raw) => {
    const item = raw as { id?: unknown; displayName?: unknown; name?: unknown; departmentId?: unknown; online?: unknown };
    const name = typeof item.displayName === 'string' ? item.displayName : typeof item.name === 'string' ? item.name : null;
    if (typeof item.id !== 'string' || !name) return [];
    return [{ id: item.id, displayName: name, departmentId: typeof item.departmentId === 'string' ? item.departmentId : null, ...(typeof item.online === 'boolean' && { online: item.online }) }];
  });
}

/** Whether a colleague is online: the socket's latest word, else what the agents list said. */
export function useIsOnline() {
  const { presence } = useLive();
  const agents = useAgents();
  return (userId: string | null) => userId !== null && (presence.get(userId) ?? agents.data?.find((a) => a.id === userId)?.online ?? false);
}

/** Colleagues who can take conversations: the inbox's own list, or the task assignees where that is not there yet. */
export function useAgents() {
  return useQuery({
    queryKey: ['inbox', 'agents'],
    queryFn: async () => {
      try {
        return asAgents(await api.get<unknown>('/api/inbox/agents'));
      } catch (error) {
        if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 403)) throw error;
      }
      try {
        return asAgents(await api.get<unknown>('/api/tasks/assignees'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 403) return [];
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useDepartments() {
  return useQuery({ queryKey: ['departments', 'active'], queryFn: () => api.get<Department[]>('/api/departments'), staleTime: 60_000 });
}

function asCanned(data: unknown): CannedReply[] {
  const items = Array.isArray(data) ? data : (data as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return [];
  return items.flatMap((raw) => {
    const item = raw as { id?: unknown; title?: unknown; name?: unknown; shortcut?: unknown; body?: unknown };
    const title = [item.title, item.name, item.shortcut].find((v): v is string => typeof v === 'string');
    return typeof item.id === 'string' && title && typeof item.body === 'string' ? [{ id: item.id, title, body: item.body }] : [];
  });
}

/** Canned replies, or null when this server has none to offer yet (404). */
export function useCannedReplies() {
  return useQuery({
    queryKey: ['inbox', 'canned-replies'],
    queryFn: async () => {
      try {
        return asCanned(await api.get<unknown>('/api/inbox/canned-replies'));
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** The canned reply's text with its variables filled for this conversation (its raw text where the server cannot fill them). */
export async function cannedBody(conversationId: string, canned: CannedReply): Promise<{ body: string; filled: boolean }> {
  try {
    const filled = await api.get<{ body: string }>(`/api/inbox/conversations/${conversationId}/canned-replies/${canned.id}`);
    return { body: filled.body, filled: true };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { body: canned.body, filled: false };
    throw error;
  }
}

/** Whatever changed a conversation: show the server's answer at once, and refresh the lists and the patient panel. */
export function useConversationRefresh() {
  const queryClient = useQueryClient();
  return async (detail?: ConversationDetail, previousId?: string) => {
    if (detail) queryClient.setQueryData(['inbox', 'conversation', detail.id], detail);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['inbox', 'list'] }),
      queryClient.invalidateQueries({ queryKey: ['inbox', 'counts'] }),
      queryClient.invalidateQueries({ queryKey: ['inbox', 'patient'] }),
      previousId && previousId !== detail?.id ? queryClient.invalidateQueries({ queryKey: ['inbox', 'conversation', previousId] }) : undefined,
      detail ? undefined : queryClient.invalidateQueries({ queryKey: ['inbox', 'conversation'] }),
    ]);
  };
}

/** PATCH a conversation (status, snooze, priority, labels, team, assignee). */
export function useUpdateConversation(id: string, onError: (error: unknown) => void) {
  const refresh = useConversationRefresh();
  return useMutation({
    mutationFn: (changes: ConversationChanges) => api.patch<ConversationDetail>(`/api/inbox/conversations/${id}`, changes),
    onSuccess: (detail) => refresh(detail),
    onError: async (error) => { onError(error); await refresh(undefined, id); },
  });
}
