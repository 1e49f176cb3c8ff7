import type { ContactPreferences } from '../patients/service.js';
import type { BroadcastChannel, Exclusions, Purpose, SkipReason } from './schemas.js';

/**
 * Which channel and address a patient of a broadcast is written to, or why nobody is. The rules:
 * - consent by purpose: operational and urgent_operational need care consent on the contact point,
 *   marketing needs marketing consent (care consent is not enough);
 * - a patient whose preferred channel is "none" gets only urgent operational messages;
 * - the preferred channel first (e-mail for those who prefer it, text for everyone else), then the
 *   other one; within a channel the primary contact point first, then the oldest;
 * - a number that texted STOP is never texted; only channels with a message count.
 */
export type Choice = { channel: BroadcastChannel; address: string } | { skip: SkipReason };

export function chooseChannel(purpose: Purpose, patient: ContactPreferences, channels: ReadonlySet<BroadcastChannel>, optedOut: ReadonlySet<string>): Choice {
  if (patient.preferredChannel === 'none' && purpose !== 'urgent_operational') return { skip: 'doNotContact' };
  const order: BroadcastChannel[] = patient.preferredChannel === 'email' ? ['email', 'sms'] : ['sms', 'email'];
  let sawPoint = false;
  let sawConsent = false;
  for (const channel of order.filter((c) => channels.has(c))) {
    const points = patient.contactPoints.filter((point) => point.kind === (channel === 'sms' ? 'phone' : 'email'));
    if (points.length > 0) sawPoint = true;
    const consented = points.filter((point) => (purpose === 'marketing' ? point.consentMarketing : point.consentCare));
    if (consented.length > 0) sawConsent = true;
    const usable = consented.find((point) => channel === 'email' || !optedOut.has(point.value));
    if (usable) return { channel, address: usable.value };
  }
  if (sawConsent) return { skip: 'optedOut' };
  return { skip: sawPoint ? 'noConsent' : 'noContact' };
}

export const noExclusions = (): Exclusions => ({ noConsent: 0, optedOut: 0, noContact: 0, doNotContact: 0 });

export interface Placeholders {
  firstName: string;
  clinicName: string;
  appointmentDate: string;
  appointmentTime: string;
}

const PLACEHOLDER = /\{\{\s*(firstName|clinicName|appointmentDate|appointmentTime)\s*\}\}/g;

/** Fills {{firstName}}, {{clinicName}}, {{appointmentDate}} and {{appointmentTime}}; other braces are left as written. */
export const fill = (template: string, values: Placeholders) => template.replace(PLACEHOLDER, (_, name: keyof Placeholders) => values[name]);
