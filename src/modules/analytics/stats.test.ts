import { describe, expect, it } from 'vitest';
import { bucketOf, BUCKETS } from './histogram.js';
import { histogramMoments, meanDifference, meanInterval, npsDifference, npsEstimate, proportionDifference, t975, wilson } from './stats.js';

const round2 = (value: number) => Math.round(value * 100) / 100;

describe('NPS with the adjusted Wald interval (Rocks 2016)', () => {
  it('10 promoters, 5 passives, 5 detractors: NPS 25, adjusted 21.74, 95% CI [-11.72, 55.20]', () => {
    const nps = npsEstimate(10, 5, 5);
    expect(nps.value).toBe(25);
    expect(round2(nps.adjusted)).toBe(21.74);
    expect(round2(nps.ci.low)).toBe(-11.72);
    expect(round2(nps.ci.high)).toBe(55.2);
  });

  it('120 promoters, 50 passives, 30 detractors: NPS 45, adjusted 44.33, 95% CI [34.14, 54.53]', () => {
    const nps = npsEstimate(120, 50, 30);
    expect(nps.value).toBe(45);
    expect(round2(nps.adjusted)).toBe(44.33);
    expect(round2(nps.ci.low)).toBe(34.14);
    expect(round2(nps.ci.high)).toBe(54.53);
  });

  it('is clamped to [-100, 100] and has no value without answers', () => {
    const allPromoters = npsEstimate(3, 0, 0);
    expect(allPromoters.value).toBe(100);
    expect(allPromoters.ci.high).toBeLessThanOrEqual(100);
    expect(npsEstimate(0, 0, 1).ci.low).toBeGreaterThanOrEqual(-100);
    expect(npsEstimate(0, 0, 0).value).toBeNull();
  });
});

describe('Wilson interval of a proportion', () => {
  it('8 of 10: [0.4902, 0.9433] (worked by hand: centre 0.7167, half-width 0.2266)', () => {
    const interval = wilson(8, 10)!;
    expect(interval.low).toBeCloseTo(0.4902, 4);
    expect(interval.high).toBeCloseTo(0.9433, 4);
  });

  it('0 of 20 stays inside [0, 1]; no answers, no interval', () => {
    expect(wilson(0, 20)!.low).toBe(0);
    expect(wilson(0, 20)!.high).toBeCloseTo(0.1611, 4);
    expect(wilson(0, 0)).toBeNull();
  });
});

describe('differences between a group and the rest of the clinic', () => {
  it('two proportions: Newcombe\'s example 56/70 vs 48/80 gives [0.0524, 0.3339] (percentage points x100)', () => {
    const test = proportionDifference(56, 70, 48, 80);
    expect(test.interval!.low).toBeCloseTo(5.24, 1);
    expect(test.interval!.high).toBeCloseTo(33.39, 1);
    expect(test.difference).toBe('higher');
    expect(proportionDifference(48, 80, 56, 70).difference).toBe('lower');
  });

  it('an interval that contains 0 is within noise', () => {
    expect(proportionDifference(11, 20, 10, 20).difference).toBe('within_noise');
  });

  it('fewer than 10 answers on a side is within noise, with a note, whatever the proportions', () => {
    const test = proportionDifference(9, 9, 0, 100);
    expect(test.difference).toBe('within_noise');
    expect(test.interval).toBeNull();
    expect(test.note).toMatch(/fewer than 10/);
  });

  it('two NPS: the adjusted estimates differ by 22.59 with variances summed: 10/5/5 vs 120/50/30 is within noise', () => {
    const test = npsDifference({ promoters: 10, passives: 5, detractors: 5 }, { promoters: 120, passives: 50, detractors: 30 });
    // group: adjusted 0.2174, variance 0.029136; rest: adjusted 0.4433, variance 0.0027035
    const half = 1.96 * Math.sqrt(0.029136 + 0.0027035) * 100;
    expect(test.interval!.low).toBeCloseTo(21.74 - 44.33 - half, 0);
    expect(test.interval!.high).toBeCloseTo(21.74 - 44.33 + half, 0);
    expect(test.difference).toBe('within_noise');
    const clear = npsDifference({ promoters: 5, passives: 5, detractors: 40 }, { promoters: 120, passives: 50, detractors: 30 });
    expect(clear.difference).toBe('lower');
  });

  it('two means by Welch: n 20, mean 100, var 400 vs n 30, mean 80, var 900 gives df 48 and [5.78, 34.22]', () => {
    const test = meanDifference({ n: 20, mean: 100, variance: 400 }, { n: 30, mean: 80, variance: 900 });
    expect(test.interval!.low).toBeCloseTo(5.78, 1);
    expect(test.interval!.high).toBeCloseTo(34.22, 1);
    expect(test.difference).toBe('higher');
  });
});

describe('helpers', () => {
  it('t quantiles match the tables: df 10 → 2.228, df 30 → 2.042, large → 1.96', () => {
    expect(t975(10)).toBeCloseTo(2.228, 2);
    expect(t975(30)).toBeCloseTo(2.042, 3);
    expect(t975(Infinity)).toBeCloseTo(1.96, 2);
  });

  it('histogram moments count each duration at its bucket\'s middle (minute buckets: 30 s and 90 s)', () => {
    const histogram = new Array<number>(BUCKETS).fill(0);
    histogram[bucketOf(10)]! += 2; // [0, 60): middle 30
    histogram[bucketOf(70)]! += 2; // [60, 120): middle 90
    expect(histogramMoments(histogram)).toEqual({ n: 4, mean: 60, variance: (4 * 900) / 3 });
    expect(histogramMoments([])).toBeNull();
    expect(meanInterval(1, 10, 0)).toBeNull();
  });
});
