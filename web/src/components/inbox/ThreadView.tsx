import { useEffect, useRef, useState, type RefObject } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Button, Group, Loader, Text, Title } from '@mantine/core';
import { api } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { useLive } from '../../live.js';
import type { ConversationChanges, ConversationDetail, InboxMessage } from '../../types.js';
import { AssistantContext } from '../assistant/AssistantContext.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { ChannelIcon } from './ChannelIcon.js';
import { Composer, type ComposerHandle } from './Composer.js';
import { ConversationActions } from './ConversationActions.js';
import { counterpart } from './ConversationRow.js';
import { CopyLinkDialog } from './CopyLinkDialog.js';
import { CHANNEL_NAMES, STATUS_LABELS } from './inboxFormat.js';
import { MergeDialog } from './MergeDialog.js';
import { MessageItem } from './MessageItem.js';
import { MoveMessageDialog } from './MoveMessageDialog.js';
import { useNotify } from './notify.js';
import { SlaBadge } from './SlaBadge.js';
import { UnknownSenderBanner } from './UnknownSender.js';
import { useAgents, useConversation, useConversationRefresh, useDepartments, useUpdateConversation } from './queries.js';

function describeChange(changes: ConversationChanges): string {
  if (changes.status === 'resolved') return 'Conversation resolved';
  if (changes.status === 'snoozed') return `Snoozed until ${formatDateTime(changes.snoozedUntil ?? null)}`;
  if (changes.status) return `Conversation set to ${changes.status}`;
  if (changes.assigneeId !== undefined) return changes.assigneeId ? 'Assigned' : 'Unassigned';
  if (changes.departmentId !== undefined) return 'Team changed';
  if (changes.priority) return `Priority set to ${changes.priority}`;
  return 'Labels saved';
}

/** Why failed replies failed: the provider's error, from the outbox (latest 100 entries). */
function useFailureReasons(detail: ConversationDetail | undefined) {
  const failed = detail?.messages.some((m) => m.status === 'failed') ?? false;
  return useQuery({
    queryKey: ['inbox', 'conversation', detail?.id, 'failures'],
    queryFn: async () => {
      const outbox = await api.get<{ items: { messageId: string | null; lastError: string | null }[] }>('/api/channels/outbox?limit=100');
      return new Map(outbox.items.flatMap((item) => (item.messageId && item.lastError ? [[item.messageId, item.lastError] as const] : [])));
    },
    enabled: failed,
    staleTime: 30_000,
  });
}

interface Props {
  id: string;
  canReply: boolean;
  linkTo(id: string): string;
  onNavigate(id: string): void;
  composer: RefObject<ComposerHandle | null>;
  /** Narrow screens: back to the list; medium screens: show the patient panel. */
  onBack?: () => void;
  onShowPatient?: () => void;
  /** Receives the resolve action, for the e shortcut. */
  resolveRef: RefObject<(() => void) | null>;
}

/** The middle column: who, status and actions, the messages in order, who is typing, and the composer. */
export function ThreadView({ id, canReply, linkTo, onNavigate, composer, onBack, onShowPatient, resolveRef }: Props) {
  const notify = useNotify();
  const refresh = useConversationRefresh();
  const conversation = useConversation(id);
  const agents = useAgents();
  const departments = useDepartments();
  const { typing } = useLive();
  const [merging, setMerging] = useState(false);
  const [moving, setMoving] = useState<InboxMessage | null>(null);
  const [linkShown, setLinkShown] = useState<string | null>(null);
  const update = useUpdateConversation(id, (error) => notify.failure(error, 'The conversation was not changed'));
  const cancel = useMutation({
    mutationFn: (message: InboxMessage) => api.delete<InboxMessage>(`/api/inbox/conversations/${id}/messages/${message.id}`),
    onSuccess: async () => { notify.success('Scheduled reply cancelled'); await refresh(undefined, id); },
    onError: (error) => notify.failure(error, 'The scheduled reply was not cancelled'),
  });
  const failures = useFailureReasons(conversation.data);
  const detail = conversation.data;
  const scroller = useRef<HTMLDivElement>(null);
  const count = detail?.messages.length ?? 0;

  // New messages scroll into view, as in any chat.
  useEffect(() => {
    const box = scroller.current;
    if (box) box.scrollTop = box.scrollHeight;
  }, [count, id]);

  const change = (changes: ConversationChanges) => update.mutate(changes, { onSuccess: () => notify.success(describeChange(changes)) });
  useEffect(() => {
    resolveRef.current = detail && detail.status !== 'resolved' && detail.status !== 'merged' && canReply ? () => change({ status: 'resolved' }) : null;
    return () => { resolveRef.current = null; };
  });

  async function copyLink(link: string) {
    try {
      await navigator.clipboard.writeText(link);
      notify.success('Patient link copied', 'Paste it into a message to the patient. It expires in 30 days.');
    } catch {
      setLinkShown(link);
    }
  }

  if (conversation.isPending) return <section className="inbox-thread" aria-label="Conversation"><Loader m="md" aria-label="Loading the conversation" /></section>;
  if (!detail) {
    return (
      <section className="inbox-thread" aria-label="Conversation">
        {onBack && <Button variant="subtle" size="xs" onClick={onBack} m="xs">Back to the list</Button>}
        <div style={{ padding: 12 }}><ErrorAlert error={conversation.error} title="This conversation could not be opened" /></div>
      </section>
    );
  }
  const typingHere = (typing[id] ?? []).map((p) => p.label);
  const team = departments.data?.find((d) => d.id === detail.departmentId)?.name;

  return (
    <section className="inbox-thread" aria-labelledby="thread-title">
      <header className="thread-head">
        <Group justify="space-between" gap="xs" wrap="nowrap" mb={6}>
          <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
            {onBack && <Button variant="subtle" size="compact-xs" onClick={onBack} aria-label="Back to the conversation list">← List</Button>}
            <ChannelIcon channel={detail.channel} size={18} />
            <Title order={2} fz="h4" id="thread-title" style={{ minWidth: 0, overflowWrap: 'anywhere' }} lineClamp={1}>{counterpart(detail)}</Title>
            {!detail.patientId && <Badge size="sm" color="orange" variant="light">unverified</Badge>}
          </Group>
          {onShowPatient && detail.patientId && <Button size="compact-xs" variant="light" onClick={onShowPatient}>Patient</Button>}
        </Group>
        <Group gap={6} mb={8} fz="xs">
          <Text fz="xs" c="dimmed">#{detail.number} · {CHANNEL_NAMES[detail.channel]}{team ? ` · team ${team}` : ''}{detail.subject ? ` · ${detail.subject}` : ''}</Text>
          <Badge size="xs" variant="outline" color={detail.status === 'resolved' ? '#1e6b30' : 'gray'} data-testid="conversation-status">{STATUS_LABELS[detail.status]}</Badge>
          {detail.status === 'snoozed' && detail.snoozedUntil && <Text fz="xs">until {formatDateTime(detail.snoozedUntil)}</Text>}
          <SlaBadge sla={detail.sla} />
        </Group>
        {detail.status !== 'merged' && canReply && (
          <div className="thread-actions">
            <ConversationActions detail={detail} onChange={change} pending={update.isPending} onMerge={() => setMerging(true)} onCopyLink={() => void copyLink(detail.patientLink)} />
          </div>
        )}
      </header>
      {!detail.patientId && detail.status !== 'merged' && canReply && <UnknownSenderBanner detail={detail} />}
      <AssistantContext conversationId={detail.id} />
      {detail.status === 'merged' && (
        <Alert color="gray" variant="light" radius={0} title="This conversation was merged">
          {detail.mergedInto ? <Anchor component={Link} to={linkTo(detail.mergedInto)} fw={600}>Open the conversation it was merged into</Anchor> : 'Its messages moved to another conversation.'}
        </Alert>
      )}
      <div className="thread-messages" ref={scroller} role="log" aria-label="Messages" tabIndex={0}>
        {detail.messages.length === 0 && <Text c="dimmed" fz="sm" p="md">No messages in this conversation.</Text>}
        <ol className="msg-list">
          {detail.messages.map((m) => (
            <MessageItem key={m.id} message={m} patientName={detail.patient?.name ?? null} failureReason={failures.data?.get(m.id) ?? null}
              onMove={canReply && m.direction !== 'note' ? setMoving : undefined}
              onCancel={canReply ? (message) => cancel.mutate(message) : undefined} cancelling={cancel.isPending && cancel.variables?.id === m.id} />
          ))}
        </ol>
      </div>
      <div className="typing-line" aria-live="polite">
        {typingHere.length > 0 && <Text fz="xs" c="dimmed" fs="italic">{typingHere.join(', ')} {typingHere.length === 1 ? 'is' : 'are'} typing…</Text>}
      </div>
      <Composer key={detail.id} detail={detail} agents={agents.data ?? []} canReply={canReply} handle={composer} />
      <MergeDialog detail={detail} opened={merging} onClose={() => setMerging(false)} onMerged={onNavigate} />
      <MoveMessageDialog message={moving} onClose={() => setMoving(null)} onMoved={() => undefined} />
      <CopyLinkDialog link={linkShown} onClose={() => setLinkShown(null)} />
    </section>
  );
}
