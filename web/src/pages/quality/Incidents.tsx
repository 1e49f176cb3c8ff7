import { useState } from 'react';
import { Link } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Group, NativeSelect, Pagination, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { api, query } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { HarmBadge, StatusBadge } from '../../components/quality/Badges.js';
import { CATEGORIES, categoryLabel, HARM_LEVELS, SOURCE_LABELS, STATUS_LABELS } from '../../components/quality/labels.js';
import type { Incident, Page } from '../../types-quality.js';

const PAGE_SIZE = 25;

/** Incidents, newest report first: the quality team sees all, a reporter their own named reports. */
export function Incidents() {
  usePageTitle('Incidents');
  const { can } = useSignedIn();
  const readsAll = can('quality:read');
  const [scope, setScope] = useState<'all' | 'mine'>(readsAll ? 'all' : 'mine');
  const [status, setStatus] = useState('open');
  const [harmLevel, setHarmLevel] = useState('');
  const [category, setCategory] = useState('');
  const [page, setPage] = useState(1);
  const filter = (set: (value: string) => void) => (value: string) => { set(value); setPage(1); };
  const incidents = useQuery({
    queryKey: ['quality', 'incidents', scope, status, harmLevel, category, page],
    queryFn: () => api.get<Page<Incident>>(`/api/quality/incidents${query({
      status, harmLevel, category, mine: scope === 'mine' ? true : undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE,
    })}`),
    placeholderData: keepPreviousData,
  });
  const data = incidents.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Incidents</Title>
        <Button component={Link} to="/quality/incidents/new">Report an incident</Button>
      </Group>
      {!readsAll && <Text mb="md">You see the incidents you reported under your name. Anonymous reports name nobody, so they are not listed here.</Text>}
      <Paper withBorder p="md">
        <Group align="flex-end" gap="md" mb="md">
          {readsAll && <SegmentedControl aria-label="Whose reports" value={scope} onChange={(v) => { setScope(v === 'mine' ? 'mine' : 'all'); setPage(1); }} data={[{ value: 'all', label: 'All' }, { value: 'mine', label: 'Reported by me' }]} />}
          <NativeSelect label="Status" value={status} onChange={(e) => filter(setStatus)(e.currentTarget.value)} w={200}
            data={[{ value: 'open', label: 'Open (not closed)' }, { value: '', label: 'Any status' }, ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))]} />
          <NativeSelect label="Harm" value={harmLevel} onChange={(e) => filter(setHarmLevel)(e.currentTarget.value)} w={180}
            data={[{ value: '', label: 'Any harm level' }, ...HARM_LEVELS.map((h) => ({ value: h.value, label: h.label }))]} />
          <NativeSelect label="Category" value={category} onChange={(e) => filter(setCategory)(e.currentTarget.value)} w={240}
            data={[{ value: '', label: 'Any category' }, ...CATEGORIES]} />
        </Group>
        <ErrorAlert error={incidents.error} title="The incidents could not be loaded" />
        <Text fz="sm" c="dimmed" mb="xs" role="status" aria-live="polite">
          {incidents.isPending ? 'Loading…' : data && data.total === 0 ? 'No incident matches.' : data ? `${data.total} incident${data.total === 1 ? '' : 's'}` : ''}
        </Text>
        {data && data.items.length > 0 && (
          <Table.ScrollContainer minWidth={960}>
            <Table aria-label="Incidents">
              <Table.Thead>
                <Table.Tr>{['Incident', 'Happened', 'Category', 'Harm', 'Status', 'Actions', 'Reported by'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}</Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((incident) => (
                  <Table.Tr key={incident.id}>
                    <Table.Td maw={360}>
                      <Link className="table-link" to={`/quality/incidents/${incident.id}`}>{incident.reference}: {incident.title}</Link>
                      <Text fz="xs" c="gray.7">{SOURCE_LABELS[incident.source]}{incident.department ? ` · ${incident.department.name}` : ''}{incident.location ? ` · ${incident.location.name}` : ''}</Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(incident.occurredAt)}</Table.Td>
                    <Table.Td>{categoryLabel(incident.category)}</Table.Td>
                    <Table.Td miw={160}><HarmBadge harm={incident.harmLevel} /></Table.Td>
                    <Table.Td miw={150}><StatusBadge status={incident.status} /></Table.Td>
                    <Table.Td>
                      <Text fz="sm">{incident.openActions} open</Text>
                      {incident.overdueActions > 0 && <Text fz="xs" fw={600} c="red.9">{incident.overdueActions} overdue</Text>}
                    </Table.Td>
                    <Table.Td>{incident.anonymous ? <Text span fz="sm" fs="italic">Anonymous</Text> : incident.reporter}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {pages > 1 && (
          <Stack align="flex-end" mt="md">
            <Pagination total={pages} value={page} onChange={setPage} size="sm" />
          </Stack>
        )}
      </Paper>
    </>
  );
}
