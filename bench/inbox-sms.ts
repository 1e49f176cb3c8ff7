/**
 * bench/inbox: the texts the load generator posts, as a Twilio-compatible provider posts them: the
 * full set of form fields, signed with X-Twilio-Signature computed here with node:crypto (and
 * checked once per run against the `twilio` package's own helper).
 */
import { createHmac } from 'node:crypto';
import { toE164 } from '../src/modules/patients/phone.js';

export const WEBHOOK_PATH = '/webhooks/sms/inbound';
export const BENCH_ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const BENCH_AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';

export type Form = Record<string, string>;

/** base64(HMAC-SHA1(auth token, URL + each field's name and value, sorted by name)). */
export function twilioSignature(authToken: string, url: string, params: Form): string {
  let data = url;
  for (const name of Object.keys(params).sort()) data += name + params[name];
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export const encodeForm = (params: Form) => new URLSearchParams(params).toString();

/**
 * A MessageSid that says which phase sent it: SM + 32 hex digits (as the provider's), the phase's
 * tag in the first two, the message's number in the rest. Phases never share a sid.
 */
export function messageSid(phase: number, index: number): string {
  return `SM${phase.toString(16).padStart(2, '0')}${index.toString(16).padStart(30, '0')}`;
}

/** The phase a sid belongs to (its tag), for counting in the database. */
export const sidPrefix = (phase: number) => `SM${phase.toString(16).padStart(2, '0')}`;

const BODIES = [
  'Hi, can I move my appointment on Thursday to next week? Mornings work best.',
  'I need a refill of my lisinopril please, I have 3 days left.',
  'Running 10 minutes late, sorry!',
  'Is the clinic open on Saturday?',
  'Can you send me the results of my blood test?',
  'Thank you, see you tomorrow.',
  'My daughter has a fever since last night, should we come in?',
  'Could you call me back about my bill? I think I was charged twice.',
  'Please refill metformin 500mg, pharmacy is CVS on Main St.',
  'Do you take Blue Cross? I am a new patient.',
  'Confirming my 2:30 appointment.',
  'Where do I park when I come for my MRI?',
];

/** A text: a realistic body (some ask for a refill, which a rule labels), with the message's number in it. */
export const bodyFor = (index: number) => `${BODIES[index % BODIES.length]} (#${index})`;

/** The form a provider posts for one inbound text, and its signature for `url`. */
export function inboundSms(options: { url: string; to: string; from: string; sid: string; body: string }): { form: Form; signature: string } {
  const form: Form = {
    ToCountry: 'US', ToState: 'MA', SmsMessageSid: options.sid, NumMedia: '0', ToCity: 'BOSTON', FromZip: '02139',
    SmsSid: options.sid, FromState: 'MA', SmsStatus: 'received', FromCity: 'CAMBRIDGE', Body: options.body,
    FromCountry: 'US', To: options.to, MessagingServiceSid: 'MG0123456789abcdef0123456789abcdef', ToZip: '02108',
    NumSegments: '1', MessageSid: options.sid, AccountSid: BENCH_ACCOUNT_SID, From: options.from, ApiVersion: '2010-04-01',
  };
  return { form, signature: twilioSignature(BENCH_AUTH_TOKEN, options.url, form) };
}

/**
 * `count` distinct valid US mobile numbers that belong to no patient (area codes the seeded
 * patients do not use), for senders the clinic does not know.
 */
export function unknownSenders(count: number): string[] {
  const areas = ['206', '303', '503', '602', '919'];
  const numbers: string[] = [];
  for (let i = 0; numbers.length < count; i += 1) {
    const area = areas[i % areas.length]!;
    const rest = Math.floor(i / areas.length);
    const candidate = toE164(`+1${area}${300 + (Math.floor(rest / 10_000) % 600)}${String(rest % 10_000).padStart(4, '0')}`);
    if (candidate) numbers.push(candidate);
  }
  return numbers;
}
