// Live statistics for one broadcast: the staff socket (/api/ws) reports `broadcast.progress` events
// with the new counts, which replace the cached ones at once; the recipients table is refreshed at
// most once a second. While the socket is down the screen polls instead, as every live screen does.
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { backoff, type LiveStatus } from '../../live.js';
import type { Broadcast, ProgressEvent } from '../../types-broadcast.js';
import { BROADCASTS, detailKey, recipientsKey } from './queries.js';

const PING_MS = 25_000;
const RECIPIENTS_EVERY_MS = 1_000;

interface EventFrame { type: 'event'; event: { type: string; data?: Partial<ProgressEvent> } }

function eventOf(text: unknown): EventFrame['event'] | 'hello' | null {
  if (typeof text !== 'string') return null;
  try {
    const frame = JSON.parse(text) as { type?: unknown; event?: unknown };
    if (frame.type === 'hello') return 'hello';
    return frame.type === 'event' ? (frame as EventFrame).event : null;
  } catch {
    return null;
  }
}

/** Keeps the broadcast `id` current from the staff socket while mounted; says whether the socket is live. */
export function useBroadcastLive(id: string): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    let stopped = false;
    let attempt = 0;
    let socket: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let ping: ReturnType<typeof setInterval> | undefined;
    let recipientsTimer: ReturnType<typeof setTimeout> | undefined;
    const refreshRecipients = () => {
      recipientsTimer ??= setTimeout(() => {
        recipientsTimer = undefined;
        void queryClient.invalidateQueries({ queryKey: recipientsKey(id) });
      }, RECIPIENTS_EVERY_MS);
    };
    const onEvent = (event: EventFrame['event']) => {
      if (!event.type.startsWith('broadcast.') || event.data?.broadcastId !== id) return;
      const { stats, byChannel, status: state } = event.data;
      if (event.type === 'broadcast.progress' && stats && byChannel && state) {
        queryClient.setQueryData<Broadcast>(detailKey(id), (current) => (current ? { ...current, stats, byChannel, status: state } : current));
        // A finished or cancelled send also changes its times: read the whole broadcast once.
        if (state !== 'sending') void queryClient.invalidateQueries({ queryKey: detailKey(id) });
      } else {
        void queryClient.invalidateQueries({ queryKey: detailKey(id) });
      }
      void queryClient.invalidateQueries({ queryKey: [BROADCASTS, 'list'] });
      refreshRecipients();
    };
    const connect = () => {
      if (stopped) return;
      const { protocol, host } = window.location;
      try {
        socket = new WebSocket(`${protocol === 'https:' ? 'wss' : 'ws'}://${host}/api/ws`);
      } catch {
        scheduleRetry();
        return;
      }
      const current = socket;
      current.onopen = () => {
        ping = setInterval(() => { if (current.readyState === WebSocket.OPEN) current.send(JSON.stringify({ type: 'ping' })); }, PING_MS);
      };
      current.onmessage = (message: MessageEvent) => {
        const event = eventOf(message.data);
        if (event === 'hello') {
          // Whatever happened while the socket was down is read once, then the socket keeps it current.
          if (attempt > 0) {
            void queryClient.invalidateQueries({ queryKey: detailKey(id) });
            refreshRecipients();
          }
          attempt = 0;
          setStatus('open');
        } else if (event) onEvent(event);
      };
      current.onclose = () => {
        clearInterval(ping);
        if (stopped) return;
        setStatus('down');
        scheduleRetry();
      };
      current.onerror = () => undefined;
    };
    const scheduleRetry = () => {
      if (stopped) return;
      attempt += 1;
      retry = setTimeout(connect, backoff(attempt - 1));
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(recipientsTimer);
      clearInterval(ping);
      socket?.close();
    };
  }, [id, queryClient]);

  return status;
}
