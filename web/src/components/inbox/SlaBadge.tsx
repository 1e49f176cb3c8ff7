import { Badge } from '@mantine/core';
import { slaView } from './inboxFormat.js';

/** "Due in 12 minutes" (amber within 30 minutes) or "SLA breached" (red); nothing when no SLA runs. */
export function SlaBadge({ sla, size = 'xs' }: { sla: { dueAt: string | null; breached: boolean }; size?: 'xs' | 'sm' }) {
  const view = slaView(sla);
  if (!view) return null;
  return (
    <Badge size={size} color={view.color} variant={view.color === 'red' ? 'filled' : 'light'} tt="none" title={sla.dueAt ?? undefined}>
      {view.text}
    </Badge>
  );
}
