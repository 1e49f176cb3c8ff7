import { useEffect, useState } from 'react';
import { Badge } from '@mantine/core';
import { slaView } from './inboxFormat.js';

/** The current time, refreshed every 30 seconds, so "due in" counts down and turns red without a refetch. */
function useNow(everyMs = 30_000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "Due in 12 minutes" (amber within 30 minutes) or "SLA breached" (red); nothing when no SLA runs. */
export function SlaBadge({ sla, size = 'xs' }: { sla: { dueAt: string | null; breached: boolean }; size?: 'xs' | 'sm' }) {
  const now = useNow();
  const view = slaView(sla, now);
  if (!view) return null;
  return (
    <Badge size={size} color={view.color === 'red' ? '#b02525' : view.color} variant={view.color === 'red' ? 'filled' : 'light'} tt="none" title={sla.dueAt ?? undefined}>
      {view.text}
    </Badge>
  );
}
