import { useState } from 'react';
import { Alert, Button, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Slot } from './publicTypes.js';
import { ActionProblem } from './PatientLayout.js';
import { dayHeading, monthDayOf, timeOfDay, visitTime, weekdayOf } from './clinicTime.js';
import type { Language, Texts } from './texts.js';

export type { Slot };

interface SlotPickerProps {
  slots: Slot[] | undefined;
  truncated: boolean;
  loading: boolean;
  error: unknown;
  language: Language;
  t: Texts;
  selected: Slot | null;
  onPick(slot: Slot): void;
  /** Days shown (inclusive), to move a week at a time; no earlier button on the first week. */
  canGoEarlier: boolean;
  onEarlier(): void;
  onLater(): void;
}

/** Several providers free at once show as one time (the first provider), as a patient who chose "any" expects. */
function oneTimeEach(slots: Slot[]): Slot[] {
  const seen = new Set<string>();
  return slots.filter((slot) => (seen.has(slot.startsAt) ? false : (seen.add(slot.startsAt), true)));
}

/** Days with free times as a row of buttons, and the chosen day's times, on the clinic's clock (a week of times is too long for a phone). */
export function SlotPicker({ slots, truncated, loading, error, language, t, selected, onPick, canGoEarlier, onEarlier, onLater }: SlotPickerProps) {
  const days = new Map<string, Slot[]>();
  for (const slot of oneTimeEach(slots ?? [])) days.set(slot.localDate, [...(days.get(slot.localDate) ?? []), slot]);
  const [day, setDay] = useState<string | null>(null);
  const shownDay = day && days.has(day) ? day : [...days.keys()][0] ?? null;
  const daySlots = shownDay ? days.get(shownDay) ?? [] : [];
  return (
    <Stack gap="sm" component="section" aria-label={t.freeTimes}>
      {loading && <Group justify="center"><Loader size="sm" aria-label={t.loading} /></Group>}
      <ActionProblem error={error} title={t.couldNotOpen} />
      {slots && days.size === 0 && <Text c="dimmed">{t.noTimes}</Text>}
      {days.size > 0 && (
        <SimpleGrid cols={{ base: 3, xs: 4 }} spacing="xs" role="group" aria-label={t.day}>
          {[...days.entries()].map(([date, list]) => (
            <Button key={date} h="auto" py={6} px={4} variant={date === shownDay ? 'filled' : 'light'} aria-pressed={date === shownDay}
              aria-label={`${dayHeading(date, language)}: ${t.timesCount(list.length)}`} onClick={() => setDay(date)}>
              <Stack gap={0} align="center">
                <Text span fz="sm" fw={700} inherit>{weekdayOf(date, language)}</Text>
                <Text span fz="sm" fw={700} inherit>{monthDayOf(date, language)}</Text>
                <Text span fz="xs" inherit>{t.timesCount(list.length)}</Text>
              </Stack>
            </Button>
          ))}
        </SimpleGrid>
      )}
      {shownDay && (
        <div>
          <Title order={3} fz="md" mb={6}>{dayHeading(shownDay, language)}</Title>
          <SimpleGrid cols={{ base: 3, xs: 4 }} spacing="xs" role="list">
            {daySlots.map((slot) => {
              const chosen = selected?.startsAt === slot.startsAt && selected.providerId === slot.providerId;
              return (
                <div role="listitem" key={`${slot.startsAt}-${slot.providerId}`}>
                  <Button fullWidth size="md" px={4} variant={chosen ? 'filled' : 'default'} aria-pressed={chosen}
                    aria-label={visitTime(slot, language)} data-starts-at={slot.startsAt} onClick={() => onPick(slot)}>{timeOfDay(slot.localTime, language)}</Button>
                </div>
              );
            })}
          </SimpleGrid>
        </div>
      )}
      {truncated && <Alert variant="light" color="gray">{t.moreTimes}</Alert>}
      <Group justify="space-between">
        <Button variant="subtle" onClick={() => { setDay(null); onEarlier(); }} disabled={!canGoEarlier}>‹ {t.earlier}</Button>
        <Button variant="subtle" onClick={() => { setDay(null); onLater(); }}>{t.later} ›</Button>
      </Group>
    </Stack>
  );
}
