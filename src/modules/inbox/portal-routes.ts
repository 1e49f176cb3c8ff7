import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typed } from '../../platform/module.js';
import { windowLimiter } from '../../platform/rate-limit.js';
import type { Platform } from '../../platform/platform.js';
import { ErrorResponse, LinkTokenParams, Timestamp, Uuid } from '../../platform/schemas.js';
import { answerThread, MAX_PATIENT_MESSAGE, readThread } from './portal.js';


const PortalMessage = Type.Object({
  id: Uuid,
  direction: Type.Union([Type.Literal('in'), Type.Literal('out')], { description: 'in: written by the patient; out: by the clinic' }),
  body: Type.String(),
  authorLabel: Type.String({ description: '"You", a staff member\'s first name, or "Clinic"' }),
  createdAt: Timestamp,
  attachments: Type.Array(Type.String(), { description: 'File names' }),
});

const PortalThread = Type.Object({
  clinicName: Type.String(),
  conversation: Type.Object({ number: Type.Integer(), subject: Type.Union([Type.String(), Type.Null()]), status: Type.String() }),
  messages: Type.Array(PortalMessage),
});

const PatientAnswer = Type.Object({
  body: Type.String({ minLength: 1, maxLength: MAX_PATIENT_MESSAGE }),
  clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$', description: 'letters, digits, _ . : - (up to 100)' })),
}, { additionalProperties: false });

const patientErrors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 410: ErrorResponse, 429: ErrorResponse } as const;

/** The patient's thread page API: public routes, authorized by the signed link in the path. */
export function portalRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);
  const reads = windowLimiter(120, 60_000);
  const writes = windowLimiter(20, 60_000);
  const idempotencyKey = (request: FastifyRequest) => {
    const header = request.headers['idempotency-key'];
    return typeof header === 'string' && /^[A-Za-z0-9_.:-]{1,100}$/.test(header) ? header : undefined;
  };

  // Counted before validation, so malformed requests count too.
  app.get('/api/public/thread/:token', {
    config: { public: true },
    onRequest: async (request) => reads(request.ip),
    schema: {
      tags: ['patient pages'], summary: 'A patient reads their thread with the signed link (403 link_invalid, 410 link_expired)',
      params: LinkTokenParams, response: { 200: PortalThread, ...patientErrors },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return readThread(platform, request.params.token);
  });

  app.post('/api/public/thread/:token/messages', {
    config: { public: true },
    onRequest: async (request) => writes(request.ip),
    schema: {
      tags: ['patient pages'],
      summary: 'A patient answers in their thread; clientId (or an Idempotency-Key header) makes a double submit one message',
      params: LinkTokenParams, body: PatientAnswer, response: { 201: PortalMessage, ...patientErrors },
    },
  }, async (request, reply) => {
    const clientId = request.body.clientId ?? idempotencyKey(request);
    const message = await answerThread(platform, request.params.token, { body: request.body.body, clientId });
    return reply.status(201).header('cache-control', 'no-store').send(message);
  });
}
