import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Button, Group, Loader, Paper, Tabs, Text, Title } from '@mantine/core';
import { api } from '../api.js';
import { ageOf, formatDate, fullName, LANGUAGE_LABELS, SEX_LABELS } from '../format.js';
import { useSignedIn } from '../session.js';
import type { Patient } from '../types.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { usePageTitle } from '../components/usePageTitle.js';
import { PatientEditForm } from '../components/patient/PatientEditForm.js';
import { Timeline } from '../components/patient/Timeline.js';
import { Duplicates } from '../components/patient/Duplicates.js';
import { AccessLog } from '../components/patient/AccessLog.js';
import { SendSurvey } from '../components/feedback/SendSurvey.js';
import { CareTab } from '../components/patient/CareTab.js';

const TABS = ['details', 'timeline', 'care', 'duplicates', 'access'] as const;
type Tab = (typeof TABS)[number];

export function PatientDetail() {
  const { id = '' } = useParams();
  const { can } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const patient = useQuery({ queryKey: ['patient', id], queryFn: () => api.get<Patient>(`/api/patients/${id}`) });
  usePageTitle(patient.data ? fullName(patient.data) : 'Patient');

  const requested = params.get('tab');
  const tab: Tab = TABS.includes(requested as Tab) && (requested !== 'access' || can('audit:read')) ? requested as Tab : 'details';

  if (patient.isPending) return <Loader aria-label="Loading the patient" />;
  if (patient.error || !patient.data) {
    return (
      <>
        <Title order={1} mb="md">Patient</Title>
        <ErrorAlert error={patient.error} title="This patient could not be opened" />
        <Anchor component={Link} to="/patients" mt="md" display="inline-block">Back to the patient list</Anchor>
      </>
    );
  }
  const p = patient.data;
  const age = ageOf(p.dateOfBirth);

  return (
    <>
      {p.status === 'merged' && (
        <Alert color="orange" variant="light" title="This record was merged" mb="md" role="status">
          It is kept for history only.{' '}
          {p.replacedBy
            ? <Anchor component={Link} to={`/patients/${p.replacedBy}`} fw={700} c="blue.9" underline="always">Open the record it was merged into</Anchor>
            : 'The record it was merged into is not available.'}
        </Alert>
      )}
      <Paper withBorder p="md" mb="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={1} fz="h2">{fullName(p)}</Title>
            <Group gap="lg" mt={4} fz="sm">
              <Text fz="sm"><Text span c="dimmed" fz="sm">MRN </Text><Text span ff="monospace" fw={600} data-testid="patient-mrn">{p.mrn}</Text></Text>
              <Text fz="sm"><Text span c="dimmed" fz="sm">Born </Text>{formatDate(p.dateOfBirth)}</Text>
              <Text fz="sm"><Text span c="dimmed" fz="sm">Age </Text>{age ?? '—'}</Text>
              <Text fz="sm"><Text span c="dimmed" fz="sm">Sex </Text>{SEX_LABELS[p.sex] ?? p.sex}</Text>
              <Text fz="sm"><Text span c="dimmed" fz="sm">Language </Text>{LANGUAGE_LABELS[p.language] ?? p.language}</Text>
            </Group>
          </div>
          <Group gap={4}>
            {p.status === 'merged' && <Badge color="orange" variant="light">Merged</Badge>}
            {p.tags.map((t) => <Badge key={t} variant="default" tt="none">{t}</Badge>)}
            {p.status === 'active' && can('inbox:reply') && <Button component={Link} to={`/inbox?compose=${p.id}`} size="xs" ml="sm">New message</Button>}
            {p.status === 'active' && can('feedback:manage') && <SendSurvey patientId={p.id} patientName={fullName(p)} />}
          </Group>
        </Group>
      </Paper>
      <Tabs value={tab} onChange={(next) => setParams(next && next !== 'details' ? { tab: next } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="details">Contact and preferences</Tabs.Tab>
          <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
          <Tabs.Tab value="care">Referrals and tasks</Tabs.Tab>
          <Tabs.Tab value="duplicates">Possible duplicates</Tabs.Tab>
          {can('audit:read') && <Tabs.Tab value="access">Access log</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="details"><PatientEditForm patient={p} readOnly={p.status === 'merged' ? 'This record was merged: make changes on the record it was merged into.' : can('patients:write') ? null : 'Your role can read this record but not change it.'} /></Tabs.Panel>
        <Tabs.Panel value="timeline"><Timeline patientId={p.id} /></Tabs.Panel>
        <Tabs.Panel value="care"><CareTab patientId={p.id} /></Tabs.Panel>
        <Tabs.Panel value="duplicates"><Duplicates patient={p} canMerge={can('patients:merge') && p.status === 'active'} /></Tabs.Panel>
        {can('audit:read') && <Tabs.Panel value="access"><AccessLog patientId={p.id} /></Tabs.Panel>}
      </Tabs>
    </>
  );
}
