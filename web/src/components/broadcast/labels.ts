// What broadcast words mean to the staff who send them.
import type { Purpose } from '../../types-broadcast.js';

/** The three purposes, and what each means for consent (the server applies the same rules). */
export const PURPOSES: { value: Purpose; label: string; consent: string }[] = [
  {
    value: 'urgent_operational',
    label: 'Urgent operational',
    consent: 'Closures and emergencies that change care now. Reaches every patient with care consent on any channel we have for them, even a patient who asked not to be contacted. Numbers that texted STOP get no text.',
  },
  {
    value: 'operational',
    label: 'Operational',
    consent: 'A change to the clinic’s service, such as new opening hours. Reaches patients with care consent, on their preferred channel first. Patients who asked not to be contacted are left out.',
  },
  {
    value: 'marketing',
    label: 'Marketing',
    consent: 'News, campaigns, offers. Reaches only patients who gave marketing consent; nobody else, whatever the channel.',
  },
];

export const purposeLabel = (purpose: string) => PURPOSES.find((p) => p.value === purpose)?.label ?? purpose;

export const STATUS_LABELS: Record<string, { label: string; color: string }> = {
  draft: { label: 'Draft', color: 'gray' },
  sending: { label: 'Sending', color: 'blue' },
  sent: { label: 'Sent', color: 'green' },
  cancelled: { label: 'Cancelled', color: 'orange' },
};

export const statusLabel = (status: string) => STATUS_LABELS[status] ?? { label: status, color: 'gray' };

export const RECIPIENT_STATUS_LABELS: Record<string, string> = {
  pending: 'Waiting',
  queued: 'Queued',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
};

export const recipientStatusLabel = (status: string) => RECIPIENT_STATUS_LABELS[status] ?? status;

export const CHANNEL_NAMES: Record<string, string> = { sms: 'Text message', email: 'E-mail' };

/** Why a patient in the segment gets nothing, in the clinic's words. */
export const EXCLUSION_LABELS: Record<string, string> = {
  noConsent: 'No consent for this purpose',
  optedOut: 'Texted STOP (and has no other way)',
  noContact: 'No phone or e-mail for the channels with a message',
  doNotContact: 'Asked not to be contacted',
};

export const exclusionLabel = (key: string) => EXCLUSION_LABELS[key] ?? key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());

/** "1 patient", "1,200 patients". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
