import { describe, expect, it } from 'vitest';
import { freeSlots, instantOf, refusalAt, subtract, union, type Offering, type SlotRules } from './slots.js';

const every = (starts: string, ends: string) => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, starts, ends }));
const offering = (zone: string, periods = every('01:00', '04:00')): Offering => ({ providerId: 'p1', locationId: 'l1', zone, periods, extra: [], removed: [] });
const rules: SlotRules = { durationMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, stepMinutes: 30, earliest: 0, latest: Number.MAX_SAFE_INTEGER, maxPerDay: null };
const starts = (slots: { startsAt: number }[]) => slots.map((s) => new Date(s.startsAt).toISOString());

describe('wall-clock hours on the days the clocks change (2026)', () => {
  it('New York, 2026-03-08: 01:00-04:00 is two real hours (2:00-3:00 does not exist)', () => {
    expect(starts(freeSlots(offering('America/New_York'), ['2026-03-08'], rules, []))).toEqual([
      '2026-03-08T06:00:00.000Z', '2026-03-08T06:30:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-08T07:30:00.000Z',
    ]);
  });

  it('New York, 2026-11-01: 01:00-04:00 is four real hours (1:00-2:00 happens twice; 1:00 is the first)', () => {
    const slots = starts(freeSlots(offering('America/New_York'), ['2026-11-01'], rules, []));
    expect(slots).toHaveLength(8);
    expect(slots[0]).toBe('2026-11-01T05:00:00.000Z');
    expect(slots.at(-1)).toBe('2026-11-01T08:30:00.000Z');
  });

  it('Berlin, 2026-03-29: 01:00-04:00 is two real hours', () => {
    expect(starts(freeSlots(offering('Europe/Berlin'), ['2026-03-29'], rules, []))).toEqual([
      '2026-03-29T00:00:00.000Z', '2026-03-29T00:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z',
    ]);
  });

  it('a time in the spring gap moves forward; an ordinary day is unaffected', () => {
    expect(new Date(instantOf('America/New_York', '2026-03-08', '02:30')).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(new Date(instantOf('America/New_York', '2026-03-09', '09:00')).toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(new Date(instantOf('America/New_York', '2026-03-06', '09:00')).toISOString()).toBe('2026-03-06T14:00:00.000Z');
  });
});

describe('free time', () => {
  const day = '2026-06-01';
  const at = (time: string) => instantOf('America/New_York', day, time);
  const nineToNoon = offering('America/New_York', every('09:00', '12:00'));

  it('keeps each visit\'s buffers clear of booked time, which carries its own buffers', () => {
    const buffered = { ...rules, bufferBeforeMinutes: 10, bufferAfterMinutes: 10 };
    // A visit 10:00-10:30 blocking 09:50-10:40.
    const busy = [{ providerId: 'p1', from: at('09:50'), until: at('10:40'), startsAt: at('10:00'), sameService: true }];
    const slots = freeSlots(nineToNoon, [day], buffered, busy).map((s) => s.startsAt);
    expect(slots).toEqual([at('09:00'), at('11:00'), at('11:30')]);
    expect(refusalAt(nineToNoon, buffered, busy, at('09:30'))).toBe('slot_taken');
    expect(refusalAt(nineToNoon, buffered, busy, at('11:00'))).toBeNull();
    expect(refusalAt(nineToNoon, buffered, busy, at('11:45'))).toBe('outside_hours');
    expect(refusalAt(nineToNoon, buffered, busy, at('11:10'), true)).toBe('outside_hours');
    expect(refusalAt(nineToNoon, buffered, busy, at('11:10'), false)).toBeNull();
  });

  it('removes time off, adds extra hours, honours notice, horizon and the daily limit', () => {
    const withExceptions = { ...nineToNoon, removed: [{ from: at('09:00'), until: at('10:00') }], extra: [{ from: at('17:00'), until: at('18:00') }] };
    expect(freeSlots(withExceptions, [day], rules, []).map((s) => s.startsAt)).toEqual([at('10:00'), at('10:30'), at('11:00'), at('11:30'), at('17:00'), at('17:30')]);
    expect(freeSlots(nineToNoon, [day], { ...rules, earliest: at('10:15'), latest: at('11:00') }, []).map((s) => s.startsAt)).toEqual([at('10:30'), at('11:00')]);
    const one = [{ providerId: 'p1', from: at('09:00'), until: at('09:30'), startsAt: at('09:00'), sameService: true }];
    expect(freeSlots(nineToNoon, [day], { ...rules, maxPerDay: 1 }, one)).toEqual([]);
    expect(refusalAt(nineToNoon, { ...rules, maxPerDay: 1 }, one, at('10:00'))).toBe('day_full');
  });

  it('merges and subtracts intervals', () => {
    expect(union([{ from: 5, until: 8 }, { from: 1, until: 3 }, { from: 2, until: 6 }])).toEqual([{ from: 1, until: 8 }]);
    expect(subtract([{ from: 0, until: 10 }], [{ from: 2, until: 3 }, { from: 5, until: 12 }])).toEqual([{ from: 0, until: 2 }, { from: 3, until: 5 }]);
  });
});
