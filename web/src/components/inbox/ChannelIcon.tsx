import type { InboxChannel } from '../../types.js';
import { CHANNEL_NAMES } from './inboxFormat.js';

// Simple line icons (24-unit grid) so no icon font or package is needed.
const PATHS: Record<InboxChannel, string> = {
  sms: 'M4 5h16v11H9l-5 4z M8 9.5h8 M8 12.5h5',
  email: 'M3 6h18v12H3z M3 6l9 7 9-7',
  chat: 'M3 4h13v9H8l-5 4z M18 8h3v10l-3-3h-7v-2',
  voice: 'M6 3h3l2 5-2.5 1.5a11 11 0 0 0 6 6L16 13l5 2v3a2 2 0 0 1-2 2A16 16 0 0 1 4 5a2 2 0 0 1 2-2z',
  portal: 'M6 3h9l4 4v14H6z M15 3v4h4 M9 12h7 M9 16h7',
};

/** The channel a conversation came in on; labelled for screen readers unless `decorative`. */
export function ChannelIcon({ channel, size = 16, decorative = false }: { channel: InboxChannel; size?: number; decorative?: boolean }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round"
      role={decorative ? undefined : 'img'} aria-label={decorative ? undefined : CHANNEL_NAMES[channel]} aria-hidden={decorative ? true : undefined}
      style={{ flexShrink: 0 }}>
      {!decorative && <title>{CHANNEL_NAMES[channel]}</title>}
      <path d={PATHS[channel]} />
    </svg>
  );
}
