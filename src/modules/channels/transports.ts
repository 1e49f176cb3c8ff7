import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';
import type { OutboundChannel } from '../../db/schema-inbox.js';
import type { OutboxRow } from './store.js';

/** The result of handing one message to a provider. */
export interface Sent {
  status: 'sent' | 'delivered' | 'test';
  providerId?: string;
}

/** Sends one outbox row. Throws on failure; the outbox retries with backoff. */
export type Transport = (row: OutboxRow) => Promise<Sent>;

/** A failure retrying cannot fix (a number the provider says does not exist): the row fails at once. */
export class PermanentFailure extends Error {}

/** Not configured: the message is kept in the test outbox, where staff see exactly what would be sent. */
const testOutbox: Transport = async () => ({ status: 'test' });

function smtpTransport(url: string): Transport {
  const mailer = nodemailer.createTransport(url);
  return async (row) => {
    const headers = row.email_headers;
    const info = await mailer.sendMail({
      from: row.sender ?? undefined,
      to: row.recipient,
      subject: row.subject ?? '',
      text: row.body,
      ...(headers && {
        messageId: headers.messageId,
        inReplyTo: headers.inReplyTo,
        references: headers.references,
        replyTo: headers.replyTo,
      }),
    });
    return { status: 'sent', providerId: info.messageId };
  };
}

function smsTransport(sms: NonNullable<Config['sms']>, statusCallback: string): Transport {
  const auth = `Basic ${Buffer.from(`${sms.accountSid}:${sms.authToken}`).toString('base64')}`;
  return async (row) => {
    const response = await fetch(`${sms.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(sms.accountSid)}/Messages.json`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: row.recipient, From: row.sender ?? '', Body: row.body, StatusCallback: statusCallback }),
      signal: AbortSignal.timeout(15_000),
    });
    const reply = (await response.json().catch(() => ({}))) as { sid?: string; message?: string; code?: number };
    if (response.status >= 400 && response.status < 500 && response.status !== 429) {
      throw new PermanentFailure(`provider refused the message (${response.status}${reply.code ? ` code ${reply.code}` : ''}): ${reply.message ?? 'no reason given'}`);
    }
    if (!response.ok || !reply.sid) throw new Error(`provider error ${response.status}: ${reply.message ?? 'no message id returned'}`);
    return { status: 'sent', providerId: reply.sid };
  };
}

export type Transports = Record<OutboundChannel, Transport>;

/**
 * The transport of each channel. Chat replies are pushed to the widget by the chat adapter, which
 * subscribes to delivery events, so the outbox only records them as sent.
 */
export function createTransports(config: Config): Transports {
  return {
    email: config.smtpUrl ? smtpTransport(config.smtpUrl) : testOutbox,
    sms: config.sms ? smsTransport(config.sms, `${config.publicUrl}/webhooks/sms/status`) : testOutbox,
    chat: async () => ({ status: 'sent' }),
  };
}

export const isTestMode = (config: Config, channel: OutboundChannel) =>
  (channel === 'email' && !config.smtpUrl) || (channel === 'sms' && !config.sms);
