import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Center, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { ApiError } from '../../api.js';
import { ActionProblem, LinkProblem, PatientLayout, patientGet, patientPost } from '../../components/booking/PatientLayout.js';
import { momentIn, visitTime } from '../../components/booking/clinicTime.js';
import { usePatientLanguage } from '../../components/booking/texts.js';

// A time offered to a patient on the waitlist: the first to accept gets it.

/** What the patient sees behind the offer's link (the waitlist module's OfferView). */
interface Offer {
  clinicName: string;
  status: 'open' | 'accepted' | 'gone' | 'declined' | 'expired';
  serviceName: string;
  providerName: string;
  locationName: string;
  startsAt: string;
  label: string;
  timeZone: string;
  expiresAt: string;
}

export function WaitlistOfferPage() {
  const { token = '' } = useParams();
  const { language, t, setLanguage } = usePatientLanguage();
  const [answer, setAnswer] = useState<'accepted' | 'declined' | null>(null);
  const path = `/api/public/waitlist-offers/${encodeURIComponent(token)}`;
  const offer = useQuery({ queryKey: ['waitlist-offer', token], queryFn: () => patientGet<Offer>(path), retry: false });
  const queryClient = useQueryClient();
  const answered = (view: Offer, how: 'accepted' | 'declined') => { queryClient.setQueryData(['waitlist-offer', token], view); setAnswer(how); };
  const accept = useMutation({ mutationFn: () => patientPost<Offer>(`${path}/accept`), onSuccess: (view) => answered(view, 'accepted') });
  const decline = useMutation({ mutationFn: () => patientPost<Offer>(`${path}/decline`), onSuccess: (view) => answered(view, 'declined') });

  const data = offer.data;
  useEffect(() => {
    document.title = data ? `${t.offerTitle} · ${data.clinicName}` : t.offerTitle;
  }, [data, t]);
  const failed = accept.error ?? decline.error;
  // Someone else was quicker, or the offer ran out: the same polite answer either way.
  const gone = (failed instanceof ApiError && (failed.status === 409 || failed.status === 410)) || data?.status === 'gone' || data?.status === 'expired';

  return (
    <PatientLayout clinicName={data?.clinicName} language={language} onLanguage={setLanguage} t={t}>
      <Title order={1} fz="h2">{t.offerTitle}</Title>
      {offer.isPending && <Center py="xl"><Loader aria-label={t.loading} /></Center>}
      {offer.error && <LinkProblem error={offer.error} t={t} />}
      {data && (
        <Paper withBorder p="md" radius="md" component="section" aria-label={t.offerTitle}>
          <Stack gap="sm">
            <Text fz="xl" fw={700}>{visitTime(data, language)}</Text>
            <List spacing={4} listStyleType="none" p={0}>
              <List.Item><Text span fw={600}>{t.what}: </Text>{data.serviceName}</List.Item>
              <List.Item><Text span fw={600}>{t.with}: </Text>{data.providerName}</List.Item>
              <List.Item><Text span fw={600}>{t.where}: </Text>{data.locationName}</List.Item>
            </List>
            {gone && <Alert color="orange" variant="light" role="alert" title={t.offerGone}>{t.offerGoneHint}</Alert>}
            {(answer === 'accepted' || data.status === 'accepted') && (
              <Alert color="green" variant="light" role="status" title={t.booked}>{t.offerAccepted}</Alert>
            )}
            {(answer === 'declined' || data.status === 'declined') && <Alert color="gray" variant="light" role="status">{t.offerDeclined}</Alert>}
            {!gone && <ActionProblem error={failed} title={t.somethingWrong} />}
            {data.status === 'open' && !answer && !gone && (
              <>
                <Text fz="sm" c="dimmed">{t.offerExpires(momentIn(data.expiresAt, data.timeZone, language))}</Text>
                <Button size="lg" fullWidth loading={accept.isPending} disabled={decline.isPending} onClick={() => accept.mutate()}>{t.offerAccept}</Button>
                <Button size="md" variant="default" fullWidth loading={decline.isPending} disabled={accept.isPending} onClick={() => decline.mutate()}>{t.offerDecline}</Button>
              </>
            )}
          </Stack>
        </Paper>
      )}
    </PatientLayout>
  );
}
