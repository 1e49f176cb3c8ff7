import { describe, expect, it } from 'vitest';
import { transposedBirthDates } from './duplicates.js';
import { areNicknames, nameVariants } from './nicknames.js';
import { toE164, transposedDigits } from './phone.js';
import { parseSearch } from './service.js';
import { foldName } from './store.js';

describe('what counts as the same person', () => {
  it('knows nicknames in English and Spanish, but a name is not its own nickname', () => {
    expect(areNicknames('Bill', 'william')).toBe(true);
    expect(areNicknames('Pepe', 'José'.normalize('NFD').replace(/\p{M}/gu, ''))).toBe(true);
    expect(areNicknames('Lupe', 'Guadalupe')).toBe(true);
    expect(areNicknames('Bill', 'Robert')).toBe(false);
    expect(areNicknames('Anna', 'Anna')).toBe(false);
    expect(nameVariants('Bob')).toContain('robert');
  });

  it('finds birth dates one slip away, and only real dates', () => {
    expect(transposedBirthDates('1958-04-12')).toEqual(expect.arrayContaining(['1958-04-21', '1985-04-12', '1958-12-04']));
    expect(transposedBirthDates('1958-04-12')).not.toContain('1958-04-12');
    expect(transposedBirthDates('1990-01-31')).not.toContain('1990-31-01');
  });

  it('normalizes phones to E.164 and finds swapped neighbouring digits', () => {
    expect(toE164('(212) 555-2368')).toBe('+12125552368');
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
    expect(toE164('555')).toBeNull();
    expect(transposedDigits('+15125550134')).toContain('+15125550143');
  });

  it('folds names for search: case and accents do not matter', () => {
    expect(foldName('  José  RAMÍREZ ')).toBe('jose ramirez');
    expect(foldName('Zoë Ñúñez')).toBe('zoe nunez');
  });

  it('reads the search box as a date, a phone, an MRN or name words', () => {
    expect(parseSearch('1961-11-05')).toEqual({ dateOfBirth: '1961-11-05' });
    expect(parseSearch('1/2/1999')).toEqual({ dateOfBirth: '1999-01-02' });
    expect(parseSearch('(617) 555-0123')).toMatchObject({ phone: '+16175550123', phoneDigits: '6175550123' });
    expect(parseSearch('CL100200')).toEqual({ words: ['cl100200'], mrn: 'CL100200' });
    expect(parseSearch('María  José')).toEqual({ words: ['maria', 'jose'], mrn: undefined });
  });
});
