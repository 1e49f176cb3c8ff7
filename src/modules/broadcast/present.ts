import { iso } from '../../platform/schemas.js';
import type { PatientRef } from '../patients/service.js';
import { noExclusions } from './rules.js';
import type { Broadcast, BroadcastSummary, ChannelStats, Exclusions, Recipient, Segment, SkipReason, Stats } from './schemas.js';
import type { BroadcastRow, CountRow, RecipientRow } from './store.js';

/** Turns rows into the API's shapes. */
export const emptyStats = (): Stats => ({ recipients: 0, skipped: 0, pending: 0, queued: 0, sent: 0, delivered: 0, failed: 0, cancelled: 0, replied: 0 });

function add(stats: Stats, row: CountRow) {
  stats.recipients += row.n;
  stats.replied += row.replied;
  // "sent" counts every message that left (delivered ones included); "delivered" those the provider confirmed.
  if (row.status === 'delivered') stats.sent += row.n;
  stats[row.status] += row.n;
}

export function statsOf(rows: CountRow[]): { stats: Stats; byChannel: ChannelStats } {
  const stats = emptyStats();
  const byChannel: ChannelStats = { sms: emptyStats(), email: emptyStats() };
  for (const row of rows) {
    add(stats, row);
    if (row.channel) add(byChannel[row.channel], row);
  }
  return { stats, byChannel };
}

export const exclusionsOf = (row: BroadcastRow): Exclusions => ({ ...noExclusions(), ...row.excluded });

const appointmentsCancelled = (value: unknown): Broadcast['appointmentsCancelled'] => {
  const done = value as (Omit<NonNullable<Broadcast['appointmentsCancelled']>, 'failed'> & { failed?: number }) | { inProgress: true } | null;
  return done && 'at' in done ? { ...done, failed: done.failed ?? 0 } : null;
};

export function presentBroadcast(row: BroadcastRow, counts: CountRow[]): Broadcast {
  return {
    id: row.id, title: row.title, purpose: row.purpose, status: row.status, segment: row.segment as Segment, segmentLabel: row.segment_label,
    smsBody: row.sms_body, emailSubject: row.email_subject, emailBody: row.email_body,
    throttle: { smsPerMinute: row.sms_per_minute, emailPerMinute: row.email_per_minute },
    ...statsOf(counts), excluded: exclusionsOf(row),
    createdBy: row.created_by, createdByName: row.created_by_name, createdAt: row.created_at.toISOString(),
    startedAt: iso(row.started_at), startedByName: row.started_by_name, finishedAt: iso(row.finished_at), cancelledAt: iso(row.cancelled_at),
    appointmentsCancelled: appointmentsCancelled(row.appointments_cancelled),
  };
}

export const presentSummary = (row: BroadcastRow, counts: CountRow[]): BroadcastSummary => ({
  id: row.id, title: row.title, purpose: row.purpose, status: row.status, segmentLabel: row.segment_label, stats: statsOf(counts).stats,
  createdByName: row.created_by_name, createdAt: row.created_at.toISOString(), startedAt: iso(row.started_at), finishedAt: iso(row.finished_at),
});

export const presentRecipient = (row: RecipientRow, patient: PatientRef | undefined): Recipient => ({
  id: row.id, patientId: row.patient_id, patientName: patient?.name ?? 'Unknown patient', mrn: patient?.mrn ?? '',
  channel: row.channel, address: row.address, status: row.status, skipReason: row.skip_reason as SkipReason | null, error: row.error,
  appointmentId: row.appointment_ids[0] ?? null, queuedAt: iso(row.queued_at), sentAt: iso(row.sent_at), deliveredAt: iso(row.delivered_at),
  repliedAt: iso(row.replied_at), conversationId: row.conversation_id,
});
