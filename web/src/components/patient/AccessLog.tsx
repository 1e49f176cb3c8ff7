import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Group, Loader, Pagination, Paper, Table, Text } from '@mantine/core';
import { api, query } from '../../api.js';
import { formatDateTime } from '../../format.js';
import type { AccessEntry } from '../../types.js';
import { ErrorAlert } from '../ErrorAlert.js';

const PAGE_SIZE = 25;

/** Who read or changed this record, newest first (audit:read). */
export function AccessLog({ patientId }: { patientId: string }) {
  const [page, setPage] = useState(1);
  const log = useQuery({
    queryKey: ['access-log', patientId, page],
    queryFn: () => api.get<{ items: AccessEntry[]; total: number }>(`/api/patients/${patientId}/access-log${query({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });
  const pages = log.data ? Math.max(1, Math.ceil(log.data.total / PAGE_SIZE)) : 1;
  return (
    <Paper withBorder p="md">
      <h2 className="visually-hidden">Access log</h2>
      {log.isPending && <Loader size="sm" aria-label="Loading the access log" />}
      <ErrorAlert error={log.error} title="The access log could not be loaded" />
      {log.data && (
        <>
          <Text fz="sm" c="dimmed" mb="xs">{log.data.total} access{log.data.total === 1 ? '' : 'es'} recorded. Every read and change of this record is logged.</Text>
          <Table striped aria-label="Access log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">Who</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">What</Table.Th>
                <Table.Th scope="col">Through</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {log.data.items.map((entry, index) => (
                <Table.Tr key={`${entry.at}-${index}`}>
                  <Table.Td>{formatDateTime(entry.at)}</Table.Td>
                  <Table.Td>{entry.actor} <Text span fz="xs" c="dimmed">({entry.actorType})</Text></Table.Td>
                  <Table.Td>{entry.action}</Table.Td>
                  <Table.Td>{entry.entity.replace(/_/g, ' ')}{entry.patientId && entry.patientId !== patientId ? ' (merged record)' : ''}</Table.Td>
                  <Table.Td>{entry.source}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {pages > 1 && (
            <Group justify="flex-end" mt="sm">
              <Pagination total={pages} value={page} onChange={setPage} size="sm" />
            </Group>
          )}
        </>
      )}
    </Paper>
  );
}
