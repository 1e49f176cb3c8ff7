import type { Platform } from '../../platform/platform.js';
import { isOptedOut } from '../channels/service.js';
import { contactConsents } from '../patients/service.js';
import type { ConversationRow } from './store.js';

export interface ReplyOption {
  channel: 'sms' | 'email' | 'chat';
  recipient: string;
  allowed: boolean;
  reason: string | null;
}

const isPhone = (value: string | null): value is string => value !== null && /^\+\d{6,15}$/.test(value);
const isEmail = (value: string | null): value is string => value !== null && value.includes('@');

/**
 * Where an agent can answer: on the channel the patient used (to the address they wrote from),
 * or on another channel the patient consented to (their record's phones and e-mails).
 */
export async function replyOptions(platform: Platform, conversation: ConversationRow): Promise<ReplyOption[]> {
  const options: ReplyOption[] = [];
  const add = (option: ReplyOption) => {
    if (!options.some((o) => o.channel === option.channel && o.recipient === option.recipient)) options.push(option);
  };
  const address = conversation.contact_address;
  if (conversation.channel === 'chat') add({ channel: 'chat', recipient: 'web chat visitor', allowed: true, reason: null });
  if ((conversation.channel === 'sms' || conversation.channel === 'voice') && isPhone(address)) add({ channel: 'sms', recipient: address, allowed: true, reason: null });
  if (isEmail(address)) add({ channel: 'email', recipient: address, allowed: true, reason: null });
  if (conversation.patient_id) {
    const [phones, emails] = await Promise.all([
      contactConsents(platform, conversation.organization_id, conversation.patient_id, 'phone'),
      contactConsents(platform, conversation.organization_id, conversation.patient_id, 'email'),
    ]);
    // The record's refusal wins over the address the patient wrote from.
    for (const phone of phones) {
      const existing = options.find((o) => o.channel === 'sms' && o.recipient === phone.value);
      if (existing && !phone.consentCare) Object.assign(existing, { allowed: false, reason: 'no consent to care messages' });
      add({ channel: 'sms', recipient: phone.value, allowed: phone.consentCare, reason: phone.consentCare ? null : 'no consent to care messages' });
    }
    for (const email of emails) {
      const existing = options.find((o) => o.channel === 'email' && o.recipient === email.value);
      if (existing && !email.consentCare) Object.assign(existing, { allowed: false, reason: 'no consent to care messages' });
      add({ channel: 'email', recipient: email.value, allowed: email.consentCare, reason: email.consentCare ? null : 'no consent to care messages' });
    }
  }
  // A STOP is the more specific refusal: it is named even where the record's consent is off too.
  for (const option of options) {
    if (option.channel === 'sms' && (await isOptedOut(platform, conversation.organization_id, option.recipient))) {
      Object.assign(option, { allowed: false, reason: 'texted STOP' });
    }
  }
  return options;
}
