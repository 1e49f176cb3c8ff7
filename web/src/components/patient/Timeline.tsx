import { useQuery } from '@tanstack/react-query';
import { Badge, Loader, Paper, Text, Timeline as MantineTimeline } from '@mantine/core';
import { api } from '../../api.js';
import { formatDateTime } from '../../format.js';
import type { TimelineEntry } from '../../types.js';
import { ErrorAlert } from '../ErrorAlert.js';

const typeLabel = (type: string) => type.replace(/^patient\./, '').replace(/[._]/g, ' ');

export function Timeline({ patientId }: { patientId: string }) {
  const timeline = useQuery({
    queryKey: ['timeline', patientId],
    queryFn: () => api.get<{ items: TimelineEntry[] }>(`/api/patients/${patientId}/timeline?limit=100`),
  });
  return (
    <Paper withBorder p="md">
      <h2 className="visually-hidden">Timeline</h2>
      {timeline.isPending && <Loader size="sm" aria-label="Loading the timeline" />}
      <ErrorAlert error={timeline.error} title="The timeline could not be loaded" />
      {timeline.data && timeline.data.items.length === 0 && (
        <Text c="dimmed">Nothing yet — messages, appointments and surveys will appear here.</Text>
      )}
      {timeline.data && timeline.data.items.length > 0 && (
        <MantineTimeline bulletSize={14} lineWidth={2} active={-1}>
          {timeline.data.items.map((entry) => (
            <MantineTimeline.Item key={entry.id} title={<Text fz="sm" fw={600}>{entry.summary}</Text>}>
              <Text fz="xs" c="dimmed">
                <Badge size="xs" variant="outline" color="gray" mr={6} tt="none">{typeLabel(entry.type)}</Badge>
                {formatDateTime(entry.at)}{entry.actor ? ` · ${entry.actor}` : ''}
              </Text>
            </MantineTimeline.Item>
          ))}
        </MantineTimeline>
      )}
    </Paper>
  );
}
