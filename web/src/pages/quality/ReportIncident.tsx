import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Button, Checkbox, Group, NativeSelect, Paper, Radio, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api } from '../../api.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useDepartmentList } from '../../components/feedback/queries.js';
import { CATEGORIES, HARM_LEVELS } from '../../components/quality/labels.js';
import { OptionalPatientPicker, type PickedPatient } from '../../components/quality/OptionalPatientPicker.js';
import { localInputValue, useLocations } from '../../components/quality/queries.js';
import type { Incident } from '../../types-quality.js';

interface Receipt { id: string; reference: string; anonymous: true }

/** Any staff member reports what happened, by name or anonymously; from a complaint with ?conversationId=. */
export function ReportIncident() {
  usePageTitle('Report an incident');
  const { can } = useSignedIn();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const conversationId = params.get('conversationId');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [occurredAt, setOccurredAt] = useState(localInputValue(new Date()));
  const [category, setCategory] = useState('');
  const [harmLevel, setHarmLevel] = useState('');
  const [locationId, setLocationId] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [patient, setPatient] = useState<PickedPatient | null>(null);
  const [immediateActions, setImmediateActions] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const locations = useLocations(can('schedule:read'));
  const departments = useDepartmentList();

  const submit = useMutation({
    mutationFn: (): Promise<Receipt | Incident> => {
      const when = new Date(occurredAt);
      const body = {
        title, description, category, harmLevel, occurredAt: Number.isNaN(when.getTime()) ? occurredAt : when.toISOString(),
        ...(locationId && { locationId }), ...(departmentId && { departmentId }), ...(patient && { patientId: patient.value }),
        ...(immediateActions.trim() && { immediateActions: immediateActions.trim() }),
      };
      return anonymous
        ? api.post<Receipt>('/api/quality/incidents/anonymous', body)
        : api.post<Incident>('/api/quality/incidents', { ...body, ...(conversationId && { conversationId }) });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['quality'] });
      if (!('title' in saved)) setReceipt(saved);
      else navigate(`/quality/incidents/${saved.id}`);
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    submit.mutate();
  }
  const error = submit.error;

  if (receipt) {
    return (
      <>
        <Title order={1} mb="md">Report an incident</Title>
        <Alert color="green" title={`Thank you: incident ${receipt.reference} was reported anonymously`} role="status">
          Nothing in it names you, so you will not find it in your list. The quality team reviews every report.
        </Alert>
        <Group mt="md"><Button variant="default" onClick={() => window.location.reload()}>Report another incident</Button></Group>
      </>
    );
  }

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Report an incident</Title>
        <Anchor component={Link} to="/quality/incidents" c="blue.9" underline="always">Back to incidents</Anchor>
      </Group>
      <Text mb="md" maw={760}>Report anything that harmed or could have harmed a patient, a visitor or a colleague. Reports are for learning, not blame: say what happened, not who is at fault.</Text>
      {conversationId && !anonymous && <Alert color="blue" mb="md" title="From a complaint">This report will be linked to the complaint conversation, and to its patient unless you pick another.</Alert>}
      <Paper withBorder p="md" maw={900} component="form" onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <TextInput label="Summary" description="One line: what happened" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={200} error={fieldError(error, 'title')} />
          <Textarea label="What happened" description="The facts, in order" required autosize minRows={4} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={fieldError(error, 'description')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput type="datetime-local" label="When it happened" required value={occurredAt} onChange={(e) => setOccurredAt(e.currentTarget.value)} error={fieldError(error, 'occurredAt')} />
            <NativeSelect label="Category" required value={category} onChange={(e) => setCategory(e.currentTarget.value)} error={fieldError(error, 'category')}
              data={[{ value: '', label: 'Choose a category' }, ...CATEGORIES]} />
            {can('schedule:read') && (
              <NativeSelect label="Where (location)" value={locationId} onChange={(e) => setLocationId(e.currentTarget.value)} error={fieldError(error, 'locationId')}
                data={[{ value: '', label: 'Not at a particular location' }, ...(locations.data?.items ?? []).filter((l) => !l.archived).map((l) => ({ value: l.id, label: l.name }))]} />
            )}
            <NativeSelect label="Department" value={departmentId} onChange={(e) => setDepartmentId(e.currentTarget.value)} error={fieldError(error, 'departmentId')}
              data={[{ value: '', label: 'No particular department' }, ...(departments.data ?? []).filter((d) => !d.archived).map((d) => ({ value: d.id, label: d.name }))]} />
          </SimpleGrid>
          <Radio.Group label="Harm to the patient" description="The AHRQ Common Formats harm scale" required value={harmLevel} onChange={setHarmLevel} error={fieldError(error, 'harmLevel')}>
            <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
              {HARM_LEVELS.map((h) => <Radio key={h.value} value={h.value} label={h.label} description={h.hint} />)}
            </SimpleGrid>
          </Radio.Group>
          {can('patients:read') && <OptionalPatientPicker value={patient} onChange={setPatient} error={fieldError(error, 'patientId')} />}
          <Textarea label="What was done at once" description="To make the patient or the place safe (optional)" autosize minRows={2} value={immediateActions} onChange={(e) => setImmediateActions(e.currentTarget.value)} error={fieldError(error, 'immediateActions')} />
          <Checkbox label="Report anonymously" description="Your name is not stored with the report, and you will not be able to find it again." checked={anonymous} onChange={(e) => setAnonymous(e.currentTarget.checked)} />
          <ErrorAlert error={error} title="The report could not be filed" />
          <Group><Button type="submit" loading={submit.isPending}>{anonymous ? 'Report anonymously' : 'Report the incident'}</Button></Group>
        </Stack>
      </Paper>
    </>
  );
}
