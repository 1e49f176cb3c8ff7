import { Fragment, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { api } from '../../api.js';
import { formatDateTime } from '../../format.js';
import type { WebhookDelivery } from '../../types-webhooks.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { DeliveryBadge, WEBHOOKS } from './labels.js';

const COLUMNS = ['Event', 'Created', 'Status', 'Attempts', 'Next retry', 'Last response'];
const pretty = (payload: string) => {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
};

/** What was sent and every attempt's answer, under the delivery's row. */
function DeliveryDetail({ delivery }: { delivery: WebhookDelivery }) {
  return (
    <Stack gap="sm" py="xs">
      <div>
        <Title order={3} fz="sm" mb={4}>Payload</Title>
        <Code block style={{ maxHeight: 320, overflow: 'auto' }} aria-label="Payload" tabIndex={0}>{pretty(delivery.payload)}</Code>
      </div>
      <div>
        <Title order={3} fz="sm" mb={4}>Attempts</Title>
        {delivery.attemptLog.length === 0 ? <Text fz="sm">Not tried yet.</Text> : (
          <Table aria-label="Attempts" withTableBorder fz="sm">
            <Table.Thead>
              <Table.Tr>{['#', 'At', 'Outcome', 'Response', 'Duration', 'Answer'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}</Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {delivery.attemptLog.map((attempt) => (
                <Table.Tr key={attempt.number}>
                  <Table.Td>{attempt.number}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(attempt.at)}</Table.Td>
                  <Table.Td>{attempt.outcome === 'delivered' ? 'Delivered' : <Text span fz="sm" c="red.9">{attempt.error ?? 'Failed'}</Text>}</Table.Td>
                  <Table.Td>{attempt.statusCode ?? '—'}</Table.Td>
                  <Table.Td>{attempt.durationMs} ms</Table.Td>
                  <Table.Td maw={360}><Text fz="xs" ff="monospace" lineClamp={3} style={{ wordBreak: 'break-all' }}>{attempt.responseBody || '—'}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </div>
    </Stack>
  );
}

/** The delivery log's rows: expand one to see its payload and attempts; replay sends it again now. */
export function DeliveryRows({ deliveries, canReplay }: { deliveries: WebhookDelivery[]; canReplay: boolean }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const replay = useMutation({
    mutationFn: (id: string) => api.post<WebhookDelivery>(`/api/webhooks/deliveries/${id}/replay`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [WEBHOOKS] }),
  });
  return (
    <>
      <ErrorAlert error={replay.error} title="The delivery was not replayed" />
      <Table.ScrollContainer minWidth={900}>
        <Table aria-label="Deliveries" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              {COLUMNS.map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}
              <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {deliveries.map((delivery) => {
              const expanded = open === delivery.id;
              return (
                <Fragment key={delivery.id}>
                  <Table.Tr data-delivery={delivery.id}>
                    <Table.Td>
                      <Text fz="sm" ff="monospace">{delivery.eventType}</Text>
                      {delivery.source !== 'event' && <Text fz="xs" c="gray.7">{delivery.source === 'test' ? 'Test event' : 'From an automation rule'}</Text>}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(delivery.createdAt)}</Table.Td>
                    <Table.Td><DeliveryBadge status={delivery.status} attempts={delivery.attempts} /></Table.Td>
                    <Table.Td>{delivery.attempts}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{delivery.nextAttemptAt ? formatDateTime(delivery.nextAttemptAt) : '—'}</Table.Td>
                    <Table.Td>
                      {delivery.lastStatusCode !== null ? <Text span fz="sm">{delivery.lastStatusCode}</Text>
                        : delivery.lastError ? <Text span fz="sm" c="red.9">{delivery.lastError}</Text> : '—'}
                      {delivery.lastDurationMs !== null && <Text span fz="xs" c="gray.7"> · {delivery.lastDurationMs} ms</Text>}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap" justify="flex-end">
                        <Button size="compact-sm" variant="default" aria-expanded={expanded} aria-controls={`delivery-${delivery.id}`}
                          onClick={() => setOpen(expanded ? null : delivery.id)} aria-label={`${expanded ? 'Hide' : 'Show'} the ${delivery.eventType} delivery of ${formatDateTime(delivery.createdAt)}`}>
                          {expanded ? 'Hide' : 'Details'}
                        </Button>
                        {canReplay && (
                          <Button size="compact-sm" variant="default" loading={replay.isPending && replay.variables === delivery.id} onClick={() => replay.mutate(delivery.id)}
                            aria-label={`Replay the ${delivery.eventType} delivery of ${formatDateTime(delivery.createdAt)}`}>
                            Replay
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {expanded && (
                    <Table.Tr id={`delivery-${delivery.id}`}>
                      <Table.Td colSpan={COLUMNS.length + 1} bg="gray.0"><DeliveryDetail delivery={delivery} /></Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
