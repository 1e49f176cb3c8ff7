import { useImperativeHandle, useMemo, useRef, useState, type RefObject } from 'react';
import { Alert, Button, Group, NativeSelect, Popover, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api.js';
import { useLive } from '../../live.js';
import type { Agent, ConversationDetail, InboxMessage } from '../../types.js';
import { CannedReplyPicker } from './CannedReplyPicker.js';
import { REPLY_CHANNEL_NAMES } from './inboxFormat.js';
import { mentionedIds, MentionTextarea } from './MentionTextarea.js';
import { useNotify } from './notify.js';
import { useConversationRefresh } from './queries.js';

export interface ComposerHandle {
  /** Switches to Reply and puts the cursor in the box (the r shortcut). */
  focusReply(): void;
}

type Mode = 'reply' | 'note';

function defaultOption(detail: ConversationDetail): number {
  const preferred = detail.channel === 'voice' || detail.channel === 'portal' ? 'sms' : detail.channel;
  const index = detail.replyOptions.findIndex((o) => o.allowed && o.channel === preferred);
  return index >= 0 ? index : detail.replyOptions.findIndex((o) => o.allowed);
}

/** A datetime-local value one hour from now (the browser's zone). */
function inAnHour(): string {
  const d = new Date(Date.now() + 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

interface Props {
  detail: ConversationDetail;
  agents: Agent[];
  canReply: boolean;
  handle: RefObject<ComposerHandle | null>;
}

/** Reply to the patient (channel, subject for e-mail, canned replies, send later) or add an internal note with @mentions. */
export function Composer({ detail, agents, canReply, handle }: Props) {
  const notify = useNotify();
  const refresh = useConversationRefresh();
  const { sendTyping } = useLive();
  const [mode, setMode] = useState<Mode>('reply');
  const [body, setBody] = useState('');
  const [subject, setSubject] = useState('');
  const [option, setOption] = useState(() => defaultOption(detail));
  const [later, setLater] = useState(false);
  const [sendAt, setSendAt] = useState(inAnHour);
  const [mentions, setMentions] = useState(new Map<string, string>());
  const boxRef = useRef<HTMLTextAreaElement>(null);

  useImperativeHandle(handle, () => ({
    focusReply() {
      setMode('reply');
      requestAnimationFrame(() => boxRef.current?.focus());
    },
  }), []);

  const chosen = detail.replyOptions[option];
  const allowedCount = detail.replyOptions.filter((o) => o.allowed).length;
  const channelData = useMemo(() => detail.replyOptions.map((o, index) => ({
    value: String(index),
    label: `${REPLY_CHANNEL_NAMES[o.channel] ?? o.channel} to ${o.recipient}${o.allowed ? '' : ` — ${o.reason ?? 'not allowed'}`}`,
    disabled: !o.allowed,
  })), [detail.replyOptions]);

  const send = useMutation({
    mutationFn: async (scheduled: string | null): Promise<InboxMessage> => {
      if (mode === 'note') {
        const ids = mentionedIds(body, mentions);
        return api.post<InboxMessage>(`/api/inbox/conversations/${detail.id}/notes`, { body: body.trim(), ...(ids.length > 0 && { mentions: ids }) });
      }
      return api.post<InboxMessage>(`/api/inbox/conversations/${detail.id}/messages`, {
        body: body.trim(),
        ...(chosen && { channel: chosen.channel }),
        ...(chosen?.channel === 'email' && subject.trim() && { subject: subject.trim() }),
        ...(scheduled && { sendAt: new Date(scheduled).toISOString() }),
      });
    },
    onSuccess: async (message) => {
      setBody('');
      setSubject('');
      setMentions(new Map());
      setLater(false);
      notify.success(message.direction === 'note' ? 'Note added' : message.status === 'scheduled' ? 'Reply scheduled' : 'Reply sent');
      await refresh(undefined, detail.id);
    },
    onError: (error) => notify.failure(error, mode === 'note' ? 'The note was not added' : 'The reply was not sent'),
  });

  const blocked = mode === 'reply' && (!chosen || !chosen.allowed);
  const submit = (scheduled: string | null = null) => {
    if (!body.trim() || send.isPending || blocked || !canReply) return;
    send.mutate(scheduled);
  };

  if (!canReply) return <Text fz="sm" c="dimmed" p="sm">Your role can read conversations but not answer them.</Text>;
  if (detail.status === 'merged') return null;

  return (
    <form className="composer" aria-label={mode === 'reply' ? 'Reply to the patient' : 'Add an internal note'} onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <SegmentedControl size="xs" value={mode} onChange={(v) => setMode(v as Mode)} aria-label="Write a reply or an internal note"
            data={[{ value: 'reply', label: 'Reply' }, { value: 'note', label: 'Internal note' }]} color={mode === 'note' ? 'yellow' : 'blue'} />
          {mode === 'reply' && detail.replyOptions.length > 0 && (
            <NativeSelect size="xs" aria-label="Send by" value={String(option)} onChange={(e) => setOption(Number(e.currentTarget.value))}
              data={channelData} style={{ flex: 1, minWidth: 180, maxWidth: 360 }} />
          )}
        </Group>
        {mode === 'reply' && allowedCount === 0 && (
          <Alert color="orange" variant="light" p="xs" title="No channel to answer on">
            {detail.replyOptions.length === 0
              ? 'There is no phone number or e-mail address to write to. Link the sender to a patient or add contact details.'
              : detail.replyOptions.map((o) => `${REPLY_CHANNEL_NAMES[o.channel] ?? o.channel} to ${o.recipient}: ${o.reason ?? 'not allowed'}`).join('; ')}
          </Alert>
        )}
        {mode === 'reply' && chosen?.channel === 'email' && (
          <TextInput size="xs" label="Subject" placeholder={detail.subject ? `Re: ${detail.subject.replace(/^re:\s*/i, '')}` : 'Message from your clinic'}
            value={subject} onChange={(e) => setSubject(e.currentTarget.value)} maxLength={300} />
        )}
        {mode === 'reply' ? (
          <Textarea ref={boxRef} label="Reply" value={body} autosize minRows={2} maxRows={8} placeholder="Write to the patient… (Ctrl+Enter sends)"
            onChange={(e) => { setBody(e.currentTarget.value); sendTyping(detail.id); }}
            onKeyDown={(e) => { if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); submit(); } }} />
        ) : (
          <MentionTextarea label="Internal note" description={agents.length > 0 ? 'Only staff see notes. Type @ to mention a colleague.' : 'Only staff see notes.'}
            value={body} onChange={setBody} agents={agents} mentions={mentions} textareaRef={boxRef}
            onMention={(agent) => setMentions((m) => new Map(m).set(agent.id, agent.displayName))} onSubmit={() => submit()} />
        )}
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            {mode === 'reply' && <CannedReplyPicker conversationId={detail.id} onInsert={(text) => { setBody((b) => (b.trim() ? `${b}\n${text}` : text)); boxRef.current?.focus(); }} />}
          </Group>
          <Group gap="xs">
            {mode === 'reply' && (
              <Popover opened={later} onChange={setLater} position="top-end" withArrow trapFocus>
                <Popover.Target>
                  <Button size="xs" variant="default" onClick={() => setLater((o) => !o)} disabled={!body.trim() || blocked} aria-expanded={later}>Send later…</Button>
                </Popover.Target>
                <Popover.Dropdown>
                  <Stack gap="xs">
                    <TextInput type="datetime-local" size="xs" label="Send at" value={sendAt} onChange={(e) => setSendAt(e.currentTarget.value)} />
                    <Button size="xs" onClick={() => submit(sendAt)} disabled={!sendAt} loading={send.isPending}>Schedule reply</Button>
                  </Stack>
                </Popover.Dropdown>
              </Popover>
            )}
            <Button type="submit" size="xs" color={mode === 'note' ? 'yellow.8' : undefined} loading={send.isPending} disabled={!body.trim() || blocked}>
              {mode === 'note' ? 'Add note' : 'Send'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
