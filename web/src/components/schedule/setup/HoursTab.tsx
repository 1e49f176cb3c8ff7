import { useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { request } from '../../../api.js';
import { ErrorAlert } from '../../ErrorAlert.js';
import { WEEKDAYS, useRefreshSchedule, useSetupLocations, useSetupProviders, useWeek, type Location, type Week, type WorkingPeriod } from './setupApi.js';

interface Row extends WorkingPeriod { key: number }

/** A provider's weekly hours: several periods a day, each at a location, on that location's clock. */
export function HoursTab() {
  const providers = useSetupProviders();
  const locations = useSetupLocations();
  const live = (providers.data ?? []).filter((p) => !p.archived);
  const [pick, setPick] = useState<string | null>(null);
  const providerId = pick ?? live[0]?.id;
  const week = useWeek(providerId);
  const places = (locations.data ?? []).filter((l) => !l.archived);
  return (
    <Stack gap="sm">
      <Group align="flex-end">
        <NativeSelect label="Hours of" value={providerId ?? ''} onChange={(e) => setPick(e.currentTarget.value)} w={280}
          data={live.map((p) => ({ value: p.id, label: p.name }))} />
        <Text fz="sm" c="dimmed" mb={8}>Times are on each location’s own clock.</Text>
      </Group>
      <ErrorAlert error={week.error ?? providers.error} />
      {live.length === 0 && <Text c="dimmed">Add a provider first.</Text>}
      {week.data && providerId && places.length > 0 && <WeekEditor key={providerId} week={week.data} locations={places} />}
    </Stack>
  );
}

function WeekEditor({ week, locations }: { week: Week; locations: Location[] }) {
  const refresh = useRefreshSchedule();
  const keys = useRef(0);
  const nextKey = () => ++keys.current;
  const [rows, setRows] = useState<Row[]>(() => week.periods.map((p) => ({ ...p, key: nextKey() })));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => request<Week>('PUT', `/api/scheduling/providers/${week.providerId}/hours`, { periods: rows.map(({ key: _key, ...p }) => p) }),
    onSuccess: async () => { setSaved(true); await refresh(); },
  });
  const change = (key: number, patch: Partial<WorkingPeriod>) => { setSaved(false); setRows((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r))); };
  const add = (weekday: number) => {
    const last = rows.filter((r) => r.weekday === weekday).sort((a, b) => a.starts.localeCompare(b.starts)).at(-1);
    setSaved(false);
    setRows([...rows, last
      ? { key: nextKey(), weekday, locationId: last.locationId, starts: last.ends < '13:00' ? '13:00' : last.ends, ends: last.ends < '13:00' ? '17:00' : '23:59' }
      : { key: nextKey(), weekday, locationId: locations[0]?.id ?? '', starts: '09:00', ends: '17:00' }]);
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form onSubmit={submit} aria-label="Weekly hours">
      <Table aria-label="Working periods by weekday" verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr><Table.Th scope="col" w={120}>Day</Table.Th><Table.Th scope="col">Periods</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {WEEKDAYS.map((dayName, index) => {
            const weekday = index + 1;
            const mine = rows.filter((r) => r.weekday === weekday);
            return (
              <Table.Tr key={dayName}>
                <Table.Th scope="row" style={{ verticalAlign: 'top', paddingTop: 12 }}>{dayName}</Table.Th>
                <Table.Td>
                  <Stack gap={6}>
                    {mine.length === 0 && <Text fz="sm" c="dimmed" py={4}>Not working</Text>}
                    {mine.map((row, n) => (
                      <Group key={row.key} gap="xs" wrap="nowrap">
                        <TextInput type="time" aria-label={`${dayName} period ${n + 1} starts`} value={row.starts} w={140} onChange={(e) => change(row.key, { starts: e.currentTarget.value })} />
                        <Text fz="sm">to</Text>
                        <TextInput type="time" aria-label={`${dayName} period ${n + 1} ends`} value={row.ends} w={140} onChange={(e) => change(row.key, { ends: e.currentTarget.value })} />
                        <NativeSelect aria-label={`${dayName} period ${n + 1} location`} value={row.locationId} w={180}
                          onChange={(e) => change(row.key, { locationId: e.currentTarget.value })} data={locations.map((l) => ({ value: l.id, label: l.name }))} />
                        <Button size="compact-sm" variant="subtle" color="red" onClick={() => { setSaved(false); setRows(rows.filter((r) => r.key !== row.key)); }}
                          aria-label={`Remove ${dayName} period ${n + 1}`}>Remove</Button>
                      </Group>
                    ))}
                    <Button size="compact-sm" variant="subtle" w="fit-content" onClick={() => add(weekday)} aria-label={`Add a period on ${dayName}`}>+ Add period</Button>
                  </Stack>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <ErrorAlert error={save.error} title="The hours were not saved" />
      <Group justify="flex-end" mt="sm">
        {saved && <Text fz="sm" c="var(--mantine-color-green-light-color)" role="status">Saved.</Text>}
        <Button variant="default" disabled={!rows.some((r) => r.weekday === 1)} onClick={() => {
          setSaved(false);
          setRows([...rows.filter((r) => r.weekday === 1 || r.weekday > 5), ...[2, 3, 4, 5].flatMap((weekday) => rows.filter((r) => r.weekday === 1).map((r) => ({ ...r, weekday, key: nextKey() })))]);
        }}>Copy Monday to Tuesday–Friday</Button>
        <Button type="submit" loading={save.isPending}>Save hours</Button>
      </Group>
    </form>
  );
}
