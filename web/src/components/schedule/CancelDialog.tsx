import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Group, Modal, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { api } from '../../api.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { CANCEL_REASONS, type Appointment, type CancelReason } from './scheduleApi.js';

/** Cancels a visit with a reason and an optional note; the patient is told and the waitlist offered the time. */
export function CancelDialog({ appointment, onClose, onCancelled }: { appointment: Appointment; onClose(): void; onCancelled(a: Appointment): void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState<CancelReason | ''>('');
  const [note, setNote] = useState('');
  const cancel = useMutation({
    mutationFn: () => api.post<Appointment>(`/api/scheduling/appointments/${appointment.id}/cancel`, { reason, ...(note.trim() && { note: note.trim() }) }),
    onSuccess: async (cancelled) => {
      await queryClient.invalidateQueries({ queryKey: ['schedule'] });
      onCancelled(cancelled);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (reason) cancel.mutate();
  }
  return (
    <Modal opened onClose={onClose} title={`Cancel ${appointment.patientName}’s visit`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} aria-label="Cancel the visit">
        <Stack gap="sm">
          <Text fz="sm">{appointment.serviceName}, {appointment.label}, with {appointment.providerName}. The patient is told, and the time is offered to the waitlist.</Text>
          <NativeSelect label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value as CancelReason)} data-autofocus
            data={[{ value: '', label: 'Choose a reason' }, ...CANCEL_REASONS]} />
          <Textarea label="Note" autosize minRows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <ErrorAlert error={cancel.error} title="The visit was not cancelled" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Keep the visit</Button>
            <Button type="submit" color="red" loading={cancel.isPending} disabled={!reason}>Cancel the visit</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
