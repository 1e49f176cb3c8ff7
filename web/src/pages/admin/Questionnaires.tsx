import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { Service } from '../../../../src/modules/scheduling/setup-schemas.js';
import { api } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { QuestionnaireEditor } from '../../components/booking/QuestionnaireEditor.js';
import type { Questionnaire } from '../../components/booking/publicTypes.js';

/** The clinic's pre-visit questionnaires: what patients answer by their appointment link before a visit. */
export function Questionnaires() {
  usePageTitle('Pre-visit questionnaires');
  const [editing, setEditing] = useState<Questionnaire | 'new' | null>(null);
  const list = useQuery({ queryKey: ['checkin', 'questionnaires'], queryFn: () => api.get<{ items: Questionnaire[] }>('/api/checkin/questionnaires') });
  const services = useQuery({ queryKey: ['scheduling', 'services'], queryFn: () => api.get<{ items: Service[] }>('/api/scheduling/services'), staleTime: 60_000 });
  const serviceName = (id: string | null) => (id ? services.data?.items.find((s) => s.id === id)?.name ?? 'A retired service' : 'Every service');
  const items = list.data?.items ?? [];

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Pre-visit questionnaires</Title>
        <Button onClick={() => setEditing('new')} disabled={editing !== null}>New questionnaire</Button>
      </Group>
      <Stack gap="md">
        {editing !== null && (
          <QuestionnaireEditor key={editing === 'new' ? 'new' : editing.id} questionnaire={editing === 'new' ? null : editing}
            services={(services.data?.items ?? []).filter((s) => !s.archived)} onDone={() => setEditing(null)} />
        )}
        <Paper withBorder p="md">
          <ErrorAlert error={list.error} title="The questionnaires could not be loaded" />
          <Text fz="sm" c="dimmed" mb="xs" role="status">{list.isPending ? 'Loading…' : items.length === 0 ? 'No questionnaire yet: patients are asked nothing before a visit.' : `${items.length} questionnaire${items.length === 1 ? '' : 's'}`}</Text>
          {items.length > 0 && (
            <Table.ScrollContainer minWidth={640}>
              <Table striped aria-label="Questionnaires">
                <Table.Thead>
                  <Table.Tr>{['Title', 'For', 'Questions', 'Status'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}<Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((q) => (
                    <Table.Tr key={q.id}>
                      <Table.Td fw={600}>{q.title}</Table.Td>
                      <Table.Td>{serviceName(q.serviceId)}</Table.Td>
                      <Table.Td>{q.items.length} ({q.items.filter((i) => i.required).length} required{q.items.some((i) => i.textEs) ? ', in Spanish too' : ''})</Table.Td>
                      <Table.Td><Badge color={q.active ? 'green' : 'gray'} variant="light">{q.active ? 'Active' : 'Retired'}</Badge></Table.Td>
                      <Table.Td><Group justify="flex-end"><Button size="compact-sm" variant="default" onClick={() => setEditing(q)} aria-label={`Edit ${q.title}`}>Edit</Button></Group></Table.Td>
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
