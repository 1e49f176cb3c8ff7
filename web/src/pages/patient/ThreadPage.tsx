import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Box, Button, Center, Container, Group, Loader, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { ApiError, request } from '../../api.js';

// The patient's side of a conversation, opened from the link the clinic sent. No account, no staff
// shell: one column that reads well on a phone.

interface PortalMessage {
  id: string;
  direction: 'in' | 'out';
  body: string;
  authorLabel: string;
  createdAt: string;
  attachments: string[];
}
interface PortalThread {
  clinicName: string;
  conversation: { number: number; subject: string | null; status: string };
  messages: PortalMessage[];
}

const MAX_LENGTH = 5000;

/** A key that makes a double tap on Send one message (randomUUID needs a secure context; fall back). */
function newClientId() {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

const when = (timestamp: string) =>
  new Date(timestamp).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

function LinkProblem({ error }: { error: unknown }) {
  const status = error instanceof ApiError ? error.status : 0;
  const title = status === 410 ? 'This link has expired'
    : status === 403 ? 'This link does not work'
      : status === 404 ? 'We could not find this conversation'
        : status === 429 ? 'Please wait a moment'
          : 'We could not open your messages';
  const message = error instanceof Error ? error.message : 'Please try again in a moment.';
  return (
    <Alert color={status === 410 ? 'orange' : 'red'} variant="light" title={title} role="alert">
      <Text fz="md">{message}</Text>
      {status !== 429 && status !== 0 && <Text fz="md" mt="xs">If you need help, please call the clinic.</Text>}
    </Alert>
  );
}

function Bubble({ message }: { message: PortalMessage }) {
  const mine = message.direction === 'in';
  return (
    <Box component="li" style={{ listStyle: 'none', display: 'flex', justifyContent: mine ? 'flex-end' : 'flex-start' }}>
      <Paper
        p="sm" radius="md" maw="85%" withBorder={!mine}
        bg={mine ? 'blue.0' : 'white'}
        style={{ borderColor: mine ? undefined : 'var(--mantine-color-gray-4)' }}
        aria-label={`${mine ? 'You wrote' : `${message.authorLabel} wrote`}, ${when(message.createdAt)}`}
        role="article"
      >
        <Group justify="space-between" gap="md" mb={4} wrap="nowrap">
          <Text fz="sm" fw={700} c={mine ? 'blue.9' : 'gray.9'}>{message.authorLabel}</Text>
          <Text fz="xs" c="dimmed">{when(message.createdAt)}</Text>
        </Group>
        <Text fz="md" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{message.body}</Text>
        {message.attachments.length > 0 && (
          <Text fz="sm" c="dimmed" mt={4}>Attached: {message.attachments.join(', ')}</Text>
        )}
      </Paper>
    </Box>
  );
}

export function ThreadPage() {
  const { token = '' } = useParams();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState('');
  const [clientId, setClientId] = useState(newClientId);
  const [sentNotice, setSentNotice] = useState(false);
  const endRef = useRef<HTMLDivElement>(null);
  const path = `/api/public/thread/${encodeURIComponent(token)}`;

  const thread = useQuery({
    queryKey: ['patient-thread', token],
    queryFn: () => request<PortalThread>('GET', path, undefined, { anonymous: true }),
    // New answers from the clinic show up without reloading (only while the page is in view: each read is audited).
    refetchInterval: (query) => (query.state.error ? false : 60_000),
  });
  const send = useMutation({
    mutationFn: (body: string) => request<PortalMessage>('POST', `${path}/messages`, { body, clientId }, { anonymous: true }),
    onSuccess: async () => {
      setDraft('');
      setClientId(newClientId());
      setSentNotice(true);
      await queryClient.invalidateQueries({ queryKey: ['patient-thread', token] });
    },
  });

  const clinicName = thread.data?.clinicName;
  useEffect(() => {
    document.title = clinicName ? `Your messages · ${clinicName}` : 'Your messages';
  }, [clinicName]);
  const count = thread.data?.messages.length ?? 0;
  useEffect(() => {
    if (count > 0) endRef.current?.scrollIntoView({ block: 'end' });
  }, [count]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft.trim() || send.isPending) return;
    setSentNotice(false);
    send.mutate(draft);
  }

  const tooLong = draft.length > MAX_LENGTH;
  const data = thread.data;
  return (
    <Box bg="gray.0" mih="100vh">
      <Container size={640} px="sm" py="md" component="main">
        {thread.isPending && <Center py="xl"><Loader aria-label="Loading your messages" /></Center>}
        {thread.error && !data && (
          <Stack gap="md">
            <Title order={1} fz="h2">Your messages</Title>
            <LinkProblem error={thread.error} />
          </Stack>
        )}
        {data && (
          <Stack gap="md">
            <header>
              <Text fz="sm" fw={600} c="blue.9">{data.clinicName}</Text>
              <Title order={1} fz="h2">{data.conversation.subject || 'Your messages'}</Title>
              <Text fz="sm" c="dimmed">Conversation #{data.conversation.number}</Text>
            </header>
            {data.conversation.status === 'resolved' && (
              <Alert color="gray" variant="light">The clinic marked this conversation as done. If you write again, it is opened again.</Alert>
            )}
            <section aria-label="Messages">
              {data.messages.length === 0
                ? <Text c="dimmed">No messages yet.</Text>
                : <Stack component="ol" gap="sm" p={0} m={0}>{data.messages.map((m) => <Bubble key={m.id} message={m} />)}</Stack>}
              <div ref={endRef} />
            </section>
            <Paper withBorder p="sm" radius="md" component="section" aria-label="Write to the clinic">
              <form onSubmit={submit}>
                <Stack gap="xs">
                  <Textarea
                    label={`Write to ${data.clinicName}`} value={draft} onChange={(e) => { setDraft(e.currentTarget.value); setSentNotice(false); }}
                    autosize minRows={3} maxRows={10} size="md"
                    error={tooLong ? `Please keep your message under ${MAX_LENGTH} characters (now ${draft.length}).` : undefined}
                    description="Do not use this for emergencies: call your local emergency number."
                  />
                  {send.error && <LinkProblem error={send.error} />}
                  {sentNotice && <Text fz="sm" c="var(--mantine-color-green-light-color)" role="status">Sent. The clinic will answer here, and you may also get a text or e-mail.</Text>}
                  <Button type="submit" size="md" loading={send.isPending} disabled={!draft.trim() || tooLong} fullWidth>Send</Button>
                </Stack>
              </form>
            </Paper>
            <Text fz="xs" c="dimmed">
              This page is private to you: anyone with this link can read this conversation, so please do not share it.
            </Text>
          </Stack>
        )}
      </Container>
    </Box>
  );
}
