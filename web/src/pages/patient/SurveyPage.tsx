import { useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Box, Button, Center, Container, Group, Loader, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { ApiError } from '../../api.js';
import { patientGet, patientPost } from '../../components/booking/PatientLayout.js';
import { SurveyQuestions, type AnswerValue } from '../../components/feedback/SurveyQuestions.js';
import { SURVEY_TEXTS, type SurveyLanguage, type SurveyTexts } from '../../components/feedback/surveyTexts.js';
import type { PublicSurvey } from '../../components/feedback/types.js';

// The survey a patient opens from the link in a text or an e-mail: no account, one screen, large
// targets, in the language the clinic knows for them (switchable), answered once.

type Problem = 'answered' | 'expired' | 'invalid' | 'other';

function problemOf(error: unknown): Problem {
  if (!(error instanceof ApiError)) return 'other';
  if (error.code === 'link_used') return 'answered';
  if (error.code === 'link_expired' || error.status === 410) return 'expired';
  if (error.code === 'link_invalid' || error.status === 403 || error.status === 404) return 'invalid';
  return 'other';
}

function LinkNotice({ problem, t }: { problem: Problem; t: SurveyTexts }) {
  if (problem === 'answered') {
    return <Alert color="green" variant="light" title={t.alreadyAnswered} role="status"><Text fz="md">{t.alreadyAnsweredBody}</Text></Alert>;
  }
  const [title, body] = problem === 'expired' ? [t.expired, t.expiredBody] : problem === 'invalid' ? [t.invalid, t.invalidBody] : [t.couldNotOpen, t.tryAgain];
  return <Alert color={problem === 'expired' ? 'orange' : 'red'} variant="light" title={title} role="alert"><Text fz="md">{body}</Text></Alert>;
}

export function SurveyPage() {
  const { token = '' } = useParams();
  const [chosen, setChosen] = useState<SurveyLanguage | null>(null);
  const [values, setValues] = useState<Record<string, AnswerValue>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const path = `/api/public/survey/${encodeURIComponent(token)}`;

  const survey = useQuery({
    queryKey: ['patient-survey', token],
    queryFn: () => patientGet<PublicSurvey>(path),
    retry: false,
  });
  const data = survey.data;
  const language: SurveyLanguage = chosen ?? data?.language ?? (navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en');
  const t = SURVEY_TEXTS[language];
  // The link brings both wordings: the switch changes the questions too, with no second request.
  const items = (data?.items ?? []).map((item) => ({ ...item, text: (language === 'es' ? item.textEs : item.textEn) || item.text }));
  const intro = data ? (language === 'es' ? data.introEs || data.introEn : data.introEn || data.introEs) ?? data.intro : null;

  const send = useMutation({
    mutationFn: () => patientPost<{ thanks: boolean }>(path, { answers: values, language }),
    onError: (error) => {
      // The server names each wrong answer by its question id.
      if (error instanceof ApiError && error.status === 400) {
        const byItem: Record<string, string> = {};
        for (const item of items) {
          const found = error.fields.find((f) => f.field === item.id || f.field.endsWith(`.${item.id}`) || f.field.endsWith(`/${item.id}`));
          if (found) byItem[item.id] = found.message;
        }
        setErrors(byItem);
      }
    },
  });

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = data ? `${data.surveyName} · ${data.clinicName}` : t.title;
  }, [language, data, t]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const missing = items.filter((item) => item.required && values[item.id] === undefined);
    setErrors(Object.fromEntries(missing.map((item) => [item.id, t.missing])));
    if (missing.length > 0) {
      document.getElementById(`survey-${missing[0]!.id}-label`)?.scrollIntoView({ block: 'center' });
      return;
    }
    send.mutate();
  }
  const change = (itemId: string, value: AnswerValue | undefined) => {
    setValues((current) => {
      const next = { ...current };
      if (value === undefined) delete next[itemId];
      else next[itemId] = value;
      return next;
    });
    setErrors(({ [itemId]: _answered, ...rest }) => rest);
  };

  const sendProblem = send.error ? problemOf(send.error) : null;
  const missingCount = Object.keys(errors).length;

  return (
    <Box bg="gray.0" mih="100vh">
      <Container size={640} px="sm" py="md">
        <Group justify="space-between" align="center" mb="md" component="header" wrap="nowrap">
          <Text fz="sm" fw={700} c="blue.9">{data?.clinicName ?? ''}</Text>
          <SegmentedControl size="sm" aria-label={t.language} value={language} onChange={(v) => setChosen(v === 'es' ? 'es' : 'en')}
            data={[{ value: 'en', label: 'English' }, { value: 'es', label: 'Español' }]} />
        </Group>
        <Stack gap="md" component="main">
          {send.isSuccess ? (
            <Paper withBorder p="lg" radius="md">
              <Title order={1} fz="h2" mb="sm">{t.thanks}</Title>
              <Text fz="lg" role="status">{t.thanksBody}</Text>
            </Paper>
          ) : (
            <>
              <Title order={1} fz="h2">{data?.surveyName ?? t.title}</Title>
              {survey.isPending && <Center py="xl"><Loader aria-label={t.loading} /></Center>}
              {survey.error && <LinkNotice problem={problemOf(survey.error)} t={t} />}
              {data?.answered && <LinkNotice problem="answered" t={t} />}
              {data && !data.answered && (
                <form onSubmit={submit} noValidate aria-label={data.surveyName}>
                  <Stack gap="lg">
                    {intro && <Text fz="md">{intro}</Text>}
                    {/* Less padding on a phone leaves the seven effort buttons 44 px wide. */}
                    <Paper withBorder p={{ base: 'xs', xs: 'md' }} radius="md">
                      <SurveyQuestions items={items} values={values} onChange={change} t={t} idPrefix="survey" errors={errors} disabled={send.isPending} />
                    </Paper>
                    {missingCount > 0 && !send.error && <Alert color="red" variant="light" role="alert"><Text fz="md">{t.missingSummary(missingCount)}</Text></Alert>}
                    {sendProblem === 'other' && (
                      <Alert color="red" variant="light" title={t.notSent} role="alert">
                        <Text fz="md">{send.error instanceof ApiError && send.error.status === 400 ? send.error.message : t.tryAgain}</Text>
                      </Alert>
                    )}
                    {sendProblem && sendProblem !== 'other' && <LinkNotice problem={sendProblem} t={t} />}
                    <Button type="submit" size="lg" fullWidth loading={send.isPending} disabled={sendProblem === 'answered' || sendProblem === 'expired'}>{t.send}</Button>
                    <Text fz="sm" c="gray.7">{t.privacy}</Text>
                  </Stack>
                </form>
              )}
            </>
          )}
        </Stack>
      </Container>
    </Box>
  );
}
