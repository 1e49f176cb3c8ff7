import { describe, expect, it } from 'vitest';
import { clinicTime, slotLabeller } from './present.js';

describe('slot labels', () => {
  it('say what clinicTime says, on ordinary days and the days clocks change, in several zones', () => {
    const labelOf = slotLabeller();
    const instants = ['2026-03-08T06:30:00Z', '2026-03-08T07:00:00Z', '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', '2026-03-29T01:00:00Z', '2026-07-04T16:05:00Z', '2026-12-31T23:59:00Z'];
    for (const zone of ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Pacific/Auckland', 'UTC']) {
      for (const instant of instants) {
        const at = Date.parse(instant);
        expect(labelOf(at, zone).label).toBe(clinicTime(at, zone));
      }
    }
    expect(labelOf(Date.parse('2026-11-01T05:30:00Z'), 'America/New_York')).toEqual({ label: 'Sun, Nov 1, 1:30 AM EDT', localDate: '2026-11-01', localTime: '01:30' });
    expect(labelOf(Date.parse('2026-11-01T06:30:00Z'), 'America/New_York')).toMatchObject({ label: 'Sun, Nov 1, 1:30 AM EST', localTime: '01:30' });
  });
});
