import type { OutboxStatus } from '../../db/schema-inbox.js';
import { AppError, invalid } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { systemActor } from '../../platform/permissions.js';
import { findOrganization } from '../identity/service.js';
import { receiveMessage } from '../inbox/service.js';
import { answerAppointmentReply } from '../scheduling/sms-replies.js';
import { contactConsents, findPatientsByContact, setConsentByContact } from '../patients/service.js';
import { toE164 } from '../patients/phone.js';
import { dispatch, queueOutbound, recordProviderStatus } from './outbox.js';
import { findEndpoint, firstEndpoint, isOptedOut, recordOptIn, recordOptOut } from './service.js';
import { keywordEvent, keywordReply, smsKeyword, type SmsKeyword } from './sms-keywords.js';
import type { EndpointRow } from './store.js';

/** The fields of a provider's inbound-text webhook that Careloop reads (others are ignored). */
export type InboundSmsForm = Record<string, string | undefined> & { From: string; To: string; Body?: string; MessageSid?: string; SmsSid?: string; NumMedia?: string };

/** The fields of a provider's delivery status callback. */
export interface SmsStatusForm { MessageSid?: string; SmsSid?: string; MessageStatus?: string; SmsStatus?: string; ErrorCode?: string }

const MAX_MEDIA = 10;

/** A phone number in E.164 when it is one; otherwise the address as the provider gave it (a short code, a name): never dropped. */
export const senderAddress = (raw: string) => toE164(raw) ?? raw.trim();

/** The clinic a provider's number belongs to; 404 unknown_number (logged without the sender) when none. */
export async function endpointFor(platform: Platform, channels: ('sms' | 'voice')[], number: string): Promise<EndpointRow> {
  const candidates = [...new Set([number.trim(), toE164(number)].filter((n): n is string => Boolean(n)))];
  for (const channel of channels) {
    for (const candidate of candidates) {
      const endpoint = await findEndpoint(platform, channel, candidate);
      if (endpoint) return endpoint;
    }
  }
  platform.logger.warn({ channel: channels[0], clinicNumber: number.slice(0, 40) }, 'webhook for a number no clinic has');
  throw new AppError(404, 'unknown_number', `No clinic has the number ${number} on ${channels.join(' or ')}: add it under Admin → Channels.`, { number });
}

/** The text with the provider's links to its pictures and files (MMS); the files stay with the provider, they are not fetched. */
export function textWithMedia(form: InboundSmsForm): string {
  const count = Math.min(MAX_MEDIA, Math.max(0, Number.parseInt(form.NumMedia ?? '0', 10) || 0));
  const lines = [];
  for (let i = 0; i < count; i++) {
    const url = form[`MediaUrl${i}`]?.trim();
    if (url) lines.push(`[attachment: ${url.slice(0, 2000)}]`);
  }
  return [form.Body ?? '', ...lines].filter((part) => part.length > 0).join('\n');
}

/**
 * A text from a patient: filed in the sender's thread on the number they wrote to (one thread per
 * patient per number); a keyword (STOP, START, HELP) changes consent instead, and a reminder's
 * answer (C, R, X, HERE) acts on the appointment. A retried webhook
 * (same MessageSid) stores nothing again.
 */
export async function receiveSms(platform: Platform, form: InboundSmsForm) {
  const sid = form.MessageSid ?? form.SmsSid;
  if (!sid) throw invalid('MessageSid', 'is required');
  const endpoint = await endpointFor(platform, ['sms'], form.To);
  const from = senderAddress(form.From);
  const keyword = smsKeyword(form.Body ?? '');
  if (keyword) return handleKeyword(platform, endpoint, from, sid, keyword, form.Body ?? '');
  // C / R / X / HERE answer a reminder: the scheduling module acts on the visit and answers.
  const replied = await answerAppointmentReply(platform, endpoint, from, sid, form.Body ?? '');
  if (replied) return replied;
  const received = await receiveMessage(platform, {
    organizationId: endpoint.organization_id, channel: 'sms', endpoint: endpoint.address, fromAddress: from,
    threading: 'per-sender', externalId: sid, body: textWithMedia(form), departmentId: endpoint.department_id,
  });
  return { conversationId: received.conversation.id, duplicate: received.duplicate, keyword: null };
}

/**
 * STOP, START and HELP. Each is an event in the thread (it reopens nothing and starts no response
 * clock) and gets one answer, queued with a key made from the MessageSid so a retry never sends a
 * second. STOP is applied even when the webhook is a retry (a crash after the first attempt must
 * not leave texts flowing); START only the first time, so a late retry can never undo a later STOP.
 */
async function handleKeyword(platform: Platform, endpoint: EndpointRow, from: string, sid: string, keyword: SmsKeyword, word: string) {
  const organizationId = endpoint.organization_id;
  if (keyword === 'stop') {
    await recordOptOut(platform, organizationId, from);
    await applyConsent(platform, organizationId, from, false, `texted ${word.trim().toUpperCase().slice(0, 20)}`);
  }
  // Carriers expect STOP to be confirmed and HELP to be answered even for an opted-out number.
  const canAnswer = async () => keyword === 'stop' || keyword === 'help' || !(await isOptedOut(platform, organizationId, from));
  const received = await receiveMessage(platform, {
    organizationId, channel: 'sms', endpoint: endpoint.address, fromAddress: from, threading: 'per-sender',
    externalId: sid, kind: 'event', body: keywordEvent(keyword, word, keyword !== 'help' || (await canAnswer())), departmentId: endpoint.department_id,
  });
  if (keyword === 'start' && !received.duplicate) {
    await recordOptIn(platform, organizationId, from);
    await applyConsent(platform, organizationId, from, true, `texted ${word.trim().toUpperCase().slice(0, 20)}`);
  }
  // A retried START after a later STOP finds the number opted out again: nothing is sent.
  if (await canAnswer()) {
    const organization = await findOrganization(platform, organizationId);
    const clinicPhone = (await firstEndpoint(platform, organizationId, 'voice'))?.address ?? endpoint.address;
    // The patient asked for this answer: it is not the clinic writing, so the record's care consent
    // (just withdrawn by a STOP) does not apply.
    const row = await queueOutbound(platform, {
      organizationId, purpose: keyword === 'stop' ? 'opt_out_confirmation' : keyword === 'start' ? 'opt_in_confirmation' : 'help_reply',
      category: 'care', channel: 'sms', recipient: from, sender: endpoint.address, conversationId: received.conversation.id,
      body: keywordReply(keyword, { name: organization?.name ?? 'Your clinic', phone: clinicPhone }), idempotencyKey: `sms-keyword:${sid}`,
    });
    await dispatch(platform, row);
  }
  return { conversationId: received.conversation.id, duplicate: received.duplicate, keyword };
}

/** Sets care (and marketing, always off) consent on every record with this phone, only where it differs: a retry adds no timeline entry. */
async function applyConsent(platform: Platform, organizationId: string, phone: string, care: boolean, reason: string) {
  const patients = await findPatientsByContact(platform, organizationId, 'phone', phone);
  let differs = false;
  for (const patientId of patients) {
    const points = await contactConsents(platform, organizationId, patientId, 'phone');
    if (points.some((p) => p.value === phone && (p.consentCare !== care || p.consentMarketing))) differs = true;
  }
  if (differs) await setConsentByContact(platform, systemActor(organizationId, 'api', 'Patient by SMS'), 'phone', phone, { care, marketing: false }, reason);
}

const PROVIDER_STATUS: Record<string, OutboxStatus> = {
  accepted: 'queued', scheduled: 'queued', queued: 'queued', sending: 'sending', sent: 'sent',
  delivered: 'delivered', read: 'delivered', undelivered: 'undelivered', failed: 'failed', canceled: 'cancelled',
};

/** Common provider error codes, in words an agent can act on. */
const ERROR_CODES: Record<string, string> = {
  30003: 'the phone is unreachable (off or out of coverage)',
  30004: 'the message was blocked by the recipient or their carrier',
  30005: 'the number does not exist',
  30006: 'the number is a landline or its carrier cannot take texts',
  30007: 'the carrier filtered the message as spam',
  30008: 'unknown error at the carrier',
  21610: 'the recipient has unsubscribed (texted STOP to the provider)',
  21614: 'the number cannot receive texts',
};

/**
 * A provider's delivery report: the message's status moves forward (sent, delivered, undelivered,
 * failed; never back). An unknown MessageSid or status is ignored with 200: providers retry on errors.
 */
export async function smsStatusReported(platform: Platform, form: SmsStatusForm) {
  const sid = form.MessageSid ?? form.SmsSid;
  const reported = form.MessageStatus ?? form.SmsStatus;
  if (!sid) throw invalid('MessageSid', 'is required');
  if (!reported) throw invalid('MessageStatus', 'is required');
  const status = PROVIDER_STATUS[reported.toLowerCase()];
  if (!status) return { known: false };
  const code = form.ErrorCode?.trim();
  const error = code ? `provider error ${code}${ERROR_CODES[code] ? `: ${ERROR_CODES[code]}` : ''}` : undefined;
  const row = await recordProviderStatus(platform, sid, status, error);
  if (!row) return { known: false };
  // The provider itself holds an opt-out (STOP texted before Careloop knew the number): record it, so no more texts are tried.
  if (code === '21610' && row.channel === 'sms') await recordOptOut(platform, row.organization_id, row.recipient);
  return { known: true };
}
