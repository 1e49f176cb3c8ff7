import { describe, expect, it } from 'vitest';
import { appointmentIntent, asksForPerson, choiceNumber, yesOrNo } from './intents.js';
import { readIdentification } from './verification.js';

describe('what a patient asks the assistant', () => {
  it('recognises appointment requests in English and Spanish, and leaves questions about them to the knowledge base', () => {
    const cases: [string, string | null][] = [
      ['I\'d like to book an appointment', 'book'], ['can I make an appointment for next week', 'book'], ['quiero una cita', 'book'],
      ['I need to reschedule my appointment', 'reschedule'], ['can I move my visit to friday', 'reschedule'], ['quiero cambiar mi cita', 'reschedule'],
      ['please cancel my appointment', 'cancel'], ['necesito cancelar mi cita', 'cancel'],
      ['I want to confirm my appointment', 'confirm'], ['confirmo', 'confirm'],
      ['what is your cancellation policy', null], ['what should I bring to my appointment', null], ['did you change the opening time', null],
      ['where can I park', null],
    ];
    for (const [text, intent] of cases) expect(appointmentIntent(text), text).toBe(intent);
  });

  it('hears a request for a person, frustration and shouting, but not an ordinary capital or "in person"', () => {
    expect(asksForPerson('agent')).toBe('asked');
    expect(asksForPerson('Can I talk to a real person?')).toBe('asked');
    expect(asksForPerson('quiero hablar con una persona')).toBe('asked');
    expect(asksForPerson('this bot is useless')).toBe('frustrated');
    expect(asksForPerson('no me entiende')).toBe('frustrated');
    expect(asksForPerson('I HAVE BEEN WAITING ALL DAY FOR THIS')).toBe('frustrated');
    expect(asksForPerson('Is the MRI at the North office?')).toBeNull();
    expect(asksForPerson('can I pay in person at the desk')).toBeNull();
  });

  it('reads a choice from a list and a yes or a no', () => {
    expect([choiceNumber('2'), choiceNumber('#3'), choiceNumber('option 1'), choiceNumber('the second one'), choiceNumber('la primera'), choiceNumber('tomorrow')]).toEqual([2, 3, 1, 2, 1, null]);
    expect([yesOrNo('Yes please'), yesOrNo('sí'), yesOrNo('no thanks'), yesOrNo('maybe')]).toEqual(['yes', 'yes', 'no', null]);
  });

  it('reads a full name and a date of birth, month first in English and day first in Spanish', () => {
    expect(readIdentification('Maria Lopez, 03/04/1980', 'en')).toEqual({ words: ['maria', 'lopez'], dateOfBirth: '1980-03-04' });
    expect(readIdentification('Me llamo María López, 03/04/1980', 'es')).toEqual({ words: ['maria', 'lopez'], dateOfBirth: '1980-04-03' });
    expect(readIdentification("I'm Maria Lopez born March 4, 1980", 'en')).toEqual({ words: ['maria', 'lopez'], dateOfBirth: '1980-03-04' });
    expect(readIdentification('María López, 4 de marzo de 1980', 'es')).toEqual({ words: ['maria', 'lopez'], dateOfBirth: '1980-03-04' });
    expect(readIdentification('Maria, 1980-03-04', 'en')).toBeNull();
    expect(readIdentification('Maria Lopez, 02/30/1980', 'en')).toBeNull();
    expect(readIdentification('Maria Lopez', 'en')).toBeNull();
  });
});
