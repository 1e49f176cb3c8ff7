import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { AppError } from '../../platform/errors.js';
import type { DomainEvent } from '../../platform/events.js';
import type { Platform } from '../../platform/platform.js';
import { patientVisibleMessage } from '../inbox/service.js';
import { CHAT_TYPING, STAFF_TYPING } from '../inbox/realtime.js';
import {
  chatClinic, presentVisitorMessage, receiveChatMessage, replayChat, sawVisitors, visitorLeft, visitorSession, type ChatSessionRow,
} from './webchat.js';

/**
 * The visitor's socket (GET /chat/ws?token=…): messages in, acknowledgements and the clinic's replies
 * out, typing both ways, and a replay after a reconnect so nothing said while away is missed.
 * Sockets are kept per conversation; replies arrive on the event bus from any server process.
 */

interface VisitorSocket {
  ws: WebSocket;
  session: ChatSessionRow;
  allowance: { tokens: number; at: number };
  typedAt: number;
  alive: boolean;
}

const HEARTBEAT_MS = 30_000;
const TYPING_EVERY_MS = 2_000;
/** A visitor may send a burst of this many messages, then one a second. */
const BURST = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const encode = (frame: object) => Buffer.from(JSON.stringify(frame));

export function chatSockets(app: FastifyInstance, platform: Platform) {
  const bySession = new Map<string, Set<VisitorSocket>>();
  const byConversation = new Map<string, Set<VisitorSocket>>();
  const opened = new WeakMap<FastifyRequest, { session: ChatSessionRow; clinicName: string } | null>();
  const chains = new Map<string, Promise<unknown>>();
  let stopping = false;

  const add = <K>(map: Map<K, Set<VisitorSocket>>, key: K, socket: VisitorSocket) => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(socket);
  };
  const remove = <K>(map: Map<K, Set<VisitorSocket>>, key: K, socket: VisitorSocket) => {
    const set = map.get(key);
    set?.delete(socket);
    if (set?.size === 0) map.delete(key);
  };
  const send = (socket: VisitorSocket, frame: Buffer) => {
    if (socket.ws.readyState === socket.ws.OPEN) socket.ws.send(frame, { binary: false });
  };
  const refuse = (socket: VisitorSocket, code: string, message: string, extra: object = {}) => send(socket, encode({ type: 'error', code, message, ...extra }));

  /** Every socket of the session follows it to its (new) conversation. */
  function follow(session: ChatSessionRow) {
    for (const socket of bySession.get(session.id) ?? []) {
      if (socket.session.conversation_id) remove(byConversation, socket.session.conversation_id, socket);
      socket.session = session;
      if (session.conversation_id) add(byConversation, session.conversation_id, socket);
    }
  }

  /** One message at a time per visitor, so the first one opens one conversation and acks keep their order. */
  function serialized<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
    const run = (chains.get(sessionId) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => undefined);
    chains.set(sessionId, tail);
    void tail.then(() => { if (chains.get(sessionId) === tail) chains.delete(sessionId); });
    return run;
  }

  async function message(socket: VisitorSocket, frame: { clientId?: unknown; body?: unknown }) {
    const clientId = frame.clientId;
    if (typeof clientId !== 'string' || !UUID.test(clientId)) return refuse(socket, 'invalid_frame', 'A message needs a clientId (a UUID).');
    if (typeof frame.body !== 'string') return refuse(socket, 'invalid_frame', 'A message needs a body (text).', { clientId });
    const now = Date.now();
    socket.allowance.tokens = Math.min(BURST, socket.allowance.tokens + (now - socket.allowance.at) / 1000);
    socket.allowance.at = now;
    if (socket.allowance.tokens < 1) return refuse(socket, 'rate_limited', 'You are sending messages very fast; this one will be sent again in a moment.', { clientId });
    socket.allowance.tokens -= 1;
    const body = frame.body;
    try {
      const stored = await serialized(socket.session.id, () => receiveChatMessage(platform, socket.session, { clientId, body }));
      if (stored.session.conversation_id !== socket.session.conversation_id) follow(stored.session);
      send(socket, encode({ type: 'ack', clientId, messageId: stored.messageId }));
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return refuse(socket, error.code, error.message, { clientId });
      platform.logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'chat message not stored');
      refuse(socket, 'not_stored', 'Your message could not be saved; it will be sent again.', { clientId });
    }
  }

  async function hello(socket: VisitorSocket, since: unknown) {
    if (since !== undefined && since !== null && (typeof since !== 'string' || since.length > 64)) {
      return refuse(socket, 'invalid_frame', 'since must be a message id or an ISO time.');
    }
    const replay = await replayChat(platform, socket.session, since ?? null);
    if (replay.session.conversation_id !== socket.session.conversation_id) follow(replay.session);
    for (const item of replay.messages) send(socket, encode({ type: 'message', message: item }));
    send(socket, encode({ type: 'replayed', count: replay.messages.length }));
  }

  function onFrame(socket: VisitorSocket, raw: RawData, isBinary: boolean) {
    if (isBinary) return refuse(socket, 'binary_frame', 'Frames are JSON text.');
    let frame: Record<string, unknown> | null;
    try {
      frame = JSON.parse(raw.toString()) as Record<string, unknown> | null;
    } catch {
      return refuse(socket, 'invalid_json', 'A frame must be a JSON object.');
    }
    if (typeof frame !== 'object' || frame === null) return refuse(socket, 'unknown_type', 'Known frames: hello, message, typing, ping.');
    const type = frame.type;
    const failed = (error: unknown) => {
      platform.logger.error({ err: { message: error instanceof Error ? error.message : String(error) } }, 'chat frame failed');
      refuse(socket, 'server_error', 'Something went wrong; please try again.');
    };
    if (type === 'ping') {
      socket.alive = true;
      return send(socket, encode({ type: 'pong' }));
    }
    if (type === 'message') return void message(socket, { clientId: frame.clientId, body: frame.body }).catch(failed);
    if (type === 'hello') return void hello(socket, frame.since).catch(failed);
    if (type === 'typing') {
      const conversationId = socket.session.conversation_id;
      if (!conversationId || Date.now() - socket.typedAt < TYPING_EVERY_MS) return;
      socket.typedAt = Date.now();
      return void platform.events.publish({
        type: CHAT_TYPING, version: 1, organizationId: socket.session.organization_id,
        actor: { type: 'visitor', id: null, label: socket.session.visitor_name ?? 'Visitor' }, at: new Date().toISOString(), data: { conversationId },
      }).catch(failed);
    }
    refuse(socket, 'unknown_type', 'Known frames: hello, message, typing, ping.');
  }

  function connected(ws: WebSocket, request: FastifyRequest) {
    const found = opened.get(request);
    if (!found) return ws.close(4401, 'unknown chat session');
    const socket: VisitorSocket = { ws, session: found.session, allowance: { tokens: BURST, at: Date.now() }, typedAt: 0, alive: true };
    add(bySession, socket.session.id, socket);
    if (socket.session.conversation_id) add(byConversation, socket.session.conversation_id, socket);
    ws.on('pong', () => { socket.alive = true; });
    ws.on('message', (raw, isBinary) => onFrame(socket, raw, isBinary));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      remove(bySession, socket.session.id, socket);
      if (socket.session.conversation_id) remove(byConversation, socket.session.conversation_id, socket);
      if (!stopping && !bySession.has(socket.session.id)) {
        void visitorLeft(platform, socket.session.id).catch((error: unknown) => platform.logger.warn({ err: error }, 'chat session not updated'));
      }
    });
    const { session, clinicName } = found;
    send(socket, encode({ type: 'welcome', sessionId: session.id, clinicName, visitor: { name: session.visitor_name, email: session.visitor_email } }));
  }

  app.get('/chat/ws', {
    websocket: true,
    schema: { tags: ['web chat'], summary: 'The chat widget\'s socket (visitor token in ?token=)' },
    // Checked before the upgrade, so a socket never exists without its session.
    preHandler: async (request) => {
      const token = (request.query as { token?: unknown }).token;
      const session = await visitorSession(platform, typeof token === 'string' ? token : undefined);
      const clinicName = session ? await chatClinic(platform, session) : null;
      opened.set(request, session && clinicName ? { session, clinicName } : null);
      if (session && clinicName) await sawVisitors(platform, [session.id]);
    },
  }, (ws, request) => connected(ws, request));

  /** Pushes a message the visitor may see to every socket on its conversation (in this process). */
  async function push(event: DomainEvent, messageId: string, conversationId: string, wanted: (row: { channel: string; send_at: Date | null }) => boolean = () => true) {
    const sockets = byConversation.get(conversationId);
    if (!sockets?.size) return;
    const row = await patientVisibleMessage(platform, event.organizationId, messageId);
    if (!row || !wanted(row)) return;
    for (const socket of sockets) {
      if (socket.session.organization_id === event.organizationId) send(socket, encode({ type: 'message', message: presentVisitorMessage(socket.session, row) }));
    }
  }

  const data = (event: DomainEvent) => event.data as { conversationId?: string; messageId?: string; replyChannel?: string; messageStatus?: string; channel?: string; intoId?: string };
  const everyProcess = { everyProcess: true };
  const stops = [
    platform.events.subscribe('message.sent', async (event) => {
      const { conversationId, messageId, replyChannel } = data(event);
      if (replyChannel === 'chat' && conversationId && messageId) await push(event, messageId, conversationId);
    }, everyProcess),
    // A scheduled chat reply when it goes out, and replies on other channels (a chat reply was pushed when written).
    platform.events.subscribe('message.status_changed', async (event) => {
      const { conversationId, messageId, messageStatus } = data(event);
      if ((messageStatus !== 'sent' && messageStatus !== 'test') || !conversationId || !messageId) return;
      await push(event, messageId, conversationId, (row) => row.channel !== 'chat' || row.send_at !== null);
    }, everyProcess),
    // The visitor's own message from another tab, or their answer by e-mail.
    platform.events.subscribe('message.received', async (event) => {
      const { conversationId, messageId } = data(event);
      if (conversationId && messageId) await push(event, messageId, conversationId);
    }, everyProcess),
    platform.events.subscribe(STAFF_TYPING, (event) => {
      const sockets = byConversation.get(data(event).conversationId ?? '');
      for (const socket of sockets ?? []) if (socket.session.organization_id === event.organizationId) send(socket, encode({ type: 'typing', by: 'staff' }));
    }, everyProcess),
    platform.events.subscribe('conversation.merged', (event) => {
      const { conversationId, intoId } = data(event);
      for (const socket of [...(byConversation.get(conversationId ?? '') ?? [])]) {
        if (intoId && socket.session.organization_id === event.organizationId) follow({ ...socket.session, conversation_id: intoId });
      }
    }, everyProcess),
  ];

  const timer = setInterval(() => {
    for (const sockets of bySession.values()) {
      for (const socket of sockets) {
        if (!socket.alive) socket.ws.terminate();
        socket.alive = false;
        if (socket.ws.readyState === socket.ws.OPEN) socket.ws.ping();
      }
    }
    void sawVisitors(platform, [...bySession.keys()]).catch((error: unknown) => platform.logger.warn({ err: error }, 'chat sessions not touched'));
  }, HEARTBEAT_MS);
  timer.unref();

  app.addHook('onClose', async () => {
    stopping = true;
    clearInterval(timer);
    stops.forEach((stop) => stop());
    for (const sockets of bySession.values()) for (const socket of sockets) socket.ws.close(1001, 'server stopping');
  });
}
