import { useState } from 'react';
import { Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { SurveyQuestions, type AnswerValue } from './SurveyQuestions.js';
import { SURVEY_TEXTS, type SurveyLanguage } from './surveyTexts.js';
import type { SurveyItem } from './types.js';

/** What the patient sees, drawn by the patient page's own components, at a phone's width. */
export function SurveyPreview({ name, intro, introEs, items }: { name: string; intro: string; introEs: string; items: SurveyItem[] }) {
  const [language, setLanguage] = useState<SurveyLanguage>('en');
  const [values, setValues] = useState<Record<string, AnswerValue>>({});
  const t = SURVEY_TEXTS[language];
  const shown = items.map((item) => ({ id: item.id, kind: item.kind, required: item.required, text: (language === 'es' ? item.textEs : item.text) || '…' }));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="survey-preview-title">
      <Stack gap="sm">
        <Title order={2} fz="h4" id="survey-preview-title">Preview: what the patient sees</Title>
        <SegmentedControl size="xs" aria-label="Preview language" value={language} onChange={(v) => setLanguage(v === 'es' ? 'es' : 'en')}
          data={[{ value: 'en', label: 'English' }, { value: 'es', label: 'Español' }]} />
        <Paper withBorder p="sm" bg="gray.0" maw={390} w="100%" mx="auto" lang={language}>
          <Stack gap="md">
            <Text fz="xl" fw={700}>{name || 'Survey name'}</Text>
            {(language === 'es' ? introEs : intro) && <Text fz="md">{language === 'es' ? introEs : intro}</Text>}
            <SurveyQuestions items={shown} values={values} t={t} idPrefix="preview"
              onChange={(id, value) => setValues((current) => ({ ...current, [id]: value ?? '' }))} />
          </Stack>
        </Paper>
      </Stack>
    </Paper>
  );
}
