import { Badge } from '@mantine/core';
import type { Referral, ReferralKind, ReferralStatus, ReferralUrgency } from '../../types-referrals.js';
import { relative } from '../feedback/labels.js';

export const STATUS_LABELS: Record<ReferralStatus, string> = {
  sent: 'Sent', scheduled: 'Scheduled', completed: 'Completed', result_received: 'Result received', declined: 'Declined', cancelled: 'Cancelled',
};
// Tinted backgrounds with dark text: every badge reads at 4.5:1.
const STATUS_COLORS: Record<ReferralStatus, string> = {
  sent: 'blue', scheduled: 'teal', completed: 'violet', result_received: 'green', declined: 'orange', cancelled: 'gray',
};
export const KIND_LABELS: Record<ReferralKind, string> = { specialty: 'Specialty', external: 'External provider', test: 'Test' };
export const URGENCIES: { value: ReferralUrgency; label: string; hint: string }[] = [
  { value: 'routine', label: 'Routine', hint: 'closed within 42 days' },
  { value: 'urgent', label: 'Urgent', hint: 'closed within 14 days' },
  { value: 'emergency', label: 'Emergency', hint: 'closed within 24 hours' },
];
const URGENCY_COLORS: Record<ReferralUrgency, string> = { routine: 'gray', urgent: 'orange', emergency: 'red' };
export const urgencyLabel = (urgency: ReferralUrgency) => URGENCIES.find((u) => u.value === urgency)?.label ?? urgency;

export function StatusBadge({ status }: { status: ReferralStatus }) {
  return <Badge color={STATUS_COLORS[status]} variant="light" tt="none" styles={{ label: { color: "var(--mantine-color-dark-8)" } }}>{STATUS_LABELS[status]}</Badge>;
}

export function UrgencyBadge({ urgency }: { urgency: ReferralUrgency }) {
  return <Badge color={URGENCY_COLORS[urgency]} variant="light" tt="none" styles={{ label: { color: "var(--mantine-color-dark-8)" } }}>{urgencyLabel(urgency)}</Badge>;
}

/** "Overdue, due 3 days ago", "Due in 12 days", or how it ended. */
export function dueText(referral: Pick<Referral, 'status' | 'dueAt' | 'overdue'>): string {
  if (referral.status === 'result_received' || referral.status === 'declined' || referral.status === 'cancelled') return STATUS_LABELS[referral.status];
  return referral.overdue ? `Overdue, due ${relative(referral.dueAt)}` : `Due ${relative(referral.dueAt)}`;
}
