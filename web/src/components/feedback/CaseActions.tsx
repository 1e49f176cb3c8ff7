import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Group, NativeSelect, Paper, Radio, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { api } from '../../api.js';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import { OUTCOMES } from './labels.js';
import type { Outcome, RecoveryCase } from './types.js';

// What the person working a recovery case changes: who owns it and by when, and how it ended.

/** An instant as a datetime-local input shows it (the browser's zone), and back. */
function toLocalInput(timestamp: string): string {
  const d = new Date(timestamp);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function useCaseSaved() {
  const queryClient = useQueryClient();
  return (saved: RecoveryCase) => {
    queryClient.setQueryData(['feedback', 'recovery-case', saved.id], saved);
    void queryClient.invalidateQueries({ queryKey: ['feedback', 'recovery-cases'] });
    void queryClient.invalidateQueries({ queryKey: ['tasks'] });
  };
}

export function OwnerAndDeadline({ recoveryCase, assignees }: { recoveryCase: RecoveryCase; assignees: { id: string; displayName: string }[] }) {
  const saved = useCaseSaved();
  const [ownerId, setOwnerId] = useState(recoveryCase.ownerId ?? '');
  const [due, setDue] = useState(toLocalInput(recoveryCase.dueAt));
  const save = useMutation({
    mutationFn: () => api.patch<RecoveryCase>(`/api/feedback/recovery-cases/${recoveryCase.id}`, { ownerId: ownerId || null, ...(due && { dueAt: new Date(due).toISOString() }) }),
    onSuccess: saved,
  });
  const owners = recoveryCase.ownerId && !assignees.some((a) => a.id === recoveryCase.ownerId)
    ? [{ id: recoveryCase.ownerId, displayName: recoveryCase.ownerName ?? 'Current owner' }, ...assignees] : assignees;
  const changed = ownerId !== (recoveryCase.ownerId ?? '') || due !== toLocalInput(recoveryCase.dueAt);
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form onSubmit={submit} aria-label="Owner and deadline">
      <Group align="flex-end" gap="sm">
        <NativeSelect label="Owner" value={ownerId} onChange={(e) => setOwnerId(e.currentTarget.value)} error={fieldError(save.error, 'ownerId')} miw={200}
          data={[{ value: '', label: 'Nobody (unassigned)' }, ...owners.map((a) => ({ value: a.id, label: a.displayName }))]} />
        <TextInput type="datetime-local" label="Due" required value={due} onChange={(e) => setDue(e.currentTarget.value)} error={fieldError(save.error, 'dueAt')} />
        <Button type="submit" variant="default" loading={save.isPending} disabled={!changed || !due}>Save owner and due</Button>
      </Group>
      {save.error !== null && !fieldError(save.error, 'ownerId') && !fieldError(save.error, 'dueAt') && <ErrorAlert error={save.error} title="The case was not changed" />}
    </form>
  );
}

export function CloseCaseForm({ recoveryCase }: { recoveryCase: RecoveryCase }) {
  const saved = useCaseSaved();
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [note, setNote] = useState('');
  const [resurvey, setResurvey] = useState(false);
  const close = useMutation({
    mutationFn: () => api.post<RecoveryCase>(`/api/feedback/recovery-cases/${recoveryCase.id}/close`, { outcome, ...(note.trim() && { note: note.trim() }), resurvey }),
    onSuccess: saved,
  });
  // The server asks for a note when the case ends without a resolution; say so before it does.
  const noteNeeded = outcome === 'escalated' || outcome === 'no_contact';
  function submit(event: FormEvent) {
    event.preventDefault();
    close.mutate();
  }
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="close-case-title">
      <Title order={2} fz="h4" mb="sm" id="close-case-title">Close the case</Title>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Radio.Group label="Outcome" required value={outcome} onChange={(v) => setOutcome(v as Outcome)} error={fieldError(close.error, 'outcome')}>
            <Stack gap={6} mt={6}>
              {OUTCOMES.map((o) => <Radio key={o.value} value={o.value} label={o.label} description={o.hint} />)}
            </Stack>
          </Radio.Group>
          <Textarea label="Note" description={noteNeeded ? 'Required: what was tried or why it goes to an incident' : 'What was said and agreed'} required={noteNeeded}
            autosize minRows={3} maxLength={4000} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fieldError(close.error, 'note')} />
          <Checkbox label="Send the survey again now (consent and opt-out still apply)" checked={resurvey} onChange={(e) => setResurvey(e.currentTarget.checked)} />
          {close.error !== null && !fieldError(close.error, 'outcome') && !fieldError(close.error, 'note') && <ErrorAlert error={close.error} title="The case was not closed" />}
          <Group justify="flex-end">
            <Button type="submit" loading={close.isPending} disabled={!outcome || (noteNeeded && !note.trim())}>Close the case</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
