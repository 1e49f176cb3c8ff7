import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { AppError } from '../../platform/errors.js';
import type { DomainEvent } from '../../platform/events.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor, Permission } from '../../platform/permissions.js';
import { actorOf } from '../../platform/route-config.js';
import { SESSION_COOKIE } from '../identity/auth-hook.js';
import { actorFromApiToken, actorFromSession, createApiTokenCache } from '../identity/service.js';
import { touchPresence } from './assignment.js';

/**
 * Live updates for staff: one WebSocket per open console (GET /api/ws). Every inbox, task and
 * delivery event of the socket's clinic is pushed as it happens, with typing indicators and who is
 * online. Events come from the bus with `everyProcess`, so a socket on one server process sees what
 * another process did. Each event is serialized once per clinic, not once per socket, and a push
 * never touches the database.
 */

/** Typing relays travel on the event bus (so they cross processes) but are never stored. */
export const STAFF_TYPING = 'staff.typing';
export const CHAT_TYPING = 'chat.typing';
const PRESENCE = 'staff.presence';
const RELAYED = ['conversation.', 'message.', 'note.', 'call.', 'sla.', 'task.', 'delivery.', 'appointment.', 'visit.', 'questionnaire.', 'broadcast.', 'referral.', 'assistant.'];
/** Events outside the inbox reach only the consoles allowed to read what they are about. */
const RELAY_PERMISSION: [string, Permission][] = [['task.', 'tasks:read'], ['appointment.', 'schedule:read'], ['visit.', 'schedule:read'], ['questionnaire.', 'schedule:read'], ['broadcast.', 'broadcast:read'], ['referral.', 'referrals:read']];
const HEARTBEAT_MS = 30_000;
/** A console that cannot keep up (this much unsent) is dropped; it reconnects and reloads. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const TYPING_EVERY_MS = 2_000;
const TOUCH_EVERY_MS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface StaffSocket {
  id: string;
  ws: WebSocket;
  /** The connection under the socket: corked while a burst of events is written (see broadcast). */
  connection: Socket;
  actor: Actor;
  credential: { kind: 'session' | 'token'; value: string };
  typedAt: Map<string, number>;
  touchedAt: number;
  alive: boolean;
}

export type TypingBy = { kind: 'patient' | 'staff'; id: string | null; label: string };

const isRelayed = (type: string) => RELAYED.some((prefix) => type.startsWith(prefix));

/** A browser's Origin must be this server's (PUBLIC_URL, or the host it called); clients without one (integrations) pass. */
export function originAllowed(platform: Platform, request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (origin === new URL(platform.config.publicUrl).origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** Registers GET /api/ws and the bus subscriber that feeds it; both stop when the app closes. */
export function staffRealtime(app: FastifyInstance, platform: Platform) {
  const byOrganization = new Map<string, Set<StaffSocket>>();
  const tokens = createApiTokenCache(platform);
  const allowedToRead = (type: string) => {
    const permission = RELAY_PERMISSION.find(([prefix]) => type.startsWith(prefix))?.[1];
    return permission ? (socket: StaffSocket) => socket.actor.permissions.has(permission) : undefined;
  };

  /**
   * Events that arrive in one turn of the event loop leave in one write per connection: a clinic's
   * connections are corked at its first event and uncorked once the turn is over (a syscall per
   * frame per agent is what limits pushing to hundreds of screens).
   */
  const corked: Socket[] = [];
  const corkedOrganizations = new Set<string>();
  function flush() {
    for (const connection of corked) connection.uncork();
    corked.length = 0;
    corkedOrganizations.clear();
  }

  function broadcast(organizationId: string, frame: object, filter?: (socket: StaffSocket) => boolean) {
    const sockets = byOrganization.get(organizationId);
    if (!sockets || sockets.size === 0) return;
    if (!corkedOrganizations.has(organizationId)) {
      if (corkedOrganizations.size === 0) setImmediate(flush);
      corkedOrganizations.add(organizationId);
      for (const socket of sockets) {
        socket.connection.cork();
        corked.push(socket.connection);
      }
    }
    const encoded = Buffer.from(JSON.stringify(frame));
    for (const socket of sockets) if (!filter || filter(socket)) send(socket, encoded);
  }

  function send(socket: StaffSocket, encoded: Buffer) {
    if (socket.ws.readyState !== socket.ws.OPEN) return;
    if (socket.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.ws.terminate();
      return;
    }
    socket.ws.send(encoded, { binary: false });
  }

  const sendFrame = (socket: StaffSocket, frame: object) => send(socket, Buffer.from(JSON.stringify(frame)));
  const refuse = (socket: StaffSocket, code: string, message: string) => sendFrame(socket, { type: 'error', code, message });

  const unsubscribe = platform.events.subscribe('*', (event: DomainEvent) => {
    if (!byOrganization.get(event.organizationId)?.size) return;
    if (event.type === STAFF_TYPING || event.type === CHAT_TYPING) {
      const data = event.data as { conversationId?: string; socketId?: string };
      const by: TypingBy = event.type === STAFF_TYPING
        ? { kind: 'staff', id: event.actor.id, label: event.actor.label }
        : { kind: 'patient', id: null, label: event.actor.label };
      broadcast(event.organizationId, { type: 'typing', conversationId: data.conversationId, by }, (socket) => socket.id !== data.socketId);
    } else if (event.type === PRESENCE) {
      broadcast(event.organizationId, { type: 'presence', userId: event.data.userId, online: event.data.online });
    } else if (isRelayed(event.type)) {
      const { type, organizationId, patientId, actor, at, data } = event;
      const frame = { type: 'event', event: { type, organizationId, ...(patientId && { patientId }), actor, at, data } };
      broadcast(event.organizationId, frame, allowedToRead(event.type));
    }
  }, { everyProcess: true });

  const publish = (type: string, actor: Actor, data: Record<string, unknown>) => platform.events.publish({
    type, version: 1, organizationId: actor.organizationId, actor: { type: actor.type, id: actor.id, label: actor.label }, at: new Date().toISOString(), data,
  });

  async function heartbeat(socket: StaffSocket, force = false) {
    const now = Date.now();
    if (!force && now - socket.touchedAt < TOUCH_EVERY_MS) return;
    socket.touchedAt = now;
    if (socket.actor.type === 'user' && socket.actor.id) await touchPresence(platform, socket.actor.id, socket.actor.organizationId);
  }

  /** Signed out, deactivated or revoked since the socket opened: the socket closes. */
  async function stillSignedIn(socket: StaffSocket) {
    const { kind, value } = socket.credential;
    const actor = kind === 'session' ? (await actorFromSession(platform, value))?.actor : await actorFromApiToken(platform, value, tokens);
    return actor !== null && actor !== undefined && actor.id === socket.actor.id && actor.permissions.has('inbox:read');
  }

  const timer = setInterval(() => {
    for (const sockets of byOrganization.values()) {
      for (const socket of sockets) {
        if (!socket.alive) {
          socket.ws.terminate();
          continue;
        }
        socket.alive = false;
        socket.ws.ping();
        void (async () => {
          if (!(await stillSignedIn(socket))) socket.ws.close(4401, 'signed out');
          else await heartbeat(socket, true);
        })().catch((error: unknown) => platform.logger.warn({ err: error }, 'staff socket heartbeat failed'));
      }
    }
  }, HEARTBEAT_MS);
  timer.unref();

  function onFrame(socket: StaffSocket, raw: RawData, isBinary: boolean) {
    if (isBinary) return refuse(socket, 'binary_frame', 'Frames are JSON text.');
    let frame: unknown;
    try {
      frame = JSON.parse(raw.toString());
    } catch {
      return refuse(socket, 'invalid_json', 'A frame must be a JSON object.');
    }
    const type = typeof frame === 'object' && frame !== null && 'type' in frame ? frame.type : undefined;
    if (type === 'ping') {
      sendFrame(socket, { type: 'pong' });
      void heartbeat(socket).catch((error: unknown) => platform.logger.warn({ err: error }, 'presence update failed'));
      return;
    }
    if (type === 'typing') {
      const conversationId = (frame as { conversationId?: unknown }).conversationId;
      if (typeof conversationId !== 'string' || !UUID.test(conversationId)) return refuse(socket, 'invalid_frame', 'typing needs a conversationId (a UUID).');
      if (!socket.actor.permissions.has('inbox:reply')) return refuse(socket, 'forbidden', 'Typing needs the "inbox:reply" permission.');
      const last = socket.typedAt.get(conversationId) ?? 0;
      if (Date.now() - last < TYPING_EVERY_MS) return;
      socket.typedAt.set(conversationId, Date.now());
      if (socket.typedAt.size > 100) socket.typedAt.clear();
      void publish(STAFF_TYPING, socket.actor, { conversationId, socketId: socket.id })
        .catch((error: unknown) => platform.logger.warn({ err: error }, 'typing relay failed'));
      return;
    }
    refuse(socket, 'unknown_type', 'Known frames: {"type":"ping"}, {"type":"typing","conversationId":"…"}.');
  }

  function connected(ws: WebSocket, request: FastifyRequest) {
    const actor = actorOf(request);
    const authorization = request.headers.authorization;
    const credential = authorization
      ? { kind: 'token' as const, value: authorization.split(' ')[1] ?? '' }
      : { kind: 'session' as const, value: request.cookies[SESSION_COOKIE] ?? '' };
    const socket: StaffSocket = { id: randomUUID(), ws, connection: request.socket, actor, credential, typedAt: new Map(), touchedAt: 0, alive: true };
    let sockets = byOrganization.get(actor.organizationId);
    if (!sockets) byOrganization.set(actor.organizationId, (sockets = new Set()));
    sockets.add(socket);
    const user = actor.type === 'user' ? actor.id : null;

    ws.on('pong', () => { socket.alive = true; });
    ws.on('message', (raw, isBinary) => onFrame(socket, raw, isBinary));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) byOrganization.delete(actor.organizationId);
      const stillHere = user !== null && [...sockets].some((other) => other.actor.id === user);
      if (user && !stillHere) {
        void publish(PRESENCE, actor, { userId: user, online: false }).catch((error: unknown) => platform.logger.warn({ err: error }, 'presence relay failed'));
      }
    });
    sendFrame(socket, { type: 'hello', userId: user ?? actor.id });
    void (async () => {
      await heartbeat(socket, true);
      if (user) await publish(PRESENCE, actor, { userId: user, online: true });
    })().catch((error: unknown) => platform.logger.warn({ err: error }, 'presence update failed'));
  }

  app.get('/api/ws', {
    websocket: true,
    config: { permission: 'inbox:read' },
    schema: { tags: ['inbox'], summary: 'Live inbox updates (WebSocket): events, typing, presence' },
    preHandler: async (request) => {
      if (!originAllowed(platform, request)) throw new AppError(403, 'origin_refused', 'This page may not open live updates.');
    },
  }, (socket, request) => connected(socket, request));

  app.addHook('onClose', async () => {
    clearInterval(timer);
    unsubscribe();
    for (const sockets of byOrganization.values()) for (const socket of sockets) socket.ws.close(1001, 'server stopping');
    byOrganization.clear();
  });
}
