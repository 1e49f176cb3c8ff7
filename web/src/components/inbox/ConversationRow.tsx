import { Link } from 'react-router-dom';
import { Avatar, Badge, Group, Text, Tooltip } from '@mantine/core';
import type { ConversationSummary } from '../../types.js';
import { ChannelIcon } from './ChannelIcon.js';
import { SlaBadge } from './SlaBadge.js';
import { initials, PRIORITY_COLORS, shortTime } from './inboxFormat.js';

/** Who the conversation is with: the patient, or the unknown sender's address. */
export function counterpart(c: Pick<ConversationSummary, 'patient' | 'contactName' | 'contactAddress'>): string {
  return c.patient?.name ?? c.contactName ?? c.contactAddress ?? 'Unknown sender';
}

export function AssigneeAvatar({ name, online, size = 26 }: { name: string | null; online?: boolean; size?: number }) {
  if (!name) return <Text fz="xs" c="dimmed">Unassigned</Text>;
  return (
    <Tooltip label={`Assigned to ${name}${online ? ' (online)' : ''}`} withArrow>
      <Avatar size={size} radius="xl" color="blue" variant="light" aria-label={`Assigned to ${name}`}
        style={online ? { outline: '2px solid var(--mantine-color-green-7)', outlineOffset: 1 } : undefined}>
        {initials(name)}
      </Avatar>
    </Tooltip>
  );
}

interface RowProps {
  conversation: ConversationSummary;
  to: string;
  selected: boolean;
  online: boolean;
}

/** One line of the inbox: who, what they last said, when, on which channel, how urgent, who has it. */
export function ConversationRow({ conversation: c, to, selected, online }: RowProps) {
  const unknown = !c.patientId;
  return (
    <li className="inbox-row" data-selected={selected || undefined}>
      <Link to={to} aria-current={selected ? 'page' : undefined} className="inbox-row-link" data-conversation-id={c.id}>
        <Group justify="space-between" gap={6} wrap="nowrap">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <ChannelIcon channel={c.channel} />
            <Text fz="sm" fw={c.waitingSince ? 700 : 600} truncate="end">{counterpart(c)}</Text>
            {unknown && <Badge size="xs" color="orange" variant="light" style={{ flexShrink: 0 }}>unverified</Badge>}
          </Group>
          <Text fz="xs" c="dimmed" style={{ flexShrink: 0 }}>
            <time dateTime={c.lastMessageAt}>{shortTime(c.lastMessageAt)}</time>
          </Text>
        </Group>
        <Text fz="xs" c="dimmed" lineClamp={1} mt={2}>
          {c.subject ? <Text span fz="xs" fw={600} c="dark">{c.subject} · </Text> : null}
          {c.lastMessagePreview ?? 'No messages yet'}
        </Text>
        <Group justify="space-between" gap={4} mt={4} wrap="nowrap">
          <Group gap={4} wrap="wrap" style={{ minWidth: 0 }}>
            {c.priority !== 'normal' && <Badge size="xs" color={c.priority === 'urgent' ? '#b02525' : PRIORITY_COLORS[c.priority]} variant={c.priority === 'urgent' ? 'filled' : 'light'}>{c.priority}</Badge>}
            <SlaBadge sla={c.sla} />
            {c.labels.slice(0, 3).map((label) => <Badge key={label} size="xs" variant="default" tt="none">{label}</Badge>)}
            {c.waitingSince && <span className="visually-hidden">Waiting for a reply.</span>}
          </Group>
          <AssigneeAvatar name={c.assigneeName} online={online} size={22} />
        </Group>
      </Link>
    </li>
  );
}
