import { Group, Paper, Progress, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useLive, type LiveStatus } from '../../live.js';
import type { Broadcast, Stats } from '../../types-broadcast.js';
import { CHANNEL_NAMES } from './labels.js';

const FIGURES: { key: keyof Stats | 'waiting'; label: string; color?: string }[] = [
  { key: 'waiting', label: 'Waiting' },
  { key: 'sent', label: 'Sent' },
  { key: 'delivered', label: 'Delivered', color: 'teal.9' },
  { key: 'failed', label: 'Failed', color: 'red.9' },
  { key: 'replied', label: 'Replied', color: 'blue.9' },
  { key: 'skipped', label: 'Skipped' },
  { key: 'cancelled', label: 'Cancelled' },
];

const valueOf = (stats: Stats, key: keyof Stats | 'waiting') => (key === 'waiting' ? stats.pending + stats.queued : stats[key]);

/** Messages that went or will go: every recipient but those skipped at the start. */
const reachable = (stats: Stats) => stats.recipients - stats.skipped;
/** Those whose fate is settled: handed on and sent, failed, or stopped by a cancel. */
const settled = (stats: Stats) => stats.sent + stats.failed + stats.cancelled;

function Figure({ label, value, color }: { label: string; value: number; color?: string | undefined }) {
  return (
    <Paper withBorder p="sm" role="group" aria-label={label}>
      <Text fz="xs" c="gray.7" tt="uppercase" fw={600}>{label}</Text>
      <Text fz="xl" fw={700} c={value > 0 ? color : undefined} data-testid="stat-value">{value.toLocaleString('en-US')}</Text>
    </Paper>
  );
}

const LIVE_LABELS: Record<LiveStatus, string> = { open: 'Live', connecting: 'Connecting…', down: 'Updating every 15 seconds' };

/** How far the send has gone, per status and per channel, updated as the socket reports. */
export function StatsPanel({ broadcast }: { broadcast: Broadcast }) {
  const live = useLive().status;
  const { stats } = broadcast;
  const total = reachable(stats);
  const done = settled(stats);
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <Paper withBorder p="md" role="region" aria-label="Delivery statistics">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h3">Delivery</Title>
        {broadcast.status !== 'draft' && <Text fz="sm" c={live === 'open' ? 'teal.9' : 'gray.7'} data-testid="live-status">{LIVE_LABELS[live]}</Text>}
      </Group>
      {broadcast.status === 'draft' ? (
        <Text fz="sm" c="gray.7">Not sent yet: the figures start when the broadcast is sent.</Text>
      ) : (
        <>
          <Text fz="sm" mb={4} data-testid="progress-text">{done.toLocaleString('en-US')} of {total.toLocaleString('en-US')} messages settled ({percent}%)</Text>
          <Progress value={percent} aria-label="Messages settled" mb="md" />
          <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} mb="md">
            {FIGURES.map((f) => <Figure key={f.key} label={f.label} value={valueOf(stats, f.key)} color={f.color} />)}
          </SimpleGrid>
          <Table aria-label="Delivery per channel" withTableBorder maw={760}>
            <Table.Thead>
              <Table.Tr><Table.Th scope="col">Channel</Table.Th>{FIGURES.map((f) => <Table.Th key={f.key} scope="col" ta="right">{f.label}</Table.Th>)}</Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(['sms', 'email'] as const).map((channel) => (
                <Table.Tr key={channel}>
                  <Table.Th scope="row" fw={500}>{CHANNEL_NAMES[channel]}</Table.Th>
                  {FIGURES.map((f) => <Table.Td key={f.key} ta="right">{valueOf(broadcast.byChannel[channel], f.key).toLocaleString('en-US')}</Table.Td>)}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Paper>
  );
}
