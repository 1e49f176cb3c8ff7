import { useQuery } from '@tanstack/react-query';
import { api, query } from '../../api.js';
import type { Department } from '../../types.js';

export type InboxPriority = 'low' | 'normal' | 'high' | 'urgent';

// The inbox settings as the API answers them (see src/modules/inbox/admin-schemas.ts).
/** weekday 1 = Monday ... 7 = Sunday; times HH:MM in the clinic's time zone. */
export interface Period { weekday: number; opens: string; closes: string }
export interface Holiday { id: string; day: string; name: string; departmentId: string | null }
export interface BusinessHours {
  departmentId: string | null;
  timeZone: string;
  periods: Period[];
  /** The team has no hours of its own: the clinic's apply. */
  inherited: boolean;
  holidays: Holiday[];
}
export interface SlaPolicy {
  id: string;
  name: string;
  departmentId: string | null;
  priority: InboxPriority;
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
  businessHours: boolean;
  warnBeforeMinutes: number;
}
export interface CannedReply { id: string; title: string; shortcut: string | null; body: string; departmentId: string | null }

export interface ChannelEndpoint {
  id: string;
  channel: 'sms' | 'voice' | 'email' | 'chat';
  address: string;
  name: string;
  departmentId: string | null;
  /** A mailbox's full address; a chat widget's script tag; a number as stored. */
  display: string;
  createdAt: string;
}

export interface OutboxItem {
  id: string;
  channel: string;
  purpose: string;
  recipient: string;
  sender: string | null;
  subject: string | null;
  body: string;
  status: string;
  testMode: boolean;
  attempts: number;
  lastError: string | null;
  patientId: string | null;
  conversationId: string | null;
  messageId: string | null;
  createdAt: string;
  sendAfter: string;
  sentAt: string | null;
  deliveredAt: string | null;
}
export interface OutboxPage { items: OutboxItem[]; total: number; testMode: { email: boolean; sms: boolean } }

export interface Agent { id: string; name: string; role: string; departmentId: string | null; online: boolean; openAssigned: number }

export const PRIORITIES: { value: InboxPriority; label: string }[] = [
  { value: 'urgent', label: 'Urgent' }, { value: 'high', label: 'High' }, { value: 'normal', label: 'Normal' }, { value: 'low', label: 'Low' },
];
export const priorityLabel = (value: string) => PRIORITIES.find((p) => p.value === value)?.label ?? value;

export const CHANNEL_NAMES: Record<string, string> = { sms: 'SMS', voice: 'Voice', email: 'E-mail', chat: 'Web chat', portal: 'Patient page' };

export const useEndpoints = () =>
  useQuery({ queryKey: ['inbox-admin', 'endpoints'], queryFn: () => api.get<{ items: ChannelEndpoint[] }>('/api/channels/endpoints') });
export const useOutbox = (testOnly: boolean, limit: number, offset: number) =>
  useQuery({ queryKey: ['inbox-admin', 'outbox', testOnly, limit, offset], queryFn: () => api.get<OutboxPage>(`/api/channels/outbox${query({ testOnly, limit, offset })}`) });
/** Whether e-mail and SMS go out for real (asks for one outbox row: the answer carries the mode). */
export const useTestMode = () =>
  useQuery({ queryKey: ['inbox-admin', 'outbox', 'mode'], queryFn: async () => (await api.get<OutboxPage>('/api/channels/outbox?limit=1')).testMode });
export const useSlaPolicies = () =>
  useQuery({ queryKey: ['inbox-admin', 'sla-policies'], queryFn: () => api.get<{ items: SlaPolicy[] }>('/api/inbox/sla-policies') });
export const useCannedReplies = () =>
  useQuery({ queryKey: ['inbox-admin', 'canned-replies'], queryFn: () => api.get<{ items: CannedReply[] }>('/api/inbox/canned-replies') });
export const useBusinessHours = (departmentId: string | null) =>
  useQuery({ queryKey: ['inbox-admin', 'business-hours', departmentId], queryFn: () => api.get<BusinessHours>(`/api/inbox/business-hours${query({ departmentId })}`) });
export const useAgents = () =>
  useQuery({ queryKey: ['inbox-admin', 'agents'], queryFn: () => api.get<{ items: Agent[] }>('/api/inbox/agents') });
/** Departments anyone signed in may list (the inbox settings name them). */
export const useTeams = () =>
  useQuery({ queryKey: ['inbox-admin', 'departments'], queryFn: () => api.get<Department[]>('/api/departments') });

export const teamName = (teams: Department[] | undefined, id: string | null) =>
  id === null ? 'Whole clinic' : teams?.find((t) => t.id === id)?.name ?? 'Unknown team';

/** "90" minutes as people say it: "1 h 30 min", "2 days". */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [hours ? `${hours} h` : '', rest ? `${rest} min` : ''].filter(Boolean).join(' ');
}
