import { Alert, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { Preview } from '../../types-broadcast.js';
import { CHANNEL_NAMES, exclusionLabel, plural } from './labels.js';

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder p="sm" role="group" aria-label={label}>
      <Text fz="xs" c="gray.7" tt="uppercase" fw={600}>{label}</Text>
      <Text fz="xl" fw={700}>{value.toLocaleString('en-US')}</Text>
    </Paper>
  );
}

/** Who would get the broadcast if it went now: per channel, who is left out and why, and the first few names. */
export function PreviewPanel({ preview }: { preview: Preview }) {
  const excluded = Object.entries(preview.excluded).filter(([, n]) => n > 0);
  return (
    <Stack gap="sm" aria-label="Preview" role="region">
      <Title order={2} fz="h3">Preview</Title>
      <Text fz="sm" role="status" data-testid="preview-summary">
        {plural(preview.total, 'patient')} would receive it, of {plural(preview.segmentSize, 'patient')} in the segment.
      </Text>
      {preview.total === 0 && (
        <Alert color="orange" variant="light" title="Nobody would receive this">
          The segment has no patient who can be reached for this purpose. Check the days, the location or the tag, or the purpose.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure label="Recipients" value={preview.total} />
        <Figure label={CHANNEL_NAMES.sms ?? 'Text message'} value={preview.byChannel.sms} />
        <Figure label={CHANNEL_NAMES.email ?? 'E-mail'} value={preview.byChannel.email} />
        <Figure label="Left out" value={excluded.reduce((sum, [, n]) => sum + n, 0)} />
      </SimpleGrid>
      {excluded.length > 0 && (
        <div>
          <Text fz="sm" fw={600}>Left out, and why</Text>
          <List size="sm">{excluded.map(([key, n]) => <List.Item key={key}>{exclusionLabel(key)}: {n.toLocaleString('en-US')}</List.Item>)}</List>
        </div>
      )}
      {preview.sample.length > 0 && (
        <div>
          <Text fz="sm" fw={600} mb={4}>First recipients</Text>
          <Table aria-label="First recipients" withTableBorder maw={480}>
            <Table.Thead><Table.Tr><Table.Th scope="col">Patient</Table.Th><Table.Th scope="col">Channel</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {preview.sample.map((r) => <Table.Tr key={r.patientId}><Table.Td>{r.name}</Table.Td><Table.Td>{CHANNEL_NAMES[r.channel] ?? r.channel}</Table.Td></Table.Tr>)}
            </Table.Tbody>
          </Table>
        </div>
      )}
      <Group><Text fz="xs" c="gray.7">Counts are taken now; the send counts again when it starts.</Text></Group>
    </Stack>
  );
}
