import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { api } from '../../../api.js';
import { ErrorAlert, fieldError } from '../../ErrorAlert.js';
import { timeZones, useRefreshSchedule, useSetupLocations, type Location } from './setupApi.js';

/** Locations: where visits happen, each with the IANA zone its clock runs on. */
export function LocationsTab() {
  const locations = useSetupLocations();
  const refresh = useRefreshSchedule();
  const [editing, setEditing] = useState<Location | 'new' | null>(null);
  const archive = useMutation({
    mutationFn: (l: Location) => api.patch<Location>(`/api/scheduling/locations/${l.id}`, { archived: !l.archived }),
    onSuccess: refresh,
  });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text fz="sm" c="dimmed">Where visits happen. Times at a location are shown and booked on its own clock.</Text>
        <Button onClick={() => setEditing('new')}>Add location</Button>
      </Group>
      <ErrorAlert error={locations.error ?? archive.error} />
      <Table striped aria-label="Locations">
        <Table.Thead>
          <Table.Tr>{['Name', 'Time zone', 'Address', 'Phone', ''].map((h, i) => <Table.Th key={i} scope="col">{h || <span className="visually-hidden">Actions</span>}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(locations.data ?? []).map((l) => (
            <Table.Tr key={l.id}>
              <Table.Td fw={600}>{l.name} {l.archived && <Badge size="xs" color="gray" variant="outline">archived</Badge>}</Table.Td>
              <Table.Td>{l.timeZone}</Table.Td>
              <Table.Td>{l.address ?? '—'}</Table.Td>
              <Table.Td>{l.phone ?? '—'}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                <Button size="compact-sm" variant="default" onClick={() => setEditing(l)} aria-label={`Edit ${l.name}`}>Edit</Button>{' '}
                <Button size="compact-sm" variant="default" onClick={() => archive.mutate(l)} aria-label={`${l.archived ? 'Restore' : 'Archive'} ${l.name}`}>{l.archived ? 'Restore' : 'Archive'}</Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {editing && <LocationForm location={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
    </Stack>
  );
}

function LocationForm({ location, onDone }: { location: Location | null; onDone(): void }) {
  const refresh = useRefreshSchedule();
  const [name, setName] = useState(location?.name ?? '');
  const [timeZone, setTimeZone] = useState<string | null>(location?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [address, setAddress] = useState(location?.address ?? '');
  const [phone, setPhone] = useState(location?.phone ?? '');
  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), timeZone, address: address.trim() || null, phone: phone.trim() || null };
      return location ? api.patch<Location>(`/api/scheduling/locations/${location.id}`, body) : api.post<Location>('/api/scheduling/locations', body);
    },
    onSuccess: async () => { await refresh(); onDone(); },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <Modal opened onClose={onDone} title={location ? `Edit ${location.name}` : 'Add a location'} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} aria-label="Location">
        <Stack gap="sm">
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(save.error, 'name')} data-autofocus />
          <Select label="Time zone" required searchable data={timeZones()} value={timeZone} onChange={setTimeZone} limit={50}
            description="The clock of this place: hours, bookings and reminders use it" error={fieldError(save.error, 'timeZone')} />
          <TextInput label="Address" value={address} onChange={(e) => setAddress(e.currentTarget.value)} error={fieldError(save.error, 'address')} />
          <TextInput label="Phone" type="tel" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} error={fieldError(save.error, 'phone')} />
          {save.error !== null && !['name', 'timeZone', 'address', 'phone'].some((f) => fieldError(save.error, f)) && <ErrorAlert error={save.error} title="The location was not saved" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>Cancel</Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim() || !timeZone}>Save location</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
