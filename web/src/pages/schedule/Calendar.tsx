import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Checkbox, Chip, Group, NativeSelect, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { DateTime } from 'luxon';
import { useSignedIn } from '../../session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { CalendarGrid, type Column } from '../../components/schedule/CalendarGrid.js';
import { AppointmentDrawer } from '../../components/schedule/AppointmentDrawer.js';
import { BookDialog, type BookingStart } from '../../components/schedule/BookDialog.js';
import { MoveDialog } from '../../components/schedule/MoveDialog.js';
import { CancelDialog } from '../../components/schedule/CancelDialog.js';
import { weekOf } from '../../components/schedule/layout.js';
import { providersAt, servicesOf, useAppointments, useOverview, useSlots, type Appointment, type Slot } from '../../components/schedule/scheduleApi.js';

type View = 'day' | 'week';

/** The front desk's calendar: a location's day by provider, or a provider's week, with free times to book. */
export function Calendar() {
  usePageTitle('Schedule');
  const { can } = useSignedIn();
  const canBook = can('schedule:book');
  const overview = useOverview();
  const [locationPick, setLocationPick] = useState<string | null>(null);
  const [view, setView] = useState<View>('day');
  const [datePick, setDatePick] = useState<string | null>(null);
  const [providerPick, setProviderPick] = useState<string[] | null>(null);
  const [servicePick, setServicePick] = useState<string | null>(null);
  const [showCancelled, setShowCancelled] = useState(false);
  const [open, setOpen] = useState<Appointment | null>(null);
  const [booking, setBooking] = useState<BookingStart | null>(null);
  const [moving, setMoving] = useState<{ appointment: Appointment; target?: { providerId: string; date: string; time: string } } | null>(null);
  const [cancelling, setCancelling] = useState<Appointment | null>(null);
  const [done, setDone] = useState('');

  const data = overview.data;
  const location = data?.locations.find((l) => l.id === locationPick) ?? data?.locations[0];
  const zone = location?.timeZone ?? 'UTC';
  const date = datePick ?? DateTime.now().setZone(zone).toISODate() ?? '';
  const providers = data && location ? providersAt(data, location.id) : [];
  const chosen = (providerPick ?? providers.map((p) => p.id)).filter((id) => providers.some((p) => p.id === id));
  const shown = view === 'week' ? chosen.slice(0, 1) : chosen;
  const services = data && location ? servicesOf(data.services, undefined, location.id) : [];
  const service = services.find((s) => s.id === servicePick) ?? services[0];
  const days = view === 'week' ? weekOf(date) : [date];
  const first = days[0] ?? date;
  const last = days.at(-1) ?? date;
  const from = DateTime.fromISO(first, { zone }).startOf('day').toUTC().toISO() ?? '';
  const to = DateTime.fromISO(last, { zone }).endOf('day').toUTC().toISO() ?? '';
  const appointments = useAppointments(location?.id, from, to);
  const slots = useSlots({ serviceId: service?.id, locationId: location?.id, from: first, to: last }, canBook);
  const visible = (appointments.data?.items ?? []).filter((a) => shown.includes(a.providerId) && (showCancelled || a.status !== 'cancelled'));
  const name = (id: string) => providers.find((p) => p.id === id)?.name ?? '';
  const columns: Column[] = view === 'week'
    ? days.map((d) => ({ key: `${d}-${shown[0] ?? ''}`, date: d, providerId: shown[0] ?? '', title: DateTime.fromISO(d).toFormat('ccc d LLL'), subtitle: name(shown[0] ?? '') }))
    : shown.map((id) => ({ key: `${date}-${id}`, date, providerId: id, title: name(id), subtitle: providers.find((p) => p.id === id)?.title ?? undefined }));
  const step = (days: number) => setDatePick(DateTime.fromISO(date).plus({ days }).toISODate());
  const bookAt = (slot: Slot) => {
    const local = DateTime.fromISO(slot.startsAt, { zone });
    setBooking({ providerId: slot.providerId, serviceId: service?.id ?? '', date: local.toISODate() ?? date, time: local.toFormat('HH:mm') });
  };
  const heading = view === 'week'
    ? `${DateTime.fromISO(first).toFormat('LLL d')} – ${DateTime.fromISO(last).toFormat('LLL d, yyyy')}`
    : DateTime.fromISO(date).toFormat('cccc, LLLL d, yyyy');

  if (overview.isPending) return <Title order={1}>Schedule</Title>;
  if (!data || !location) {
    return (
      <>
        <Title order={1} mb="md">Schedule</Title>
        <ErrorAlert error={overview.error} title="The schedule could not be loaded" />
        {data && (
          <Alert color="blue" variant="light" title="Nothing to schedule yet">
            An administrator first adds a location, providers, services and weekly hours{can('schedule:manage') ? <> in <Link to="/admin/scheduling">Scheduling setup</Link></> : ''}.
          </Alert>
        )}
      </>
    );
  }

  return (
    <>
      <Group justify="space-between" mb="sm">
        <Title order={1}>Schedule</Title>
        {canBook && (
          <Button onClick={() => setBooking({ providerId: shown[0] ?? providers[0]?.id ?? '', serviceId: service?.id ?? '', date, time: '09:00' })}>Book</Button>
        )}
      </Group>
      <Stack gap="sm">
        <Paper withBorder p="sm">
          <Group align="flex-end" gap="md">
            <NativeSelect label="Location" value={location.id} w={200}
              onChange={(e) => { setLocationPick(e.currentTarget.value); setProviderPick(null); setServicePick(null); setDatePick(null); }}
              data={data.locations.map((l) => ({ value: l.id, label: l.name }))} />
            <NativeSelect label="Free times for" value={service?.id ?? ''} w={220} onChange={(e) => setServicePick(e.currentTarget.value)}
              data={services.map((s) => ({ value: s.id, label: `${s.name} (${s.durationMinutes} min)` }))} />
            <SegmentedControl aria-label="View" value={view} onChange={(v) => setView(v === 'week' ? 'week' : 'day')}
              data={[{ value: 'day', label: 'Day' }, { value: 'week', label: 'Week' }]} />
            <Group gap={4}>
              <Button variant="default" onClick={() => step(view === 'week' ? -7 : -1)} aria-label={view === 'week' ? 'Previous week' : 'Previous day'}>‹</Button>
              <Button variant="default" onClick={() => setDatePick(null)}>Today</Button>
              <Button variant="default" onClick={() => step(view === 'week' ? 7 : 1)} aria-label={view === 'week' ? 'Next week' : 'Next day'}>›</Button>
            </Group>
            <Checkbox label="Show cancelled" checked={showCancelled} onChange={(e) => setShowCancelled(e.currentTarget.checked)} mb={8} />
          </Group>
          <Group gap="xs" mt="sm" role="group" aria-label={view === 'week' ? 'Provider (one for the week)' : 'Providers'}>
            <Text fz="sm" fw={600}>{view === 'week' ? 'Provider:' : 'Providers:'}</Text>
            {providers.map((p) => (
              <Chip key={p.id} size="sm" checked={shown.includes(p.id)}
                onChange={(on) => setProviderPick(view === 'week' ? [p.id, ...chosen.filter((id) => id !== p.id)] : on ? [...chosen, p.id] : chosen.filter((id) => id !== p.id))}>
                {p.name}
              </Chip>
            ))}
          </Group>
        </Paper>
        <Group justify="space-between">
          <Title order={2} fz="h3" data-testid="calendar-date">{heading}</Title>
          <Text fz="sm" c="dimmed">Times in {location.timeZone} ({DateTime.fromISO(date, { zone }).toFormat('ZZZZ')})</Text>
        </Group>
        <Text role="status" aria-live="polite" fz="sm" c={done ? 'var(--mantine-color-green-light-color)' : 'dimmed'}>
          {done || (appointments.isPending ? 'Loading the calendar…' : `${visible.length} visit${visible.length === 1 ? '' : 's'}${canBook && slots.data ? `, ${slots.data.items.filter((s) => shown.includes(s.providerId)).length} free times` : ''}`)}
        </Text>
        <ErrorAlert error={appointments.error ?? slots.error} title="The calendar could not be loaded" />
        {shown.length === 0 ? <Text c="dimmed">Choose at least one provider.</Text> : (
          <CalendarGrid columns={columns} zone={zone} appointments={visible} slots={(slots.data?.items ?? []).filter((s) => shown.includes(s.providerId))}
            freeMinutes={service ? Math.min(service.slotStepMinutes, service.durationMinutes) : 30} canBook={canBook}
            onOpen={setOpen} onBookSlot={bookAt}
            onDrop={(id, target) => { const a = visible.find((x) => x.id === id); if (a) setMoving({ appointment: a, target }); }} />
        )}
      </Stack>
      <AppointmentDrawer appointment={open} canBook={canBook} onClose={() => setOpen(null)} onChanged={setOpen}
        onMove={(a) => { setOpen(null); setMoving({ appointment: a }); }} onCancel={(a) => { setOpen(null); setCancelling(a); }} />
      {booking && <BookDialog overview={data} location={location} start={booking} onClose={() => setBooking(null)}
        onBooked={(a) => { setBooking(null); setDone(`Booked ${a.patientName} for ${a.label}${a.overbooked ? ' (overbooked)' : ''}.`); }} />}
      {moving && <MoveDialog overview={data} location={location} appointment={moving.appointment} target={moving.target} appointments={visible}
        onClose={() => setMoving(null)} onMoved={(a) => { setMoving(null); setDone(`Moved ${a.patientName} to ${a.label}.`); }} />}
      {cancelling && <CancelDialog appointment={cancelling} onClose={() => setCancelling(null)}
        onCancelled={(a) => { setCancelling(null); setDone(`Cancelled ${a.patientName}’s visit of ${a.label}.`); }} />}
    </>
  );
}
