import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Badge, Button, Center, Group, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { ActionProblem, LinkProblem, PatientLayout, patientGet, patientPost } from '../../components/booking/PatientLayout.js';
import { Reschedule } from '../../components/booking/Reschedule.js';
import { QuestionnaireForm } from '../../components/booking/QuestionnaireForm.js';
import { CancelDialog, CheckIn } from '../../components/booking/VisitActions.js';
import { visitTime } from '../../components/booking/clinicTime.js';
import type { PatientAppointment, VisitQuestionnaires } from '../../components/booking/publicTypes.js';
import { usePatientLanguage } from '../../components/booking/texts.js';

// The patient's own appointment, from the link in their confirmation or reminder: what, when, where,
// and what they can do with it (confirm, move, cancel, answer the questionnaire, check in).

const STATUS_COLORS: Record<string, string> = { booked: 'blue', confirmed: 'green', arrived: 'green', in_room: 'green', completed: 'gray', cancelled: 'red', no_show: 'orange' };

export function AppointmentPage() {
  const { token = '' } = useParams();
  const { language, t, setLanguage } = usePatientLanguage();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'view' | 'reschedule'>('view');
  const [cancelling, setCancelling] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const path = `/api/public/appointments/${encodeURIComponent(token)}`;

  const visit = useQuery({ queryKey: ['patient-appointment', token], queryFn: () => patientGet<PatientAppointment>(path), retry: false });
  const questionnaires = useQuery({
    queryKey: ['patient-questionnaire', token], queryFn: () => patientGet<VisitQuestionnaires>(`${path}/questionnaire`), retry: false, enabled: visit.isSuccess,
  });
  const show = (appointment: PatientAppointment, message: string | null) => {
    queryClient.setQueryData(['patient-appointment', token], appointment);
    void queryClient.invalidateQueries({ queryKey: ['patient-questionnaire', token] });
    setMode('view');
    setNotice(message);
  };
  const confirm = useMutation({ mutationFn: () => patientPost<PatientAppointment>(`${path}/confirm`), onSuccess: (a) => show(a, t.confirmed) });

  const data = visit.data;
  useEffect(() => {
    document.title = data ? `${t.appointmentTitle} · ${data.clinicName}` : t.appointmentTitle;
  }, [data, t]);

  return (
    <PatientLayout clinicName={data?.clinicName} language={language} onLanguage={setLanguage} t={t}>
      <Title order={1} fz="h2">{data ? t.hello(data.patientFirstName) : t.appointmentTitle}</Title>
      {visit.isPending && <Center py="xl"><Loader aria-label={t.loading} /></Center>}
      {visit.error && <LinkProblem error={visit.error} t={t} />}
      {data && (
        <>
          <Paper withBorder p="md" radius="md" component="section" aria-labelledby="visit-title">
            <Stack gap={6}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Title order={2} fz="h3" id="visit-title">{data.serviceName}</Title>
                <Badge size="lg" color={STATUS_COLORS[data.status] ?? 'gray'} variant="light" data-testid="visit-status">{t.status[data.status] ?? data.status}</Badge>
              </Group>
              <Text fz="xl" fw={700} data-testid="visit-time">{visitTime(data, language)}</Text>
              <List spacing={4} listStyleType="none" p={0}>
                <List.Item><Text span fw={600}>{t.with}: </Text>{data.providerName}</List.Item>
                <List.Item><Text span fw={600}>{t.where}: </Text>{data.location.name}{data.location.address ? `, ${data.location.address}` : ''}</List.Item>
                {data.location.phone && <List.Item><Anchor href={`tel:${data.location.phone}`}>{data.location.phone}</Anchor></List.Item>}
              </List>
              {data.status !== 'cancelled' && <Anchor href={`${path}/calendar.ics`} download="appointment.ics" fw={600}>{t.addToCalendar}</Anchor>}
            </Stack>
          </Paper>

          {notice && <Alert color="green" variant="light" role="status" withCloseButton closeButtonLabel="OK" onClose={() => setNotice(null)}>{notice}</Alert>}
          {data.status === 'cancelled' && <Alert color="gray" variant="light">{t.cancelledNote}</Alert>}
          <ActionProblem error={confirm.error} title={t.somethingWrong} />

          {(data.canCheckIn || data.status === 'arrived') && (
            <CheckIn token={token} arrived={data.status === 'arrived'} t={t} onCheckedIn={() => void queryClient.invalidateQueries({ queryKey: ['patient-appointment', token] })} />
          )}

          {data.canChange && mode === 'view' && (
            <Stack gap="xs">
              {data.status === 'booked' && <Button size="md" fullWidth loading={confirm.isPending} onClick={() => confirm.mutate()}>{t.confirm}</Button>}
              <Button size="md" variant="default" fullWidth onClick={() => { setNotice(null); setMode('reschedule'); }}>{t.reschedule}</Button>
              <Button size="md" variant="default" fullWidth c="red.8" onClick={() => setCancelling(true)}>{t.cancel}</Button>
            </Stack>
          )}
          {data.canChange && mode === 'reschedule' && (
            <Reschedule token={token} appointment={data} language={language} t={t} onMoved={(a) => show(a, t.moved)} onClose={() => setMode('view')} />
          )}

          {questionnaires.data?.items.map((q) => (
            <QuestionnaireForm key={q.id} token={token} questionnaire={q} canAnswer={questionnaires.data.canAnswer}
              timeZone={data.timeZone} language={language} t={t}
              onSaved={() => void queryClient.invalidateQueries({ queryKey: ['patient-questionnaire', token] })} />
          ))}

          <CancelDialog token={token} opened={cancelling} t={t} onClose={() => setCancelling(false)}
            onCancelled={(a) => { setCancelling(false); show(a, null); }} />
          <Text fz="xs" c="dimmed">{t.privacy}</Text>
        </>
      )}
    </PatientLayout>
  );
}
