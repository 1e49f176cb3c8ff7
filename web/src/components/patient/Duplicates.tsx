import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Group, Loader, Modal, Paper, Stack, Text } from '@mantine/core';
import { api } from '../../api.js';
import { formatDate, fullName } from '../../format.js';
import type { DuplicateCandidate, Patient } from '../../types.js';
import { DuplicateCandidates } from '../DuplicateCandidates.js';
import { ErrorAlert } from '../ErrorAlert.js';

/** Possible duplicates of this patient, and merging one of them into this record. */
export function Duplicates({ patient, canMerge }: { patient: Patient; canMerge: boolean }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<DuplicateCandidate | null>(null);
  const duplicates = useQuery({
    queryKey: ['duplicates', patient.id],
    queryFn: () => api.get<{ items: DuplicateCandidate[] }>(`/api/patients/${patient.id}/duplicates`),
  });
  const merge = useMutation({
    mutationFn: (duplicateId: string) => api.post<Patient>(`/api/patients/${patient.id}/merge`, { duplicateId }),
    onSuccess: async (merged) => {
      setConfirming(null);
      queryClient.setQueryData(['patient', patient.id], merged);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['duplicates', patient.id] }),
        queryClient.invalidateQueries({ queryKey: ['timeline', patient.id] }),
        queryClient.invalidateQueries({ queryKey: ['patients'] }),
      ]);
    },
  });

  return (
    <Paper withBorder p="md">
      <h2 className="visually-hidden">Possible duplicates</h2>
      {duplicates.isPending && <Loader size="sm" aria-label="Looking for duplicates" />}
      <ErrorAlert error={duplicates.error} title="Duplicates could not be checked" />
      {merge.isSuccess && <Text c="green.9" fz="sm" mb="sm" role="status">The records were merged into this one.</Text>}
      {duplicates.data && duplicates.data.items.length === 0 && <Text c="dimmed">No likely duplicates of this patient.</Text>}
      {duplicates.data && duplicates.data.items.length > 0 && (
        <DuplicateCandidates
          candidates={duplicates.data.items}
          caption="Possible duplicates of this patient"
          action={canMerge ? (candidate) => (
            <Button size="xs" variant="outline" color="red" onClick={() => { merge.reset(); setConfirming(candidate); }}>
              Merge into this record
            </Button>
          ) : undefined}
        />
      )}
      <Modal closeButtonProps={{ "aria-label": "Close" }} opened={confirming !== null} onClose={() => setConfirming(null)} title="Merge these records?" centered>
        {confirming && (
          <Stack gap="sm">
            <Text fz="sm">
              <strong>{fullName(confirming.patient)}</strong> (MRN {confirming.patient.mrn}, born {formatDate(confirming.patient.dateOfBirth)}) will be merged
              into <strong>{fullName(patient)}</strong> (MRN {patient.mrn}).
            </Text>
            <Text fz="sm">Its contact points, tags and history move to this record. The merged record is kept, marked as merged, and points here. This cannot be undone from the screen.</Text>
            <ErrorAlert error={merge.error} title="The records were not merged" />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(null)}>Cancel</Button>
              <Button color="red.9" loading={merge.isPending} onClick={() => merge.mutate(confirming.patient.id)}>Merge records</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Paper>
  );
}
