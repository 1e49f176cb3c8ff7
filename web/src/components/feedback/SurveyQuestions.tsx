import { Stack, Text, Textarea } from '@mantine/core';
import { CAHPS_VALUES, SCALES, type SurveyTexts } from './surveyTexts.js';
import type { ItemKind } from './types.js';
import './survey.css';

// The questions of a survey as the patient answers them: large buttons for the scales, a box for
// free text. The same drawing serves the patient page and the staff preview.

export type AnswerValue = number | string;
export interface QuestionItem { id: string; kind: ItemKind; text: string; required: boolean }

interface SurveyQuestionsProps {
  items: QuestionItem[];
  values: Record<string, AnswerValue>;
  onChange(itemId: string, value: AnswerValue | undefined): void;
  t: SurveyTexts;
  /** Keeps ids apart when a page shows more than one survey (the staff preview beside the editor). */
  idPrefix: string;
  errors?: Record<string, string>;
  disabled?: boolean;
}

export function SurveyQuestions({ items, values, onChange, t, idPrefix, errors = {}, disabled = false }: SurveyQuestionsProps) {
  return (
    <Stack gap="xl">
      {items.map((item) => {
        const labelId = `${idPrefix}-${item.id}-label`;
        const endsId = `${idPrefix}-${item.id}-ends`;
        const errorId = `${idPrefix}-${item.id}-error`;
        const error = errors[item.id];
        const describedBy = [item.kind !== 'text' && item.kind !== 'cahps' ? endsId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
        const question = (
          <Text id={labelId} fw={700} fz="lg" mb={8} component={item.kind === 'text' ? 'span' : 'p'}>
            {item.text}{!item.required && <Text span fw={400} c="gray.7" fz="sm"> ({t.optional})</Text>}
          </Text>
        );
        if (item.kind === 'text') {
          return (
            <div key={item.id}>
              <Textarea label={question} description={t.commentHint} autosize minRows={3} maxLength={2000} size="md" disabled={disabled}
                value={typeof values[item.id] === 'string' ? String(values[item.id]) : ''} error={error}
                onChange={(e) => onChange(item.id, e.currentTarget.value || undefined)} />
            </div>
          );
        }
        const choices = item.kind === 'cahps'
          ? CAHPS_VALUES.map((value, index) => ({ value, label: t.cahps[index] ?? value }))
          : SCALES[item.kind].map((value) => ({ value, label: String(value) }));
        const ends = item.kind === 'cahps' ? null : t.ends[item.kind];
        return (
          <div key={item.id} className="survey-question">
            {question}
            <div role="radiogroup" aria-labelledby={labelId} aria-describedby={describedBy} aria-required={item.required || undefined}
              aria-invalid={error ? true : undefined} className="survey-scale" data-kind={item.kind}>
              {choices.map((choice) => (
                <label key={choice.value} className="survey-choice">
                  <input type="radio" name={`${idPrefix}-${item.id}`} value={String(choice.value)} checked={values[item.id] === choice.value} disabled={disabled}
                    onChange={() => onChange(item.id, choice.value)} />
                  {choice.label}
                </label>
              ))}
            </div>
            {ends && <div className="survey-ends" id={endsId}><span>{choices[0]?.label} = {ends[0]}</span><span>{choices[choices.length - 1]?.label} = {ends[1]}</span></div>}
            {error && <Text id={errorId} c="red.8" fz="sm" mt={4} fw={600}>{error}</Text>}
          </div>
        );
      })}
    </Stack>
  );
}
