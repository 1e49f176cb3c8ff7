// Live statistics for one broadcast, from the shared staff socket (LiveProvider, see LiveScreen):
// `broadcast.progress` events carry the new counts, which replace the cached ones at once; the
// recipients table is refreshed at most once a second. While the socket is down the page polls.
import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveCatchUp, useLiveEvent } from '../../live.js';
import type { Broadcast, ProgressEvent } from '../../types-broadcast.js';
import { BROADCASTS, detailKey, recipientsKey } from './queries.js';

const RECIPIENTS_EVERY_MS = 1_000;

/** Keeps the broadcast `id` current from the staff socket while mounted. */
export function useBroadcastLive(id: string) {
  const queryClient = useQueryClient();
  const recipientsTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => {
    clearTimeout(recipientsTimer.current);
    recipientsTimer.current = undefined;
  }, [id]);
  const refreshRecipients = () => {
    recipientsTimer.current ??= setTimeout(() => {
      recipientsTimer.current = undefined;
      void queryClient.invalidateQueries({ queryKey: recipientsKey(id) });
    }, RECIPIENTS_EVERY_MS);
  };

  useLiveEvent<ProgressEvent>('broadcast.', (type, data) => {
    if (data?.broadcastId !== id) return;
    const { stats, byChannel, status } = data;
    if (type === 'broadcast.progress' && stats && byChannel && status) {
      queryClient.setQueryData<Broadcast>(detailKey(id), (current) => (current ? { ...current, stats, byChannel, status } : current));
      // A finished or cancelled send also changes its times: read the whole broadcast once.
      if (status !== 'sending') void queryClient.invalidateQueries({ queryKey: detailKey(id) });
    } else {
      void queryClient.invalidateQueries({ queryKey: detailKey(id) });
    }
    void queryClient.invalidateQueries({ queryKey: [BROADCASTS, 'list'] });
    refreshRecipients();
  });

  // Whatever happened while the socket was down is read once, then the socket keeps it current.
  useLiveCatchUp(() => {
    void queryClient.invalidateQueries({ queryKey: detailKey(id) });
    refreshRecipients();
  });
}
