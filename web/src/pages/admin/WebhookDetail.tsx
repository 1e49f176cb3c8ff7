import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Anchor, Button, Group, NativeSelect, Pagination, Paper, Stack, Text, Title } from '@mantine/core';
import { api, query } from '../../api.js';
import { formatDateTime } from '../../format.js';
import type { DeliveryList, DeliveryStatus, WebhookEndpoint } from '../../types-webhooks.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { DeliveryRows } from '../../components/webhooks/DeliveryRows.js';
import { EndpointForm } from '../../components/webhooks/EndpointForm.js';
import { DELIVERY_STATUS_OPTIONS, eventsText, HealthBadge, WEBHOOKS } from '../../components/webhooks/labels.js';
import { SecretNotice } from '../../components/webhooks/SecretNotice.js';
import { useEndpointActions } from '../../components/webhooks/useEndpointActions.js';

const PAGE_SIZE = 25;

/** One endpoint: its health, settings, and the delivery log with each delivery's payload, attempts and replay. */
export function WebhookDetail() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState(false);
  const actions = useEndpointActions();
  const endpoint = useQuery({ queryKey: [WEBHOOKS, 'endpoint', id], queryFn: () => api.get<WebhookEndpoint>(`/api/webhooks/${id}`), refetchInterval: 3_000 });
  const deliveries = useQuery({
    queryKey: [WEBHOOKS, 'deliveries', id, status, page],
    queryFn: () => api.get<DeliveryList>(`/api/webhooks/${id}/deliveries${query({ status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
    // Retries and new events arrive on their own.
    refetchInterval: 3_000,
  });
  usePageTitle(endpoint.data ? `Webhook ${endpoint.data.name}` : 'Webhook');
  const e = endpoint.data;
  const data = deliveries.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <Anchor component={Link} to="/admin/webhooks" c="blue.9" underline="always">Back to webhooks</Anchor>
      <ErrorAlert error={endpoint.error} title="The endpoint could not be loaded" />
      {e && (
        <Stack gap="md" mt="sm">
          <Group justify="space-between" align="flex-start">
            <div>
              <Group gap="sm"><Title order={1}>{e.name}</Title><HealthBadge endpoint={e} /></Group>
              <Text fz="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>{e.url}</Text>
              <Text fz="sm" c="gray.7">
                {eventsText(e.eventTypes)} · {e.includeMessageText ? 'with message text' : 'ids only'} · last success {e.lastSuccessAt ? formatDateTime(e.lastSuccessAt) : 'never'}
                {e.circuitOpenUntil && new Date(e.circuitOpenUntil) > new Date() && ` · paused after repeated failures until ${formatDateTime(e.circuitOpenUntil)}`}
              </Text>
            </div>
            <Group gap="xs">
              <Button variant="default" onClick={() => actions.test.mutate(e)} loading={actions.test.isPending} disabled={e.status !== 'active'}>Send test event</Button>
              <Button variant="default" onClick={() => actions.toggle.mutate(e)} loading={actions.toggle.isPending}>{e.status === 'active' ? 'Pause' : 'Resume'}</Button>
              <Button variant="default" onClick={() => setEditing(!editing)}>{editing ? 'Close the editor' : 'Edit'}</Button>
              <Button variant="default" loading={actions.rotate.isPending}
                onClick={() => { if (window.confirm(`Rotate the secret of “${e.name}”? The old one stops working at once.`)) actions.rotate.mutate(e); }}>Rotate secret</Button>
              <Button variant="subtle" color="red" c="red.9"
                onClick={() => { if (window.confirm(`Delete “${e.name}” and its delivery log?`)) actions.remove.mutate(e, { onSuccess: () => navigate('/admin/webhooks') }); }}>Delete</Button>
            </Group>
          </Group>
          {e.status === 'disabled' && (
            <Alert color="red" variant="light" title="Disabled after a day of failures">
              {e.disabledReason} Fix the receiver, then Resume: waiting deliveries go again, and failed ones can be replayed.
            </Alert>
          )}
          {actions.secret && <SecretNotice {...actions.secret} onClose={() => actions.setSecret(null)} />}
          <ErrorAlert error={actions.error} title="That did not work" />
          {editing && (
            <Paper withBorder p="md">
              <EndpointForm endpoint={e} onSaved={() => { setEditing(false); void endpoint.refetch(); }} onCancel={() => setEditing(false)} />
            </Paper>
          )}
          <Paper withBorder p="md">
            <Group justify="space-between" mb="sm" align="flex-end">
              <Title order={2} fz="h4">Deliveries</Title>
              <NativeSelect label="Status" w={200} value={status} onChange={(ev) => { setStatus(ev.currentTarget.value as DeliveryStatus | ''); setPage(1); }}
                data={[{ value: '', label: 'Any status' }, ...DELIVERY_STATUS_OPTIONS]} />
            </Group>
            <ErrorAlert error={deliveries.error} title="The deliveries could not be loaded" />
            <Text fz="sm" c="dimmed" mb="xs" role="status" aria-live="polite">
              {deliveries.isPending ? 'Loading…' : data && data.total === 0 ? 'No delivery yet.' : data ? `${data.total} deliver${data.total === 1 ? 'y' : 'ies'}` : ''}
            </Text>
            {data && data.items.length > 0 && <DeliveryRows deliveries={data.items} canReplay={e.status === 'active'} />}
            {pages > 1 && (
              <Stack align="flex-end" mt="md">
                <Pagination total={pages} value={page} onChange={setPage} size="sm" />
              </Stack>
            )}
          </Paper>
        </Stack>
      )}
    </>
  );
}
