import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { typed } from '../../platform/module.js';
import type { Platform } from '../../platform/platform.js';
import { actorOf } from '../../platform/route-config.js';
import { ErrorResponse, standardErrors, Uuid } from '../../platform/schemas.js';
import { presentMessage } from '../inbox/present.js';
import { LoggedCall, Message } from '../inbox/schemas.js';
import { receiveSms, smsStatusReported, type InboundSmsForm } from './sms.js';
import { callStatusReported, logCall } from './voice.js';
import { signatureMatches, type FormParams } from './webhook-signature.js';

const Sid = Type.String({ minLength: 1, maxLength: 64 });
const Address = Type.String({ minLength: 1, maxLength: 64 });
// Providers send many more fields than these (and add new ones): unknown fields are accepted and ignored.
const open = { additionalProperties: true } as const;

const InboundSms = Type.Object({
  AccountSid: Sid, From: Address, To: Address, Body: Type.Optional(Type.String({ maxLength: 20_000 })),
  MessageSid: Type.Optional(Sid), SmsSid: Type.Optional(Sid), NumMedia: Type.Optional(Type.String({ pattern: '^\\d{1,2}$', description: 'a count of attached files' })),
}, open);
const SmsStatus = Type.Object({
  AccountSid: Sid, MessageSid: Type.Optional(Sid), SmsSid: Type.Optional(Sid),
  MessageStatus: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })), SmsStatus: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  ErrorCode: Type.Optional(Type.String({ maxLength: 20 })),
}, open);
const CallStatus = Type.Object({
  AccountSid: Sid, CallSid: Sid, From: Address, To: Address, Direction: Type.String({ minLength: 1, maxLength: 40 }),
  CallStatus: Type.String({ minLength: 1, maxLength: 40 }), CallDuration: Type.Optional(Type.String({ pattern: '^\\d{1,6}$', description: 'whole seconds' })),
}, open);

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?>\n<Response/>';
const webhookReplies = {
  200: Type.String({ description: 'Empty TwiML: <Response/> (text/xml)' }),
  400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 415: ErrorResponse, 503: ErrorResponse,
};
const twiml = (reply: FastifyReply) => reply.status(200).type('text/xml; charset=utf-8').send(EMPTY_TWIML);

/**
 * Refuses a webhook that the provider did not sign: 503 when no provider is configured, 403 when
 * the X-Twilio-Signature is missing or does not match (the signed URL is PUBLIC_URL + the path and
 * query the request came to), or when it comes from another account. Runs before validation, so
 * an unsigned caller learns nothing about the fields.
 */
function providerSigned(platform: Platform) {
  return async (request: FastifyRequest) => {
    const sms = platform.config.sms;
    if (!sms) throw new AppError(503, 'sms_not_configured', 'SMS and voice webhooks are off: set SMS_ACCOUNT_SID and SMS_AUTH_TOKEN to receive them.');
    const signature = request.headers['x-twilio-signature'];
    if (typeof signature !== 'string' || signature === '') throw new AppError(403, 'invalid_signature', 'The X-Twilio-Signature header is missing.');
    const contentType = request.headers['content-type'] ?? '';
    if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded') || typeof request.body !== 'object' || request.body === null) {
      throw new AppError(415, 'unsupported_media_type', 'Webhooks must be posted as application/x-www-form-urlencoded.');
    }
    const params = request.body as FormParams;
    if (!signatureMatches(sms.authToken, signature, `${platform.config.publicUrl}${request.url}`, params)) {
      throw new AppError(403, 'invalid_signature', 'The X-Twilio-Signature does not match this request (check SMS_AUTH_TOKEN, and that PUBLIC_URL is the address the provider calls).');
    }
    if (params.AccountSid !== undefined && params.AccountSid !== sms.accountSid) {
      throw new AppError(403, 'account_mismatch', 'The webhook comes from another provider account than SMS_ACCOUNT_SID.');
    }
  };
}

/** The provider's webhooks (texts in, delivery reports, call status) and the manual call log. */
export function webhookRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);
  const signed = providerSigned(platform);

  app.post('/webhooks/sms/inbound', {
    config: { public: true }, preValidation: signed,
    schema: {
      tags: ['webhooks'], summary: 'Twilio-compatible inbound text (signed; STOP/START/HELP handled as consent; idempotent on MessageSid)',
      body: InboundSms, response: webhookReplies,
    },
  }, async (request, reply) => {
    await receiveSms(platform, request.body as InboundSmsForm);
    return twiml(reply);
  });

  app.post('/webhooks/sms/status', {
    config: { public: true }, preValidation: signed,
    schema: { tags: ['webhooks'], summary: 'Twilio-compatible delivery status callback (an unknown MessageSid is ignored)', body: SmsStatus, response: webhookReplies },
  }, async (request, reply) => {
    await smsStatusReported(platform, request.body);
    return twiml(reply);
  });

  app.post('/webhooks/voice/status', {
    config: { public: true }, preValidation: signed,
    schema: { tags: ['webhooks'], summary: 'Twilio-compatible call status callback: final statuses become call entries; a missed call opens a callback task', body: CallStatus, response: webhookReplies },
  }, async (request, reply) => {
    await callStatusReported(platform, request.body);
    return twiml(reply);
  });

  app.post('/api/inbox/calls', {
    config: { permission: 'inbox:reply', audit: { action: 'log_call', entity: 'conversation', patientIds: (_, payload) => {
      const id = (payload as { patientId?: string | null }).patientId;
      return id ? [id] : [];
    } } },
    schema: {
      tags: ['inbox'], summary: 'Log a phone call by hand (a missed inbound call opens a callback task)', body: LoggedCall,
      response: {
        201: Type.Object({ conversationId: Uuid, patientId: Type.Union([Uuid, Type.Null()]), taskId: Type.Union([Uuid, Type.Null()]), message: Message }),
        ...standardErrors,
      },
    },
  }, async (request, reply) => {
    const { conversation, message, taskId } = await logCall(platform, actorOf(request), request.body);
    return reply.status(201).send({ conversationId: conversation.id, patientId: conversation.patient_id, taskId, message: presentMessage(message, []) });
  });
}
