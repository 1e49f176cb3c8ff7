import type { Attachment, HeaderValue, ParsedMail } from 'mailparser';

/**
 * What a received mail is: a patient writing, a machine answering for them (out of office, read
 * receipt, list software), or a mail system reporting on one of ours (a bounce, a delay). Only the
 * first is a patient message: the others never open a conversation, reopen one or start a clock.
 */
export type MailKind = 'patient' | 'auto_reply' | 'bounce';

export interface DeliveryReport {
  /** 'failed': the mail will not arrive; 'delayed': the mail system is still trying; 'delivered': a success notice. */
  action: 'failed' | 'delayed' | 'delivered';
  recipients: string[];
  reason: string;
  /** Message-IDs of the mail the report is about (from the attached headers, In-Reply-To, References, the quoted text). */
  originalMessageIds: string[];
}

export interface Classification {
  kind: MailKind;
  /** Which sign gave it away, for the record ("Auto-Submitted: auto-replied", "delivery-status report"). */
  why: string;
  report?: DeliveryReport;
}

/** A header's value as text (mailparser gives structured values for some headers). */
export function headerText(value: HeaderValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => headerText(item as HeaderValue)).join(', ');
  if (value instanceof Date) return value.toISOString();
  if ('value' in value && typeof value.value === 'string') return value.value;
  if ('text' in value && typeof value.text === 'string') return value.text;
  return '';
}

const header = (mail: ParsedMail, name: string) => headerText(mail.headers.get(name)).trim();

function contentType(mail: ParsedMail): { value: string; params: Record<string, string> } {
  const raw = mail.headers.get('content-type');
  if (raw && typeof raw === 'object' && 'value' in raw && 'params' in raw) {
    return { value: String(raw.value).toLowerCase(), params: (raw.params ?? {}) as Record<string, string> };
  }
  return { value: headerText(raw).toLowerCase(), params: {} };
}

const SYSTEM_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;
const BOUNCE_SUBJECT = /undeliver|delivery (status notification|failure|has failed|incomplete)|returned mail|failure notice|mail delivery (failed|system)|non.?delivery/i;
const AUTO_SUBJECT = /^(automatic reply|auto.?reply|auto.?response|out of (the )?office|abwesenheit|absence|r[ée]ponse automatique|respuesta autom[aá]tica)/i;
const AUTO_PRECEDENCE = new Set(['auto_reply', 'bulk', 'junk']);

/** Reads the signs mail systems and auto-responders put on their mail (RFC 3834, RFC 3464 and common practice). */
export function classifyMail(mail: ParsedMail, envelopeFrom: string | null): Classification {
  const type = contentType(mail);
  const reportType = (type.params['report-type'] ?? '').toLowerCase();
  const fromAddress = mail.from?.value[0]?.address ?? '';
  const failedRecipients = header(mail, 'x-failed-recipients');

  if (type.value === 'multipart/report' && reportType === 'delivery-status') return bounce(mail, 'delivery-status report');
  if (SYSTEM_SENDER.test(fromAddress)) return bounce(mail, `from ${fromAddress.split('@')[0]!.toLowerCase()}`);
  if (failedRecipients) return bounce(mail, 'X-Failed-Recipients');
  if (envelopeFrom === null && BOUNCE_SUBJECT.test(mail.subject ?? '')) return bounce(mail, 'null sender, delivery failure subject');

  if (type.value === 'multipart/report') return { kind: 'auto_reply', why: `${reportType || 'unknown'} report` };
  const autoSubmitted = header(mail, 'auto-submitted').split(';')[0]!.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return { kind: 'auto_reply', why: `Auto-Submitted: ${autoSubmitted}` };
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) {
    if (mail.headers.has(name)) return { kind: 'auto_reply', why: name };
  }
  const precedence = header(mail, 'precedence').toLowerCase();
  if (AUTO_PRECEDENCE.has(precedence)) return { kind: 'auto_reply', why: `Precedence: ${precedence}` };
  // Exchange marks its automatic replies with this header; a person's mail can carry it too, so the subject must agree.
  if (mail.headers.has('x-auto-response-suppress') && AUTO_SUBJECT.test(mail.subject ?? '')) return { kind: 'auto_reply', why: 'automatic reply (Exchange)' };
  // RFC 3834 responders send from the null sender; no person does.
  if (envelopeFrom === null) return { kind: 'auto_reply', why: 'null envelope sender' };
  return { kind: 'patient', why: 'patient message' };
}

function bounce(mail: ParsedMail, why: string): Classification {
  return { kind: 'bounce', why, report: readReport(mail) };
}

const part = (mail: ParsedMail, types: string[]) => mail.attachments.filter((a: Attachment) => types.includes(a.contentType.toLowerCase()));
const MESSAGE_ID_LINE = /^(?:Original-)?Message-ID:[ \t]*(<[^<>\s]{3,250}>)/gim;

/** Reads a delivery report: who it is about, what happened, why, and which of our mails it concerns. */
export function readReport(mail: ParsedMail): DeliveryReport {
  const fields = part(mail, ['message/delivery-status', 'message/global-delivery-status'])
    .flatMap((a) => statusBlocks(a.content.toString('utf8')));
  const perRecipient = fields.filter((f) => f['final-recipient'] || f['original-recipient']);
  const actions = perRecipient.map((f) => (f.action ?? '').toLowerCase());
  const action = actions.includes('failed') ? 'failed' : actions.length > 0 && actions.every((a) => a === 'delayed') ? 'delayed'
    : actions.length > 0 && actions.every((a) => ['delivered', 'relayed', 'expanded'].includes(a)) ? 'delivered' : 'failed';
  const matching = perRecipient.filter((f) => (f.action ?? '').toLowerCase() === action);
  const concerned = matching.length > 0 ? matching : perRecipient;
  const recipients = unique([
    ...concerned.map((f) => addressOf(f['final-recipient'] ?? f['original-recipient']!)),
    ...headerText(mail.headers.get('x-failed-recipients')).split(',').map((a) => a.trim().toLowerCase()),
  ]);
  const diagnostic = concerned.map((f) => f['diagnostic-code']).find(Boolean);
  const status = concerned.map((f) => f.status).find(Boolean);
  const reason = diagnostic ? diagnostic.replace(/^\s*[\w-]+\s*;\s*/, '') : status ? `status ${status}` : smtpLine(mail.text ?? '') ?? (mail.subject || 'the receiving mail system did not accept it');

  const headerParts = part(mail, ['message/rfc822', 'text/rfc822-headers', 'message/rfc822-headers', 'message/global', 'message/global-headers'])
    .map((a) => a.content.toString('utf8').split(/\r?\n\r?\n/)[0]!);
  const quoted = [...headerParts, mail.text ?? ''].flatMap((text) => [...text.matchAll(MESSAGE_ID_LINE)].map((m) => m[1]!));
  const references = Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [];
  return {
    action, recipients, reason: oneLine(reason),
    originalMessageIds: unique([...quoted, ...(mail.inReplyTo ? [mail.inReplyTo] : []), ...references]),
  };
}

/** A delivery-status part is blocks of "Field: value" lines (one for the message, one per recipient), continuation lines folded. */
function statusBlocks(text: string): Record<string, string>[] {
  return text.split(/\r?\n[ \t]*\r?\n/).map((block) => {
    const fields: Record<string, string> = {};
    for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (match) fields[match[1]!.toLowerCase()] = match[2]!.trim();
    }
    return fields;
  });
}

const addressOf = (field: string) => field.replace(/^[\w-]+\s*;\s*/, '').replace(/[<>]/g, '').trim().toLowerCase();
/** The mail server's refusal quoted in a plain-text bounce ("550 5.1.1 <x@y>: user unknown"). */
const smtpLine = (text: string) =>
  (/^.*\b[45]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\b.*$/m.exec(text) ?? /^.*\b5\d\d\b.*(user|mailbox|recipient|address|unknown|rejected|exist|quota).*$/im.exec(text))?.[0]?.trim();
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 300);
const unique = (values: string[]) => [...new Set(values.filter((v) => v.length > 0))];
