import { randomBytes } from 'node:crypto';
import type { EndpointChannel } from '../../db/schema-inbox.js';
import { conflict, invalid, notFound, pgErrorCode, UNIQUE_VIOLATION } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import { findOrganization } from '../identity/service.js';
import { toE164 } from '../patients/phone.js';
import * as store from './store.js';
import type { EndpointRow, OutboxRow } from './store.js';

export type EndpointRowType = EndpointRow;
export type { EndpointRow, OutboxRow };

export { dispatch, dispatchMany, optedOutNumbers, queueOutbound, queueOutboundMany, recordProviderStatus, type OutboundMessage, type Queued } from './outbox.js';

/** The clinic's addresses on each channel: its SMS/voice numbers, its mailbox, its chat widget keys. */
export const listEndpoints = (platform: Platform, actor: Actor) => store.listEndpoints(platform.db, actor.organizationId);

/** Which clinic a number, mailbox or widget key belongs to (inbound messages are routed by it). */
export const findEndpoint = (platform: Platform, channel: EndpointChannel, address: string) => store.findEndpoint(platform.db, channel, address);

export const firstEndpoint = (platform: Platform, organizationId: string, channel: EndpointChannel) => store.firstEndpoint(platform.db, organizationId, channel);

const MAILBOX = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export async function addEndpoint(platform: Platform, actor: Actor, input: { channel: string; address?: string; name: string; departmentId?: string | null }): Promise<EndpointRow> {
  const channel = input.channel as EndpointChannel;
  let address = input.address?.trim() ?? '';
  if (input.channel === 'sms' || input.channel === 'voice') {
    const phone = toE164(address);
    if (!phone) throw invalid('address', 'is not a valid phone number');
    address = phone;
  } else if (input.channel === 'email') {
    address = address.toLowerCase();
    if (!MAILBOX.test(address) || address.includes('+')) throw invalid('address', 'must be a mailbox name (letters, digits, . _ -), the part before @');
  } else {
    address = `chat_${randomBytes(12).toString('base64url')}`;
  }
  try {
    return await store.insertEndpoint(platform.db, {
      organization_id: actor.organizationId, channel, address, name: input.name.trim(), department_id: input.departmentId ?? null,
    });
  } catch (error) {
    if (pgErrorCode(error) === UNIQUE_VIOLATION) throw conflict('endpoint_taken', `${address} is already in use on ${input.channel}.`, { field: 'address' });
    throw error;
  }
}

export async function removeEndpoint(platform: Platform, actor: Actor, id: string) {
  const row = await store.deleteEndpoint(platform.db, actor.organizationId, id);
  if (!row) throw notFound('channel endpoint', id);
  return row;
}

/** The e-mail address of a mailbox endpoint (riverside@<MAIL_DOMAIN>). */
export const mailboxAddress = (platform: Platform, mailbox: string) => `${mailbox}@${platform.config.mailDomain}`;

/** The address replies come back to; the token ties them to the conversation (see email adapter). */
export const replyAddress = (platform: Platform, mailbox: string, token: string) => `${mailbox}+${token}@${platform.config.mailDomain}`;

/** The clinic's sending identity on a channel: its first number or mailbox ("Riverside Family Clinic" <riverside@...>). */
export async function senderFor(platform: Platform, organizationId: string, channel: 'sms' | 'email'): Promise<string | null> {
  const endpoint = await store.firstEndpoint(platform.db, organizationId, channel);
  if (!endpoint) return null;
  if (channel === 'sms') return endpoint.address;
  const organization = await findOrganization(platform, organizationId);
  return `"${(organization?.name ?? 'Clinic').replace(/"/g, '')}" <${mailboxAddress(platform, endpoint.address)}>`;
}

export const isOptedOut = (platform: Platform, organizationId: string, phone: string) => store.isOptedOut(platform.db, organizationId, phone);
export const recordOptOut = (platform: Platform, organizationId: string, phone: string) => store.optOut(platform.db, organizationId, phone);
export const recordOptIn = (platform: Platform, organizationId: string, phone: string) => store.optIn(platform.db, organizationId, phone);

/** Cancels a queued outbound message (a scheduled reply withdrawn before its time). */
/** The purposes of what the clinic sent to an address lately (a broadcast, a survey): a reply to them is for a person. */
export const outboundPurposesSince = (platform: Platform, organizationId: string, recipient: string, since: Date) => store.outboundPurposesSince(platform.db, organizationId, recipient, since);
export const cancelOutbound = (platform: Platform, organizationId: string, messageId: string) => store.cancelOutbox(platform.db, organizationId, messageId);

export async function listOutbox(platform: Platform, actor: Actor, filter: { testOnly: boolean; limit: number; offset: number }) {
  const [rows, count] = await store.listOutbox(platform.db, actor.organizationId, filter);
  return { items: rows.map(presentOutbox), total: Number(count.total) };
}

export const presentOutbox = (row: OutboxRow) => ({
  id: row.id, channel: row.channel, purpose: row.purpose, recipient: row.recipient, sender: row.sender, subject: row.subject,
  body: row.body, status: row.status, testMode: row.test_mode, attempts: row.attempts, lastError: row.last_error,
  patientId: row.patient_id, conversationId: row.conversation_id, messageId: row.message_id,
  createdAt: row.created_at.toISOString(), sendAfter: row.send_after.toISOString(),
  sentAt: row.sent_at?.toISOString() ?? null, deliveredAt: row.delivered_at?.toISOString() ?? null,
});
