import { useState } from 'react';
import { Link } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Badge, Group, NativeSelect, Pagination, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { api, query } from '../../api.js';
import { formatDateTime, formatPhone } from '../../format.js';
import type { RecipientList, RecipientStatus } from '../../types-broadcast.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { CHANNEL_NAMES, exclusionLabel, RECIPIENT_STATUS_LABELS, recipientStatusLabel } from './labels.js';
import { recipientsKey } from './queries.js';

const PAGE_SIZE = 25;
const STATUS_COLORS: Record<string, string> = { delivered: 'green', sent: 'teal', failed: 'red', skipped: 'gray', cancelled: 'orange', queued: 'blue', pending: 'gray' };

/** Who the broadcast went to, one patient a row, filtered by status, channel or a reply. */
export function RecipientsTable({ broadcastId, refetchInterval }: { broadcastId: string; refetchInterval: number | false }) {
  const [status, setStatus] = useState<RecipientStatus | ''>('');
  const [channel, setChannel] = useState<'' | 'sms' | 'email'>('');
  const [replied, setReplied] = useState(false);
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: [...recipientsKey(broadcastId), status, channel, replied, page],
    queryFn: () => api.get<RecipientList>(`/api/broadcasts/${broadcastId}/recipients${query({
      status, channel, replied: replied || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE,
    })}`),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return (
    <Paper withBorder p="md">
      <Title order={2} fz="h3" mb="sm">Recipients</Title>
      <Group align="flex-end" mb="md">
        <NativeSelect label="Status" w={180} value={status} onChange={(e) => { setStatus(e.currentTarget.value as RecipientStatus | ''); setPage(1); }}
          data={[{ value: '', label: 'Any status' }, ...Object.entries(RECIPIENT_STATUS_LABELS).map(([value, label]) => ({ value, label }))]} />
        <NativeSelect label="Channel" w={180} value={channel} onChange={(e) => { setChannel(e.currentTarget.value as '' | 'sms' | 'email'); setPage(1); }}
          data={[{ value: '', label: 'Both channels' }, { value: 'sms', label: 'Text message' }, { value: 'email', label: 'E-mail' }]} />
        <NativeSelect label="Replies" w={180} value={replied ? 'yes' : ''} onChange={(e) => { setReplied(e.currentTarget.value === 'yes'); setPage(1); }}
          data={[{ value: '', label: 'Everyone' }, { value: 'yes', label: 'Only who replied' }]} />
      </Group>
      <ErrorAlert error={list.error} title="The recipients could not be loaded" />
      <Text fz="sm" c="dimmed" mb="xs" role="status" aria-live="polite">
        {list.isPending ? 'Loading…' : data && data.total === 0 ? 'No recipient matches.' : data ? `${data.total.toLocaleString('en-US')} recipient${data.total === 1 ? '' : 's'}` : ''}
      </Text>
      {data && data.items.length > 0 && (
        <Table.ScrollContainer minWidth={860}>
          <Table aria-label="Recipients">
            <Table.Thead>
              <Table.Tr>{['Patient', 'Channel', 'Status', 'Last change', 'Reply'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}</Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Link className="table-link" to={`/patients/${r.patientId}`}>{r.patientName}</Link>
                    <Text fz="xs" c="gray.7" ff="monospace">{r.mrn}</Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text fz="sm">{r.channel ? CHANNEL_NAMES[r.channel] : '—'}</Text>
                    {r.address && <Text fz="xs" c="gray.7">{r.channel === 'sms' ? formatPhone(r.address) : r.address}</Text>}
                  </Table.Td>
                  <Table.Td miw={150}>
                    <Badge color={STATUS_COLORS[r.status] ?? 'gray'} variant="light" tt="none">{recipientStatusLabel(r.status)}</Badge>
                    {r.skipReason && <Text fz="xs" c="gray.7">{exclusionLabel(r.skipReason)}</Text>}
                    {r.error && <Text fz="xs" c="red.9">{r.error}</Text>}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.deliveredAt ?? r.sentAt ?? r.queuedAt)}</Table.Td>
                  <Table.Td>
                    {r.repliedAt
                      ? (r.conversationId ? <Link className="table-link" to={`/inbox/${r.conversationId}`}>Replied {formatDateTime(r.repliedAt)}</Link> : `Replied ${formatDateTime(r.repliedAt)}`)
                      : <Text span fz="sm" c="gray.7">—</Text>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pages > 1 && (
        <Stack align="flex-end" mt="md">
          <Pagination total={pages} value={page} onChange={setPage} size="sm"
            getControlProps={(control) => ({ 'aria-label': control === 'previous' ? 'Previous recipients' : control === 'next' ? 'Next recipients' : control })}
            getItemProps={(n) => ({ 'aria-label': `Recipients page ${n}` })} />
        </Stack>
      )}
    </Paper>
  );
}
