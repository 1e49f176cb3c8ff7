import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { api } from '../../api.js';
import type { ConversationDetail, InboxMessage } from '../../types.js';
import { useNotify } from './notify.js';
import { PatientPicker, type PickedPatient } from './PatientPicker.js';
import { useConversationRefresh } from './queries.js';

interface Props {
  message: InboxMessage | null;
  onClose(): void;
  onMoved(conversationId: string): void;
}

/** Moves one message that landed with the wrong patient into the right patient's thread. */
export function MoveMessageDialog({ message, onClose, onMoved }: Props) {
  const notify = useNotify();
  const refresh = useConversationRefresh();
  const [patient, setPatient] = useState<PickedPatient | null>(null);
  const move = useMutation({
    mutationFn: () => api.post<ConversationDetail>(`/api/inbox/messages/${message?.id ?? ''}/move`, { patientId: patient?.id }),
    onSuccess: async (target) => {
      notify.success('Message moved', `It is now in conversation #${target.number} of ${target.patient?.name ?? 'that patient'}.`);
      await refresh(target, message?.conversationId);
      setPatient(null);
      onClose();
      onMoved(target.id);
    },
    onError: (error) => notify.failure(error, 'The message was not moved'),
  });
  return (
    <Modal opened={message !== null} onClose={onClose} title="Move this message to another patient" centered closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack gap="sm">
        {message && <Text fz="sm" c="dimmed" lineClamp={3}>“{message.body}”</Text>}
        <PatientPicker value={patient} onChange={setPatient} label="The right patient" autoFocus />
        <Text fz="xs" c="dimmed">The message joins that patient’s conversation on the same channel (one is opened if needed).</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button onClick={() => move.mutate()} disabled={!patient} loading={move.isPending}>Move message</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
