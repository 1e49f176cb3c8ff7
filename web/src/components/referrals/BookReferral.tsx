import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { api } from '../../api.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { clinicLabel, conflictOf, servicesOf, useOverview, useSlots, type Slot } from '../schedule/scheduleApi.js';
import type { ReferralDetail } from '../../types-referrals.js';

const SHOWN = 12;

/** Books the referral's visit in the schedule: place, service and first day, then one of the free times. */
export function BookReferral({ referral }: { referral: ReferralDetail }) {
  const queryClient = useQueryClient();
  const overview = useOverview();
  const locations = (overview.data?.locations ?? []).filter((l) => !l.archived);
  const [locationId, setLocationId] = useState('');
  const [serviceId, setServiceId] = useState('');
  const location = locations.find((l) => l.id === locationId) ?? locations[0];
  const services = overview.data && location ? servicesOf(overview.data.services.filter((s) => !s.archived), undefined, location.id) : [];
  const service = services.find((s) => s.id === serviceId) ?? services[0];
  const today = DateTime.now().setZone(location?.timeZone ?? 'UTC').toISODate()!;
  const [from, setFrom] = useState(today);
  const to = DateTime.fromISO(from || today).plus({ days: 6 }).toISODate()!;
  const slots = useSlots({ serviceId: service?.id, locationId: location?.id, from: from || today, to });
  const book = useMutation({
    mutationFn: (slot: Slot) => api.post<ReferralDetail>(`/api/referrals/${referral.id}/book`, {
      serviceId: service!.id, providerId: slot.providerId, locationId: slot.locationId, startsAt: slot.startsAt,
    }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['referrals', 'one', referral.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['referrals'] });
      await queryClient.invalidateQueries({ queryKey: ['schedule'] });
    },
  });
  const refusal = conflictOf(book.error);
  const free = slots.data?.items.slice(0, SHOWN) ?? [];

  return (
    <Stack gap="sm" component="section" aria-labelledby="book-referral-heading">
      <Title order={2} fz="h4" id="book-referral-heading">Book the visit</Title>
      <Group grow align="flex-start">
        <NativeSelect label="Location" value={location?.id ?? ''} onChange={(e) => { setLocationId(e.currentTarget.value); setServiceId(''); }}
          data={locations.map((l) => ({ value: l.id, label: l.name }))} />
        <NativeSelect label="Service" value={service?.id ?? ''} onChange={(e) => setServiceId(e.currentTarget.value)}
          data={services.length ? services.map((s) => ({ value: s.id, label: `${s.name} (${s.durationMinutes} min)` })) : [{ value: '', label: 'No service here' }]} />
      </Group>
      <TextInput type="date" label="Free times from" description="Seven days from this date" value={from} min={today} onChange={(e) => setFrom(e.currentTarget.value)} w={220} />
      <ErrorAlert error={slots.error} title="The free times could not be loaded" />
      {slots.isFetching && <Text fz="sm" c="dimmed" role="status">Looking for free times…</Text>}
      {!slots.isFetching && slots.data && free.length === 0 && <Text fz="sm" role="status">No free time in these seven days: try a later date or another service.</Text>}
      {free.length > 0 && (
        <Group gap="xs" role="group" aria-label="Free times">
          {free.map((slot) => (
            <Button key={`${slot.providerId}-${slot.startsAt}`} variant="default" size="xs" onClick={() => book.mutate(slot)} loading={book.isPending && book.variables?.startsAt === slot.startsAt}
              aria-label={`Book ${clinicLabel(slot.startsAt, slot.timeZone)} with ${slot.providerName}`}>
              {DateTime.fromISO(slot.startsAt, { zone: slot.timeZone }).toFormat('ccc d LLL, h:mm a')} · {slot.providerName}
            </Button>
          ))}
        </Group>
      )}
      {book.error !== null && <ErrorAlert error={refusal ? new Error(refusal.message) : book.error} title="The visit was not booked" />}
    </Stack>
  );
}
