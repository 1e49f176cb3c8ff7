import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Badge, Button, Checkbox, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { DateTime } from 'luxon';
import { api } from '../../../api.js';
import { ErrorAlert, fieldError } from '../../ErrorAlert.js';
import { useExceptions, useRefreshSchedule, useSetupLocations, useSetupProviders, type ScheduleException } from './setupApi.js';

const KINDS = [{ value: 'time_off', label: 'Time off' }, { value: 'holiday', label: 'Holiday' }, { value: 'extra_hours', label: 'Extra hours' }] as const;
type Kind = (typeof KINDS)[number]['value'];

/** Time off, holidays and extra hours: the weekly hours' exceptions, soonest first. */
export function ExceptionsTab() {
  const [since] = useState(() => DateTime.now().startOf('day').toUTC().toISO() ?? '');
  const exceptions = useExceptions(since);
  const providers = useSetupProviders();
  const locations = useSetupLocations();
  const refresh = useRefreshSchedule();
  const remove = useMutation({ mutationFn: (id: string) => api.delete<void>(`/api/scheduling/exceptions/${id}`), onSuccess: refresh });
  const providerName = (id: string | null) => (id ? providers.data?.find((p) => p.id === id)?.name ?? '' : 'Everyone');
  const location = (id: string | null) => locations.data?.find((l) => l.id === id);
  const when = (e: ScheduleException) => {
    const zone = location(e.locationId)?.timeZone ?? locations.data?.[0]?.timeZone ?? 'UTC';
    const from = DateTime.fromISO(e.startsAt, { zone });
    const to = DateTime.fromISO(e.endsAt, { zone });
    const wholeDays = from.toFormat('HH:mm') === '00:00' && to.toFormat('HH:mm') === '00:00';
    if (wholeDays) {
      const last = to.minus({ days: 1 });
      return last.hasSame(from, 'day') ? from.toFormat('ccc, LLL d, yyyy') : `${from.toFormat('LLL d')} – ${last.toFormat('LLL d, yyyy')}`;
    }
    return `${from.toFormat('ccc, LLL d, h:mm a')} – ${to.hasSame(from, 'day') ? to.toFormat('h:mm a ZZZZ') : to.toFormat('ccc, LLL d, h:mm a ZZZZ')}`;
  };
  const items = exceptions.data ?? [];
  return (
    <Stack gap="sm">
      <Text fz="sm" c="dimmed">Time off and holidays take time away from the weekly hours; extra hours add some.</Text>
      <ErrorAlert error={exceptions.error ?? remove.error} />
      {items.length === 0 ? <Text fz="sm" c="dimmed">No exceptions from today on.</Text> : (
        <Table striped aria-label="Exceptions">
          <Table.Thead>
            <Table.Tr>{['Kind', 'When', 'Who', 'Where', 'Reason', ''].map((h, i) => <Table.Th key={i} scope="col">{h || <span className="visually-hidden">Actions</span>}</Table.Th>)}</Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td><Badge variant="light" color={e.kind === 'extra_hours' ? 'green' : e.kind === 'holiday' ? 'grape' : 'orange'}>{KINDS.find((k) => k.value === e.kind)?.label}</Badge></Table.Td>
                <Table.Td>{when(e)}</Table.Td>
                <Table.Td>{providerName(e.providerId)}</Table.Td>
                <Table.Td>{location(e.locationId)?.name ?? 'Everywhere'}</Table.Td>
                <Table.Td>{e.reason ?? '—'}</Table.Td>
                <Table.Td ta="right"><Button size="compact-sm" variant="default" onClick={() => remove.mutate(e.id)} aria-label={`Remove ${e.reason ?? e.kind} on ${when(e)}`}>Remove</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <AddException />
    </Stack>
  );
}

function AddException() {
  const providers = useSetupProviders();
  const locations = useSetupLocations();
  const refresh = useRefreshSchedule();
  const [kind, setKind] = useState<Kind>('time_off');
  const [providerId, setProviderId] = useState('');
  const [locationId, setLocationId] = useState('');
  const [wholeDay, setWholeDay] = useState(true);
  const [date, setDate] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  // Times typed are on the chosen location's clock (or the first location's, for every location).
  const zone = locations.data?.find((l) => l.id === locationId)?.timeZone ?? locations.data?.[0]?.timeZone ?? 'UTC';
  const instant = (local: string) => DateTime.fromISO(local, { zone }).toUTC().toISO({ suppressMilliseconds: true }) ?? undefined;
  const add = useMutation({
    mutationFn: () => api.post<ScheduleException>('/api/scheduling/exceptions', {
      kind, ...(providerId && { providerId }), ...(locationId && { locationId }), ...(reason.trim() && { reason: reason.trim() }),
      ...(wholeDay ? { date } : { startsAt: instant(from), endsAt: instant(to) }),
    }),
    onSuccess: async () => { setDate(''); setFrom(''); setTo(''); setReason(''); await refresh(); },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }
  const ready = wholeDay ? Boolean(date) : Boolean(from && to);
  return (
    <Paper withBorder p="md">
      <Title order={3} fz="h5" mb="sm">Add an exception</Title>
      <form onSubmit={submit} aria-label="Add an exception">
        <Stack gap="sm">
          <Group grow align="flex-start">
            <NativeSelect label="Kind" value={kind} onChange={(e) => { const next = e.currentTarget.value as Kind; setKind(next); if (next === 'extra_hours') setWholeDay(false); }} data={[...KINDS]} />
            <NativeSelect label="Provider" value={providerId} onChange={(e) => setProviderId(e.currentTarget.value)}
              data={[{ value: '', label: 'Everyone' }, ...(providers.data ?? []).filter((p) => !p.archived).map((p) => ({ value: p.id, label: p.name }))]} />
            <NativeSelect label="Location" value={locationId} onChange={(e) => setLocationId(e.currentTarget.value)}
              data={[{ value: '', label: 'Everywhere' }, ...(locations.data ?? []).filter((l) => !l.archived).map((l) => ({ value: l.id, label: l.name }))]} />
          </Group>
          <Checkbox label="A whole day" checked={wholeDay} onChange={(e) => setWholeDay(e.currentTarget.checked)} />
          <Group grow align="flex-start">
            {wholeDay ? (
              <TextInput type="date" label="Day" required value={date} onChange={(e) => setDate(e.currentTarget.value)} error={fieldError(add.error, 'date')} />
            ) : (
              <>
                <TextInput type="datetime-local" label="From" description={zone} required value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={fieldError(add.error, 'startsAt')} />
                <TextInput type="datetime-local" label="To" description={zone} required value={to} onChange={(e) => setTo(e.currentTarget.value)} error={fieldError(add.error, 'endsAt')} />
              </>
            )}
            <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} placeholder="Conference, Thanksgiving…" />
          </Group>
          {add.error !== null && !['date', 'startsAt', 'endsAt'].some((f) => fieldError(add.error, f)) && <ErrorAlert error={add.error} title="The exception was not added" />}
          <Group justify="flex-end">
            <Button type="submit" loading={add.isPending} disabled={!ready}>Add exception</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
