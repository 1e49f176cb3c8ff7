import { useState } from 'react';
import { Link } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Checkbox, Group, NativeSelect, Pagination, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { api, query } from '../../api.js';
import { formatDate } from '../../format.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { ActionStatusBadge } from '../../components/quality/Badges.js';
import { ACTION_STATUS } from '../../components/quality/labels.js';
import type { CapaAction, Page } from '../../types-quality.js';

const PAGE_SIZE = 25;

/** Every corrective and preventive action of the clinic: what is open, late, or waiting to be verified. */
export function CapaActions() {
  usePageTitle('Corrective and preventive actions');
  const [scope, setScope] = useState<'all' | 'mine'>('all');
  const [status, setStatus] = useState('pending');
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const actions = useQuery({
    queryKey: ['quality', 'actions', scope, status, overdue, page],
    queryFn: () => api.get<Page<CapaAction>>(`/api/quality/actions${query({
      status: overdue ? undefined : status, overdue: overdue ? true : undefined, mine: scope === 'mine' ? true : undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE,
    })}`),
    placeholderData: keepPreviousData,
  });
  const data = actions.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return (
    <>
      <Title order={1} mb="md">Corrective and preventive actions</Title>
      <Paper withBorder p="md">
        <Group align="flex-end" gap="md" mb="md">
          <SegmentedControl aria-label="Whose actions" value={scope} onChange={(v) => { setScope(v === 'mine' ? 'mine' : 'all'); setPage(1); }} data={[{ value: 'all', label: 'All' }, { value: 'mine', label: 'Mine' }]} />
          <NativeSelect label="Status" value={status} disabled={overdue} onChange={(e) => { setStatus(e.currentTarget.value); setPage(1); }} w={220}
            data={[{ value: 'pending', label: 'Open or to verify' }, { value: '', label: 'Any status' }, ...Object.entries(ACTION_STATUS).map(([value, s]) => ({ value, label: s.label }))]} />
          <Checkbox label="Overdue only" checked={overdue} onChange={(e) => { setOverdue(e.currentTarget.checked); setPage(1); }} mb={8} />
        </Group>
        <ErrorAlert error={actions.error} title="The actions could not be loaded" />
        <Text fz="sm" c="dimmed" mb="xs" role="status" aria-live="polite">
          {actions.isPending ? 'Loading…' : data && data.total === 0 ? 'No action matches.' : data ? `${data.total} action${data.total === 1 ? '' : 's'}` : ''}
        </Text>
        {data && data.items.length > 0 && (
          <Table.ScrollContainer minWidth={900}>
            <Table aria-label="Corrective and preventive actions">
              <Table.Thead><Table.Tr>{['Due', 'Action', 'Incident', 'Owner', 'Status'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}</Table.Tr></Table.Thead>
              <Table.Tbody>
                {data.items.map((action) => (
                  <Table.Tr key={action.id} bg={action.overdue ? 'red.0' : undefined}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}><Text fz="sm" fw={action.overdue ? 700 : 400} c={action.overdue ? 'red.9' : undefined}>{formatDate(action.dueDate)}</Text></Table.Td>
                    <Table.Td maw={360}>
                      <Text fz="sm">{action.kind === 'corrective' ? 'Corrective' : 'Preventive'}: {action.title}</Text>
                      {action.completionNote && <Text fz="xs" c="gray.7">Done: {action.completionNote}</Text>}
                    </Table.Td>
                    <Table.Td maw={280}><Link className="table-link" to={`/quality/incidents/${action.incidentId}`}>{action.incidentReference}: {action.incidentTitle}</Link></Table.Td>
                    <Table.Td>{action.ownerName ?? '—'}</Table.Td>
                    <Table.Td miw={150}><ActionStatusBadge status={action.status} overdue={action.overdue} /></Table.Td>
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
