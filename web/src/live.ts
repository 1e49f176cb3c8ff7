// Live updates for staff screens: one WebSocket to /api/ws while a live screen is open. Events about a
// conversation refresh that conversation and the lists (TanStack Query invalidation), colleagues'
// typing and presence are kept for display, and when the socket is down the screens poll instead.
// A screen with events of its own (a broadcast's progress) listens to the same socket with useLiveEvent.
import { createContext, createElement, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';

export type LiveStatus = 'connecting' | 'open' | 'down';

export interface TypingPerson {
  kind: string;
  label: string;
  /** When the indicator goes away unless the colleague keeps typing (ms since epoch). */
  until: number;
}

/** What the server sends (see the staff socket's protocol). */
type ServerFrame =
  | { type: 'hello'; userId?: string }
  | { type: 'error'; code: string; message: string }
  | { type: 'event'; event: { type: string; data?: EventData } }
  | { type: 'typing'; conversationId: string; by: { kind: string; label: string } }
  | { type: 'presence'; userId: string; online: boolean }
  | { type: 'pong' };

interface EventData { conversationId?: string; patientId?: string | null; summary?: string; source?: string; byPatient?: boolean }

/** Something a patient did on their own that the front desk should know at once (booked online, cancelled, asked to reschedule). */
export interface LiveAlert { title: string; message: string; urgent?: boolean }

/** The alert an event raises, if any. */
export function alertFor(type: string, data: EventData | undefined): LiveAlert | null {
  const message = data?.summary ?? '';
  if (type === 'appointment.booked' && (data?.source === 'online' || data?.source === 'waitlist')) return { title: data.source === 'online' ? 'Booked online by a patient' : 'Booked from the waitlist', message };
  if (type === 'appointment.cancelled' && data?.byPatient) return { title: 'Cancelled by the patient', message };
  if (type === 'appointment.reschedule_requested') return { title: 'A patient asks to reschedule', message };
  if (type === 'assistant.red_flag') return { title: 'A patient describes an emergency', message, urgent: true };
  return null;
}

export interface LiveState {
  status: LiveStatus;
  /** Who is typing in which conversation (expired entries are dropped). */
  typing: Record<string, TypingPerson[]>;
  /** Staff the server reported coming online (true) or leaving (false) since the socket opened. */
  presence: ReadonlyMap<string, boolean>;
  /** Tells colleagues this agent is typing (throttled: at most one frame every 3 s per conversation). */
  sendTyping(conversationId: string): void;
}

/** How often the screens ask the server themselves while the socket is down. */
export const POLL_WHEN_DOWN_MS = 15_000;
const PING_MS = 25_000;
const TYPING_SHOWN_MS = 6_000;
const TYPING_THROTTLE_MS = 3_000;
const MAX_BACKOFF_MS = 30_000;

const LiveContext = createContext<LiveState | null>(null);

/** An event of the staff socket, as a screen's listener receives it. */
export interface LiveEvent { type: string; data?: unknown }
type LiveListener = (event: LiveEvent) => void;

/** The screens' listeners: a stable set, so subscribing does not re-render the screens. */
const ListenersContext = createContext<Set<LiveListener> | null>(null);

/** Wait before the nth reconnect: 1 s, 2 s, 4 s … up to 30 s, with jitter so a restarted server is not hit all at once. */
export function backoff(attempt: number, random = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.75 + random() * 0.5));
}

function parseFrame(text: unknown): ServerFrame | null {
  if (typeof text !== 'string') return null;
  try {
    const frame = JSON.parse(text) as { type?: unknown };
    return typeof frame.type === 'string' ? (frame as ServerFrame) : null;
  } catch {
    return null;
  }
}

interface Stale {
  conversations: Set<string>;
  patients: Set<string>;
  tasks: boolean;
  schedule: boolean;
}

/** Refreshes what inbox events made stale: those conversations, the lists and counts, the patients' panels, tasks. */
export function invalidateStale(queryClient: QueryClient, stale: Stale) {
  void queryClient.invalidateQueries({ queryKey: ['inbox', 'list'] });
  void queryClient.invalidateQueries({ queryKey: ['inbox', 'counts'] });
  for (const id of stale.conversations) void queryClient.invalidateQueries({ queryKey: ['inbox', 'conversation', id] });
  for (const id of stale.patients) {
    void queryClient.invalidateQueries({ queryKey: ['inbox', 'patient', id] });
    void queryClient.invalidateQueries({ queryKey: ['timeline', id] });
  }
  if (stale.tasks) void queryClient.invalidateQueries({ queryKey: ['tasks'] });
  if (stale.schedule) {
    void queryClient.invalidateQueries({ queryKey: ['schedule'] });
    void queryClient.invalidateQueries({ queryKey: ['checkin'] });
  }
}

const SCHEDULE_EVENTS = ['appointment.', 'visit.', 'questionnaire.', 'waitlist.'];

/** A burst of events (a busy clinic) refreshes once per quarter second, not once per event. */
const BATCH_MS = 250;

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/api/ws`;
}

/** Opens the staff socket for as long as it is mounted; its children read the state with useLive(). */
export function LiveProvider({ children, onAlert }: { children: ReactNode; onAlert?: (alert: LiveAlert) => void }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [typing, setTyping] = useState<Record<string, TypingPerson[]>>({});
  const [presence, setPresence] = useState<ReadonlyMap<string, boolean>>(new Map());
  const socketRef = useRef<WebSocket | null>(null);
  const lastTypingSent = useRef(new Map<string, number>());
  const onAlertRef = useRef(onAlert);
  onAlertRef.current = onAlert;
  const [listeners] = useState(() => new Set<LiveListener>());

  useEffect(() => {
    let stopped = false;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let pingTimer: ReturnType<typeof setInterval> | undefined;
    let wasDown = false;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let stale: Stale = { conversations: new Set(), patients: new Set(), tasks: false, schedule: false };
    const markStale = (type: string, data: EventData | undefined) => {
      if (data?.conversationId) stale.conversations.add(data.conversationId);
      if (data?.patientId) stale.patients.add(data.patientId);
      if (type.startsWith('task.')) stale.tasks = true;
      if (SCHEDULE_EVENTS.some((prefix) => type.startsWith(prefix))) stale.schedule = true;
      const alert = alertFor(type, data);
      if (alert) onAlertRef.current?.(alert);
      flushTimer ??= setTimeout(() => {
        flushTimer = undefined;
        const batch = stale;
        stale = { conversations: new Set(), patients: new Set(), tasks: false, schedule: false };
        invalidateStale(queryClient, batch);
      }, BATCH_MS);
    };

    const connect = () => {
      if (stopped) return;
      let socket: WebSocket;
      try {
        socket = new WebSocket(socketUrl());
      } catch {
        scheduleRetry();
        return;
      }
      socketRef.current = socket;
      socket.onopen = () => {
        pingTimer = setInterval(() => {
          if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'ping' }));
        }, PING_MS);
      };
      socket.onmessage = (message: MessageEvent) => {
        const frame = parseFrame(message.data);
        if (!frame) return;
        // Live only once the server greets: a socket that opens and drops at once keeps backing off.
        if (frame.type === 'hello') {
          attempt = 0;
          setStatus('open');
          // Events sent while the socket was down are lost: catch up once.
          if (wasDown) {
            void queryClient.invalidateQueries({ queryKey: ['inbox'] });
            void queryClient.invalidateQueries({ queryKey: ['schedule'] });
            void queryClient.invalidateQueries({ queryKey: ['checkin'] });
          }
        } else if (frame.type === 'event') {
          markStale(frame.event.type, frame.event.data);
          for (const listener of listeners) listener(frame.event);
        }
        else if (frame.type === 'typing') {
          const until = Date.now() + TYPING_SHOWN_MS;
          setTyping((current) => {
            const others = (current[frame.conversationId] ?? []).filter((p) => p.label !== frame.by.label);
            return { ...current, [frame.conversationId]: [...others, { ...frame.by, until }] };
          });
        } else if (frame.type === 'presence') {
          setPresence((current) => new Map(current).set(frame.userId, frame.online));
        }
      };
      socket.onclose = () => {
        clearInterval(pingTimer);
        if (socketRef.current === socket) socketRef.current = null;
        if (stopped) return;
        wasDown = true;
        setStatus('down');
        scheduleRetry();
      };
      // An error is always followed by close, which reconnects.
      socket.onerror = () => undefined;
    };

    const scheduleRetry = () => {
      if (stopped) return;
      retryTimer = setTimeout(connect, backoff(attempt));
      attempt += 1;
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(flushTimer);
      clearInterval(pingTimer);
      socketRef.current?.close();
      socketRef.current = null;
    };
  }, [queryClient, listeners]);

  // Typing indicators fade out when the colleague stops.
  useEffect(() => {
    if (Object.keys(typing).length === 0) return;
    const timer = setInterval(() => {
      const now = Date.now();
      setTyping((current) => {
        let changed = false;
        const next: Record<string, TypingPerson[]> = {};
        for (const [id, people] of Object.entries(current)) {
          const still = people.filter((p) => p.until > now);
          if (still.length !== people.length) changed = true;
          if (still.length > 0) next[id] = still;
        }
        return changed ? next : current;
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [typing]);

  const value = useMemo<LiveState>(() => ({
    status,
    typing,
    presence,
    sendTyping(conversationId) {
      const socket = socketRef.current;
      if (!socket || socket.readyState !== WebSocket.OPEN) return;
      const now = Date.now();
      if (now - (lastTypingSent.current.get(conversationId) ?? 0) < TYPING_THROTTLE_MS) return;
      lastTypingSent.current.set(conversationId, now);
      socket.send(JSON.stringify({ type: 'typing', conversationId }));
    },
  }), [status, typing, presence]);

  return createElement(ListenersContext.Provider, { value: listeners }, createElement(LiveContext.Provider, { value }, children));
}

const OFFLINE: LiveState = { status: 'down', typing: {}, presence: new Map(), sendTyping: () => undefined };

/** The live state; outside a LiveProvider the screen behaves as if the socket were down (it polls). */
export function useLive(): LiveState {
  return useContext(LiveContext) ?? OFFLINE;
}

/** refetchInterval for a query that live events keep fresh: none while the socket is open, 15 s otherwise. */
export function usePollingWhenDown(): number | false {
  return useLive().status === 'open' ? false : POLL_WHEN_DOWN_MS;
}

/**
 * Calls `listener` for each event of the shared socket whose type starts with `prefix`, at once (not batched).
 * The data is what the server sent: `D` names its expected shape, every field possibly missing.
 * Outside a LiveProvider nothing arrives (the screen polls).
 */
export function useLiveEvent<D extends object>(prefix: string, listener: (type: string, data: Partial<D> | undefined) => void) {
  const listeners = useContext(ListenersContext);
  const listenerRef = useRef(listener);
  listenerRef.current = listener;
  useEffect(() => {
    if (!listeners) return;
    const onEvent: LiveListener = (event) => {
      if (event.type.startsWith(prefix)) listenerRef.current(event.type, event.data as Partial<D> | undefined);
    };
    listeners.add(onEvent);
    return () => { listeners.delete(onEvent); };
  }, [listeners, prefix]);
}

/** Calls `catchUp` when the socket is back after being down: the events sent meanwhile were lost, so read once what they would have changed. */
export function useLiveCatchUp(catchUp: () => void) {
  const { status } = useLive();
  const wasDown = useRef(false);
  const catchUpRef = useRef(catchUp);
  catchUpRef.current = catchUp;
  useEffect(() => {
    if (status === 'down') wasDown.current = true;
    else if (status === 'open' && wasDown.current) {
      wasDown.current = false;
      catchUpRef.current();
    }
  }, [status]);
}
