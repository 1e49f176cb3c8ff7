/** The words of waitlist messages, in English and Spanish (the patient's language; English otherwise). */

export interface OfferWords {
  clinicName: string;
  serviceName: string;
  providerName: string;
  locationName: string;
  /** The time in the clinic's zone, formatted in the patient's language. */
  when: string;
  /** Until when the offer stands, same zone and language. */
  until: string;
  link: string;
}

export interface Message { subject: string; body: string }

type Language = 'en' | 'es';
export const languageOf = (language: string): Language => (language.toLowerCase().startsWith('es') ? 'es' : 'en');
/** Luxon locale for time labels in the patient's language. */
export const localeOf = (language: string) => (languageOf(language) === 'es' ? 'es' : 'en-US');

const OFFER: Record<Language, (w: OfferWords) => Message> = {
  en: (w) => ({
    subject: `${w.clinicName}: an earlier appointment is free`,
    body: `${w.clinicName}: a time has opened for your ${w.serviceName} with ${w.providerName} at ${w.locationName}, ${w.when}. `
      + `It goes to the first person who accepts. To take it, open ${w.link} (offer open until ${w.until}).`,
  }),
  es: (w) => ({
    subject: `${w.clinicName}: hay una cita libre antes`,
    body: `${w.clinicName}: se ha liberado una hora para su ${w.serviceName} con ${w.providerName} en ${w.locationName}, ${w.when}. `
      + `Es para la primera persona que la acepte. Para reservarla, abra ${w.link} (oferta válida hasta ${w.until}).`,
  }),
};

const GONE: Record<Language, (w: Pick<OfferWords, 'clinicName' | 'when'>) => Message> = {
  en: (w) => ({
    subject: `${w.clinicName}: the offered time has been taken`,
    body: `${w.clinicName}: the time we offered you (${w.when}) has been taken by someone else. You stay on the waitlist; we will write when another time opens.`,
  }),
  es: (w) => ({
    subject: `${w.clinicName}: la hora ofrecida ya no está disponible`,
    body: `${w.clinicName}: otra persona ya ha reservado la hora que le ofrecimos (${w.when}). Sigue en la lista de espera; le escribiremos cuando se libere otra hora.`,
  }),
};

export const offerMessage = (language: string, words: OfferWords) => OFFER[languageOf(language)](words);
export const slotGoneMessage = (language: string, words: Pick<OfferWords, 'clinicName' | 'when'>) => GONE[languageOf(language)](words);
