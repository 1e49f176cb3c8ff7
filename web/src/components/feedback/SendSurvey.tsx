import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { api } from '../../api.js';
import { ErrorAlert } from '../ErrorAlert.js';
import type { Invitation, ListOf, Survey } from './types.js';

/** "Send a survey" on a patient's page: one of the active surveys, now, on the patient's consented channel. */
export function SendSurvey({ patientId, patientName }: { patientId: string; patientName: string }) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpened(true)}>Send a survey</Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Send a survey to ${patientName}`} centered closeButtonProps={{ 'aria-label': 'Close' }}>
        {opened && <SendForm patientId={patientId} onClose={() => setOpened(false)} />}
      </Modal>
    </>
  );
}

function SendForm({ patientId, onClose }: { patientId: string; onClose(): void }) {
  const queryClient = useQueryClient();
  const surveys = useQuery({ queryKey: ['feedback', 'surveys', 'active'], queryFn: () => api.get<ListOf<Survey>>('/api/feedback/surveys?active=true') });
  const [surveyId, setSurveyId] = useState('');
  const chosen = surveyId || surveys.data?.items[0]?.id || '';
  const send = useMutation({
    mutationFn: () => api.post<Invitation>(`/api/feedback/surveys/${chosen}/send`, { patientId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['timeline', patientId] }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    send.mutate();
  }
  const sent = send.data;
  if (sent) {
    return (
      <Stack gap="sm">
        {sent.status === 'skipped'
          ? <Alert color="orange" variant="light" title="Not sent" role="status">{sent.skipReason ? `The survey was not sent: ${sent.skipReason}.` : 'The survey was not sent.'}</Alert>
          : <Alert color="green" variant="light" title="Survey sent" role="status">
              “{sent.surveyName}” was sent{sent.deliveryChannel ? ` by ${sent.deliveryChannel === 'sms' ? 'text message' : 'e-mail'}` : ''}. The link works once{sent.expiresAt ? `, until ${new Date(sent.expiresAt).toLocaleDateString('en-US', { month: 'short', day: 'numeric' })}` : ''}.
            </Alert>}
        <Group justify="flex-end"><Button onClick={onClose}>Close</Button></Group>
      </Stack>
    );
  }
  const items = surveys.data?.items ?? [];
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <ErrorAlert error={surveys.error} title="The surveys could not be loaded" />
        {surveys.data && items.length === 0 && <Text fz="sm">There is no active survey. A quality manager creates them under Feedback → Surveys.</Text>}
        {items.length > 0 && (
          <NativeSelect label="Survey" value={chosen} onChange={(e) => setSurveyId(e.currentTarget.value)} data={items.map((s) => ({ value: s.id, label: s.name }))} data-autofocus />
        )}
        <Text fz="sm" c="dimmed">It goes now, on the channel the patient consented to. Patients who opted out, or got a survey recently, are not sent it.</Text>
        <ErrorAlert error={send.error} title="The survey was not sent" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={send.isPending} disabled={!chosen}>Send now</Button>
        </Group>
      </Stack>
    </form>
  );
}
