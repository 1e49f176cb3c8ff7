import { Link, useParams } from 'react-router-dom';
import { Alert, Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { formatDateTime } from '../../format.js';
import { usePollingWhenDown } from '../../live.js';
import type { Broadcast } from '../../types-broadcast.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { CANCEL_REASONS } from '../../components/schedule/scheduleApi.js';
import { BroadcastActions } from '../../components/broadcast/BroadcastActions.js';
import { purposeLabel, statusLabel } from '../../components/broadcast/labels.js';
import { SmsCounter } from '../../components/broadcast/MessageFields.js';
import { useBroadcast } from '../../components/broadcast/queries.js';
import { RecipientsTable } from '../../components/broadcast/RecipientsTable.js';
import { StatsPanel } from '../../components/broadcast/StatsPanel.js';
import { useBroadcastLive } from '../../components/broadcast/useBroadcastLive.js';

/** One broadcast: what it says and to whom, its delivery figures as they change, and its recipients. */
export function BroadcastDetail() {
  const { id = '' } = useParams();
  useBroadcastLive(id);
  // The socket reports progress (and deliveries and replies long after the send); while it is down the page asks itself.
  const whenDown = usePollingWhenDown();
  const pollWhenDown = (status: string | undefined) => (status && status !== 'draft' ? whenDown : false);
  const broadcast = useBroadcast(id, (q) => pollWhenDown(q.state.data?.status));
  usePageTitle(broadcast.data?.title ?? 'Broadcast');
  const b = broadcast.data;
  const polling = pollWhenDown(b?.status);
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>{b?.title ?? 'Broadcast'}</Title>
        <Anchor component={Link} to="/broadcasts" c="blue.9" underline="always">Back to broadcasts</Anchor>
      </Group>
      <ErrorAlert error={broadcast.error} title="The broadcast could not be loaded" />
      {!b && !broadcast.error && <Text role="status">Loading…</Text>}
      {b && (
        <Stack gap="md">
          <Summary broadcast={b} />
          <BroadcastActions broadcast={b} />
          <StatsPanel broadcast={b} />
          {b.status !== 'draft' && <RecipientsTable broadcastId={b.id} refetchInterval={polling} />}
        </Stack>
      )}
    </>
  );
}

function Summary({ broadcast: b }: { broadcast: Broadcast }) {
  const s = statusLabel(b.status);
  const facts: [string, string][] = [
    ['Purpose', purposeLabel(b.purpose)],
    ['Recipients', b.segmentLabel],
    ['Created', `${formatDateTime(b.createdAt)}${b.createdByName ? ` by ${b.createdByName}` : ''}`],
    ['Sent', b.startedAt ? `${formatDateTime(b.startedAt)}${b.startedByName ? ` by ${b.startedByName}` : ''}` : 'Not yet'],
    ...(b.finishedAt ? [['Finished', formatDateTime(b.finishedAt)] as [string, string]] : []),
    ...(b.cancelledAt ? [['Cancelled', formatDateTime(b.cancelledAt)] as [string, string]] : []),
    ['Throttle', `${b.throttle.smsPerMinute.toLocaleString('en-US')} texts and ${b.throttle.emailPerMinute.toLocaleString('en-US')} e-mails a minute`],
  ];
  return (
    <Paper withBorder p="md">
      <Group mb="sm"><Badge color={s.color} variant="light" tt="none" size="lg" data-testid="broadcast-status">{s.label}</Badge></Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <dl className="broadcast-facts" style={{ margin: 0 }}>
          {facts.map(([label, value]) => (
            <Group key={label} gap="xs" wrap="nowrap" align="flex-start" mb={4}>
              <Text component="dt" fz="sm" fw={600} w={110} style={{ flexShrink: 0 }}>{label}</Text>
              <Text component="dd" fz="sm" m={0}>{value}</Text>
            </Group>
          ))}
        </dl>
        <Stack gap="sm">
          <div>
            <Text fz="sm" fw={600}>Text message</Text>
            {b.smsBody ? <><Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>{b.smsBody}</Text><SmsCounter text={b.smsBody} /></> : <Text fz="sm" c="gray.7">No text.</Text>}
          </div>
          <div>
            <Text fz="sm" fw={600}>E-mail</Text>
            {b.emailSubject || b.emailBody
              ? <><Text fz="sm" fw={500}>{b.emailSubject}</Text><Text fz="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={8}>{b.emailBody}</Text></>
              : <Text fz="sm" c="gray.7">No e-mail.</Text>}
          </div>
        </Stack>
      </SimpleGrid>
      {b.appointmentsCancelled && (
        <Alert color="orange" variant="light" mt="md" title="Affected visits cancelled">
          {b.appointmentsCancelled.cancelled} cancelled by {b.appointmentsCancelled.byName} on {formatDateTime(b.appointmentsCancelled.at)} ({CANCEL_REASONS.find((r) => r.value === b.appointmentsCancelled?.reason)?.label ?? b.appointmentsCancelled.reason}); {b.appointmentsCancelled.alreadyClosed} were already closed.{b.appointmentsCancelled.failed > 0 && ` ${b.appointmentsCancelled.failed} could not be cancelled: run the cancellation again.`}
        </Alert>
      )}
    </Paper>
  );
}
