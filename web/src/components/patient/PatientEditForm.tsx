import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { api } from '../../api.js';
import { formatDateTime } from '../../format.js';
import type { Patient } from '../../types.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { ContactPointsEditor, draftsFrom, draftsToInput, type ContactDraft } from '../ContactPointsEditor.js';
import { AddressFields, addressDraft, addressInput } from '../AddressFields.js';
import { PreferenceFields, type Preferences } from '../PreferenceFields.js';

const preferencesOf = (p: Patient): Preferences => ({ language: p.language, preferredChannel: p.preferredChannel, tags: p.tags });

/** Contact points with consent, preferences, tags and address of one patient, saved together. */
export function PatientEditForm({ patient, readOnly }: { patient: Patient; readOnly: string | null }) {
  const queryClient = useQueryClient();
  const [contacts, setContacts] = useState<ContactDraft[]>(() => draftsFrom(patient.contactPoints));
  const [preferences, setPreferences] = useState(() => preferencesOf(patient));
  const [address, setAddress] = useState(() => addressDraft(patient.address));
  const [savedAt, setSavedAt] = useState<string | null>(null);

  // A save or a merge elsewhere brings a new version of the record: start again from it.
  useEffect(() => {
    setContacts(draftsFrom(patient.contactPoints));
    setPreferences(preferencesOf(patient));
    setAddress(addressDraft(patient.address));
  }, [patient]);

  const save = useMutation({
    mutationFn: () => api.patch<Patient>(`/api/patients/${patient.id}`, {
      contactPoints: draftsToInput(contacts),
      language: preferences.language,
      preferredChannel: preferences.preferredChannel,
      tags: preferences.tags,
      address: addressInput(address),
    }, { 'if-match': `"${patient.updatedAt}"` }),
    onSuccess: (updated) => {
      queryClient.setQueryData(['patient', patient.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['patients'] });
      void queryClient.invalidateQueries({ queryKey: ['timeline', patient.id] });
      setSavedAt(new Date().toISOString());
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setSavedAt(null);
    save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Contact details and preferences">
      <fieldset disabled={readOnly !== null || save.isPending} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack gap="md">
          {readOnly && <Alert color="gray" variant="light">{readOnly}</Alert>}
          <ErrorAlert error={save.error} title="The changes were not saved" />
          <Paper withBorder p="md">
            <Title order={2} fz="h4" mb="sm">Phones and e-mails</Title>
            <ContactPointsEditor drafts={contacts} onChange={setContacts} error={save.error} idPrefix="edit-cp" />
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} fz="h4" mb="sm">Preferences and tags</Title>
            <PreferenceFields value={preferences} onChange={setPreferences} error={save.error} />
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} fz="h4" mb="sm">Address</Title>
            <AddressFields value={address} onChange={setAddress} error={save.error} />
          </Paper>
          {!readOnly && (
            <Group>
              <Button type="submit" loading={save.isPending}>Save changes</Button>
              <Text fz="sm" c="green.9" role="status" aria-live="polite">
                {savedAt ? `Saved at ${formatDateTime(savedAt)}.` : ''}
              </Text>
              <Text fz="xs" c="dimmed" ml="auto">Last changed {formatDateTime(patient.updatedAt)}</Text>
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}
