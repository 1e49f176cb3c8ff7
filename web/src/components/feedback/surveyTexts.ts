// What the patient's survey page says, in English and Spanish (the questions themselves come from the survey).
import type { ItemKind } from './types.js';

export type SurveyLanguage = 'en' | 'es';

const en = {
  language: 'Language',
  loading: 'Loading…',
  title: 'Tell us how we did',
  optional: 'optional',
  ends: {
    nps: ['Not at all likely', 'Extremely likely'],
    csat: ['Very dissatisfied', 'Very satisfied'],
    ces: ['Strongly disagree', 'Strongly agree'],
  } as Record<Exclude<ItemKind, 'text' | 'cahps'>, [string, string]>,
  cahps: ['Never', 'Sometimes', 'Usually', 'Always'] as [string, string, string, string],
  commentHint: 'In your own words',
  send: 'Send',
  sending: 'Sending…',
  missing: 'Please answer this question.',
  missingSummary: (n: number) => (n === 1 ? 'One question still needs an answer.' : `${n} questions still need an answer.`),
  thanks: 'Thank you!',
  thanksBody: 'Your answers help us care for you and for other patients. You can close this page.',
  alreadyAnswered: 'You already answered this survey, thank you',
  alreadyAnsweredBody: 'Each link can be used once. We have your answers.',
  expired: 'This survey link has expired',
  expiredBody: 'The survey is closed. If you want to tell us something, please call or write to the clinic.',
  invalid: 'This link does not work',
  invalidBody: 'It may be incomplete or altered. Please use the link exactly as we sent it.',
  couldNotOpen: 'We could not open the survey',
  tryAgain: 'Please try again in a moment.',
  notSent: 'Your answers were not sent',
  privacy: 'Your answers go to the clinic\'s patient-experience team. This link is personal: please do not share it.',
};

export type SurveyTexts = typeof en;

const es: SurveyTexts = {
  language: 'Idioma',
  loading: 'Cargando…',
  title: 'Cuéntenos cómo lo hicimos',
  optional: 'opcional',
  ends: {
    nps: ['Nada probable', 'Muy probable'],
    csat: ['Muy insatisfecho', 'Muy satisfecho'],
    ces: ['Totalmente en desacuerdo', 'Totalmente de acuerdo'],
  },
  cahps: ['Nunca', 'A veces', 'Casi siempre', 'Siempre'],
  commentHint: 'Con sus propias palabras',
  send: 'Enviar',
  sending: 'Enviando…',
  missing: 'Responda esta pregunta, por favor.',
  missingSummary: (n) => (n === 1 ? 'Falta responder una pregunta.' : `Faltan ${n} preguntas por responder.`),
  thanks: '¡Gracias!',
  thanksBody: 'Sus respuestas nos ayudan a cuidarle a usted y a otros pacientes. Puede cerrar esta página.',
  alreadyAnswered: 'Ya respondió esta encuesta, gracias',
  alreadyAnsweredBody: 'Cada enlace se puede usar una vez. Ya tenemos sus respuestas.',
  expired: 'Este enlace de encuesta ha caducado',
  expiredBody: 'La encuesta está cerrada. Si quiere decirnos algo, llame o escriba a la clínica.',
  invalid: 'Este enlace no funciona',
  invalidBody: 'Puede estar incompleto o modificado. Use el enlace tal como se lo enviamos.',
  couldNotOpen: 'No pudimos abrir la encuesta',
  tryAgain: 'Inténtelo de nuevo en un momento.',
  notSent: 'Sus respuestas no se enviaron',
  privacy: 'Sus respuestas llegan al equipo de experiencia del paciente de la clínica. Este enlace es personal: no lo comparta.',
};

export const SURVEY_TEXTS: Record<SurveyLanguage, SurveyTexts> = { en, es };

/** The values a CAHPS-style answer is sent as, in the order of the choices. */
export const CAHPS_VALUES = ['never', 'sometimes', 'usually', 'always'] as const;

/** The numbers a scale offers. */
export const SCALES: Record<'nps' | 'csat' | 'ces', number[]> = {
  nps: Array.from({ length: 11 }, (_, i) => i),
  csat: [1, 2, 3, 4, 5],
  ces: [1, 2, 3, 4, 5, 6, 7],
};
