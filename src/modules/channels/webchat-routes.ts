import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound, unauthenticated } from '../../platform/errors.js';
import { typed } from '../../platform/module.js';
import { projectRoot } from '../../platform/paths.js';
import type { Platform } from '../../platform/platform.js';
import { ErrorResponse, Uuid } from '../../platform/schemas.js';
import { openChatSession, subscribeChatFollowUp, updateVisitor, visitorSession } from './webchat.js';
import { chatSockets } from './webchat-socket.js';

/** The header that carries a chat visitor's token (the Authorization header is for staff API tokens). */
export const CHAT_TOKEN_HEADER = 'x-chat-token';

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Email = Type.String({ format: 'email', maxLength: 254, description: 'an e-mail address such as name@example.org' });

const NewSession = Type.Object({
  clinic: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$', description: 'the widget key (data-clinic)' }),
  name: Type.Optional(Name),
  email: Type.Optional(Email),
}, { additionalProperties: false });

const VisitorChanges = Type.Object({ name: Type.Optional(Name), email: Type.Optional(Email) }, { additionalProperties: false, minProperties: 1 });

const Visitor = Type.Object({ sessionId: Uuid, name: Type.Union([Type.String(), Type.Null()]), email: Type.Union([Type.String(), Type.Null()]) });
const chatErrors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse } as const;

/** The widget's files, as built into web/dist/widget (read once). */
function widgetFiles() {
  const cache = new Map<string, Buffer>();
  return async (name: string) => {
    const cached = cache.get(name);
    if (cached) return cached;
    try {
      const content = await readFile(join(projectRoot(), 'web', 'dist', 'widget', name));
      cache.set(name, content);
      return content;
    } catch {
      throw notFound('file', `${name} (build the web app: npm run build)`);
    }
  };
}

/** The web chat: visitor sessions, the visitor's socket, the e-mail copy for visitors who left, and the widget's files. */
export function webchatRoutes(server: FastifyInstance, platform: Platform) {
  const app = typed(server);
  const files = widgetFiles();

  app.post('/api/chat/sessions', {
    config: { public: true },
    schema: {
      tags: ['web chat'], summary: 'A visitor opens a chat with a clinic\'s widget key (404 unknown key, 429 too many from one address)',
      body: NewSession,
      response: { 201: Type.Object({ token: Type.String({ description: `send it as ${CHAT_TOKEN_HEADER} and as ?token= on /chat/ws` }), sessionId: Uuid, clinicName: Type.String() }), ...chatErrors },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return reply.status(201).send(await openChatSession(platform, { ...request.body, ip: request.ip }));
  });

  app.patch('/api/chat/sessions/me', {
    config: { public: true },
    schema: {
      tags: ['web chat'], summary: `The visitor leaves a name or e-mail (visitor token in ${CHAT_TOKEN_HEADER}); the chat can then continue by e-mail`,
      body: VisitorChanges, response: { 200: Visitor, ...chatErrors },
    },
  }, async (request) => {
    const header = request.headers[CHAT_TOKEN_HEADER];
    const session = await visitorSession(platform, typeof header === 'string' ? header : undefined);
    if (!session) throw unauthenticated('This chat session is unknown; start a new chat.');
    const updated = await updateVisitor(platform, session, request.body);
    return { sessionId: updated.id, name: updated.visitor_name, email: updated.visitor_email };
  });

  const serve = async (reply: FastifyReply, name: string, type: string) => reply.type(type).send(await files(name));

  // The loader any site embeds: small, cached briefly so a new version reaches sites soon.
  server.get('/widget.js', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300').header('x-content-type-options', 'nosniff');
    return serve(reply, 'widget.js', 'text/javascript; charset=utf-8');
  });

  // The chat itself, in the loader's iframe: any site may frame it, and it talks only to this server.
  server.get('/chat-widget.html', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-cache').header('referrer-policy', 'no-referrer').header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors *");
    return serve(reply, 'chat-widget.html', 'text/html; charset=utf-8');
  });

  chatSockets(server, platform);
  const stop = subscribeChatFollowUp(platform);
  server.addHook('onClose', async () => stop());
}

