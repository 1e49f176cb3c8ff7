// How the inbox shows channels, times, SLA due times, people and API refusals.
import { ApiError } from '../../api.js';
import type { InboxChannel, InboxPriority } from '../../types.js';

export const CHANNEL_NAMES: Record<InboxChannel, string> = { sms: 'SMS', email: 'E-mail', chat: 'Web chat', voice: 'Phone', portal: 'Patient page' };
export const REPLY_CHANNEL_NAMES: Record<string, string> = { sms: 'SMS', email: 'E-mail', chat: 'Web chat' };
export const PRIORITIES: InboxPriority[] = ['urgent', 'high', 'normal', 'low'];
export const PRIORITY_COLORS: Record<InboxPriority, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };
export const STATUS_LABELS: Record<string, string> = { open: 'Open', pending: 'Pending', snoozed: 'Snoozed', resolved: 'Resolved', merged: 'Merged' };

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "in 12 minutes", "3 hours ago". */
export function relative(timestamp: string, now = Date.now()): string {
  const minutes = Math.round((Date.parse(timestamp) - now) / 60_000);
  if (Math.abs(minutes) < 60) return relativeFormat.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  return Math.abs(hours) < 24 ? relativeFormat.format(hours, 'hour') : relativeFormat.format(Math.round(hours / 24), 'day');
}

/** A list row's time: "14:05" today, "Mon" this week, "Mar 3" before. */
export function shortTime(timestamp: string, now = new Date()): string {
  const date = new Date(timestamp);
  if (date.toDateString() === now.toDateString()) return date.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
  if (now.getTime() - date.getTime() < 6 * 86_400_000) return date.toLocaleDateString('en-US', { weekday: 'short' });
  return date.toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
}

/** A message's time: "7:18 AM" today, "Mar 3, 7:18 AM" before. */
export function messageTime(timestamp: string, now = new Date()): string {
  const date = new Date(timestamp);
  const time = date.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
  if (date.toDateString() === now.toDateString()) return time;
  const day = date.toLocaleDateString('en-US', { month: 'short', day: 'numeric', ...(date.getFullYear() !== now.getFullYear() && { year: 'numeric' }) });
  return `${day}, ${time}`;
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? '') + (words.length > 1 ? words.at(-1)?.[0] ?? '' : '')).toUpperCase() || '?';
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface SlaView {
  text: string;
  color: 'red' | 'orange' | 'gray';
}

/** The SLA due time the agent must beat next: red once breached, amber within 30 minutes. */
export function slaView(sla: { dueAt: string | null; breached: boolean }, now = Date.now()): SlaView | null {
  if (!sla.dueAt) return null;
  const left = Date.parse(sla.dueAt) - now;
  if (sla.breached || left <= 0) return { text: `SLA breached ${relative(sla.dueAt, now)}`, color: 'red' };
  return { text: `Due ${relative(sla.dueAt, now)}`, color: left <= 30 * 60_000 ? 'orange' : 'gray' };
}

/** What 409 refusals mean for the agent, beyond the server's own sentence. */
const CONFLICT_HINTS: Record<string, string> = {
  conversation_merged: 'Open the conversation it was merged into and work there.',
  no_consent: 'Pick another channel the patient agreed to, or update their consent on the patient page.',
  opted_out: 'The patient texted STOP. Write by e-mail, or wait until they text START.',
  no_address: 'Add a phone number or e-mail on the patient page first.',
  staff_inactive: 'Pick an active colleague.',
  cannot_reply: 'Pick a colleague whose role can answer patients.',
  department_archived: 'Pick a team that is still active.',
  not_scheduled: 'The reply has already gone out or was cancelled.',
  already_sending: 'It is being sent right now.',
  possible_duplicate: 'This person may already be registered: link to the existing record instead.',
  patient_merged: 'Pick the record it was merged into.',
  same_conversation: 'Pick a different conversation.',
  different_patients: 'Move single messages to the right patient instead.',
  cannot_move_note: 'Copy what matters into a note on the other conversation.',
  already_there: 'Nothing to move.',
  already_linked: 'Move single messages to the right patient instead.',
};

/** A title and a message for a failed action (the API's one error shape: error.message). */
export function explainError(error: unknown): { title: string; message: string } {
  if (!(error instanceof ApiError)) return { title: 'That did not work', message: error instanceof Error ? error.message : String(error) };
  if (error.status === 409) {
    const hint = CONFLICT_HINTS[error.code];
    return { title: 'Not possible right now', message: hint ? `${error.message} ${hint}` : `${error.message} Someone may have changed this conversation meanwhile: it has been refreshed.` };
  }
  if (error.status === 403) return { title: 'Your role cannot do this', message: error.message };
  if (error.status === 404) return { title: 'Not found', message: `${error.message} It may have been merged or moved by a colleague.` };
  if (error.status === 400) return { title: 'Please check what you entered', message: error.fields.length > 0 ? error.fields.map((f) => `${f.field}: ${f.message}`).join('; ') : error.message };
  return { title: 'That did not work', message: error.message };
}
