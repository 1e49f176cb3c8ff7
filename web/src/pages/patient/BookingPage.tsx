import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Button, Center, Group, List, Loader, NativeSelect, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import type { BookingPageData, SlotList } from '../../components/booking/publicTypes.js';
import { query } from '../../api.js';
import { LinkProblem, PatientLayout, patientGet, sitePath } from '../../components/booking/PatientLayout.js';
import { SlotPicker, type Slot } from '../../components/booking/SlotPicker.js';
import { BookingForm, type Booked } from '../../components/booking/BookingForm.js';
import { ZoneNotice } from '../../components/booking/ZoneNotice.js';
import { addDays, todayIn, visitTime } from '../../components/booking/clinicTime.js';
import { usePatientLanguage } from '../../components/booking/texts.js';

// The clinic's booking page (no account): service, optionally provider and location, a free time on
// the clinic's clock, who the patient is, and a confirmation with the link to manage the visit.

const DAYS_SHOWN = 7;

export function BookingPage() {
  const { slug = '' } = useParams();
  const { language, t, setLanguage } = usePatientLanguage();
  const [serviceId, setServiceId] = useState('');
  const [providerId, setProviderId] = useState('');
  const [locationId, setLocationId] = useState('');
  const [from, setFrom] = useState('');
  const [slot, setSlot] = useState<Slot | null>(null);
  const [booked, setBooked] = useState<Booked | null>(null);
  const base = `/api/public/booking/${encodeURIComponent(slug)}`;

  const page = useQuery({ queryKey: ['booking-page', slug], queryFn: () => patientGet<BookingPageData>(base), retry: false });
  const data = page.data;
  const timeZone = data?.clinic.timeZone ?? 'UTC';
  const firstDay = todayIn(timeZone);
  const start = from || firstDay;
  const services = data?.services ?? [];
  const service = services.find((s) => s.id === serviceId);
  // One service: nothing to choose.
  useEffect(() => {
    if (services.length === 1 && !serviceId) setServiceId(services[0]!.id);
  }, [services, serviceId]);
  useEffect(() => {
    document.title = data ? `${t.bookTitle} · ${data.clinic.name}` : t.bookTitle;
  }, [data, t]);

  const slots = useQuery({
    queryKey: ['booking-slots', slug, serviceId, providerId, locationId, start],
    queryFn: () => patientGet<SlotList>(`${base}/slots${query({ serviceId, providerId, locationId, from: start, to: addDays(start, DAYS_SHOWN - 1) })}`),
    enabled: Boolean(serviceId) && !slot && !booked,
    refetchInterval: 60_000,
  });

  const chooseService = (id: string) => { setServiceId(id); setProviderId(''); setLocationId(''); setSlot(null); };
  const providers = (data?.providers ?? []).filter((p) => service?.providerIds.includes(p.id));
  const locations = (data?.locations ?? []).filter((l) => service?.locationIds.includes(l.id));
  const location = (id: string) => data?.locations.find((l) => l.id === id);

  return (
    <PatientLayout clinicName={data?.clinic.name} language={language} onLanguage={setLanguage} t={t}>
      <Title order={1} fz="h2">{booked ? t.booked : t.bookTitle}</Title>
      {page.isPending && <Center py="xl"><Loader aria-label={t.loading} /></Center>}
      {page.error && <LinkProblem error={page.error} t={t} />}

      {data && booked && (
        <Paper withBorder p="md" radius="md" component="section" aria-label={t.booked} role="status">
          <Stack gap="xs">
            <Text fz="xl" fw={700} data-testid="booked-time">{visitTime(booked.appointment, language)}</Text>
            <List spacing={4} listStyleType="none" p={0}>
              <List.Item><Text span fw={600}>{t.what}: </Text>{booked.appointment.serviceName}</List.Item>
              <List.Item><Text span fw={600}>{t.with}: </Text>{booked.appointment.providerName}</List.Item>
              <List.Item><Text span fw={600}>{t.where}: </Text>{booked.appointment.location.name}{booked.appointment.location.address ? `, ${booked.appointment.location.address}` : ''}</List.Item>
            </List>
            <Text fz="md" mt="sm">{t.bookedHint}</Text>
            <Button component={Link} to={sitePath(booked.manageUrl)} size="md" fullWidth>{t.manage}</Button>
            <Button component="a" href={`/api/public/appointments/${sitePath(booked.manageUrl).split('/a/')[1] ?? ''}/calendar.ics`} download="appointment.ics" size="md" variant="default" fullWidth>{t.addToCalendar}</Button>
          </Stack>
        </Paper>
      )}

      {data && !booked && (
        <>
          <Paper withBorder p="md" radius="md" component="section" aria-label={t.service}>
            <Radio.Group label={t.service} value={serviceId} onChange={chooseService} size="md">
              <Stack gap="xs" mt="xs">
                {services.map((s) => (
                  <Radio key={s.id} value={s.id} label={s.name}
                    description={[t.minutes(s.durationMinutes), s.description].filter(Boolean).join(' · ')} />
                ))}
              </Stack>
            </Radio.Group>
            {service && (providers.length > 1 || locations.length > 1) && (
              <Group grow mt="md" align="flex-start">
                {providers.length > 1 && <NativeSelect size="md" label={t.provider} value={providerId} onChange={(e) => { setProviderId(e.currentTarget.value); setSlot(null); }}
                  data={[{ value: '', label: t.anyProvider }, ...providers.map((p) => ({ value: p.id, label: p.title ? `${p.name}, ${p.title}` : p.name }))]} />}
                {locations.length > 1 && <NativeSelect size="md" label={t.location} value={locationId} onChange={(e) => { setLocationId(e.currentTarget.value); setSlot(null); }}
                  data={[{ value: '', label: t.anyLocation }, ...locations.map((l) => ({ value: l.id, label: l.name }))]} />}
              </Group>
            )}
          </Paper>

          {service && !slot && (
            <Paper withBorder p="md" radius="md">
              <Title order={2} fz="h3" mb={4}>{t.chooseTime}</Title>
              <ZoneNotice timeZone={slots.data?.timeZone ?? timeZone} language={language} t={t} />
              <SlotPicker slots={slots.data?.items} truncated={slots.data?.truncated ?? false} loading={slots.isPending && slots.fetchStatus === 'fetching'} error={slots.error}
                language={language} t={t} selected={slot} onPick={setSlot}
                canGoEarlier={start > firstDay} onEarlier={() => setFrom(addDays(start, -DAYS_SHOWN) < firstDay ? firstDay : addDays(start, -DAYS_SHOWN))}
                onLater={() => setFrom(addDays(start, DAYS_SHOWN))} />
            </Paper>
          )}

          {service && slot && (
            <>
              <Paper withBorder p="md" radius="md" component="section" aria-label={t.chosen}>
                <Text fz="sm" c="dimmed">{t.chosen}</Text>
                <Text fz="lg" fw={700} data-testid="chosen-time">{visitTime(slot, language)}</Text>
                <Text fz="sm">{slot.providerName} · {slot.locationName}{location(slot.locationId)?.address ? `, ${location(slot.locationId)?.address}` : ''}</Text>
                <ZoneNotice timeZone={slot.timeZone} language={language} t={t} />
                <Anchor component="button" type="button" fz="sm" mt="xs" onClick={() => setSlot(null)}>{t.changeTime}</Anchor>
              </Paper>
              <BookingForm slug={slug} serviceId={service.id} slot={slot} language={language} t={t} onPick={setSlot} onBooked={setBooked} />
            </>
          )}
        </>
      )}
      <Text fz="xs" c="dimmed">{t.callClinic}</Text>
    </PatientLayout>
  );
}
