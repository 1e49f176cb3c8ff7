import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Button, Code, Group, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { api } from '../../api.js';
import { formatDateTime } from '../../format.js';
import type { WebhookEndpoint } from '../../types-webhooks.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { EndpointForm } from '../../components/webhooks/EndpointForm.js';
import { eventsText, HealthBadge, WEBHOOKS } from '../../components/webhooks/labels.js';
import { SecretNotice } from '../../components/webhooks/SecretNotice.js';
import { useEndpointActions } from '../../components/webhooks/useEndpointActions.js';

/** The clinic's webhook endpoints: what each receives, whether it is healthy, and the secret shown once. */
export function Webhooks() {
  usePageTitle('Webhooks');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const actions = useEndpointActions();
  const list = useQuery({
    queryKey: [WEBHOOKS, 'list'],
    queryFn: () => api.get<{ items: WebhookEndpoint[] }>('/api/webhooks'),
    // Deliveries move on their own: the health and last delivery follow them.
    refetchInterval: 10_000,
  });

  return (
    <>
      <Group justify="space-between" mb="xs">
        <Title order={1}>Webhooks</Title>
        <Button onClick={() => { setCreating(true); actions.setSecret(null); }} disabled={creating}>New endpoint</Button>
      </Group>
      <Text c="dimmed" fz="sm" mb="md" maw={900}>
        Careloop POSTs the events you choose to other systems (an EHR, a CRM, a data warehouse) as JSON, signed with the endpoint’s secret
        in the <Code>Careloop-Signature</Code> header. A failed delivery is retried with growing pauses for 24 hours. Events carry ids, not patient text.
      </Text>
      <Stack gap="md">
        {creating && (
          <Paper withBorder p="md">
            <Title order={2} fz="h4" mb="sm">New endpoint</Title>
            <EndpointForm
              onSaved={(saved) => { setCreating(false); if ('secret' in saved) actions.setSecret({ name: saved.name, secret: saved.secret, rotated: false }); void list.refetch(); }}
              onCancel={() => setCreating(false)} />
          </Paper>
        )}
        {actions.secret && <SecretNotice {...actions.secret} onClose={() => actions.setSecret(null)} />}
        <Paper withBorder p="md">
          <ErrorAlert error={list.error ?? actions.error} title="The endpoints could not be loaded or changed" />
          {list.data?.items.length === 0 && <Text fz="sm">No endpoint yet: nothing is sent to other systems.</Text>}
          {list.data && list.data.items.length > 0 && (
            <Table.ScrollContainer minWidth={960}>
              <Table aria-label="Webhook endpoints" striped verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    {['Endpoint', 'Events', 'Status', 'Last delivery', 'Waiting'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}
                    <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((endpoint) => (
                    <Table.Tr key={endpoint.id}>
                      <Table.Td maw={340}>
                        <Link className="table-link" to={`/admin/webhooks/${endpoint.id}`}>{endpoint.name}</Link>
                        <Text fz="xs" c="gray.7" ff="monospace" style={{ wordBreak: 'break-all' }}>{endpoint.url}</Text>
                      </Table.Td>
                      <Table.Td><Text fz="sm">{eventsText(endpoint.eventTypes)}</Text></Table.Td>
                      <Table.Td><HealthBadge endpoint={endpoint} /></Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}><Text fz="sm">{endpoint.lastAttemptAt ? formatDateTime(endpoint.lastAttemptAt) : 'Never'}</Text></Table.Td>
                      <Table.Td>
                        <Text fz="sm">{endpoint.waiting}</Text>
                        {endpoint.dead > 0 && <Text fz="xs" c="red.9">{endpoint.dead} failed</Text>}
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap" justify="flex-end">
                          <Button size="compact-sm" variant="default" loading={actions.toggle.isPending && actions.toggle.variables?.id === endpoint.id}
                            onClick={() => actions.toggle.mutate(endpoint)} aria-label={`${endpoint.status === 'active' ? 'Pause' : 'Resume'} ${endpoint.name}`}>
                            {endpoint.status === 'active' ? 'Pause' : 'Resume'}
                          </Button>
                          <Button size="compact-sm" variant="default" loading={actions.rotate.isPending && actions.rotate.variables?.id === endpoint.id}
                            onClick={() => { if (window.confirm(`Rotate the secret of “${endpoint.name}”? The receiver must be given the new one: the old one stops working at once.`)) actions.rotate.mutate(endpoint); }}
                            aria-label={`Rotate the secret of ${endpoint.name}`}>
                            Rotate secret
                          </Button>
                          <Button size="compact-sm" variant="subtle" color="red" c="red.9" onClick={() => { actions.remove.reset(); setDeleting(endpoint); }} aria-label={`Delete ${endpoint.name}`}>Delete</Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Paper>
      </Stack>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={deleting ? `Delete “${deleting.name}”?` : ''} centered closeButtonProps={{ 'aria-label': 'Close' }}>
        <Text fz="sm" mb="md">Nothing more is sent to it, and its delivery log goes with it. Automation rules that send to it skip that step.</Text>
        <ErrorAlert error={actions.remove.error} title="The endpoint was not deleted" />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setDeleting(null)}>Keep it</Button>
          <Button color="red.9" loading={actions.remove.isPending} onClick={() => deleting && actions.remove.mutate(deleting, { onSuccess: () => setDeleting(null) })}>Delete the endpoint</Button>
        </Group>
      </Modal>
    </>
  );
}
