/**
 * What Careloop tells a patient about a visit, in English and Spanish. Texts stay short (one or two
 * SMS segments with the link); e-mails carry a subject and the same facts with a little more room.
 */
export type Language = 'en' | 'es';
export type VisitMessage = 'booked' | 'moved' | 'cancelled' | 'reminder';
export type ReplyAnswer = 'confirmed' | 'reschedule' | 'cancelled' | 'arrived' | 'not_found' | 'not_today' | 'too_late';

/** The facts a message about one visit needs. */
export interface VisitFacts {
  clinicName: string;
  patientName: string;
  serviceName: string;
  providerName: string;
  locationName: string;
  address: string | null;
  startsAt: Date;
  timeZone: string;
  /** The patient's link to see, confirm, move or cancel the visit. */
  link: string;
}

/** Spanish for 'es' and its regional forms ('es-MX'); English for everything else. */
export const languageOf = (language: string | null | undefined): Language => (language?.toLowerCase().startsWith('es') ? 'es' : 'en');

const GMT_OFFSET = /^(GMT|UTC)([+-]|$)/;

/**
 * Formatters by locale, zone and style. Building an Intl.DateTimeFormat costs far more than using
 * one, and a wave of reminders formats the same few zones a hundred thousand times.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, timeZone: string, style: 'short' | 'long' | 'zone'): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${style}`;
  let found = formatters.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions = style === 'zone' ? { timeZone, timeZoneName: 'short' }
      : { timeZone, weekday: style, month: style, day: 'numeric', hour: 'numeric', minute: '2-digit', hourCycle: 'h12' };
    found = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, found);
  }
  return found;
}

const partsOf = (format: Intl.DateTimeFormat, at: Date) =>
  Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value.replace(/[\u00a0\u202f]/g, ' ')])) as Partial<Record<Intl.DateTimeFormatPartTypes, string>>;

/**
 * The zone's short name at that moment ("EDT", "CET"). Locales know different names (en-US knows
 * American zones, en-GB European ones); a zone neither names falls back to its offset ("GMT+9").
 */
export function zoneAbbreviation(at: Date, zone: string): string {
  const names = ['en-US', 'en-GB'].map((locale) => partsOf(formatter(locale, zone, 'zone'), at).timeZoneName ?? 'UTC');
  return names.find((name) => !GMT_OFFSET.test(name)) ?? names[0]!;
}

/**
 * The visit's time on the clinic's wall clock, in the patient's language, with the zone: "Mon, Mar 9, 9:00 AM EDT" /
 * "lunes 9 de marzo, 9:00 a. m. EDT". No-break spaces (ICU's "a. m.") become spaces: they would make a text UCS-2.
 */
export function visitTime(at: Date, zone: string, language: Language): string {
  if (language === 'es') {
    const p = partsOf(formatter('es', zone, 'long'), at);
    return `${p.weekday} ${p.day} de ${p.month}, ${p.hour}:${p.minute} ${p.dayPeriod} ${zoneAbbreviation(at, zone)}`;
  }
  const p = partsOf(formatter('en-US', zone, 'short'), at);
  return `${p.weekday}, ${p.month} ${p.day}, ${p.hour}:${p.minute} ${p.dayPeriod} ${zoneAbbreviation(at, zone)}`;
}

interface Wording {
  sms: (f: VisitFacts, when: string) => string;
  subject: (f: VisitFacts, when: string) => string;
  lead: (f: VisitFacts, when: string) => string;
}

const REMINDER_KEYS = { en: 'Reply C to confirm, R to reschedule, X to cancel.', es: 'Responda C para confirmar, R para cambiar la cita, X para cancelarla.' };

const WORDING: Record<Language, Record<VisitMessage, Wording>> = {
  en: {
    booked: {
      sms: (f, when) => `${f.clinicName}: your ${f.serviceName} with ${f.providerName} is booked for ${when} at ${f.locationName}. Manage it: ${f.link}`,
      subject: (f, when) => `Your appointment on ${when} is booked`,
      lead: (f, when) => `Your ${f.serviceName} with ${f.providerName} is booked for ${when}.`,
    },
    moved: {
      sms: (f, when) => `${f.clinicName}: your ${f.serviceName} has moved to ${when} with ${f.providerName} at ${f.locationName}. Manage it: ${f.link}`,
      subject: (f, when) => `Your appointment has moved to ${when}`,
      lead: (f, when) => `Your ${f.serviceName} has moved. The new time is ${when}, with ${f.providerName}.`,
    },
    cancelled: {
      sms: (f, when) => `${f.clinicName}: your ${f.serviceName} on ${when} is cancelled. To book again: ${f.link}`,
      subject: (f, when) => `Your appointment on ${when} is cancelled`,
      lead: (f, when) => `Your ${f.serviceName} with ${f.providerName} on ${when} is cancelled.`,
    },
    reminder: {
      sms: (f, when) => `${f.clinicName}: reminder of your ${f.serviceName} on ${when} at ${f.locationName}. ${REMINDER_KEYS.en} ${f.link}`,
      subject: (f, when) => `Reminder: your appointment on ${when}`,
      lead: (f, when) => `This is a reminder of your ${f.serviceName} with ${f.providerName} on ${when}.`,
    },
  },
  es: {
    booked: {
      sms: (f, when) => `${f.clinicName}: su cita (${f.serviceName}) con ${f.providerName} es el ${when} en ${f.locationName}. Gestiónela: ${f.link}`,
      subject: (f, when) => `Su cita del ${when} está reservada`,
      lead: (f, when) => `Su cita (${f.serviceName}) con ${f.providerName} está reservada para el ${when}.`,
    },
    moved: {
      sms: (f, when) => `${f.clinicName}: su cita (${f.serviceName}) cambió al ${when} con ${f.providerName} en ${f.locationName}. Gestiónela: ${f.link}`,
      subject: (f, when) => `Su cita cambió al ${when}`,
      lead: (f, when) => `Su cita (${f.serviceName}) cambió de hora. La nueva hora es el ${when}, con ${f.providerName}.`,
    },
    cancelled: {
      sms: (f, when) => `${f.clinicName}: su cita (${f.serviceName}) del ${when} está cancelada. Para pedir otra: ${f.link}`,
      subject: (f, when) => `Su cita del ${when} está cancelada`,
      lead: (f, when) => `Su cita (${f.serviceName}) con ${f.providerName} del ${when} está cancelada.`,
    },
    reminder: {
      sms: (f, when) => `${f.clinicName}: le recordamos su cita (${f.serviceName}) el ${when} en ${f.locationName}. ${REMINDER_KEYS.es} ${f.link}`,
      subject: (f, when) => `Recordatorio: su cita del ${when}`,
      lead: (f, when) => `Le recordamos su cita (${f.serviceName}) con ${f.providerName} el ${when}.`,
    },
  },
};

const EMAIL_TEXT = {
  en: { greeting: (name: string) => `Dear ${name},`, where: 'Where', manage: 'To confirm, reschedule or cancel, open', calendar: 'The attached calendar file adds the visit to your calendar.', bye: 'See you soon,' },
  es: { greeting: (name: string) => `Estimado/a ${name}:`, where: 'Dónde', manage: 'Para confirmar, cambiar o cancelar la cita, abra', calendar: 'El archivo de calendario adjunto añade la cita a su calendario.', bye: 'Hasta pronto,' },
};

/** The text message about a visit. */
export function visitSms(message: VisitMessage, language: Language, facts: VisitFacts): string {
  return WORDING[language][message].sms(facts, visitTime(facts.startsAt, facts.timeZone, language));
}

/** The e-mail about a visit: subject and plain-text body. */
export function visitEmail(message: VisitMessage, language: Language, facts: VisitFacts, options: { calendarAttached: boolean }): { subject: string; body: string } {
  const when = visitTime(facts.startsAt, facts.timeZone, language);
  const wording = WORDING[language][message];
  const text = EMAIL_TEXT[language];
  const place = [facts.locationName, facts.address].filter(Boolean).join(', ');
  // The C / R / X keys are for texts: an e-mail reply reaches a person, so e-mails point to the link.
  const lines = [
    text.greeting(facts.patientName), '', wording.lead(facts, when), '', `${text.where}: ${place}`, '',
    `${text.manage}: ${facts.link}`,
    ...(options.calendarAttached ? ['', text.calendar] : []),
    '', text.bye, facts.clinicName,
  ];
  return { subject: `${facts.clinicName}: ${wording.subject(facts, when)}`, body: lines.join('\n') };
}

const ANSWERS: Record<Language, Record<ReplyAnswer, (clinic: string, when: string) => string>> = {
  en: {
    confirmed: (clinic, when) => `${clinic}: thank you, your appointment on ${when} is confirmed.`,
    reschedule: (clinic, when) => `${clinic}: we will call you to find a new time for your appointment on ${when}.`,
    cancelled: (clinic, when) => `${clinic}: your appointment on ${when} is cancelled. Reply or call us to book again.`,
    arrived: (clinic) => `${clinic}: thank you, you are checked in. Please take a seat; we will call you shortly.`,
    not_found: (clinic) => `${clinic}: we could not find an upcoming appointment for this number. A member of staff will get back to you.`,
    not_today: (clinic) => `${clinic}: we could not find an appointment for you today. A member of staff will get back to you.`,
    too_late: (clinic, when) => `${clinic}: your appointment on ${when} can no longer be changed by text. Please call us.`,
  },
  es: {
    confirmed: (clinic, when) => `${clinic}: gracias, su cita del ${when} está confirmada.`,
    reschedule: (clinic, when) => `${clinic}: le llamaremos para buscar otra hora para su cita del ${when}.`,
    cancelled: (clinic, when) => `${clinic}: su cita del ${when} está cancelada. Responda o llámenos para pedir otra.`,
    arrived: (clinic) => `${clinic}: gracias, ya está registrado/a. Tome asiento; le llamaremos en breve.`,
    not_found: (clinic) => `${clinic}: no encontramos ninguna cita próxima para este número. Una persona del equipo le responderá.`,
    not_today: (clinic) => `${clinic}: no encontramos ninguna cita suya para hoy. Una persona del equipo le responderá.`,
    too_late: (clinic, when) => `${clinic}: su cita del ${when} ya no se puede cambiar por mensaje. Por favor, llámenos.`,
  },
};

/** The answer to a patient's C / R / X / HERE text. */
export function replyAnswer(answer: ReplyAnswer, language: Language, clinicName: string, visit?: { startsAt: Date; timeZone: string }): string {
  const when = visit ? visitTime(visit.startsAt, visit.timeZone, language) : '';
  return ANSWERS[language][answer](clinicName, when);
}
