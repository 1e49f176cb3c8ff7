import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { api } from '../../../api.js';
import { ErrorAlert } from '../../ErrorAlert.js';
import { cadenceLabel } from './reminders.js';
import { ServiceForm } from './ServiceForm.js';
import { useRefreshSchedule, useSetupLocations, useSetupProviders, useSetupServices, type Service } from './setupApi.js';

/** Services (visit types): how long, with what margins and rules, reminded when, offered by whom where. */
export function ServicesTab() {
  const services = useSetupServices();
  const providers = useSetupProviders();
  const locations = useSetupLocations();
  const refresh = useRefreshSchedule();
  const [editing, setEditing] = useState<Service | 'new' | null>(null);
  const archive = useMutation({
    mutationFn: (s: Service) => api.patch<Service>(`/api/scheduling/services/${s.id}`, { archived: !s.archived }),
    onSuccess: refresh,
  });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text fz="sm" c="dimmed">The kinds of visit patients are booked for, and who offers each where.</Text>
        <Button onClick={() => setEditing('new')}>Add service</Button>
      </Group>
      <ErrorAlert error={services.error ?? archive.error} />
      <Table.ScrollContainer minWidth={820}>
        <Table striped aria-label="Services">
          <Table.Thead>
            <Table.Tr>{['Name', 'Length', 'Online', 'Reminders', 'Offered', ''].map((h, i) => <Table.Th key={i} scope="col">{h || <span className="visually-hidden">Actions</span>}</Table.Th>)}</Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(services.data ?? []).map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td fw={600}>{s.name} {s.archived && <Badge size="xs" color="gray" variant="outline">archived</Badge>}</Table.Td>
                <Table.Td>
                  <Text fz="sm">{s.durationMinutes} min, every {s.slotStepMinutes} min</Text>
                  {(s.bufferBeforeMinutes > 0 || s.bufferAfterMinutes > 0) && <Text fz="xs" c="dimmed">buffers {s.bufferBeforeMinutes} / {s.bufferAfterMinutes} min</Text>}
                </Table.Td>
                <Table.Td>{s.onlineBooking ? (s.newPatientsOnline ? 'Yes, new patients too' : 'Yes, known patients') : 'No'}</Table.Td>
                <Table.Td>{cadenceLabel(s.reminderOffsetsMinutes)}</Table.Td>
                <Table.Td>{s.offerings.length === 0 ? <Text span fz="sm" c="red.9">nobody</Text> : `${new Set(s.offerings.map((o) => o.providerId)).size} provider(s), ${new Set(s.offerings.map((o) => o.locationId)).size} location(s)`}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  <Button size="compact-sm" variant="default" onClick={() => setEditing(s)} aria-label={`Edit ${s.name}`}>Edit</Button>{' '}
                  <Button size="compact-sm" variant="default" onClick={() => archive.mutate(s)} aria-label={`${s.archived ? 'Restore' : 'Archive'} ${s.name}`}>{s.archived ? 'Restore' : 'Archive'}</Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editing && (
        <ServiceForm service={editing === 'new' ? null : editing} onDone={() => setEditing(null)}
          providers={(providers.data ?? []).filter((p) => !p.archived)} locations={(locations.data ?? []).filter((l) => !l.archived)} />
      )}
    </Stack>
  );
}
