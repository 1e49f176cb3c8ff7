// Words and small conversions the task screens share.
import type { Task } from '../../../../src/modules/care/schemas.js';

export type Action = 'complete' | 'reassign' | 'due';

export const KINDS: { value: Task['kind']; label: string }[] = [
  { value: 'callback', label: 'Callback' }, { value: 'post_visit_call', label: 'Post-visit call' }, { value: 'lab_result', label: 'Lab result' },
  { value: 'recovery_call', label: 'Recovery call' }, { value: 'referral_follow_up', label: 'Referral follow-up' }, { value: 'other', label: 'Other' },
];
export const kindLabel = (kind: Task['kind']) => KINDS.find((k) => k.value === kind)?.label ?? kind;
export const PRIORITIES: Task['priority'][] = ['low', 'normal', 'high', 'urgent'];
export const PRIORITY_COLORS: Record<Task['priority'], string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };

/** "in 3 hours", "2 days ago": how far a time is from now. */
export function relative(timestamp: string, now = Date.now()): string {
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const minutes = Math.round((Date.parse(timestamp) - now) / 60_000);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  return Math.abs(hours) < 24 ? format.format(hours, 'hour') : format.format(Math.round(hours / 24), 'day');
}

/** An instant as a datetime-local input shows it (the browser's zone), and back. */
export function toLocalInput(timestamp: string): string {
  const d = new Date(timestamp);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
export const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : undefined);
