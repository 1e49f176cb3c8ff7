import { ActionIcon, Anchor, Badge, Button, Group, Menu, Paper, Text } from '@mantine/core';
import { formatDateTime } from '../../format.js';
import type { InboxMessage } from '../../types.js';
import { ChannelIcon } from './ChannelIcon.js';
import { formatBytes, formatDuration, messageTime, REPLY_CHANNEL_NAMES } from './inboxFormat.js';

type Kind = 'patient' | 'staff' | 'bot' | 'automation' | 'note' | 'event';

export function kindOf(m: InboxMessage): Kind {
  if (m.direction === 'note') return 'note';
  if (m.direction === 'event') return 'event';
  if (m.direction === 'in') return 'patient';
  if (m.authorType === 'bot') return 'bot';
  if (m.authorType === 'automation' || m.authorType === 'system') return 'automation';
  return 'staff';
}

const KIND_BADGES: Partial<Record<Kind, { label: string; color: string }>> = {
  bot: { label: 'assistant', color: 'violet' },
  automation: { label: 'automation', color: 'teal' },
  note: { label: 'internal', color: 'yellow' },
};

interface Props {
  message: InboxMessage;
  /** The linked patient's name, shown on their messages instead of the address they wrote from. */
  patientName?: string | null;
  failureReason?: string | null;
  onMove?(message: InboxMessage): void;
  onCancel?(message: InboxMessage): void;
  cancelling?: boolean;
}

/** What became of a reply: queued, sent, delivered, failed (why), kept in the test outbox, or scheduled. */
function DeliveryStatus({ message, failureReason, onCancel, cancelling }: Props) {
  switch (message.status) {
    case 'test':
      return (
        <Group gap={6} mt={4} data-testid="message-status">
          <Badge size="xs" color="orange" variant="light" tt="none">test outbox</Badge>
          <Text fz="xs" c="#9c3a00" fw={600}>kept in test outbox, not sent</Text>
        </Group>
      );
    case 'scheduled':
      return (
        <Group gap={6} mt={4} data-testid="message-status">
          <Badge size="xs" color="blue" variant="light" tt="none">scheduled</Badge>
          <Text fz="xs">Goes out {formatDateTime(message.sendAt)}</Text>
          {onCancel && <Button size="compact-xs" variant="default" loading={cancelling} onClick={() => onCancel(message)}>Cancel</Button>}
        </Group>
      );
    case 'failed':
      return <Text fz="xs" c="red.9" fw={600} mt={4} data-testid="message-status">Failed{failureReason ? `: ${failureReason}` : ' — not delivered'}</Text>;
    case 'cancelled':
      return <Text fz="xs" c="dimmed" mt={4} data-testid="message-status">Cancelled, not sent</Text>;
    case 'queued':
    case 'sent':
    case 'delivered':
      return <Text fz="xs" c="dimmed" mt={4} data-testid="message-status">{message.status === 'queued' ? 'Queued' : message.status === 'sent' ? 'Sent' : 'Delivered'}</Text>;
    default:
      return null;
  }
}

function CallLog({ call }: { call: NonNullable<InboxMessage['call']> }) {
  const outcome = call.outcome === 'answered' ? `answered, ${formatDuration(call.durationSeconds)}` : call.outcome;
  return (
    <>
      <Text fz="sm" fw={600}>{call.direction === 'inbound' ? 'Incoming' : 'Outgoing'} call · {outcome}</Text>
      <Text fz="xs" c="dimmed">{call.direction === 'inbound' ? `from ${call.from}` : `to ${call.to}`}</Text>
      {call.notes && <Text fz="sm" mt={2}>{call.notes}</Text>}
    </>
  );
}

/** One entry of the thread; patient, staff, assistant, automation, internal notes and events each look different. */
export function MessageItem(props: Props) {
  const { message: m, onMove, patientName } = props;
  const kind = kindOf(m);
  const badge = KIND_BADGES[kind];
  const who = kind === 'patient' ? patientName ?? m.authorLabel : m.authorLabel;
  const from = kind === 'patient' && m.senderAddress && m.senderAddress !== who ? m.senderAddress : null;

  if (kind === 'event') {
    return (
      <li className="msg msg-event" data-kind="event">
        <Paper className="msg-event-box" px="sm" py={6} radius="md">
          <Group gap={8} wrap="nowrap" align="flex-start">
            <ChannelIcon channel={m.channel} decorative />
            <div style={{ minWidth: 0 }}>
              {m.call ? <CallLog call={m.call} /> : <Text fz="sm">{m.body}</Text>}
              <Text fz="xs" c="dimmed"><time dateTime={m.createdAt} title={formatDateTime(m.createdAt)}>{messageTime(m.createdAt)}</time></Text>
            </div>
            {onMove && <MessageMenu message={m} onMove={onMove} />}
          </Group>
        </Paper>
      </li>
    );
  }

  return (
    <li className={`msg msg-${kind}`} data-kind={kind}>
      <div className="msg-bubble">
        <Group justify="space-between" gap={6} wrap="nowrap" mb={2}>
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <Text fz="xs" fw={700} truncate="end" title={from ? `${who}, from ${from}` : who}>{who}</Text>
            {badge && <Badge size="xs" color={badge.color} variant={kind === 'note' ? 'filled' : 'light'} tt="none" autoContrast>{badge.label}</Badge>}
          </Group>
          <Group gap={4} wrap="nowrap">
            {kind !== 'note' && <span title={REPLY_CHANNEL_NAMES[m.channel] ?? m.channel} style={{ display: 'inline-flex' }}><ChannelIcon channel={m.channel} size={13} /></span>}
            <Text fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}><time dateTime={m.createdAt} title={formatDateTime(m.createdAt)}>{messageTime(m.createdAt)}</time></Text>
            {onMove && kind !== 'note' && <MessageMenu message={m} onMove={onMove} />}
          </Group>
        </Group>
        {from && <Text fz="xs" c="dimmed" mt={-2}>from {from}</Text>}
        {m.subject && <Text fz="sm" fw={600}>{m.subject}</Text>}
        <Text fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{m.body}</Text>
        {m.attachments.length > 0 && (
          <ul className="msg-attachments" aria-label="Attachments">
            {m.attachments.map((a) => (
              <li key={a.id}>
                <Anchor href={`/api/inbox/attachments/${a.id}`} download={a.fileName} fz="xs" fw={600}>
                  Download {a.fileName}
                </Anchor>
                <Text span fz="xs" c="dimmed"> ({a.contentType}, {formatBytes(a.sizeBytes)})</Text>
              </li>
            ))}
          </ul>
        )}
        {m.direction === 'out' && <DeliveryStatus {...props} />}
      </div>
    </li>
  );
}

function MessageMenu({ message, onMove }: { message: InboxMessage; onMove(message: InboxMessage): void }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon size="sm" variant="subtle" color="gray" aria-label={`More actions for the message of ${formatDateTime(message.createdAt)}`}>
          <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true"><circle cx="5" cy="12" r="2" fill="currentColor" /><circle cx="12" cy="12" r="2" fill="currentColor" /><circle cx="19" cy="12" r="2" fill="currentColor" /></svg>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => onMove(message)}>Move to another patient…</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
