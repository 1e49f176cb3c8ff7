import type { RedFlag } from './red-flag-types.js';

/**
 * The fixed answers to an emergency. They say one thing, call now, and give no medical advice.
 * Written in plain GSM-7 characters (no "á", "í", "ó", "ú", no dashes or curly quotes) so that even
 * with a long local number each fits in two concatenated SMS (306 characters).
 */

interface Numbers { emergency: string; crisisLine: string }

const EMERGENCY = {
  en: (n: Numbers) => `What you describe may be a medical emergency. Call ${n.emergency} now, or ask someone near you to call. `
    + `Don't wait for a reply here: this chat can't send help. We are alerting our staff.`,
  es: (n: Numbers) => `Lo que describe puede ser una emergencia. Llame al ${n.emergency} ahora mismo, o pida a alguien cerca que llame. `
    + `No espere respuesta por este chat: desde el chat no podemos enviar ayuda. Avisamos a nuestro equipo.`,
};

const SELF_HARM = {
  en: (n: Numbers) => `I'm so sorry you're going through this, and I'm glad you told us. You don't have to face it alone. `
    + `To talk with a crisis counselor now, call ${n.crisisLine}. If you or someone else is in danger, call ${n.emergency} now.`,
  es: (n: Numbers) => `Siento mucho que esté pasando por esto y gracias por escribirnos. No tiene que enfrentarlo sin apoyo. `
    + `Para hablar ya con un consejero de crisis, llame al ${n.crisisLine}. Si usted u otra persona corre peligro, llame al ${n.emergency} ahora.`,
};

/** The fixed reply to a red flag: the emergency number, and for self-harm also the crisis line. */
export function redFlagReply(flag: RedFlag, language: 'en' | 'es', numbers: Numbers): string {
  return (flag.kind === 'self_harm' ? SELF_HARM : EMERGENCY)[language](numbers);
}
