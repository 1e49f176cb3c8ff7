import { invalidFields, type FieldProblem } from '../../platform/errors.js';
import type { SurveyAnswer, SurveyItem } from '../../db/schema-feedback.js';

/** What each kind of question accepts, and how an answer reads to a person. Pure: unit-tested beside it. */
export const CAHPS_ANSWERS = ['never', 'sometimes', 'usually', 'always'] as const;
const CAHPS_LABELS: Record<string, { en: string; es: string }> = {
  never: { en: 'Never', es: 'Nunca' }, sometimes: { en: 'Sometimes', es: 'A veces' }, usually: { en: 'Usually', es: 'Casi siempre' }, always: { en: 'Always', es: 'Siempre' },
};
const SCALES = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;
export const MAX_TEXT = 2000;

/** Why one answer does not fit its question, or null when it does. */
function problemWith(item: SurveyItem, value: SurveyAnswer): string | null {
  if (item.kind === 'text') return typeof value !== 'string' ? 'must be text' : value.length > MAX_TEXT ? `must be at most ${MAX_TEXT} characters` : null;
  if (item.kind === 'cahps') return typeof value === 'string' && (CAHPS_ANSWERS as readonly string[]).includes(value) ? null : `must be one of: ${CAHPS_ANSWERS.join(', ')}`;
  const [low, high] = SCALES[item.kind];
  return typeof value === 'number' && Number.isInteger(value) && value >= low && value <= high ? null : `must be a whole number from ${low} to ${high}`;
}

/** Checks a patient's answers against the survey: no unknown item, every required one given, each in range. Returns them cleaned. */
export function checkAnswers(items: SurveyItem[], answers: Record<string, SurveyAnswer>): Record<string, SurveyAnswer> {
  const problems: FieldProblem[] = [];
  for (const id of Object.keys(answers)) {
    if (!items.some((item) => item.id === id)) problems.push({ field: `answers.${id}`, message: 'is not a question of this survey' });
  }
  const kept: Record<string, SurveyAnswer> = {};
  for (const item of items) {
    const given = answers[item.id];
    const value = typeof given === 'string' ? given.trim() : given;
    const field = `answers.${item.id}`;
    if (value === undefined || value === '') {
      if (item.required) problems.push({ field, message: `is required ("${item.text}")` });
      continue;
    }
    const problem = problemWith(item, value);
    if (problem) problems.push({ field, message: problem });
    else kept[item.id] = value;
  }
  if (problems.length) throw invalidFields(problems);
  return kept;
}

/** The scores reports read (the first NPS, CSAT and effort question) and the free text, from checked answers. */
export function scoresOf(items: SurveyItem[], answers: Record<string, SurveyAnswer>) {
  const first = (kind: SurveyItem['kind']) => {
    const item = items.find((candidate) => candidate.kind === kind && typeof answers[candidate.id] === 'number');
    return item ? (answers[item.id] as number) : null;
  };
  const texts = items.filter((item) => item.kind === 'text' && typeof answers[item.id] === 'string').map((item) => answers[item.id] as string);
  return { nps: first('nps'), csat: first('csat'), ces: first('ces'), comment: texts.length ? texts.join('\n\n') : null };
}

/** An answer as staff read it: "9 of 10", "Usually", the text itself. */
export function answerLabel(kind: SurveyItem['kind'], value: SurveyAnswer | null, language: 'en' | 'es' = 'en'): string {
  if (value === null) return language === 'es' ? 'Sin respuesta' : 'No answer';
  if (kind === 'cahps') return CAHPS_LABELS[String(value)]?.[language] ?? String(value);
  if (kind === 'nps' || kind === 'csat' || kind === 'ces') return `${value} ${language === 'es' ? 'de' : 'of'} ${SCALES[kind][1]}`;
  return String(value);
}
