import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { api } from '../../api.js';
import type { Broadcast, CancelAppointmentsResult } from '../../types-broadcast.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { CANCEL_REASONS, type CancelReason } from '../schedule/scheduleApi.js';
import { plural } from './labels.js';
import { detailKey } from './queries.js';

/**
 * Cancels every open visit of an appointments broadcast's segment, with one reason: a reason first,
 * then a confirmation that says what will happen, then the counts the server reports.
 */
export function CancelAppointmentsDialog({ broadcast, onClose }: { broadcast: Broadcast; onClose(): void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState<CancelReason | ''>('');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () => api.post<CancelAppointmentsResult>(`/api/broadcasts/${broadcast.id}/cancel-appointments`, { reason, ...(note.trim() && { note: note.trim() }) }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: detailKey(broadcast.id) });
      await queryClient.invalidateQueries({ queryKey: ['schedule'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason) return;
    if (!confirming) setConfirming(true);
    else cancel.mutate();
  }
  const result = cancel.data;
  return (
    <Modal opened onClose={onClose} title="Cancel the affected visits" closeButtonProps={{ 'aria-label': 'Close' }} size="lg">
      {result ? (
        <Stack gap="sm">
          <Alert color="green" variant="light" title="Done" role="status">
            {plural(result.cancelled, 'visit')} cancelled; their times are offered to the waitlist.
            {result.alreadyClosed > 0 && ` ${plural(result.alreadyClosed, 'visit was', 'visits were')} already cancelled, completed or closed.`}
            {result.failed > 0 && ` ${plural(result.failed, 'visit')} could not be cancelled: see the schedule.`}
          </Alert>
          <Group justify="flex-end"><Button onClick={onClose}>Close</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={submit} aria-label="Cancel the affected visits">
          <Stack gap="sm">
            <Text fz="sm">Every booked or confirmed visit of this broadcast’s segment ({broadcast.segmentLabel}) is cancelled. Each patient is told as for any cancelled visit, and the freed times are offered to the waitlist.</Text>
            <NativeSelect label="Reason" required value={reason} disabled={confirming} onChange={(e) => setReason(e.currentTarget.value as CancelReason)} data-autofocus
              data={[{ value: '', label: 'Choose a reason' }, ...CANCEL_REASONS]} />
            <Textarea label="Note" description="Kept on each cancelled visit." autosize minRows={2} maxLength={1000} disabled={confirming} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
            {confirming && (
              <Alert color="red" variant="light" title="Cancel these visits?">
                Every open visit of this segment ({broadcast.segmentLabel}) will be cancelled, reason: {CANCEL_REASONS.find((r) => r.value === reason)?.label}. This cannot be undone from here.
              </Alert>
            )}
            <ErrorAlert error={cancel.error} title="The visits were not cancelled" />
            <Group justify="flex-end">
              <Button variant="default" onClick={confirming ? () => setConfirming(false) : onClose}>{confirming ? 'Go back' : 'Keep the visits'}</Button>
              <Button type="submit" color="red" loading={cancel.isPending} disabled={!reason}>{confirming ? 'Yes, cancel the visits' : 'Cancel the visits…'}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
