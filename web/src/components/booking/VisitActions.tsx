import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Group, Modal, Paper, Stack, Text, Textarea } from '@mantine/core';
import { ActionProblem, patientPost } from './PatientLayout.js';
import type { CheckInReceipt, PatientAppointment } from './publicTypes.js';
import type { Texts } from './texts.js';

interface CancelDialogProps {
  token: string;
  opened: boolean;
  t: Texts;
  onClose(): void;
  onCancelled(appointment: PatientAppointment): void;
}

/** "Cancel this visit?" with an optional reason; nothing happens until the patient says yes. */
export function CancelDialog({ token, opened, t, onClose, onCancelled }: CancelDialogProps) {
  const [note, setNote] = useState('');
  const cancel = useMutation({
    mutationFn: () => patientPost<PatientAppointment>(`/api/public/appointments/${encodeURIComponent(token)}/cancel`, note.trim() ? { note: note.trim() } : {}),
    onSuccess: onCancelled,
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t.cancelQuestion} centered closeButtonProps={{ 'aria-label': t.keep }}>
      <Stack gap="sm">
        <Textarea label={t.cancelNote} autosize minRows={2} maxLength={500} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-autofocus />
        <ActionProblem error={cancel.error} title={t.somethingWrong} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t.keep}</Button>
          <Button color="red" loading={cancel.isPending} onClick={() => cancel.mutate()}>{t.cancelYes}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** "I'm here": on the day, the patient tells the front desk they arrived. */
export function CheckIn({ token, arrived, t, onCheckedIn }: { token: string; arrived: boolean; t: Texts; onCheckedIn(): void }) {
  const checkIn = useMutation({
    mutationFn: () => patientPost<CheckInReceipt>(`/api/public/appointments/${encodeURIComponent(token)}/check-in`),
    onSuccess: onCheckedIn,
  });
  if (arrived) return <Alert color="green" variant="light" role="status" title={t.status.arrived}>{t.checkedIn}</Alert>;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={t.checkIn}>
      <Stack gap="sm">
        <Text fz="md">{t.checkInHint}</Text>
        <ActionProblem error={checkIn.error} title={t.somethingWrong} />
        <Button size="xl" color="green" fullWidth loading={checkIn.isPending} onClick={() => checkIn.mutate()}>{t.checkIn}</Button>
      </Stack>
    </Paper>
  );
}
