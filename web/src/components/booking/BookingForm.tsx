import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import type { PatientAppointment } from './publicTypes.js';
import { ApiError } from '../../api.js';
import { fieldError } from '../ErrorAlert.js';
import { ActionProblem, patientPost } from './PatientLayout.js';
import type { Slot } from './SlotPicker.js';
import { shortDay, timeOfDay, visitTime } from './clinicTime.js';
import type { Language, Texts } from './texts.js';

export interface Booked {
  appointment: PatientAppointment;
  manageUrl: string;
}

interface BookingFormProps {
  slug: string;
  serviceId: string;
  slot: Slot;
  language: Language;
  t: Texts;
  /** Someone was quicker: the patient picks one of the next free times and books again. */
  onPick(slot: Slot): void;
  onBooked(booked: Booked): void;
}

/** Who the patient is and how to reach them; books the chosen time. */
export function BookingForm({ slug, serviceId, slot, language, t, onPick, onBooked }: BookingFormProps) {
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [messagesIn, setMessagesIn] = useState<Language>(language);
  const [notes, setNotes] = useState('');
  const [missingContact, setMissingContact] = useState(false);

  const book = useMutation({
    mutationFn: () => patientPost<Booked>(`/api/public/booking/${encodeURIComponent(slug)}/appointments`, {
      serviceId, providerId: slot.providerId, locationId: slot.locationId, startsAt: slot.startsAt,
      givenName: givenName.trim(), familyName: familyName.trim(), dateOfBirth, language: messagesIn,
      ...(phone.trim() && { phone: phone.trim() }), ...(email.trim() && { email: email.trim() }), ...(notes.trim() && { notes: notes.trim() }),
    }),
    onSuccess: onBooked,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!phone.trim() && !email.trim()) {
      setMissingContact(true);
      return;
    }
    setMissingContact(false);
    book.mutate();
  }

  const error = book.error;
  const taken = error instanceof ApiError && error.code === 'slot_taken';
  const nextFree = taken ? ((error.details as { nextFreeTimes?: Slot[] } | null)?.nextFreeTimes ?? []) : [];
  const fieldProblem = (field: string) => fieldError(error, field);
  const shownElsewhere = taken || ['givenName', 'familyName', 'dateOfBirth', 'phone', 'email'].some((f) => fieldProblem(f));

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="about-you">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} fz="h3" id="about-you">{t.aboutYou}</Title>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput size="md" label={t.givenName} required autoComplete="given-name" value={givenName} onChange={(e) => setGivenName(e.currentTarget.value)} error={fieldProblem('givenName')} />
            <TextInput size="md" label={t.familyName} required autoComplete="family-name" value={familyName} onChange={(e) => setFamilyName(e.currentTarget.value)} error={fieldProblem('familyName')} />
          </SimpleGrid>
          <TextInput size="md" type="date" label={t.dateOfBirth} required autoComplete="bday" value={dateOfBirth} onChange={(e) => setDateOfBirth(e.currentTarget.value)} error={fieldProblem('dateOfBirth')} />
          <TextInput size="md" type="tel" label={t.phone} description={t.phoneHint} autoComplete="tel" inputMode="tel" value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)} error={fieldProblem('phone') ?? (missingContact ? t.contactNeeded : undefined)} />
          <TextInput size="md" type="email" label={t.email} autoComplete="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldProblem('email')} />
          <NativeSelect size="md" label={t.languagePreferred} value={messagesIn} onChange={(e) => setMessagesIn(e.currentTarget.value === 'es' ? 'es' : 'en')}
            data={[{ value: 'en', label: 'English' }, { value: 'es', label: 'Español' }]} />
          <Textarea size="md" label={t.notes} autosize minRows={2} maxLength={500} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
          {taken && (
            <Alert color="orange" variant="light" title={t.slotTaken} role="alert">
              <Text fz="md" mb="xs">{t.slotTakenHint}</Text>
              <Stack gap="xs">
                {nextFree.map((next) => (
                  <Button key={`${next.startsAt}-${next.providerId}`} variant="default" size="md" fullWidth aria-label={visitTime(next, language)}
                    onClick={() => { book.reset(); onPick(next); }}>
                    {shortDay(next.localDate, language)} · {timeOfDay(next.localTime, language)}
                  </Button>
                ))}
              </Stack>
            </Alert>
          )}
          {!shownElsewhere && <ActionProblem error={error} title={error instanceof ApiError && error.code === 'new_patients_not_accepted' ? t.noNewPatients : t.bookFailed} />}
          <Button type="submit" size="lg" fullWidth loading={book.isPending} disabled={!givenName.trim() || !familyName.trim() || !dateOfBirth}>{t.book}</Button>
        </Stack>
      </form>
    </Paper>
  );
}
