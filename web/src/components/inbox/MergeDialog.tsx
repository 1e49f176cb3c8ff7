import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Group, Loader, Modal, Radio, Stack, Text } from '@mantine/core';
import { api } from '../../api.js';
import type { ConversationDetail } from '../../types.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { ChannelIcon } from './ChannelIcon.js';
import { shortTime, STATUS_LABELS } from './inboxFormat.js';
import { useNotify } from './notify.js';
import { useConversationRefresh, usePatientConversations } from './queries.js';

interface Props {
  detail: ConversationDetail;
  opened: boolean;
  onClose(): void;
  onMerged(intoId: string): void;
}

/** Merges this conversation into another one of the same patient: its messages move there and this one closes. */
export function MergeDialog({ detail, opened, onClose, onMerged }: Props) {
  const notify = useNotify();
  const refresh = useConversationRefresh();
  const [intoId, setIntoId] = useState('');
  const others = usePatientConversations(opened ? detail.patientId : null);
  const candidates = (others.data?.items ?? []).filter((c) => c.id !== detail.id && c.status !== 'merged');
  const merge = useMutation({
    mutationFn: () => api.post<ConversationDetail>(`/api/inbox/conversations/${detail.id}/merge`, { intoId }),
    onSuccess: async (merged) => {
      notify.success(`Merged into #${merged.number}`);
      await refresh(merged, detail.id);
      onClose();
      onMerged(merged.id);
    },
    onError: (error) => notify.failure(error, 'The conversations were not merged'),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={`Merge #${detail.number} into another conversation`} centered size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack gap="sm">
        <Text fz="sm">Its messages move into the conversation you pick, and #{detail.number} closes as merged. This cannot be undone.</Text>
        {others.isPending && <Loader size="sm" aria-label="Loading the patient's conversations" />}
        <ErrorAlert error={others.error} title="The patient's conversations could not be loaded" />
        {others.data && candidates.length === 0 && <Text c="dimmed" fz="sm">This patient has no other conversation to merge into.</Text>}
        {candidates.length > 0 && (
          <Radio.Group value={intoId} onChange={setIntoId} label="Merge into" name="merge-into">
            <Stack gap={6} mt={6}>
              {candidates.map((c) => (
                <Radio key={c.id} value={c.id} label={
                  <Group gap={6} wrap="nowrap">
                    <ChannelIcon channel={c.channel} />
                    <Text fz="sm" fw={600}>#{c.number}</Text>
                    <Text fz="sm">{STATUS_LABELS[c.status]}</Text>
                    <Text fz="sm" c="dimmed" lineClamp={1}>{c.subject ?? c.lastMessagePreview ?? ''}</Text>
                    <Text fz="xs" c="dimmed">{shortTime(c.lastMessageAt)}</Text>
                  </Group>
                } />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button onClick={() => merge.mutate()} disabled={!intoId} loading={merge.isPending}>Merge conversations</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
