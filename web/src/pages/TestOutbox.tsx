import { Fragment, useState } from 'react';
import { Link } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Button, Code, Group, Pagination, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { api, query } from '../api.js';
import { formatDateTime, formatPhone } from '../format.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { usePageTitle } from '../components/usePageTitle.js';
import { CHANNEL_NAMES, type OutboxItem, type OutboxPage } from './admin/inboxAdmin.js';

const PAGE_SIZE = 25;
const STATUS_COLORS: Record<string, string> = {
  queued: 'blue', sending: 'blue', sent: 'green', delivered: 'green', failed: 'red', undelivered: 'red', cancelled: 'gray',
};

function StatusBadge({ item }: { item: OutboxItem }) {
  if (item.testMode || item.status === 'test') return <Badge color="#9c3a00" variant="filled" radius="sm" style={{ minWidth: 'max-content' }}>TEST — not sent</Badge>;
  return <Badge color={STATUS_COLORS[item.status] ?? 'gray'} variant="light" style={{ minWidth: 'max-content' }}>{item.status}</Badge>;
}

const recipientOf = (item: OutboxItem) => (item.channel === 'sms' ? formatPhone(item.recipient) : item.recipient);

function Details({ item }: { item: OutboxItem }) {
  return (
    <Stack gap={6} py="xs">
      <Group gap="xl" fz="sm">
        <Text fz="sm"><b>From:</b> {item.sender ? (item.channel === 'sms' ? formatPhone(item.sender) : item.sender) : '—'}</Text>
        <Text fz="sm"><b>To:</b> {recipientOf(item)}</Text>
        {item.subject && <Text fz="sm"><b>Subject:</b> {item.subject}</Text>}
      </Group>
      <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontSize: 'var(--mantine-font-size-sm)' }}>{item.body}</Code>
      <Text fz="xs" c="dimmed">
        Queued {formatDateTime(item.createdAt)} · send after {formatDateTime(item.sendAfter)}
        {item.sentAt && ` · ${item.testMode ? 'kept (not sent)' : 'sent'} ${formatDateTime(item.sentAt)}`}{item.deliveredAt && ` · delivered ${formatDateTime(item.deliveredAt)}`} · purpose: {item.purpose}
      </Text>
    </Stack>
  );
}

/** Everything sent to patients, or kept instead of sent while e-mail or SMS is in test mode. */
export function TestOutbox() {
  usePageTitle('Outbox');
  const [show, setShow] = useState<'all' | 'test'>('all');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const outbox = useQuery({
    queryKey: ['inbox-admin', 'outbox', show, page],
    queryFn: () => api.get<OutboxPage>(`/api/channels/outbox${query({ testOnly: show === 'test', limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const toggle = (id: string) => setOpen((current) => {
    const next = new Set(current);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  const data = outbox.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <Title order={1} mb="xs">Outbox</Title>
      <Text c="dimmed" fz="sm" mb="md">What Careloop sent or will send to patients: replies, reminders and confirmations, with their delivery status.</Text>
      <Stack gap="md" maw={1200}>
        {data && (data.testMode.email || data.testMode.sms) && (
          <Alert color="orange" variant="light" title="Test mode: these messages were not sent" role="note">
            {[data.testMode.email && 'E-mail', data.testMode.sms && 'SMS'].filter(Boolean).join(' and ')} {data.testMode.email && data.testMode.sms ? 'are' : 'is'} in test mode:
            messages are kept here, exactly as a patient would receive them, and never leave the server. See <Anchor component={Link} to="/admin/channels" underline="always" c="blue.9">Channels</Anchor> for how to send for real.
          </Alert>
        )}
        <Group justify="space-between">
          <SegmentedControl
            aria-label="Which messages" value={show} onChange={(value) => { setShow(value as 'all' | 'test'); setPage(1); }}
            data={[{ value: 'all', label: 'Everything' }, { value: 'test', label: 'Kept in test mode' }]}
          />
          {data && <Text fz="sm" c="dimmed">{data.total} message{data.total === 1 ? '' : 's'}</Text>}
        </Group>
        <ErrorAlert error={outbox.error} title="The outbox could not be loaded" />
        <Paper withBorder p="md">
          {data && data.items.length === 0 && <Text c="dimmed">Nothing here yet. Replies to patients appear here as soon as they are queued.</Text>}
          {data && data.items.length > 0 && (
            <Table.ScrollContainer minWidth={900}>
              <Table aria-label="Outbox messages" verticalSpacing={8}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Queued</Table.Th>
                    <Table.Th scope="col">Channel</Table.Th>
                    <Table.Th scope="col">Recipient</Table.Th>
                    <Table.Th scope="col" w="34%">Message</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col" ta="right">Attempts</Table.Th>
                    <Table.Th scope="col">Last error</Table.Th>
                    <Table.Th scope="col">Conversation</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((item) => {
                    const expanded = open.has(item.id);
                    return (
                      <Fragment key={item.id}>
                        <Table.Tr data-testid="outbox-row">
                          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(item.createdAt)}</Table.Td>
                          <Table.Td>{CHANNEL_NAMES[item.channel] ?? item.channel}</Table.Td>
                          <Table.Td style={{ whiteSpace: item.channel === 'sms' ? 'nowrap' : undefined, overflowWrap: 'anywhere' }}>{recipientOf(item)}</Table.Td>
                          <Table.Td>
                            {item.subject && <Text fz="sm" fw={600}>{item.subject}</Text>}
                            <Text fz="sm" lineClamp={expanded ? undefined : 2}>{item.body}</Text>
                            <Button variant="subtle" size="compact-xs" px={0} onClick={() => toggle(item.id)} aria-expanded={expanded}>
                              {expanded ? 'Hide full message' : 'Show full message'}
                            </Button>
                          </Table.Td>
                          <Table.Td><StatusBadge item={item} /></Table.Td>
                          <Table.Td ta="right">{item.attempts}</Table.Td>
                          <Table.Td c={item.lastError ? 'red.9' : undefined} fz="sm">{item.lastError ?? '—'}</Table.Td>
                          <Table.Td>
                            {item.conversationId ? <Anchor component={Link} to={`/inbox/${item.conversationId}`} fz="sm">Open</Anchor> : '—'}
                          </Table.Td>
                        </Table.Tr>
                        {expanded && (
                          <Table.Tr id={`outbox-${item.id}`}>
                            <Table.Td colSpan={8} bg="gray.0"><Details item={item} /></Table.Td>
                          </Table.Tr>
                        )}
                      </Fragment>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {pages > 1 && (
            <Group justify="flex-end" mt="md">
              <Pagination
                total={pages} value={page} onChange={setPage} size="sm"
              />
            </Group>
          )}
        </Paper>
      </Stack>
    </>
  );
}
