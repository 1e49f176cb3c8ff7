import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Group, NativeSelect, NumberInput, Paper, SegmentedControl, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { DateTime } from 'luxon';
// The waitlist shapes are the API's own (TypeBox schemas on the server), imported as types only.
import type { WaitlistEntry } from '../../../../src/modules/scheduling/waitlist-schemas.js';
import { api, query } from '../../api.js';
import { formatDate } from '../../format.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { PatientPicker, type PickedPatient } from '../../components/schedule/PatientPicker.js';
import { useOverview, type Overview } from '../../components/schedule/scheduleApi.js';

type Status = WaitlistEntry['status'];
const OFFER_COLORS: Record<string, string> = { open: 'blue', accepted: 'green', gone: 'gray', declined: 'orange', expired: 'gray' };
const OFFER_LABELS: Record<string, string> = { open: 'offered, waiting for an answer', accepted: 'accepted', gone: 'taken by someone else', declined: 'declined', expired: 'expired' };

/** Patients waiting for an earlier or a suitable time: who, for what, when, and the times offered to them. */
export function Waitlist() {
  usePageTitle('Waitlist');
  const { can } = useSignedIn();
  const canBook = can('schedule:book');
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>('waiting');
  const [adding, setAdding] = useState(false);
  const overview = useOverview();
  const list = useQuery({
    queryKey: ['schedule', 'waitlist', status],
    queryFn: () => api.get<{ items: WaitlistEntry[] }>(`/api/scheduling/waitlist${query({ status })}`),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete<WaitlistEntry>(`/api/scheduling/waitlist/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['schedule', 'waitlist'] }),
  });
  const items = list.data?.items ?? [];

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Waitlist</Title>
        {canBook && <Button onClick={() => setAdding((a) => !a)} aria-expanded={adding}>Add to waitlist</Button>}
      </Group>
      <Stack gap="md">
        {adding && overview.data && <AddEntryForm overview={overview.data} onDone={() => setAdding(false)} />}
        <Paper withBorder p="md">
          <SegmentedControl aria-label="Which entries" mb="md" value={status} onChange={(v) => setStatus(v as Status)}
            data={[{ value: 'waiting', label: 'Waiting' }, { value: 'booked', label: 'Booked' }, { value: 'removed', label: 'Removed' }]} />
          <ErrorAlert error={list.error ?? overview.error} title="The waitlist could not be loaded" />
          <ErrorAlert error={remove.error} title="The entry was not removed" />
          <Text fz="sm" c="dimmed" mb="xs" role="status" aria-live="polite">
            {list.isPending ? 'Loading…' : items.length === 0 ? 'Nobody here.' : `${items.length} patient${items.length === 1 ? '' : 's'}`}
          </Text>
          {items.length > 0 && (
            <Table.ScrollContainer minWidth={900}>
              <Table striped aria-label="Waitlist" verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    {['Patient', 'Service', 'With / where', 'Between', 'Priority', 'Offers'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}
                    {canBook && status === 'waiting' && <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((entry) => (
                    <Table.Tr key={entry.id}>
                      <Table.Td>
                        <Link className="table-link" to={`/patients/${entry.patientId}`}>{entry.patientName}</Link>
                        <Text fz="xs" c="dimmed" ff="monospace">{entry.mrn}</Text>
                      </Table.Td>
                      <Table.Td>{entry.serviceName}{entry.note && <Text fz="xs" c="dimmed">{entry.note}</Text>}</Table.Td>
                      <Table.Td>
                        <Text fz="sm">{entry.providerName ?? 'Any provider'}</Text>
                        <Text fz="xs" c="dimmed">{entry.locationName ?? 'Any location'}</Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(entry.earliest)} – {formatDate(entry.latest)}</Table.Td>
                      <Table.Td>{entry.priority}</Table.Td>
                      <Table.Td>
                        {entry.offers.length === 0 ? <Text fz="sm" c="dimmed">None yet</Text> : (
                          <Stack gap={2}>
                            {entry.offers.map((o) => (
                              <Group key={o.id} gap={6} wrap="nowrap">
                                <Text fz="xs">{o.label}</Text>
                                <Badge size="xs" variant="light" color={OFFER_COLORS[o.status] ?? 'gray'}>{OFFER_LABELS[o.status] ?? o.status}</Badge>
                              </Group>
                            ))}
                          </Stack>
                        )}
                      </Table.Td>
                      {canBook && status === 'waiting' && (
                        <Table.Td ta="right">
                          <Button size="compact-sm" variant="default" color="red" loading={remove.isPending && remove.variables === entry.id}
                            onClick={() => remove.mutate(entry.id)} aria-label={`Remove ${entry.patientName} from the waitlist`}>Remove</Button>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Paper>
      </Stack>
    </>
  );
}

/** A patient put on the waitlist: for which service, with whom or anyone, where or anywhere, between which dates. */
function AddEntryForm({ overview, onDone }: { overview: Overview; onDone(): void }) {
  const queryClient = useQueryClient();
  const today = DateTime.now().toISODate() ?? '';
  const [patient, setPatient] = useState<PickedPatient | null>(null);
  const [serviceId, setServiceId] = useState(overview.services[0]?.id ?? '');
  const [providerId, setProviderId] = useState('');
  const [locationId, setLocationId] = useState('');
  const [earliest, setEarliest] = useState(today);
  const [latest, setLatest] = useState(DateTime.now().plus({ weeks: 4 }).toISODate() ?? '');
  const [priority, setPriority] = useState<number>(0);
  const [note, setNote] = useState('');
  const service = overview.services.find((s) => s.id === serviceId);
  const offeredBy = overview.providers.filter((p) => service?.offerings.some((o) => o.providerId === p.id));
  const offeredAt = overview.locations.filter((l) => service?.offerings.some((o) => o.locationId === l.id));
  const add = useMutation({
    mutationFn: () => api.post<WaitlistEntry>('/api/scheduling/waitlist', {
      patientId: patient?.value, serviceId, earliest, latest, priority,
      ...(providerId && { providerId }), ...(locationId && { locationId }), ...(note.trim() && { note: note.trim() }),
    }),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['schedule', 'waitlist'] }); onDone(); },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }
  const known = ['patientId', 'earliest', 'latest', 'priority'];
  return (
    <Paper withBorder p="md">
      <Title order={2} fz="h4" mb="sm">Add to the waitlist</Title>
      <form onSubmit={submit} aria-label="Add to the waitlist">
        <Stack gap="sm">
          <PatientPicker value={patient} onChange={setPatient} error={fieldError(add.error, 'patientId')} autoFocus />
          <Group grow align="flex-start">
            <NativeSelect label="Service" value={serviceId} onChange={(e) => { setServiceId(e.currentTarget.value); setProviderId(''); setLocationId(''); }}
              data={overview.services.map((s) => ({ value: s.id, label: s.name }))} />
            <NativeSelect label="Provider" value={providerId} onChange={(e) => setProviderId(e.currentTarget.value)}
              data={[{ value: '', label: 'Any provider' }, ...offeredBy.map((p) => ({ value: p.id, label: p.name }))]} />
            <NativeSelect label="Location" value={locationId} onChange={(e) => setLocationId(e.currentTarget.value)}
              data={[{ value: '', label: 'Any location' }, ...offeredAt.map((l) => ({ value: l.id, label: l.name }))]} />
          </Group>
          <Group grow align="flex-start">
            <TextInput type="date" label="Earliest" required value={earliest} onChange={(e) => setEarliest(e.currentTarget.value)} error={fieldError(add.error, 'earliest')} />
            <TextInput type="date" label="Latest" required value={latest} onChange={(e) => setLatest(e.currentTarget.value)} error={fieldError(add.error, 'latest')} />
            <NumberInput label="Priority" description="Higher is offered first" min={-100} max={100} value={priority}
              onChange={(v) => setPriority(typeof v === 'number' ? v : Number(v) || 0)} error={fieldError(add.error, 'priority')} />
          </Group>
          <Textarea label="Note" autosize minRows={1} maxLength={1000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          {add.error !== null && !known.some((f) => fieldError(add.error, f)) && <ErrorAlert error={add.error} title="The patient was not added" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>Cancel</Button>
            <Button type="submit" loading={add.isPending} disabled={!patient || !serviceId || !earliest || !latest}>Add to waitlist</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
