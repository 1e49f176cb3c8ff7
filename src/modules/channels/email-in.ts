import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Platform } from '../../platform/platform.js';
import { acceptMail, findRecipient, type MailRecipient } from './email-receive.js';

/** The largest mail accepted (advertised with SIZE; a larger one is refused with 552). */
export const MAX_MAIL_BYTES = 25 * 1024 * 1024;
const MAX_RECIPIENTS = 50;

export interface MailListener {
  /** The port it listens on (the configured one, or the one the system picked for port 0). */
  port: number;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * The built-in SMTP listener: the clinics' inbound mail, delivered by the sender's server or by the
 * clinic's own MX relaying to it. It accepts mail for clinic mailboxes only (<mailbox>@MAIL_DOMAIN
 * and <mailbox>+<reply token>@MAIL_DOMAIN); anything else is refused at RCPT TO, so the sender gets
 * a bounce and nothing is silently lost. No AUTH (it is a receiving server) and no STARTTLS (put a
 * TLS-terminating MX in front of it on the internet; see docs/channels-email.md).
 */
export async function startMailListener(platform: Platform, listen: { port: number; host: string }): Promise<MailListener> {
  const server = new SMTPServer({
    name: platform.config.mailDomain,
    banner: 'Careloop mail',
    size: MAX_MAIL_BYTES,
    rejectOversized: true,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    maxClients: 200,
    closeTimeout: 5_000,
    onRcptTo: (address: SMTPServerAddress, session: SMTPServerSession, callback: (error?: Error) => void) => {
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return callback(smtpError(452, 'Too many recipients in one message'));
      findRecipient(platform, address.address).then(
        (recipient) => callback(recipient ? undefined : smtpError(550, `No such mailbox here: ${address.address}`)),
        () => callback(smtpError(451, 'Temporary failure, please try again later')),
      );
    },
    onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        // Past the limit the rest is only counted (the server answers 552), not kept in memory.
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(552, `Message exceeds the maximum size of ${MAX_MAIL_BYTES} bytes`));
        receive(platform, session, Buffer.concat(chunks)).then(
          (error) => callback(error),
          () => callback(smtpError(451, 'Temporary failure, please try again later')),
        );
      });
    },
  });
  // Connection errors (a client hanging up mid-command) are events of the server; unheard, they would end the process.
  server.on('error', (error: Error & { code?: string }) => platform.logger.warn({ err: { name: error.name, code: error.code } }, 'SMTP connection error'));
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error & { code?: string }) => reject(new Error(
      `The SMTP listener cannot listen on ${listen.host}:${listen.port} (${error.code ?? error.message}): set SMTP_LISTEN_PORT to a free port, or to "off" in extra server processes on this host`,
    ));
    server.server.once('error', failed);
    server.listen(listen.port, listen.host, () => {
      server.server.off('error', failed);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  platform.logger.info({ port, host: listen.host, domain: platform.config.mailDomain }, 'SMTP listener ready');
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function receive(platform: Platform, session: SMTPServerSession, raw: Buffer): Promise<Error | null> {
  const recipients: MailRecipient[] = [];
  for (const address of session.envelope.rcptTo) {
    const recipient = await findRecipient(platform, address.address);
    if (recipient) recipients.push(recipient);
  }
  // The mailbox was removed between RCPT TO and the end of DATA.
  if (recipients.length === 0) return smtpError(550, 'No such mailbox here');
  const mailFrom = session.envelope.mailFrom;
  const envelopeFrom = mailFrom && mailFrom.address ? mailFrom.address : null;
  const verdict = await acceptMail(platform, { envelopeFrom, recipients, raw });
  return verdict.accepted ? null : smtpError(verdict.code, verdict.message);
}
