import { useEffect, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Anchor, Button, Group, Paper, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, request } from '../../api.js';
import type { Broadcast, Preview, Purpose } from '../../types-broadcast.js';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { PURPOSES } from '../../components/broadcast/labels.js';
import { channelsOf, emptyMessage, MessageFields, messageOf, type MessageDraft } from '../../components/broadcast/MessageFields.js';
import { PreviewPanel } from '../../components/broadcast/PreviewPanel.js';
import { BROADCASTS, useBroadcast } from '../../components/broadcast/queries.js';
import { draftOf, emptySegment, segmentOf, type SegmentDraft } from '../../components/broadcast/segmentDraft.js';
import { SegmentPicker, segmentProblems } from '../../components/broadcast/SegmentPicker.js';
import { SendConfirmation } from '../../components/broadcast/SendConfirmation.js';
import { ServerError } from '../../components/broadcast/ServerError.js';

interface Form { title: string; purpose: Purpose; segment: SegmentDraft; message: MessageDraft }

const emptyForm = (): Form => ({ title: '', purpose: 'urgent_operational', segment: emptySegment(), message: emptyMessage() });

/** Compose a broadcast (or go on with a draft: ?draft=<id>), preview who gets it, and send it after a confirmation naming the count. */
export function NewBroadcast() {
  const [params] = useSearchParams();
  const draftParam = params.get('draft');
  usePageTitle(draftParam ? 'Edit broadcast draft' : 'New broadcast');
  return draftParam ? <DraftLoader id={draftParam} /> : <Composer initial={emptyForm()} draftId={null} />;
}

function DraftLoader({ id }: { id: string }) {
  const draft = useBroadcast(id);
  if (draft.error) return <ErrorAlert error={draft.error} title="The draft could not be loaded" />;
  if (!draft.data) return <Text role="status">Loading…</Text>;
  if (draft.data.status !== 'draft') return <Navigate to={`/broadcasts/${id}`} replace />;
  const b = draft.data;
  return (
    <Composer draftId={id} initial={{
      title: b.title, purpose: b.purpose, segment: draftOf(b.segment),
      message: { smsBody: b.smsBody ?? '', emailSubject: b.emailSubject ?? '', emailBody: b.emailBody ?? '' },
    }} />
  );
}

function Composer({ initial, draftId: initialDraftId }: { initial: Form; draftId: string | null }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(initial);
  const [draftId, setDraftId] = useState(initialDraftId);
  const [showProblems, setShowProblems] = useState(false);
  const [confirming, setConfirming] = useState<{ broadcast: Broadcast; preview: Preview } | null>(null);
  const set = <K extends keyof Form>(key: K) => (value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  const previewBody = () => {
    const channels = channelsOf(form.message);
    return { purpose: form.purpose, segment: segmentOf(form.segment), ...(channels.length > 0 && { channels }) };
  };
  const preview = useMutation({ mutationFn: () => api.post<Preview>('/api/broadcasts/preview', previewBody()) });

  /** Keeps the broadcast as a draft on the server (the first time it is created, then changed). */
  const save = useMutation({
    mutationFn: async () => {
      const body = { title: form.title.trim(), purpose: form.purpose, segment: segmentOf(form.segment), ...messageOf(form.message) };
      const saved = draftId ? await api.patch<Broadcast>(`/api/broadcasts/${draftId}`, body) : await api.post<Broadcast>('/api/broadcasts', body);
      setDraftId(saved.id);
      void queryClient.invalidateQueries({ queryKey: [BROADCASTS] });
      return saved;
    },
  });
  const review = useMutation({
    mutationFn: async () => {
      const broadcast = await save.mutateAsync();
      const counted = await preview.mutateAsync();
      return { broadcast, preview: counted };
    },
    onSuccess: setConfirming,
  });
  const send = useMutation({
    mutationFn: (id: string) => request<Broadcast>('POST', `/api/broadcasts/${id}/send`, {}),
    onSuccess: async (sent) => {
      await queryClient.invalidateQueries({ queryKey: [BROADCASTS] });
      navigate(`/broadcasts/${sent.id}`);
    },
  });

  // A changed form makes the last preview stale: it is hidden rather than shown with old counts.
  const { reset: resetPreview } = preview;
  useEffect(() => resetPreview(), [form.purpose, form.segment, form.message, resetPreview]);

  const segmentReady = Object.keys(segmentProblems(form.segment)).length === 0;
  const guarded = (action: () => void) => () => {
    setShowProblems(true);
    if (segmentReady) action();
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    guarded(() => review.mutate())();
  }
  const saveError = save.error;
  const problem = fieldError.bind(null, saveError);

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>{draftId ? 'Broadcast draft' : 'New broadcast'}</Title>
        <Anchor component={Link} to="/broadcasts" c="blue.9" underline="always">Back to broadcasts</Anchor>
      </Group>
      <form onSubmit={submit} noValidate aria-label="Compose a broadcast">
        <Stack gap="md" maw={1000}>
          <Paper withBorder p="md">
            <Stack gap="md">
              <TextInput label="Title" description="For staff: the list and the broadcast’s page show it; patients never see it." required maxLength={200}
                value={form.title} onChange={(e) => set('title')(e.currentTarget.value)} error={problem('title')} />
              <Radio.Group label="Purpose" description="The purpose decides whose consent allows the message." value={form.purpose} onChange={(v) => set('purpose')(v as Purpose)} required>
                <Stack gap={6} mt={6}>
                  {PURPOSES.map((p) => <Radio key={p.value} value={p.value} label={p.label} description={p.consent} />)}
                </Stack>
              </Radio.Group>
            </Stack>
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} fz="h3" mb="sm">Recipients</Title>
            <SegmentPicker value={form.segment} onChange={set('segment')} showProblems={showProblems} serverError={saveError ?? preview.error} />
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} fz="h3" mb="sm">Message</Title>
            <MessageFields value={form.message} onChange={set('message')} fieldError={problem} />
          </Paper>
          <ServerError error={saveError ?? preview.error} title={saveError ? 'The broadcast was not saved' : 'The preview did not work'} />
          {preview.data && <Paper withBorder p="md"><PreviewPanel preview={preview.data} /></Paper>}
          <Group justify="space-between">
            <Button variant="default" onClick={guarded(() => preview.mutate())} loading={preview.isPending && !review.isPending}>Preview recipients</Button>
            <Group>
              <Button variant="default" loading={save.isPending && !review.isPending}
                onClick={guarded(() => save.mutate(undefined, { onSuccess: (saved) => navigate(`/broadcasts/${saved.id}`) }))}>Save draft</Button>
              <Button type="submit" loading={review.isPending}>Review and send…</Button>
            </Group>
          </Group>
        </Stack>
      </form>
      {confirming && (
        <SendConfirmation title={confirming.broadcast.title} preview={confirming.preview} sending={send.isPending} error={send.error}
          onConfirm={() => send.mutate(confirming.broadcast.id)} onClose={() => { setConfirming(null); send.reset(); }} />
      )}
    </>
  );
}
