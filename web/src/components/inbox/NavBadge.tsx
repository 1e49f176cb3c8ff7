import { Badge } from '@mantine/core';
import { useInboxCounts } from './queries.js';

/** The navigation's count of open conversations (refreshed every 30 s, and at once by live events on the inbox). */
export function InboxNavBadge({ enabled }: { enabled: boolean }) {
  const counts = useInboxCounts(enabled);
  const open = counts.data?.open;
  if (!enabled || !open) return null;
  return <Badge size="sm" variant="filled" color="blue" aria-label={`${open} open conversation${open === 1 ? '' : 's'}`} data-testid="inbox-open-count">{open}</Badge>;
}
