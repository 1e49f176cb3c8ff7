import { describe, expect, it } from 'vitest';
import { unhappiness } from './recovery.js';

const answer = (nps: number | null, csat: number | null, ...texts: string[]) => unhappiness({ nps, csat, texts });

describe('which answers open a recovery case, and how soon it is due', () => {
  it('NPS 0-6 is a detractor; 7 and above is not', () => {
    expect(answer(6, null).reasons).toEqual(['nps_detractor']);
    expect(answer(0, null).reasons).toEqual(['nps_detractor']);
    expect(answer(7, null).reasons).toEqual([]);
    expect(answer(10, null).reasons).toEqual([]);
  });

  it('CSAT 1-2 is low; 3 and above is not', () => {
    expect(answer(null, 2).reasons).toEqual(['csat_low']);
    expect(answer(null, 3).reasons).toEqual([]);
  });

  it('complaint words in any free text count, whatever the scores', () => {
    expect(answer(10, 5, 'All fine', 'but the nurse was rude')).toMatchObject({ reasons: ['complaint_words'], words: ['rude'], urgent: true });
    expect(answer(9, null, 'not rude at all').reasons).toEqual([]);
  });

  it('one day for NPS 0-3, CSAT 1 or a complaint; two days for NPS 4-6 or CSAT 2', () => {
    expect(answer(3, null).urgent).toBe(true);
    expect(answer(4, null).urgent).toBe(false);
    expect(answer(6, 2).urgent).toBe(false);
    expect(answer(null, 1).urgent).toBe(true);
  });

  it('no scores and no text: nothing to recover', () => {
    expect(answer(null, null)).toEqual({ reasons: [], words: [], urgent: false });
  });
});
