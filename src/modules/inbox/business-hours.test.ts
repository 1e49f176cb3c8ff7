import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessSecondsBetween, isOpen, type BusinessCalendar } from './business-hours.js';

// Mondays to Fridays 08:00-12:00 and 13:00-17:00 in New York; closed on Thanksgiving.
const clinic: BusinessCalendar = {
  timeZone: 'America/New_York',
  periods: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, opens: '08:00', closes: '12:00' },
    { weekday, opens: '13:00', closes: '17:00' },
  ]),
  holidays: ['2026-11-26'],
};
const at = (iso: string) => new Date(iso);

describe('business hours', () => {
  it('counts only the open periods of the day, skipping lunch', () => {
    // 11:30 to 13:30 local (EST, UTC-5): 30 min before lunch + 30 min after.
    expect(businessSecondsBetween(clinic, at('2026-11-23T16:30:00Z'), at('2026-11-23T18:30:00Z'))).toBe(3600);
  });

  it('skips nights, weekends and holidays', () => {
    // Wednesday 16:00 local -> Friday 09:00 local, Thursday being Thanksgiving: 1 h + 1 h.
    expect(businessSecondsBetween(clinic, at('2026-11-25T21:00:00Z'), at('2026-11-27T14:00:00Z'))).toBe(7200);
    // Friday 16:00 -> Monday 09:00: 2 h.
    expect(businessSecondsBetween(clinic, at('2026-11-27T21:00:00Z'), at('2026-11-30T14:00:00Z'))).toBe(7200);
  });

  it('puts a due time into the next working period', () => {
    // A message at Friday 16:30 local with 60 working minutes is due Monday 08:30 local.
    expect(addBusinessMinutes(clinic, at('2026-11-27T21:30:00Z'), 60).toISOString()).toBe('2026-11-30T13:30:00.000Z');
    // Saturday: due Monday 08:15.
    expect(addBusinessMinutes(clinic, at('2026-11-28T15:00:00Z'), 15).toISOString()).toBe('2026-11-30T13:15:00.000Z');
  });

  it('follows the clock change: a working day across DST keeps its local hours', () => {
    // Sunday 2026-03-08 the clocks go forward; Monday 08:00 local is 12:00Z (EDT), not 13:00Z.
    expect(addBusinessMinutes(clinic, at('2026-03-07T12:00:00Z'), 1).toISOString()).toBe('2026-03-09T12:01:00.000Z');
    expect(isOpen(clinic, at('2026-03-09T12:30:00Z'))).toBe(true);
    expect(isOpen(clinic, at('2026-03-09T11:30:00Z'))).toBe(false);
  });

  it('treats a clinic without hours as always open', () => {
    const always: BusinessCalendar = { timeZone: 'UTC', periods: [], holidays: [] };
    expect(businessSecondsBetween(always, at('2026-11-28T00:00:00Z'), at('2026-11-28T01:00:00Z'))).toBe(3600);
    expect(addBusinessMinutes(always, at('2026-11-28T00:00:00Z'), 30).toISOString()).toBe('2026-11-28T00:30:00.000Z');
  });
});
