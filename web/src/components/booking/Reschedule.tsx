import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Paper, Stack, Title } from '@mantine/core';
import { query } from '../../api.js';
import { ActionProblem, patientGet, patientPost } from './PatientLayout.js';
import { SlotPicker } from './SlotPicker.js';
import { ZoneNotice } from './ZoneNotice.js';
import { addDays, todayIn, visitTime } from './clinicTime.js';
import type { PatientAppointment, Slot, SlotList } from './publicTypes.js';
import type { Language, Texts } from './texts.js';

const DAYS_SHOWN = 7;

interface RescheduleProps {
  token: string;
  appointment: PatientAppointment;
  language: Language;
  t: Texts;
  onMoved(appointment: PatientAppointment): void;
  onClose(): void;
}

/** Other free times for the same visit (same provider unless the patient widens it), then one tap to move. */
export function Reschedule({ token, appointment, language, t, onMoved, onClose }: RescheduleProps) {
  const firstDay = todayIn(appointment.timeZone);
  const [from, setFrom] = useState(firstDay);
  const [anyProvider, setAnyProvider] = useState(false);
  const [slot, setSlot] = useState<Slot | null>(null);
  const path = `/api/public/appointments/${encodeURIComponent(token)}`;
  const slots = useQuery({
    queryKey: ['appointment-slots', token, from, anyProvider],
    queryFn: () => patientGet<SlotList>(`${path}/slots${query({ from, to: addDays(from, DAYS_SHOWN - 1), anyProvider: anyProvider || undefined })}`),
  });
  const move = useMutation({
    mutationFn: (chosen: Slot) => patientPost<PatientAppointment>(`${path}/reschedule`, {
      startsAt: chosen.startsAt, ...(chosen.providerId !== appointment.providerId && { providerId: chosen.providerId }),
    }),
    onSuccess: onMoved,
  });
  // The visit's own time is not a choice.
  const items = slots.data?.items.filter((s) => s.startsAt !== appointment.startsAt || s.providerId !== appointment.providerId);

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="reschedule-title">
      <Stack gap="sm">
        <Title order={2} fz="h3" id="reschedule-title">{t.reschedule}</Title>
        <ZoneNotice timeZone={appointment.timeZone} language={language} t={t} />
        <Checkbox label={t.anyProviderToo} checked={anyProvider} onChange={(e) => { setAnyProvider(e.currentTarget.checked); setSlot(null); }} />
        <SlotPicker slots={items} truncated={slots.data?.truncated ?? false} loading={slots.isPending && slots.fetchStatus === 'fetching'} error={slots.error}
          language={language} t={t} selected={slot} onPick={(s) => { move.reset(); setSlot(s); }}
          canGoEarlier={from > firstDay} onEarlier={() => setFrom(addDays(from, -DAYS_SHOWN) < firstDay ? firstDay : addDays(from, -DAYS_SHOWN))}
          onLater={() => setFrom(addDays(from, DAYS_SHOWN))} />
        <ActionProblem error={move.error} title={t.somethingWrong} />
        {slot && <Button size="md" fullWidth h="auto" py="xs" styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }} loading={move.isPending} onClick={() => move.mutate(slot)}>{t.moveTo(visitTime(slot, language))}</Button>}
        <Button variant="default" size="md" fullWidth onClick={onClose}>{t.keep}</Button>
      </Stack>
    </Paper>
  );
}
