import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Group, Paper, Text, Textarea, Title } from '@mantine/core';
import { api } from '../../api.js';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import type { Incident, IncidentStatus } from '../../types-quality.js';
import { MOVE_LABELS, STATUS_LABELS } from './labels.js';

/** Moves an incident along its workflow: the next steps it allows, with a note (required to close or reopen). */
export function StatusPanel({ incident }: { incident: Incident }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const move = useMutation({
    mutationFn: (status: IncidentStatus) => api.post<Incident>(`/api/quality/incidents/${incident.id}/status`, { status, ...(note.trim() && { note: note.trim() }) }),
    onSuccess: async () => {
      setNote('');
      await queryClient.invalidateQueries({ queryKey: ['quality'] });
    },
  });
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="xs">Workflow</Title>
      <Text fz="sm" mb="sm">Now: <b>{STATUS_LABELS[incident.status]}</b>{incident.statusNote ? ` — ${incident.statusNote}` : ''}</Text>
      <Textarea label="Note" description={incident.status === 'closed' ? 'Required to reopen: say why' : 'Required to close: what was learned and done'} autosize minRows={2}
        value={note} onChange={(e) => setNote(e.currentTarget.value)} error={fieldError(move.error, 'note')} />
      <ErrorAlert error={move.error} title="The status could not be changed" />
      <Group mt="sm" gap="xs">
        {incident.nextStatuses.map((status) => (
          <Button key={status} size="sm" variant={status === 'closed' ? 'outline' : 'light'} loading={move.isPending && move.variables === status} onClick={() => move.mutate(status)}>
            {incident.status === 'closed' ? 'Reopen for review' : incident.status === 'actions_open' && status === 'investigating' ? 'Back to the investigation' : MOVE_LABELS[status]}
          </Button>
        ))}
      </Group>
    </Paper>
  );
}
