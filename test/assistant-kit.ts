import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Client, TestClinic } from './harness.js';
import { openSocket, type TestSocket } from './sockets.js';

/** What the tests read of a conversation and of the assistant's panel. */
export interface Message { id: string; direction: string; authorType: string; authorLabel: string; body: string; createdAt: string; channel: string }
export interface Conversation { id: string; number: number; status: string; priority: string; labels: string[]; assigneeId: string | null; departmentId: string | null; patientId: string | null; messages: Message[] }
export interface Understanding {
  conversationId: string; active: boolean; step: string; language: string; intent: string | null; patient: { id: string; name: string } | null;
  verifiedBy: string | null; verifyAttempts: number; failedAnswers: number; serviceName: string | null; appointmentLabel: string | null;
  offeredTimes: { number: number; startsAt: string; label: string; providerId: string; providerName: string }[]; chosenTime: string | null; bookedAppointmentId: string | null;
  redFlags: { kind: string; matched: string }[]; lastQuestion: string | null; lastArticleTitle: string | null; handedOffAt: string | null; handoffReason: string | null;
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const botMessages = (conversation: Conversation) => conversation.messages.filter((m) => m.direction === 'out' && m.authorType === 'bot');
export const notes = (conversation: Conversation) => conversation.messages.filter((m) => m.direction === 'note');

/**
 * A visitor of the clinic's site, as the widget talks: a session over HTTP, then the socket. The
 * socket acknowledges a message once it is stored and the assistant has acted on it (the assistant
 * answers in the publishing process, before the acknowledgement), so a test can read the thread at once.
 */
export async function chatVisitor(clinic: TestClinic, ws: string, key: string, details: { name?: string; email?: string } = {}) {
  const session = await clinic.careloop.app.inject({ method: 'POST', url: '/api/chat/sessions', payload: { clinic: key, ...details } });
  expect(session.statusCode, session.body).toBe(201);
  const { token, sessionId } = session.json<{ token: string; sessionId: string }>();
  const socket: TestSocket = await openSocket(`${ws}/chat/ws?token=${encodeURIComponent(token)}`);
  await socket.next((f) => f.type === 'welcome');
  let conversationId: string | null = null;
  return {
    socket,
    async say(body: string) {
      const clientId = randomUUID();
      socket.send({ type: 'message', clientId, body });
      const ack = await socket.next((f) => (f.type === 'ack' || f.type === 'error') && f.clientId === clientId, 15_000);
      expect(ack.type, JSON.stringify(ack)).toBe('ack');
      if (!conversationId) {
        const row = await clinic.careloop.platform.db.selectFrom('chat_sessions').select('conversation_id').where('id', '=', sessionId).executeTakeFirstOrThrow();
        conversationId = row.conversation_id;
      }
      return ack.messageId as string;
    },
    conversationId: () => {
      if (!conversationId) throw new Error('the visitor has not written yet');
      return conversationId;
    },
  };
}

export const readConversation = async (api: Client, id: string) => {
  const response = await api.request('GET', `/api/inbox/conversations/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Conversation>();
};

export const understood = async (api: Client, id: string) => {
  const response = await api.request('GET', `/api/assistant/conversations/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Understanding>();
};
