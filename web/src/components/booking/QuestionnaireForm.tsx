import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, NumberInput, Paper, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { ApiError } from '../../api.js';
import { ActionProblem, patientPost } from './PatientLayout.js';
import { momentIn } from './clinicTime.js';
import type { AnswersSaved, PatientQuestionnaire } from './publicTypes.js';
import type { Language, Texts } from './texts.js';

type Answer = string | number | boolean;

interface QuestionnaireFormProps {
  token: string;
  questionnaire: PatientQuestionnaire;
  canAnswer: boolean;
  timeZone: string;
  language: Language;
  t: Texts;
  onSaved(): void;
}

/** One clinic questionnaire, drawn from its items (text, yes/no, choice, number); sent again replaces the answers. */
export function QuestionnaireForm({ token, questionnaire, canAnswer, timeZone, language, t, onSaved }: QuestionnaireFormProps) {
  const [answers, setAnswers] = useState<Record<string, Answer>>(questionnaire.answers ?? {});
  const save = useMutation({
    mutationFn: () => patientPost<AnswersSaved>(`/api/public/appointments/${encodeURIComponent(token)}/questionnaire`, { questionnaireId: questionnaire.id, answers }),
    onSuccess: onSaved,
  });
  const set = (id: string, value: Answer | undefined) => setAnswers((current) => {
    const next = { ...current };
    if (value === undefined || value === '') delete next[id];
    else next[id] = value;
    return next;
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  // The server names each missing or wrong answer by its question id.
  const problemOf = (id: string) => (save.error instanceof ApiError
    ? save.error.fields.find((f) => f.field === id || f.field.endsWith(`.${id}`) || f.field.endsWith(`/${id}`))?.message
    : undefined);
  const headingId = `questionnaire-${questionnaire.id}`;

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={headingId}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} fz="h3" id={headingId}>{questionnaire.title}</Title>
            {questionnaire.submittedAt && <Text fz="sm" c="dimmed">{t.answered(momentIn(questionnaire.submittedAt, timeZone, language))}</Text>}
          </div>
          {questionnaire.items.map((item) => {
            const value = answers[item.id];
            const label = item.text;
            const common = { required: item.required, error: problemOf(item.id), disabled: !canAnswer };
            if (item.kind === 'yes_no') {
              return (
                <Radio.Group key={item.id} label={label} {...common} size="md" value={value === true ? 'yes' : value === false ? 'no' : ''}
                  onChange={(v) => set(item.id, v === 'yes')}>
                  <Stack gap={6} mt={6}><Radio value="yes" label={t.yes} disabled={!canAnswer} /><Radio value="no" label={t.no} disabled={!canAnswer} /></Stack>
                </Radio.Group>
              );
            }
            if (item.kind === 'choice') {
              return (
                <Radio.Group key={item.id} label={label} description={t.pickOne} {...common} size="md" value={typeof value === 'string' ? value : ''}
                  onChange={(v) => set(item.id, v)}>
                  <Stack gap={6} mt={6}>{(item.options ?? []).map((o) => <Radio key={o} value={o} label={o} disabled={!canAnswer} />)}</Stack>
                </Radio.Group>
              );
            }
            if (item.kind === 'number') {
              return <NumberInput key={item.id} label={label} {...common} size="md" value={typeof value === 'number' ? value : ''}
                onChange={(v) => set(item.id, typeof v === 'number' ? v : undefined)} />;
            }
            return <TextInput key={item.id} label={label} {...common} size="md" maxLength={2000} value={typeof value === 'string' ? value : ''}
              onChange={(e) => set(item.id, e.currentTarget.value)} />;
          })}
          {save.isSuccess && <Alert color="green" variant="light" role="status">{t.answersSaved}</Alert>}
          {!questionnaire.items.some((i) => problemOf(i.id)) && <ActionProblem error={save.error} title={t.somethingWrong} />}
          {canAnswer && <Button type="submit" size="md" fullWidth loading={save.isPending}>{t.send}</Button>}
        </Stack>
      </form>
    </Paper>
  );
}
