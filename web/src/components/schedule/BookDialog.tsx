import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Group, Modal, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { DateTime } from 'luxon';
import { api } from '../../api.js';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import { ConflictPanel } from './ConflictPanel.js';
import { PatientPicker, type PickedPatient } from './PatientPicker.js';
import { conflictOf, instantAt, providersAt, servicesOf, type Appointment, type Location, type Overview, type Slot } from './scheduleApi.js';

export interface BookingStart { providerId: string; serviceId: string; date: string; time: string }

interface Props {
  overview: Overview;
  location: Location;
  start: BookingStart;
  onClose(): void;
  onBooked(appointment: Appointment): void;
}

interface Attempt { providerId: string; serviceId: string; startsAt: string; override?: { reason: string } }

/** Books a patient: who, what, with whom and when (on the location's clock); a refusal offers the next free times or an override. */
export function BookDialog({ overview, location, start, onClose, onBooked }: Props) {
  const queryClient = useQueryClient();
  const [patient, setPatient] = useState<PickedPatient | null>(null);
  const [providerId, setProviderId] = useState(start.providerId);
  const [serviceId, setServiceId] = useState(start.serviceId);
  const [date, setDate] = useState(start.date);
  const [time, setTime] = useState(start.time);
  const [notes, setNotes] = useState('');
  const providers = providersAt(overview, location.id);
  const services = servicesOf(overview.services, providerId, location.id);
  const book = useMutation({
    mutationFn: (attempt: Attempt) => api.post<Appointment>('/api/scheduling/appointments', {
      patientId: patient?.value, serviceId: attempt.serviceId, providerId: attempt.providerId, locationId: location.id, startsAt: attempt.startsAt,
      ...(notes.trim() && { notes: notes.trim() }), ...(attempt.override && { override: attempt.override }),
    }),
    onSuccess: async (appointment) => {
      await queryClient.invalidateQueries({ queryKey: ['schedule'] });
      onBooked(appointment);
    },
  });
  const startsAt = instantAt(date, time, location.timeZone);
  const current = (): Attempt | null => (startsAt && serviceId ? { providerId, serviceId, startsAt } : null);
  function submit(event: FormEvent) {
    event.preventDefault();
    const attempt = current();
    if (attempt) book.mutate(attempt);
  }
  function pickTime(slot: Slot) {
    const local = DateTime.fromISO(slot.startsAt, { zone: location.timeZone });
    setProviderId(slot.providerId);
    setDate(local.toISODate() ?? date);
    setTime(local.toFormat('HH:mm'));
    book.mutate({ providerId: slot.providerId, serviceId, startsAt: slot.startsAt });
  }
  const zoneName = DateTime.now().setZone(location.timeZone).toFormat('ZZZZ');

  return (
    <Modal opened onClose={onClose} title={`Book a visit at ${location.name}`} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} aria-label="Book a visit">
        <Stack gap="sm">
          <PatientPicker value={patient} onChange={setPatient} error={fieldError(book.error, 'patientId')} autoFocus />
          <Group grow align="flex-start">
            <NativeSelect label="Provider" value={providerId} onChange={(e) => setProviderId(e.currentTarget.value)}
              data={providers.map((p) => ({ value: p.id, label: p.name }))} />
            <NativeSelect label="Service" value={serviceId} onChange={(e) => setServiceId(e.currentTarget.value)}
              data={[...(services.some((s) => s.id === serviceId) ? [] : [{ value: '', label: 'Choose a service' }]), ...services.map((s) => ({ value: s.id, label: `${s.name} (${s.durationMinutes} min)` }))]} />
          </Group>
          <Group grow align="flex-start">
            <TextInput type="date" label="Date" required value={date} onChange={(e) => setDate(e.currentTarget.value)} />
            <TextInput type="time" label="Time" required value={time} onChange={(e) => setTime(e.currentTarget.value)}
              description={`${location.timeZone} (${zoneName})`} error={fieldError(book.error, 'startsAt')} />
          </Group>
          <Textarea label="Notes" autosize minRows={2} maxLength={2000} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
          <ConflictPanel key={book.submittedAt} error={book.error} pending={book.isPending} verb="Book" onPickTime={pickTime}
            onOverride={(reason) => { const attempt = current(); if (attempt) book.mutate({ ...attempt, override: { reason } }); }} />
          {book.error !== null && !conflictOf(book.error) && !fieldError(book.error, 'startsAt') && <ErrorAlert error={book.error} title="The visit was not booked" />}
          {startsAt && <Text fz="sm" c="dimmed">{DateTime.fromISO(startsAt, { zone: location.timeZone }).toFormat('cccc, LLLL d, h:mm a ZZZZ')}</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={book.isPending} disabled={!patient || !serviceId || !startsAt}>Book</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
