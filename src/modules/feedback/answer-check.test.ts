import { describe, expect, it } from 'vitest';
import type { SurveyItem } from '../../db/schema-feedback.js';
import { answerLabel, checkAnswers, scoresOf } from './answer-check.js';

const item = (id: string, kind: SurveyItem['kind'], required = false): SurveyItem => ({ id, key: id, kind, text: `${id}?`, textEs: `¿${id}?`, required });
const ITEMS = [item('nps1', 'nps', true), item('nps2', 'nps'), item('csat', 'csat'), item('ces', 'ces'), item('often', 'cahps'), item('why', 'text'), item('more', 'text')];

describe('checking answers', () => {
  it('accepts each scale at both ends and trims text', () => {
    expect(checkAnswers(ITEMS, { nps1: 0, nps2: 10, csat: 1, ces: 7, often: 'never', why: '  fine  ' })).toEqual({ nps1: 0, nps2: 10, csat: 1, ces: 7, often: 'never', why: 'fine' });
    expect(checkAnswers(ITEMS, { nps1: 10, csat: 5, ces: 1, often: 'always' })).toEqual({ nps1: 10, csat: 5, ces: 1, often: 'always' });
  });

  it('names every problem at once: CSAT 6, effort 0, CAHPS "Always" (capital), an unknown item and the required NPS missing', () => {
    expect(() => checkAnswers(ITEMS, { csat: 6, ces: 0, often: 'Always', extra: 1 })).toThrow(
      'answers.extra: is not a question of this survey; answers.nps1: is required ("nps1?"); answers.csat: must be a whole number from 1 to 5; '
      + 'answers.ces: must be a whole number from 1 to 7; answers.often: must be one of: never, sometimes, usually, always',
    );
  });

  it('drops an empty optional text instead of storing it', () => {
    expect(checkAnswers(ITEMS, { nps1: 5, why: '   ' })).toEqual({ nps1: 5 });
  });
});

describe('scores and labels', () => {
  it('takes the first NPS question answered, and joins the free texts as the comment', () => {
    expect(scoresOf(ITEMS, { nps2: 4, csat: 2, why: 'Long wait.', more: 'Rude desk.' })).toEqual({ nps: 4, csat: 2, ces: null, comment: 'Long wait.\n\nRude desk.' });
    expect(scoresOf(ITEMS, { nps1: 9, nps2: 1 }).nps).toBe(9);
    expect(scoresOf(ITEMS, {})).toEqual({ nps: null, csat: null, ces: null, comment: null });
  });

  it('labels answers as a person reads them, in English and Spanish', () => {
    expect(answerLabel('nps', 0)).toBe('0 of 10');
    expect(answerLabel('ces', 6, 'es')).toBe('6 de 7');
    expect(answerLabel('cahps', 'usually')).toBe('Usually');
    expect(answerLabel('cahps', 'sometimes', 'es')).toBe('A veces');
    expect(answerLabel('text', null)).toBe('No answer');
  });
});
