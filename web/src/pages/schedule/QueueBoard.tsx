import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type { Location } from '../../../../src/modules/scheduling/setup-schemas.js';
import { api, query } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSignedIn } from '../../session.js';
import type { QueueBoard as Board, QueueEntry } from '../../components/booking/publicTypes.js';

// The waiting room board: who is waiting and for how long, who is in a room, who is still expected,
// who is done, at one location today; the front desk moves each visit along with one click.

const REFRESH_MS = 15_000;
const TICK_MS = 30_000;
type Step = 'arrived' | 'in_room' | 'completed' | 'no_show';
const GROUPS: { group: QueueEntry['group']; title: string; empty: string }[] = [
  { group: 'waiting', title: 'Waiting', empty: 'Nobody is waiting.' },
  { group: 'in_room', title: 'In a room', empty: 'Nobody is in a room.' },
  { group: 'expected', title: 'Expected', empty: 'Nobody else is expected today.' },
  { group: 'done', title: 'Done', empty: 'No visit is finished yet.' },
];
const NEXT_STEPS: Record<QueueEntry['group'], { status: Step; label: string; variant: 'filled' | 'default' }[]> = {
  waiting: [{ status: 'in_room', label: 'To room', variant: 'filled' }],
  in_room: [{ status: 'completed', label: 'Done', variant: 'filled' }],
  expected: [{ status: 'arrived', label: 'Arrived', variant: 'filled' }, { status: 'no_show', label: 'No-show', variant: 'default' }],
  done: [],
};

/** Minutes since arrival, counted on this screen so it moves between refreshes. */
const minutesSince = (timestamp: string | null, now: number) => (timestamp ? Math.max(0, Math.floor((now - Date.parse(timestamp)) / 60_000)) : null);
const clock = (timestamp: string | null, timeZone: string) =>
  (timestamp ? new Date(timestamp).toLocaleTimeString('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }) : '—');
const twelveHour = (hhmm: string) => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return `${((h + 11) % 12) + 1}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
};

function QuestionnaireBadge({ answered }: { answered: boolean | null }) {
  if (answered === null) return null;
  return answered
    ? <Badge color="green" variant="light">Questionnaire answered</Badge>
    : <Badge color="gray" variant="outline">Questionnaire not answered</Badge>;
}

interface CardProps { entry: QueueEntry; timeZone: string; now: number; canMove: boolean; busy: boolean; onMove(entry: QueueEntry, status: Step): void }

function VisitCard({ entry, timeZone, now, canMove, busy, onMove }: CardProps) {
  const waited = minutesSince(entry.arrivedAt, now);
  return (
    <Paper withBorder p="sm" radius="md" component="li" style={{ listStyle: 'none' }} aria-label={entry.patientName} data-testid={`visit-${entry.appointmentId}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <div>
          <Text fw={700}>{entry.patientName}</Text>
          <Text fz="sm">{entry.serviceName} · {entry.providerName}</Text>
          <Text fz="sm" c="dimmed">Scheduled {twelveHour(entry.localTime)}{entry.arrivedAt ? ` · arrived ${clock(entry.arrivedAt, timeZone)}` : ''}
            {entry.group === 'done' ? ` · ${entry.status === 'no_show' ? 'no-show' : `done ${clock(entry.completedAt, timeZone)}`}` : ''}</Text>
        </div>
        {entry.group === 'waiting' && waited !== null && (
          <Badge size="lg" tt="none" style={{ flexShrink: 0 }} color={waited >= 30 ? 'red' : waited >= 15 ? 'orange' : 'blue'} variant="light" data-testid="minutes-waiting">{waited} min</Badge>
        )}
      </Group>
      <Group justify="space-between" mt={6} gap="xs">
        <QuestionnaireBadge answered={entry.questionnaireAnswered} />
        {canMove && (
          <Group gap="xs" ml="auto">
            {NEXT_STEPS[entry.group].map((step) => (
              <Button key={step.status} size="compact-sm" variant={step.variant} disabled={busy} onClick={() => onMove(entry, step.status)}
                aria-label={`${step.label}: ${entry.patientName}`}>{step.label}</Button>
            ))}
          </Group>
        )}
      </Group>
    </Paper>
  );
}

export function QueueBoard() {
  usePageTitle('Waiting room');
  const { permissions } = useSignedIn();
  const canMove = permissions.includes('schedule:book');
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const locations = useQuery({ queryKey: ['scheduling', 'locations'], queryFn: () => api.get<{ items: Location[] }>('/api/scheduling/locations'), staleTime: 60_000 });
  const locationId = params.get('location') ?? locations.data?.items[0]?.id ?? '';
  const date = params.get('date') ?? '';
  const choose = (key: 'location' | 'date', value: string) => setParams((current) => {
    const next = new URLSearchParams(current);
    if (value) next.set(key, value); else next.delete(key);
    return next;
  }, { replace: true });

  const board = useQuery({
    queryKey: ['checkin', 'queue', locationId, date],
    queryFn: () => api.get<Board>(`/api/checkin/queue${query({ locationId, date })}`),
    enabled: Boolean(locationId),
    // Appointment events do not come over the staff socket yet: the board asks every 15 s.
    refetchInterval: REFRESH_MS,
  });
  useEffect(() => {
    if (board.dataUpdatedAt) setNow(Date.now());
  }, [board.dataUpdatedAt]);
  const move = useMutation({
    mutationFn: ({ entry, status }: { entry: QueueEntry; status: Step }) => api.post(`/api/scheduling/appointments/${entry.appointmentId}/status`, { status }),
    onSettled: async () => { await queryClient.invalidateQueries({ queryKey: ['checkin', 'queue'] }); },
  });

  const data = board.data;
  return (
    <>
      <Group justify="space-between" mb="md" align="flex-end">
        <Title order={1}>Waiting room</Title>
        <Group align="flex-end" gap="sm">
          <NativeSelect label="Location" value={locationId} onChange={(e) => choose('location', e.currentTarget.value)} w={220}
            data={(locations.data?.items ?? []).filter((l) => !l.archived || l.id === locationId).map((l) => ({ value: l.id, label: l.name }))} />
          <TextInput type="date" label="Day" value={date || data?.date || ''} onChange={(e) => choose('date', e.currentTarget.value)} w={170} />
        </Group>
      </Group>
      <ErrorAlert error={locations.error ?? board.error} title="The board could not be loaded" />
      <ErrorAlert error={move.error} title="The visit was not moved" />
      {locations.data && locations.data.items.length === 0 && <Text c="dimmed">No location is set up yet: add one under Scheduling setup.</Text>}
      {data && (
        <Text fz="sm" c="dimmed" mb="sm" role="status" aria-live="polite">
          {data.items.filter((e) => e.group === 'waiting').length} waiting · updated {clock(data.generatedAt, data.timeZone)} ({data.timeZone})
        </Text>
      )}
      {data && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
          {GROUPS.map(({ group, title, empty }) => {
            const entries = data.items.filter((e) => e.group === group);
            return (
              <Stack key={group} gap="xs" component="section" aria-labelledby={`queue-${group}`}>
                <Title order={2} fz="h4" id={`queue-${group}`}>{title} <Text span c="dimmed" fz="sm">({entries.length})</Text></Title>
                {entries.length === 0 ? <Text fz="sm" c="dimmed">{empty}</Text> : (
                  <Stack component="ul" gap="xs" p={0} m={0}>
                    {entries.map((entry) => <VisitCard key={entry.appointmentId} entry={entry} timeZone={data.timeZone} now={now} canMove={canMove}
                      busy={move.isPending && move.variables.entry.appointmentId === entry.appointmentId} onMove={(e, status) => move.mutate({ entry: e, status })} />)}
                  </Stack>
                )}
              </Stack>
            );
          })}
        </SimpleGrid>
      )}
    </>
  );
}
