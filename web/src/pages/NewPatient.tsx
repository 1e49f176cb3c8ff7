import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { api, ApiError } from '../api.js';
import type { DuplicateCandidate, Patient, Sex } from '../types.js';
import { SEX_LABELS } from '../format.js';
import { ErrorAlert, fieldError } from '../components/ErrorAlert.js';
import { ContactPointsEditor, draftsToInput, newDraft, type ContactDraft } from '../components/ContactPointsEditor.js';
import { AddressFields, addressInput, emptyAddress } from '../components/AddressFields.js';
import { PreferenceFields, type Preferences } from '../components/PreferenceFields.js';
import { DuplicateCandidates } from '../components/DuplicateCandidates.js';
import { usePageTitle } from '../components/usePageTitle.js';

const SEXES: Sex[] = ['female', 'male', 'other', 'unknown'];

export function NewPatient() {
  usePageTitle('New patient');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [names, setNames] = useState({ givenName: '', familyName: '', preferredName: '', mrn: '' });
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [sex, setSex] = useState<Sex>('unknown');
  const [preferences, setPreferences] = useState<Preferences>({ language: 'en', preferredChannel: 'sms', tags: [] });
  const [contacts, setContacts] = useState<ContactDraft[]>([newDraft('phone', true), newDraft('email', true)]);
  const [address, setAddress] = useState(emptyAddress());

  const register = useMutation({
    mutationFn: (allowDuplicate: boolean) => api.post<Patient>('/api/patients', {
      givenName: names.givenName.trim(),
      familyName: names.familyName.trim(),
      ...(names.preferredName.trim() && { preferredName: names.preferredName.trim() }),
      ...(names.mrn.trim() && { mrn: names.mrn.trim() }),
      dateOfBirth,
      sex,
      language: preferences.language,
      preferredChannel: preferences.preferredChannel,
      tags: preferences.tags,
      contactPoints: draftsToInput(contacts),
      address: addressInput(address),
      ...(allowDuplicate && { allowDuplicate: true }),
    }),
    onSuccess: async (patient) => {
      await queryClient.invalidateQueries({ queryKey: ['patients'] });
      navigate(`/patients/${patient.id}`);
    },
  });

  const error = register.error;
  const duplicates = error instanceof ApiError && error.code === 'possible_duplicate'
    ? ((error.details as { candidates?: DuplicateCandidate[] } | null)?.candidates ?? [])
    : null;

  // The warning sits above the form: bring it into view (and to the screen reader) when it appears.
  const problemRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) problemRef.current?.scrollIntoView({ block: 'start' });
  }, [error]);

  function submit(event: FormEvent) {
    event.preventDefault();
    register.mutate(false);
  }
  const nameField = (key: keyof typeof names, label: string, required = false) => (
    <TextInput
      label={label}
      required={required}
      value={names[key]}
      onChange={(event) => { const value = event.currentTarget.value; setNames((n) => ({ ...n, [key]: value })); }}
      error={fieldError(error, key)}
      autoComplete="off"
    />
  );

  return (
    <>
      <Title order={1} mb="md">New patient</Title>
      <form onSubmit={submit} noValidate aria-label="New patient">
        <Stack gap="md" maw={1100}>
          <div ref={problemRef} style={{ scrollMarginTop: 70 }}>
          {duplicates ? (
            <Alert color="orange" variant="light" title="This patient may already be registered" role="alert">
              <Stack gap="sm">
                <span>{duplicates.length === 1 ? 'A patient' : `${duplicates.length} patients`} with a similar name, birth date or contact already exist{duplicates.length === 1 ? 's' : ''}. Open the record to check; if this is a different person, register anyway.</span>
                <DuplicateCandidates candidates={duplicates} caption="Possible duplicates" />
                <Group gap="xs">
                  <Button onClick={() => register.mutate(true)} loading={register.isPending}>Register anyway</Button>
                  <Button variant="default" onClick={() => register.reset()}>Back to the form</Button>
                </Group>
              </Stack>
            </Alert>
          ) : <ErrorAlert error={error} title="The patient was not registered" />}
          </div>
          <Paper withBorder p="md">
            <Title order={2} fz="h4" mb="sm">Identity</Title>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm" verticalSpacing="xs">
              {nameField('givenName', 'Given name', true)}
              {nameField('familyName', 'Family name', true)}
              {nameField('preferredName', 'Preferred name')}
              <TextInput
                label="Date of birth"
                type="date"
                required
                value={dateOfBirth}
                onChange={(event) => setDateOfBirth(event.currentTarget.value)}
                error={fieldError(error, 'dateOfBirth')}
                max={new Date().toISOString().slice(0, 10)}
              />
              <NativeSelect
                label="Sex"
                value={sex}
                onChange={(event) => { const v = event.currentTarget.value as Sex; if (SEXES.includes(v)) setSex(v); }}
                data={SEXES.map((s) => ({ value: s, label: SEX_LABELS[s] ?? s }))}
              />
              <TextInput
                label="MRN (optional)"
                description="Left blank, Careloop assigns the next one"
                value={names.mrn}
                onChange={(event) => { const value = event.currentTarget.value; setNames((n) => ({ ...n, mrn: value })); }}
                error={fieldError(error, 'mrn')}
              />
            </SimpleGrid>
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} fz="h4" mb="sm">Contact and consent</Title>
            <ContactPointsEditor drafts={contacts} onChange={setContacts} error={error} idPrefix="new-cp" />
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} fz="h4" mb="sm">Preferences and tags</Title>
            <PreferenceFields value={preferences} onChange={setPreferences} error={error} />
          </Paper>
          <Paper withBorder p="md">
            <Title order={2} fz="h4" mb="sm">Address</Title>
            <AddressFields value={address} onChange={setAddress} error={error} />
          </Paper>
          <Group>
            <Button type="submit" loading={register.isPending && !duplicates} disabled={!!duplicates}>Register patient</Button>
            <Button variant="default" onClick={() => navigate('/patients')}>Cancel</Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
