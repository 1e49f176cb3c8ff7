/**
 * The survey invitation as the patient reads it, in English or Spanish. The text says who it is
 * from first and stays short (one or two SMS segments with the link); the e-mail has a little more room.
 */
export type Language = 'en' | 'es';

export interface SurveyFacts {
  clinicName: string;
  patientName: string;
  /** What is asked about, in the patient's words: "your visit", "your conversation with us". */
  about: 'visit' | 'conversation' | 'referral' | 'care';
  link: string;
}

const ABOUT: Record<Language, Record<SurveyFacts['about'], string>> = {
  en: { visit: 'your visit', conversation: 'your recent conversation with us', referral: 'your referral', care: 'your care' },
  es: { visit: 'su visita', conversation: 'su conversación reciente con nosotros', referral: 'su derivación', care: 'su atención' },
};

/**
 * The Spanish questions of a text use only letters of the GSM alphabet (é, ñ and ¿ are in it; ó is
 * not): one such letter would switch the whole text to UCS-2, 70 characters a segment instead of 160.
 */
const SMS_QUESTION_ES: Record<SurveyFacts['about'], string> = {
  visit: '¿qué tal su visita?', conversation: '¿le ayudamos bien con su consulta?', referral: '¿qué tal le fue con su referido?', care: '¿qué tal le atendimos?',
};

export function surveySms(language: Language, facts: SurveyFacts): string {
  return language === 'es'
    ? `${facts.clinicName}: ${facts.patientName}, ${SMS_QUESTION_ES[facts.about]} Responda en 1 minuto: ${facts.link}`
    : `${facts.clinicName}: ${facts.patientName}, how was ${ABOUT.en[facts.about]}? Tell us in 1 minute: ${facts.link}`;
}

export function surveyEmail(language: Language, facts: SurveyFacts): { subject: string; body: string } {
  const about = ABOUT[language][facts.about];
  if (language === 'es') {
    return {
      subject: `${facts.clinicName}: ¿cómo fue ${about}?`,
      body: [`Hola, ${facts.patientName}:`, '', `Nos gustaría saber cómo fue ${about}. Son unas pocas preguntas y un minuto:`, '', facts.link, '',
        'El enlace sirve una vez y vence en 30 días.', '', 'Gracias,', facts.clinicName].join('\n'),
    };
  }
  return {
    subject: `${facts.clinicName}: how was ${about}?`,
    body: [`Hello ${facts.patientName},`, '', `We would like to hear how ${about} went. It is a few questions and takes a minute:`, '', facts.link, '',
      'The link works once and expires in 30 days.', '', 'Thank you,', facts.clinicName].join('\n'),
  };
}
