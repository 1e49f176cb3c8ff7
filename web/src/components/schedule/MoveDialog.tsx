import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { DateTime } from 'luxon';
import { api } from '../../api.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { ConflictPanel } from './ConflictPanel.js';
import { clinicClock, conflictOf, instantAt, providersAt, useSlots, type Appointment, type Location, type Overview, type Slot } from './scheduleApi.js';

interface Props {
  appointment: Appointment;
  overview: Overview;
  location: Location;
  /** Where it was dropped, when it was dragged; otherwise its own time. */
  target?: { providerId: string; date: string; time: string };
  /** The visits on screen, to warn of an overlap before saving. */
  appointments: Appointment[];
  onClose(): void;
  onMoved(appointment: Appointment): void;
}

const LIVE: Appointment['status'][] = ['booked', 'confirmed', 'arrived', 'in_room'];

/** Moves a visit: a free time picked from a list (keyboard friendly) or any time typed in, checked by the server. */
export function MoveDialog({ appointment, overview, location, target, appointments, onClose, onMoved }: Props) {
  const zone = location.timeZone;
  const queryClient = useQueryClient();
  const own = DateTime.fromISO(appointment.startsAt, { zone });
  const [providerId, setProviderId] = useState(target?.providerId ?? appointment.providerId);
  const [date, setDate] = useState(target?.date ?? own.toISODate() ?? '');
  const [time, setTime] = useState(target?.time ?? own.toFormat('HH:mm'));
  const slots = useSlots({ serviceId: appointment.serviceId, locationId: location.id, providerId, from: date, to: date }, /^\d{4}-\d{2}-\d{2}$/.test(date));
  const move = useMutation({
    mutationFn: (body: { startsAt: string; providerId: string; override?: { reason: string } }) =>
      api.post<Appointment>(`/api/scheduling/appointments/${appointment.id}/move`, { ...body, locationId: location.id }),
    onSuccess: async (moved) => {
      await queryClient.invalidateQueries({ queryKey: ['schedule'] });
      onMoved(moved);
    },
  });
  const startsAt = instantAt(date, time, zone);
  const duration = Date.parse(appointment.endsAt) - Date.parse(appointment.startsAt);
  const overlapping = startsAt ? appointments.filter((a) => a.id !== appointment.id && a.providerId === providerId && LIVE.includes(a.status)
    && Date.parse(a.startsAt) < Date.parse(startsAt) + duration && Date.parse(a.endsAt) > Date.parse(startsAt)) : [];
  function submit(event: FormEvent) {
    event.preventDefault();
    if (startsAt) move.mutate({ startsAt, providerId });
  }
  const pickSlot = (slot: Slot) => {
    const local = DateTime.fromISO(slot.startsAt, { zone });
    setProviderId(slot.providerId);
    setDate(local.toISODate() ?? date);
    setTime(local.toFormat('HH:mm'));
  };
  const free = slots.data?.items ?? [];

  return (
    <Modal opened onClose={onClose} title={`Move ${appointment.patientName}’s ${appointment.serviceName}`} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} aria-label="Move the visit">
        <Stack gap="sm">
          <Text fz="sm">Now: {appointment.label} with {appointment.providerName}</Text>
          <Group grow align="flex-start">
            <NativeSelect label="Provider" value={providerId} onChange={(e) => setProviderId(e.currentTarget.value)}
              data={providersAt(overview, location.id).map((p) => ({ value: p.id, label: p.name }))} />
            <TextInput type="date" label="Date" required value={date} onChange={(e) => setDate(e.currentTarget.value)} />
          </Group>
          <NativeSelect label="Free times that day" value="" data-autofocus
            description={slots.isPending ? 'Looking for free times…' : free.length === 0 ? 'No free time that day: pick another day or type a time.' : `${free.length} free time${free.length === 1 ? '' : 's'}`}
            onChange={(e) => { const slot = free.find((s) => s.startsAt === e.currentTarget.value); if (slot) pickSlot(slot); }}
            data={[{ value: '', label: 'Choose a free time' }, ...free.map((s) => ({ value: s.startsAt, label: clinicClock(s.startsAt, zone) }))]} />
          <TextInput type="time" label="New time" required value={time} onChange={(e) => setTime(e.currentTarget.value)}
            description={`${zone} (${DateTime.now().setZone(zone).toFormat('ZZZZ')})`} />
          {overlapping.length > 0 && (
            <Alert color="orange" variant="light" title="This time overlaps another visit">
              {overlapping.map((a) => `${a.patientName}, ${clinicClock(a.startsAt, zone)}–${clinicClock(a.endsAt, zone)}`).join('; ')}. The server will refuse it unless you override.
            </Alert>
          )}
          <ConflictPanel key={move.submittedAt} error={move.error} pending={move.isPending} verb="Move" onPickTime={(slot) => { pickSlot(slot); move.mutate({ startsAt: slot.startsAt, providerId: slot.providerId }); }}
            onOverride={(reason) => { if (startsAt) move.mutate({ startsAt, providerId, override: { reason } }); }} />
          {move.error !== null && !conflictOf(move.error) && <ErrorAlert error={move.error} title="The visit was not moved" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={move.isPending} disabled={!startsAt}>Move</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
