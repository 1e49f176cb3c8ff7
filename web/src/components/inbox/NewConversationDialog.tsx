import { useEffect, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Group, Modal, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { api } from '../../api.js';
import { fullName } from '../../format.js';
import type { ConversationDetail, Patient } from '../../types.js';
import { fieldError } from '../ErrorAlert.js';
import { useNotify } from './notify.js';
import { PatientPicker, type PickedPatient } from './PatientPicker.js';
import { useConversationRefresh } from './queries.js';

interface Props {
  opened: boolean;
  /** Start with this patient chosen (from the patient page). */
  patientId: string | null;
  onClose(): void;
  onStarted(id: string): void;
}

/** Writes first: pick a patient and SMS or e-mail (to a contact they consented to), then the message. */
export function NewConversationDialog({ opened, patientId, onClose, onStarted }: Props) {
  const notify = useNotify();
  const refresh = useConversationRefresh();
  const [patient, setPatient] = useState<PickedPatient | null>(null);
  const [channel, setChannel] = useState<'sms' | 'email'>('sms');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const preset = useQuery({ queryKey: ['patient', patientId], queryFn: () => api.get<Patient>(`/api/patients/${patientId ?? ''}`), enabled: opened && Boolean(patientId) });
  useEffect(() => {
    if (preset.data && !patient) setPatient({ id: preset.data.id, label: `${fullName(preset.data)} · ${preset.data.mrn}` });
  }, [preset.data, patient]);

  const start = useMutation({
    mutationFn: () => api.post<ConversationDetail>('/api/inbox/conversations', {
      patientId: patient?.id, channel, body: body.trim(), ...(channel === 'email' && subject.trim() && { subject: subject.trim() }),
    }),
    onSuccess: async (detail) => {
      notify.success('Message sent', `Conversation #${detail.number} started with ${detail.patient?.name ?? 'the patient'}.`);
      await refresh(detail);
      setBody(''); setSubject('');
      onStarted(detail.id);
    },
    onError: (error) => notify.failure(error, 'The message was not sent'),
  });
  const chosen = useQuery({ queryKey: ['patient', patient?.id], queryFn: () => api.get<Patient>(`/api/patients/${patient?.id ?? ''}`), enabled: Boolean(patient) });
  const contact = chosen.data && chosen.data.id === patient?.id
    ? chosen.data.contactPoints.filter((cp) => cp.kind === (channel === 'sms' ? 'phone' : 'email'))
    : null;

  return (
    <Modal opened={opened} onClose={onClose} title="New message to a patient" centered size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={(e) => { e.preventDefault(); start.mutate(); }} aria-label="New message">
        <Stack gap="sm">
          <PatientPicker value={patient} onChange={setPatient} error={fieldError(start.error, 'patientId')} autoFocus={!patientId} />
          <SegmentedControl value={channel} onChange={(v) => setChannel(v === 'email' ? 'email' : 'sms')} aria-label="Channel"
            data={[{ value: 'sms', label: 'SMS' }, { value: 'email', label: 'E-mail' }]} />
          {contact && (
            <Text fz="xs" c={contact.some((cp) => cp.consentCare) ? 'dimmed' : 'red.9'}>
              {contact.length === 0 ? `No ${channel === 'sms' ? 'phone number' : 'e-mail address'} on record.`
                : contact.some((cp) => cp.consentCare) ? `To ${contact.find((cp) => cp.consentCare)?.value ?? ''}`
                : 'The patient has not agreed to care messages on this channel.'}
            </Text>
          )}
          {channel === 'email' && <TextInput label="Subject" value={subject} onChange={(e) => setSubject(e.currentTarget.value)} maxLength={300} />}
          <Textarea label="Message" required autosize minRows={3} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={fieldError(start.error, 'body')} data-autofocus={patientId ? true : undefined} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" disabled={!patient || !body.trim()} loading={start.isPending}>Send</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
