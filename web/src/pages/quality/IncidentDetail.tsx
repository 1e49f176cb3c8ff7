import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Grid, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { api } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { ActionsPanel } from '../../components/quality/ActionsPanel.js';
import { AnalysisSection } from '../../components/quality/AnalysisEditor.js';
import { HarmBadge, StatusBadge } from '../../components/quality/Badges.js';
import { categoryLabel, SOURCE_LABELS } from '../../components/quality/labels.js';
import { StatusPanel } from '../../components/quality/StatusPanel.js';
import type { Incident, IncidentDetail as Detail } from '../../types-quality.js';

/** One incident: the facts, the workflow, the root cause analysis and the corrective and preventive actions. */
export function IncidentDetail() {
  const { id = '' } = useParams();
  const { can } = useSignedIn();
  const detail = useQuery({ queryKey: ['quality', 'incident', id], queryFn: () => api.get<Detail>(`/api/quality/incidents/${id}`) });
  const incident = detail.data?.incident;
  usePageTitle(incident ? `${incident.reference}: ${incident.title}` : 'Incident');
  const manages = can('quality:manage');
  return (
    <>
      <Group justify="space-between" mb="md" align="flex-start">
        <div>
          <Title order={1}>{incident ? `${incident.reference}: ${incident.title}` : 'Incident'}</Title>
          {incident && <Group gap="xs" mt={6}><StatusBadge status={incident.status} /><HarmBadge harm={incident.harmLevel} /><Text fz="sm">{categoryLabel(incident.category)}</Text></Group>}
        </div>
        <Anchor component={Link} to="/quality/incidents" c="blue.9" underline="always">Back to incidents</Anchor>
      </Group>
      <ErrorAlert error={detail.error} title="The incident could not be loaded" />
      {detail.isPending && <Text role="status">Loading…</Text>}
      {detail.data && incident && (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: manages ? 8 : 12 }}>
            <Stack gap="md">
              <Facts incident={incident} />
              <AnalysisSection detail={detail.data} editable={manages} />
              <ActionsPanel detail={detail.data} />
            </Stack>
          </Grid.Col>
          {manages ? <Grid.Col span={{ base: 12, lg: 4 }}><StatusPanel incident={incident} /></Grid.Col> : null}
        </Grid>
      )}
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text fz="xs" fw={600} c="gray.7" tt="uppercase">{label}</Text>
      <Text fz="sm">{children}</Text>
    </div>
  );
}

function Facts({ incident }: { incident: Incident }) {
  const { can } = useSignedIn();
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">What happened</Title>
      <Text style={{ whiteSpace: 'pre-wrap' }} mb="md">{incident.description}</Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Fact label="When">{formatDateTime(incident.occurredAt)}</Fact>
        <Fact label="Where">{incident.location?.name ?? '—'}</Fact>
        <Fact label="Department">{incident.department?.name ?? '—'}</Fact>
        <Fact label="Patient">
          {incident.patient ? (can('patients:read') ? <Link className="table-link" to={`/patients/${incident.patient.id}`}>{incident.patient.name} · {incident.patient.mrn}</Link> : incident.patient.name) : 'No patient named'}
        </Fact>
        <Fact label="Source">
          {incident.source === 'complaint' && incident.sourceId && can('inbox:read') ? <Link className="table-link" to={`/inbox/${incident.sourceId}`}>{SOURCE_LABELS.complaint}</Link>
            : incident.source === 'recovery_case' && incident.sourceId && can('feedback:read') ? <Link className="table-link" to={`/feedback/recovery/${incident.sourceId}`}>{SOURCE_LABELS.recovery_case}</Link>
              : SOURCE_LABELS[incident.source]}
        </Fact>
        <Fact label="Reported">{incident.anonymous ? 'Anonymously' : `By ${incident.reporter ?? '—'}`}, {formatDateTime(incident.createdAt)}</Fact>
      </SimpleGrid>
      {incident.immediateActions && <><Text fz="xs" fw={600} c="gray.7" tt="uppercase" mt="md">Done at once</Text><Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>{incident.immediateActions}</Text></>}
    </Paper>
  );
}
