import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, request } from '../../api.js';
import { formatDate } from '../../format.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useBusinessHours, useTeams, type BusinessHours as Hours, type Period } from './inboxAdmin.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
interface Row { key: number; opens: string; closes: string }
type Week = Row[][];

const weekOf = (periods: Period[], nextKey: () => number): Week =>
  WEEKDAYS.map((_, index) => periods.filter((p) => p.weekday === index + 1)
    .sort((a, b) => a.opens.localeCompare(b.opens)).map((p) => ({ key: nextKey(), opens: p.opens, closes: p.closes })));
const periodsOf = (week: Week): Period[] => week.flatMap((rows, index) => rows.map((r) => ({ weekday: index + 1, opens: r.opens, closes: r.closes })));

function WeekEditor({ hours, departmentId, manage }: { hours: Hours; departmentId: string | null; manage: boolean }) {
  const queryClient = useQueryClient();
  const keys = useRef(0);
  const nextKey = () => ++keys.current;
  const [week, setWeek] = useState(() => weekOf(hours.inherited ? [] : hours.periods, nextKey));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (periods: Period[]) => request<Hours>('PUT', '/api/inbox/business-hours', { departmentId, periods }),
    onSuccess: async () => {
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['inbox-admin', 'business-hours'] });
    },
  });
  const change = (day: number, next: Row[]) => { setSaved(false); setWeek((w) => w.map((rows, i) => (i === day ? next : rows))); };
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(periodsOf(week));
  }

  return (
    <form onSubmit={submit} aria-label="Working hours">
      {hours.inherited && (
        <Alert color="blue" variant="light" mb="sm">
          This team has no hours of its own and uses the clinic’s: {hours.periods.length === 0 ? 'always open' : `${hours.periods.length} period${hours.periods.length === 1 ? '' : 's'} a week`}.
          {manage && ' Add periods below to give it its own.'}
        </Alert>
      )}
      <Table aria-label="Working periods by weekday" verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={130}>Day</Table.Th>
            <Table.Th scope="col">Open periods</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {WEEKDAYS.map((dayName, day) => {
            const rows = week[day] ?? [];
            return (
              <Table.Tr key={dayName}>
                <Table.Th scope="row" fw={600} style={{ verticalAlign: 'top', paddingTop: 12 }}>{dayName}</Table.Th>
                <Table.Td>
                  <Stack gap={6}>
                    {rows.length === 0 && <Text fz="sm" c="dimmed" py={4}>Closed</Text>}
                    {rows.map((row, index) => (
                      <Group key={row.key} gap="xs" wrap="nowrap">
                        <TextInput type="time" aria-label={`${dayName} period ${index + 1} opens`} value={row.opens} disabled={!manage} w={130}
                          onChange={(e) => change(day, rows.map((r) => (r.key === row.key ? { ...r, opens: e.currentTarget.value } : r)))} />
                        <Text fz="sm">to</Text>
                        <TextInput type="time" aria-label={`${dayName} period ${index + 1} closes`} value={row.closes} disabled={!manage} w={130}
                          onChange={(e) => change(day, rows.map((r) => (r.key === row.key ? { ...r, closes: e.currentTarget.value } : r)))} />
                        {manage && (
                          <Button size="compact-sm" variant="subtle" color="red" onClick={() => change(day, rows.filter((r) => r.key !== row.key))}
                            aria-label={`Remove ${dayName} period ${index + 1}`}>Remove</Button>
                        )}
                      </Group>
                    ))}
                    {manage && (
                      <Button size="compact-sm" variant="subtle" w="fit-content" aria-label={`Add a period on ${dayName}`}
                        onClick={() => {
                          const last = rows.at(-1);
                          change(day, [...rows, last ? { key: nextKey(), opens: last.closes, closes: last.closes < '18:00' ? '18:00' : '23:59' } : { key: nextKey(), opens: '08:00', closes: '17:00' }]);
                        }}>
                        + Add period
                      </Button>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <ErrorAlert error={save.error} title="The hours were not saved" />
      {manage && (
        <Group justify="flex-end" mt="sm" gap="sm">
          {saved && <Text fz="sm" c="var(--mantine-color-green-light-color)" role="status">Saved.</Text>}
          <Button variant="default" onClick={() => { const monday = week[0] ?? []; setSaved(false); setWeek((w) => w.map((rows, i) => (i >= 1 && i <= 4 ? monday.map((r) => ({ ...r, key: nextKey() })) : rows))); }}
            disabled={(week[0] ?? []).length === 0}>Copy Monday to Tuesday–Friday</Button>
          {departmentId && !hours.inherited && (
            <Button variant="default" loading={save.isPending && save.variables?.length === 0} onClick={() => { setWeek(weekOf([], nextKey)); save.mutate([]); }}>Use the clinic’s hours</Button>
          )}
          <Button type="submit" loading={save.isPending && (save.variables?.length ?? 0) > 0}>Save hours</Button>
        </Group>
      )}
    </form>
  );
}

function Holidays({ hours, departmentId, manage }: { hours: Hours; departmentId: string | null; manage: boolean }) {
  const queryClient = useQueryClient();
  const [day, setDay] = useState('');
  const [name, setName] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['inbox-admin', 'business-hours'] });
  const add = useMutation({
    mutationFn: () => api.post('/api/inbox/holidays', { day, name: name.trim(), ...(departmentId && { departmentId }) }),
    onSuccess: async () => { setDay(''); setName(''); await refresh(); },
  });
  const remove = useMutation({ mutationFn: (id: string) => api.delete<void>(`/api/inbox/holidays/${id}`), onSuccess: refresh });
  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }
  const holidays = [...hours.holidays].sort((a, b) => a.day.localeCompare(b.day));
  return (
    <Stack gap="sm">
      {holidays.length === 0 ? <Text fz="sm" c="dimmed">No holidays.</Text> : (
        <Table striped aria-label="Holidays">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Day</Table.Th>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">For</Table.Th>
              {manage && <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {holidays.map((h) => (
              <Table.Tr key={h.id}>
                <Table.Td>{formatDate(h.day)}</Table.Td>
                <Table.Td>{h.name}</Table.Td>
                <Table.Td>{h.departmentId ? <Badge variant="light">This team</Badge> : 'Whole clinic'}</Table.Td>
                {manage && (
                  <Table.Td ta="right">
                    <Button size="compact-sm" variant="default" color="red" onClick={() => remove.mutate(h.id)} aria-label={`Remove holiday ${h.name}`}>Remove</Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ErrorAlert error={remove.error} />
      {manage && (
        <form onSubmit={submit} aria-label="Add a holiday">
          <Group align="flex-start" gap="sm">
            <TextInput type="date" label="Day" required value={day} onChange={(e) => setDay(e.currentTarget.value)} error={fieldError(add.error, 'day')} w={170} />
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(add.error, 'name')} placeholder="Thanksgiving" w={240} />
            <Button type="submit" mt={25} loading={add.isPending} disabled={!day || !name.trim()}>Add holiday</Button>
          </Group>
          {add.error && !fieldError(add.error, 'day') && !fieldError(add.error, 'name') && <ErrorAlert error={add.error} title="The holiday was not added" />}
        </form>
      )}
    </Stack>
  );
}

export function BusinessHours() {
  usePageTitle('Business hours');
  const { can } = useSignedIn();
  const manage = can('inbox:manage');
  const teams = useTeams();
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const hours = useBusinessHours(departmentId);

  return (
    <>
      <Title order={1} mb="xs">Business hours</Title>
      <Text c="dimmed" fz="sm" mb="md">
        When the clinic (or a team) answers patients. SLA times counted in business hours stop outside these periods and on holidays. A day can have several periods, e.g. a lunch break.
      </Text>
      <Stack gap="md" maw={900}>
        <Group align="flex-end" gap="md">
          <NativeSelect label="Hours of" value={departmentId ?? ''} onChange={(e) => setDepartmentId(e.currentTarget.value || null)} w={260}
            data={[{ value: '', label: 'Whole clinic (default)' }, ...(teams.data ?? []).filter((t) => !t.archived).map((t) => ({ value: t.id, label: t.name }))]} />
          {hours.data && <Text fz="sm" c="dimmed" mb={8}>Time zone: <b>{hours.data.timeZone}</b></Text>}
        </Group>
        <ErrorAlert error={hours.error} title="The business hours could not be loaded" />
        {hours.data && (
          <>
            <Paper withBorder p="md">
              <Title order={2} fz="h4" mb="sm">Working hours</Title>
              <WeekEditor key={departmentId ?? 'clinic'} hours={hours.data} departmentId={departmentId} manage={manage} />
            </Paper>
            <Paper withBorder p="md">
              <Title order={2} fz="h4" mb="sm">Holidays</Title>
              <Holidays hours={hours.data} departmentId={departmentId} manage={manage} />
            </Paper>
          </>
        )}
      </Stack>
    </>
  );
}
