import { useState } from 'react';
import { Link } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Button, Group, NativeSelect, Pagination, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { api, query } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { useSession } from '../../session.js';
import type { BroadcastList, BroadcastStatus } from '../../types-broadcast.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { purposeLabel, STATUS_LABELS, statusLabel } from '../../components/broadcast/labels.js';
import { BROADCASTS } from '../../components/broadcast/queries.js';

const PAGE_SIZE = 25;

/** Every broadcast of the clinic, newest first, with how far each has gone. */
export function Broadcasts() {
  usePageTitle('Broadcasts');
  const { can } = useSession();
  const [status, setStatus] = useState<BroadcastStatus | ''>('');
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: [BROADCASTS, 'list', status, page],
    queryFn: () => api.get<BroadcastList>(`/api/broadcasts${query({ status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
    // A broadcast being sent moves on its own: the list follows it while one is going.
    refetchInterval: (q) => (q.state.data?.items.some((b) => b.status === 'sending') ? 5_000 : false),
  });
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Broadcasts</Title>
        {can('broadcast:send') && <Button component={Link} to="/broadcasts/new">New broadcast</Button>}
      </Group>
      <Paper withBorder p="md">
        <Group mb="md">
          <NativeSelect label="Status" w={200} value={status} onChange={(e) => { setStatus(e.currentTarget.value as BroadcastStatus | ''); setPage(1); }}
            data={[{ value: '', label: 'Any status' }, ...Object.entries(STATUS_LABELS).map(([value, s]) => ({ value, label: s.label }))]} />
        </Group>
        <ErrorAlert error={list.error} title="The broadcasts could not be loaded" />
        <Text fz="sm" c="dimmed" mb="xs" role="status" aria-live="polite">
          {list.isPending ? 'Loading…' : data && data.total === 0 ? 'No broadcast yet.' : data ? `${data.total} broadcast${data.total === 1 ? '' : 's'}` : ''}
        </Text>
        {data && data.items.length > 0 && (
          <Table.ScrollContainer minWidth={900}>
            <Table aria-label="Broadcasts">
              <Table.Thead>
                <Table.Tr>{['Broadcast', 'Status', 'Recipients', 'Sent', 'Delivered', 'Failed', 'Replied', 'Started'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}</Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((b) => {
                  const s = statusLabel(b.status);
                  const reached = b.stats.recipients - b.stats.skipped;
                  return (
                    <Table.Tr key={b.id}>
                      <Table.Td maw={360}>
                        <Link className="table-link" to={`/broadcasts/${b.id}`}>{b.title}</Link>
                        <Text fz="xs" c="gray.7">{purposeLabel(b.purpose)} · {b.segmentLabel}</Text>
                      </Table.Td>
                      <Table.Td miw={110}><Badge color={s.color} variant="light" tt="none">{s.label}</Badge></Table.Td>
                      <Table.Td>{b.status === 'draft' ? '—' : reached.toLocaleString('en-US')}</Table.Td>
                      <Table.Td>{b.stats.sent.toLocaleString('en-US')}</Table.Td>
                      <Table.Td>{b.stats.delivered.toLocaleString('en-US')}</Table.Td>
                      <Table.Td>{b.stats.failed > 0 ? <Text span fz="sm" c="red.9" fw={600}>{b.stats.failed.toLocaleString('en-US')}</Text> : 0}</Table.Td>
                      <Table.Td>{b.stats.replied.toLocaleString('en-US')}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text fz="sm">{b.startedAt ? formatDateTime(b.startedAt) : 'Not sent'}</Text>
                        <Text fz="xs" c="gray.7">{b.createdByName ? `by ${b.createdByName}` : ''}</Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
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
