import { describe, expect, it } from 'vitest';
import { complaintWords, foldText } from './complaint-words.js';

describe('complaint words in a patient comment', () => {
  it.each([
    ['The receptionist was RUDE to my mother', 'rude'],
    ['I want to file a complaint', 'complaint'],
    ['I complained twice already', 'complaint'],
    ['This is unacceptable.', 'unacceptable'],
    ['Never again, I am changing clinics', 'never again'],
    ["I'm never coming back again", 'never again'],
    ['Terrible service', 'terrible'],
    ['We waited hours in the lobby', 'waited hours'],
    ['I waited for 3 hours', 'waited hours'],
    ['Nobody called back about my results', 'nobody called back'],
    ['No one ever called me back', 'nobody called back'],
    ['My lawyer will hear about this', 'lawyer'],
    ['Quiero poner una queja', 'queja'],
    ['La enfermera fue muy grosera', 'grosero'],
    ['Un maltrato total', 'maltrato'],
    ['Es INACEPTABLE', 'inaceptable'],
    ['Nunca más vuelvo', 'nunca más'],
    ['nunca mas vuelvo', 'nunca más'],
    ['Servicio pésimo', 'pésimo'],
    ['PESIMA atención', 'pésimo'],
    ['Nadie me llamó para los resultados', 'nadie me llamó'],
    ['Esperé tres horas', 'esperé horas'],
    ['I was not happy, and the nurse was rude', 'rude'],
  ])('"%s" is a complaint (%s)', (text, label) => {
    expect(complaintWords(text)).toContain(label);
  });

  it.each([
    'The staff were not rude at all',
    'Nobody was rude, everyone was kind',
    'No complaints, thank you!',
    'Nothing to complain about',
    "I can't complain",
    'The doctor was prudent and crude jokes were absent',
    'Sin quejas, todo muy bien',
    'No fue grosero, fue amable',
    'Nadie fue grosero conmigo',
    'Excellent care, I will come back again',
    'The wait was a few minutes',
    'Sue at the front desk was lovely',
    '',
  ])('"%s" is not a complaint', (text) => {
    expect(complaintWords(text)).toEqual([]);
  });

  it('names each word once, however often it is written', () => {
    expect(complaintWords('Rude. Rude! And a terrible wait')).toEqual(['rude', 'terrible']);
  });

  it('folds case and accents the same way for every language', () => {
    expect(foldText('PÉSIMO, Ñandú')).toBe('pesimo, nandu');
  });
});
