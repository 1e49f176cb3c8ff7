import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { api } from '../../api.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { SurveyEditor } from '../../components/feedback/SurveyEditor.js';
import { triggerLabel } from '../../components/feedback/labels.js';
import { nameIn, useDepartmentList, useServiceList } from '../../components/feedback/queries.js';
import type { ListOf, Survey } from '../../components/feedback/types.js';

/** The clinic's patient surveys: when each is sent, to whom, and what it asks. */
export function Surveys() {
  usePageTitle('Surveys');
  const { can } = useSignedIn();
  const [editing, setEditing] = useState<Survey | 'new' | null>(null);
  const list = useQuery({ queryKey: ['feedback', 'surveys'], queryFn: () => api.get<ListOf<Survey>>('/api/feedback/surveys') });
  const departments = useDepartmentList();
  const services = useServiceList(can('schedule:read'));
  const items = list.data?.items ?? [];
  const when = (s: Survey) => (s.trigger === 'manual' ? 'Manual only' : `${triggerLabel(s.trigger)}${s.delayMinutes ? `, ${formatDelay(s.delayMinutes)} later` : ', at once'}`);

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Surveys</Title>
        <Button onClick={() => setEditing('new')} disabled={editing !== null}>New survey</Button>
      </Group>
      <Stack gap="md">
        {editing !== null && (
          <SurveyEditor key={editing === 'new' ? 'new' : editing.id} survey={editing === 'new' ? null : editing}
            departments={(departments.data ?? []).filter((d) => !d.archived)} services={(services.data?.items ?? []).filter((s) => !s.archived)}
            onDone={() => setEditing(null)} />
        )}
        <Paper withBorder p="md">
          <ErrorAlert error={list.error} title="The surveys could not be loaded" />
          <Text fz="sm" c="dimmed" mb="xs" role="status">
            {list.isPending ? 'Loading…' : items.length === 0 ? 'No survey yet: patients are not asked for feedback.' : `${items.length} survey${items.length === 1 ? '' : 's'}`}
          </Text>
          {items.length > 0 && (
            <Table.ScrollContainer minWidth={760}>
              <Table striped aria-label="Surveys">
                <Table.Thead>
                  <Table.Tr>
                    {['Name', 'Sent', 'For', 'Questions', 'Status'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}
                    <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td fw={600}>{s.name}</Table.Td>
                      <Table.Td>{when(s)}<Text fz="xs" c="dimmed">{s.throttleDays === 0 ? 'No limit per patient' : `At most once per patient every ${s.throttleDays} day${s.throttleDays === 1 ? '' : 's'}`}</Text></Table.Td>
                      <Table.Td>
                        {nameIn(departments.data, s.departmentId, 'Every department')}
                        {s.serviceId && <Text fz="xs" c="dimmed">{nameIn(services.data?.items, s.serviceId, '')}</Text>}
                      </Table.Td>
                      <Table.Td>{s.items.length}: {s.items.map((i) => SHORT_KINDS[i.kind]).join(', ')}</Table.Td>
                      <Table.Td miw={120}><Badge color={s.active ? 'green' : 'gray'} variant="light">{s.active ? 'Active' : 'Off'}</Badge></Table.Td>
                      <Table.Td><Group justify="flex-end"><Button size="compact-sm" variant="default" onClick={() => setEditing(s)} aria-label={`Edit ${s.name}`}>Edit</Button></Group></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Paper>
      </Stack>
    </>
  );
}

const SHORT_KINDS: Record<Survey['items'][number]['kind'], string> = { nps: 'NPS', csat: 'CSAT', ces: 'effort', cahps: 'CAHPS-style', text: 'free text' };

function formatDelay(minutes: number): string {
  if (minutes % 60 !== 0) return `${minutes} minutes`;
  const hours = minutes / 60;
  return hours % 24 === 0 && hours >= 24 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hour${hours === 1 ? '' : 's'}`;
}
