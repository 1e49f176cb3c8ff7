import { Badge, Tooltip } from '@mantine/core';
import { useLive } from '../../live.js';

/** A small mark when live updates are off: the screen then refreshes itself every 15 seconds. */
export function LiveIndicator() {
  const { status } = useLive();
  if (status === 'open') {
    return <Badge size="xs" color="green" variant="dot" tt="none" aria-label="Live updates on">live</Badge>;
  }
  return (
    <Tooltip label="Live updates are interrupted; the inbox refreshes every 15 seconds until they are back." withArrow multiline w={240}>
      <Badge size="xs" color="orange" variant="light" tt="none" role="status" data-testid="live-reconnecting">
        {status === 'connecting' ? 'connecting…' : 'reconnecting…'}
      </Badge>
    </Tooltip>
  );
}
