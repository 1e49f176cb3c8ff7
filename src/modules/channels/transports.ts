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

/**
 * Mail through the relay in SMTP_URL: From is the clinic's mailbox, Reply-To carries the reply token,
 * and Message-ID / In-Reply-To / References are the ones the inbox computed, so the patient's reply
 * threads back and a bounce can be matched to this row (its provider id is our Message-ID).
 */
function smtpTransport(url: string): Transport {
  const mailer = nodemailer.createTransport(url);
  return async (row) => {
    const headers = row.email_headers;
    // Without a clinic mailbox there is no From or Reply-To; adding one later does not change a queued row.
    if (!row.sender) throw new PermanentFailure('the clinic has no mailbox to send from (add an e-mail address under channels)');
    try {
      const info = await mailer.sendMail({
        from: row.sender,
        to: row.recipient,
        subject: row.subject ?? '',
        text: row.body,
        ...(headers && {
          messageId: headers.messageId,
          ...(headers.inReplyTo && { inReplyTo: headers.inReplyTo }),
          ...(headers.references && headers.references.length > 0 && { references: headers.references }),
          ...(headers.replyTo && { replyTo: headers.replyTo }),
          ...(headers.attachments && headers.attachments.length > 0 && { attachments: headers.attachments.map((file) => ({ ...file })) }),
        }),
      });
      return { status: 'sent', providerId: headers?.messageId ?? info.messageId };
    } catch (error) {
      // 5xx: the relay refused for good (unknown recipient, policy); retrying would only repeat it.
      const code = (error as { responseCode?: unknown }).responseCode;
      if (typeof code === 'number' && code >= 500) throw new PermanentFailure(`the mail server refused the message: ${error instanceof Error ? error.message : code}`);
      throw error;
    }
  };
}

/** The longest text a Twilio-compatible provider accepts (it splits it into segments itself). */
export const SMS_MAX_LENGTH = 1600;

/**
 * A Twilio-compatible REST provider: POST {apiUrl}/2010-04-01/Accounts/{sid}/Messages.json with
 * Basic auth and a form (To, From: the clinic's number, Body, StatusCallback: where delivery
 * reports go). 4xx answers (except 429) are refusals retrying cannot fix; the rest are retried.
 */
function smsTransport(sms: NonNullable<Config['sms']>, statusCallback: string): Transport {
  const auth = `Basic ${Buffer.from(`${sms.accountSid}:${sms.authToken}`).toString('base64')}`;
  return async (row) => {
    if (!row.sender) throw new PermanentFailure('the clinic has no SMS number to send from: add one under Admin → Channels (POST /api/channels/endpoints)');
    if (row.body.length > SMS_MAX_LENGTH) throw new PermanentFailure(`a text can be at most ${SMS_MAX_LENGTH} characters; this one has ${row.body.length}`);
    const response = await fetch(`${sms.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(sms.accountSid)}/Messages.json`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ To: row.recipient, From: row.sender, Body: row.body, StatusCallback: statusCallback }),
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
