import { describe, expect, it } from 'vitest';
import { surveyEmail, surveySms, type SurveyFacts } from './templates.js';

// The GSM 03.38 basic alphabet: a text of only these is sent 160 characters a segment.
const GSM = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
const ABOUTS: SurveyFacts['about'][] = ['visit', 'conversation', 'referral', 'care'];
const facts = (about: SurveyFacts['about']): SurveyFacts => ({ clinicName: 'Sunrise Clinic', patientName: 'Rosa', about, link: 'https://care.example.org/s/abc.def' });

describe('survey texts', () => {
  it('name the clinic first, ask one short question and end with the link, in English and Spanish', () => {
    expect(surveySms('en', facts('visit'))).toBe('Sunrise Clinic: Rosa, how was your visit? Tell us in 1 minute: https://care.example.org/s/abc.def');
    expect(surveySms('es', facts('visit'))).toBe('Sunrise Clinic: Rosa, ¿qué tal su visita? Responda en 1 minuto: https://care.example.org/s/abc.def');
  });

  it('stay in the GSM alphabet in Spanish too (an ó would make every segment 70 characters)', () => {
    for (const about of ABOUTS) {
      for (const language of ['en', 'es'] as const) {
        const outside = [...surveySms(language, facts(about))].filter((character) => !GSM.has(character));
        expect(outside, `${language} ${about}`).toEqual([]);
      }
    }
  });

  it('e-mails say who it is from, what it is about, and that the link works once', () => {
    const mail = surveyEmail('es', facts('conversation'));
    expect(mail.subject).toBe('Sunrise Clinic: ¿cómo fue su conversación reciente con nosotros?');
    expect(mail.body).toContain('https://care.example.org/s/abc.def');
    expect(mail.body).toContain('El enlace sirve una vez y vence en 30 días.');
    expect(mail.body.trim().endsWith('Sunrise Clinic')).toBe(true);
  });
});
