import { simpleParser, type ParsedMail } from 'mailparser';
import type { Platform } from '../../platform/platform.js';
import { conversationByEmailIds, conversationByNumber, receiveMessage } from '../inbox/service.js';
import { classifyMail, type Classification } from './email-classify.js';
import * as mailStore from './email-store.js';
import type { InboundOutcome } from './email-store.js';
import { verifyReplyToken } from './email-threading.js';
import { announceDelivery } from './outbox.js';
import { findEndpoint } from './service.js';
import type { EndpointRow } from './store.js';

/** A clinic mailbox a mail was addressed to (riverside@<MAIL_DOMAIN>), with the reply token of a plus address. */
export interface MailRecipient {
  address: string;
  endpoint: EndpointRow;
  token: string | null;
}

/** What the SMTP listener answers once the mail is read: accepted (250), or refused with a code the sender's server understands. */
export type MailVerdict = { accepted: true } | { accepted: false; code: number; message: string };

interface Sender { address: string; name: string | null }
interface Filed { outcome: InboundOutcome; messageId: string | null }

/** The clinic mailbox an address names, or null: an address we do not serve is refused at RCPT TO. */
export async function findRecipient(platform: Platform, address: string): Promise<MailRecipient | null> {
  const match = /^([^@+\s]+)(?:\+([^@\s]*))?@([^@\s]+)$/.exec(address.trim().toLowerCase());
  if (!match || match[3] !== platform.config.mailDomain) return null;
  const endpoint = await findEndpoint(platform, 'email', match[1]!);
  return endpoint ? { address: address.trim().toLowerCase(), endpoint, token: match[2] ?? null } : null;
}

/**
 * Takes one received mail: keeps it raw first (one record per clinic it was sent to), then reads it
 * and files it in each clinic's inbox. Throws nothing: a failure is answered 451 so the sender's
 * server tries again, and the raw mail stays on record either way.
 */
export async function acceptMail(platform: Platform, mail: { envelopeFrom: string | null; recipients: MailRecipient[]; raw: Buffer }): Promise<MailVerdict> {
  const clinics = new Map<string, MailRecipient[]>();
  for (const recipient of mail.recipients) {
    clinics.set(recipient.endpoint.organization_id, [...(clinics.get(recipient.endpoint.organization_id) ?? []), recipient]);
  }
  const records: { id: string; recipients: MailRecipient[] }[] = [];
  try {
    for (const [organizationId, recipients] of clinics) {
      const { id } = await mailStore.insertInboundEmail(platform.db, { organizationId, envelopeFrom: mail.envelopeFrom, envelopeTo: recipients.map((r) => r.address), raw: mail.raw });
      records.push({ id, recipients });
    }
    const parsed = await readMail(mail.raw);
    const sender = senderOf(parsed, mail.envelopeFrom);
    if (!sender) {
      for (const record of records) await mailStore.setInboundOutcome(platform.db, record.id, 'rejected_no_sender');
      return { accepted: false, code: 550, message: 'No sender: the message has neither a From header nor an envelope sender' };
    }
    const classification = classifyMail(parsed, mail.envelopeFrom);
    platform.logger.debug({ kind: classification.kind, why: classification.why }, 'inbound mail classified');
    for (const record of records) {
      const filed = await fileMail(platform, record.recipients, parsed, sender, classification);
      await mailStore.setInboundOutcome(platform.db, record.id, filed.outcome, filed.messageId);
    }
    return { accepted: true };
  } catch (error) {
    // The message may quote patient data: only the kind of failure is logged.
    platform.logger.error({ err: { name: error instanceof Error ? error.name : 'unknown', code: (error as { code?: unknown }).code } }, 'inbound mail not filed');
    for (const record of records) await mailStore.setInboundOutcome(platform.db, record.id, 'error').catch(() => undefined);
    return { accepted: false, code: 451, message: 'Temporary failure while storing the message, please try again later' };
  }
}

const PARSE_OPTIONS = { keepDeliveryStatus: true, ignoreEmbedded: true, skipTextToHtml: true, skipImageLinks: true, keepCidLinks: true } as const;

/**
 * Reads a mail with mailparser, which is lenient (a truncated multipart or bad base64 yields what
 * could be decoded). Should it still give up (too many parts, a giant header), the headers are read
 * alone and the body is kept as text, so the message is filed with whatever could be read.
 */
export async function readMail(raw: Buffer): Promise<ParsedMail> {
  try {
    return await simpleParser(raw, PARSE_OPTIONS);
  } catch {
    const split = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
    const head = split >= 0 ? raw.subarray(0, Math.min(split, 256 * 1024)) : Buffer.alloc(0);
    const body = split >= 0 ? raw.subarray(split) : raw;
    const headersOnly = await simpleParser(Buffer.concat([head, Buffer.from('\r\n\r\n')]), PARSE_OPTIONS).catch(() => simpleParser(Buffer.from('\r\n\r\n')));
    headersOnly.text = body.toString('utf8').trim();
    headersOnly.attachments = [];
    return headersOnly;
  }
}

function senderOf(mail: ParsedMail, envelopeFrom: string | null): Sender | null {
  const header = mail.from?.value.find((a) => a.address && /^[^@\s]+@[^@\s]+$/.test(a.address) && a.address.length <= 254);
  if (header) return { address: header.address!.toLowerCase(), name: clean(header.name ?? '').slice(0, 200) || null };
  return envelopeFrom ? { address: envelopeFrom.toLowerCase(), name: null } : null;
}

/** PostgreSQL text cannot hold NUL; a broken mail can decode to it. */
const clean = (text: string) => text.replaceAll('\u0000', '');
const MESSAGE_ID = /<[^<>\s]{1,500}>/g;
const idsIn = (value: string | string[] | undefined) => [...(Array.isArray(value) ? value.join(' ') : value ?? '').matchAll(MESSAGE_ID)].map((m) => m[0]);
const messageIdOf = (mail: ParsedMail) => idsIn(mail.messageId)[0] ?? null;

/** Our reply token first, then the Message-IDs it answers, else a new conversation. A forged token joins nothing. */
async function threadOf(platform: Platform, organizationId: string, recipients: MailRecipient[], mail: ParsedMail) {
  const token = recipients.find((r) => r.token)?.token;
  if (token) {
    const number = verifyReplyToken(platform.config.secretKey, organizationId, token);
    if (number === null) return { conversationId: null, forged: true };
    const conversation = await conversationByNumber(platform, organizationId, number);
    if (conversation) return { conversationId: conversation.id, forged: false };
  }
  const ids = [...idsIn(mail.inReplyTo), ...idsIn(mail.references)].slice(-50);
  return { conversationId: await conversationByEmailIds(platform, organizationId, ids), forged: false };
}

async function fileMail(platform: Platform, recipients: MailRecipient[], mail: ParsedMail, sender: Sender, classification: Classification): Promise<Filed> {
  const endpoint = recipients[0]!.endpoint;
  const organizationId = endpoint.organization_id;
  const thread = await threadOf(platform, organizationId, recipients, mail);
  const subject = clean(mail.subject ?? '').slice(0, 500) || null;
  const text = clean(mail.text ?? '').trimEnd();
  const base = {
    organizationId, channel: 'email' as const, endpoint: endpoint.address, fromAddress: sender.address, subject,
    externalId: messageIdOf(mail), departmentId: endpoint.department_id, threading: 'new' as const,
  };

  if (classification.kind === 'bounce') return fileBounce(platform, { ...base, fromName: null }, classification, thread.conversationId);
  if (classification.kind === 'auto_reply') {
    if (!thread.conversationId) return { outcome: 'auto_reply_unmatched', messageId: null };
    const received = await receiveMessage(platform, {
      ...base, fromName: null, kind: 'event', conversationId: thread.conversationId,
      body: `Automatic reply from ${sender.address}, not counted as a patient message${text ? `:\n\n${text}` : '.'}`,
    });
    return { outcome: received.duplicate ? 'duplicate' : 'auto_reply', messageId: received.message.id };
  }
  const received = await receiveMessage(platform, {
    ...base, fromName: sender.name, conversationId: thread.conversationId, body: text,
    emailReferences: [...idsIn(mail.references), ...idsIn(mail.inReplyTo)].filter((id, i, all) => all.indexOf(id) === i).slice(-50),
    attachments: mail.attachments.map((file, index) => ({
      fileName: clean(file.filename ?? '').slice(0, 200) || `attachment-${index + 1}`,
      contentType: clean(file.contentType || 'application/octet-stream').slice(0, 200),
      content: file.content,
    })),
  });
  const outcome = received.duplicate ? 'duplicate' : thread.forged ? 'forged_reply_token' : 'stored';
  return { outcome, messageId: received.message.id };
}

type EventBase = Omit<Parameters<typeof receiveMessage>[1], 'body' | 'conversationId'>;

/** A bounce fails the outbox row of the mail it reports on and leaves a visible note in that conversation. */
async function fileBounce(platform: Platform, base: EventBase, classification: Classification, threaded: string | null): Promise<Filed> {
  const report = classification.report!;
  const sent = await mailStore.findSentMail(platform.db, base.organizationId, report.originalMessageIds);
  if (sent && report.action === 'failed') {
    const failed = await mailStore.failSentMail(platform.db, sent.id, `bounced: ${report.reason}`);
    if (failed) await announceDelivery(platform, failed);
  }
  const conversationId = sent?.conversation_id ?? threaded;
  // A bounce for mail sent outside any conversation (a reminder) still failed its row.
  if (!conversationId) return { outcome: sent ? 'bounce' : 'bounce_unmatched', messageId: null };
  const to = sent?.recipient ?? report.recipients[0] ?? 'the patient';
  const body = report.action === 'failed' ? `Mail to ${to} bounced: ${report.reason}`
    : report.action === 'delayed' ? `Mail to ${to} is delayed: ${report.reason} (the mail system keeps trying)`
    : `Mail to ${to} was delivered (report from the receiving mail system)`;
  const received = await receiveMessage(platform, { ...base, kind: 'event', conversationId, body: clean(body) });
  return { outcome: received.duplicate ? 'duplicate' : 'bounce', messageId: received.message.id };
}
