import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { api, ApiError } from '../../api.js';
import type { ConversationDetail, DuplicateCandidate, Patient } from '../../types.js';
import { DuplicateCandidates } from '../DuplicateCandidates.js';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import { useLinkSender } from './useLinkSender.js';

const splitName = (name: string | null) => {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  return { given: words.slice(0, -1).join(' ') || (words[0] ?? ''), family: words.length > 1 ? words.at(-1)! : '' };
};

/** A compact registration with the sender's address; a likely duplicate is shown with "link to this one" or "register anyway". */
export function RegisterSenderForm({ detail, onDone }: { detail: ConversationDetail; onDone(): void }) {
  const queryClient = useQueryClient();
  const initial = splitName(detail.contactName);
  const [givenName, setGivenName] = useState(initial.given);
  const [familyName, setFamilyName] = useState(initial.family);
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [consentCare, setConsentCare] = useState(true);
  const address = detail.contactAddress;
  const kind = address?.includes('@') ? 'email' : 'phone';
  const link = useLinkSender(detail, onDone);

  const register = useMutation({
    mutationFn: (allowDuplicate: boolean) => api.post<Patient>('/api/patients', {
      givenName: givenName.trim(), familyName: familyName.trim(), dateOfBirth,
      ...(address && { contactPoints: [{ kind, value: address, isPrimary: true, consentCare }] }),
      ...(allowDuplicate && { allowDuplicate: true }),
    }),
    onSuccess: async (patient) => {
      await queryClient.invalidateQueries({ queryKey: ['patients'] });
      // The address is already on the new record.
      link.mutate({ patientId: patient.id, saveAddress: false });
    },
  });

  const error = register.error;
  const duplicates = error instanceof ApiError && error.code === 'possible_duplicate'
    ? ((error.details as { candidates?: DuplicateCandidate[] } | null)?.candidates ?? [])
    : null;
  const busy = register.isPending || link.isPending;

  return (
    <form onSubmit={(e) => { e.preventDefault(); register.mutate(false); }} aria-label="Register the sender" noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput label="Given name" required value={givenName} onChange={(e) => setGivenName(e.currentTarget.value)} error={fieldError(error, 'givenName')} data-autofocus />
          <TextInput label="Family name" required value={familyName} onChange={(e) => setFamilyName(e.currentTarget.value)} error={fieldError(error, 'familyName')} />
          <TextInput label="Date of birth" type="date" required value={dateOfBirth} onChange={(e) => setDateOfBirth(e.currentTarget.value)} error={fieldError(error, 'dateOfBirth')} />
        </SimpleGrid>
        {address && (
          <Group gap="md" align="flex-end">
            <TextInput label={kind === 'email' ? 'E-mail' : 'Mobile phone'} value={address} readOnly w={260} />
            <Checkbox label="Agrees to care messages (replies, reminders)" checked={consentCare} onChange={(e) => setConsentCare(e.currentTarget.checked)} mb={8} />
          </Group>
        )}
        {duplicates && (
          <Alert color="orange" variant="light" title="This patient may already be registered" role="alert">
            <Stack gap="xs">
              <DuplicateCandidates candidates={duplicates} caption="Possible existing records"
                action={(candidate) => (
                  <Button size="compact-sm" onClick={() => link.mutate({ patientId: candidate.patient.id, saveAddress: true })} loading={link.isPending}>
                    Link to this one
                  </Button>
                )} />
              <Group justify="flex-end">
                <Button variant="default" size="xs" onClick={() => register.mutate(true)} loading={register.isPending}>Register anyway</Button>
              </Group>
            </Stack>
          </Alert>
        )}
        {error && !duplicates && !fieldError(error, 'givenName') && !fieldError(error, 'familyName') && !fieldError(error, 'dateOfBirth') && (
          <ErrorAlert error={error} title="The patient was not registered" />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={busy} disabled={!givenName.trim() || !familyName.trim() || !dateOfBirth}>Register and link</Button>
        </Group>
      </Stack>
    </form>
  );
}
