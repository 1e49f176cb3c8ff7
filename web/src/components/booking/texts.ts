// What the patient pages say, in English and Spanish. A patient switches with the toggle at the top;
// the first visit follows the browser's language.
import { useCallback, useEffect, useState } from 'react';

export type Language = 'en' | 'es';

const en = {
  language: 'Language',
  bookTitle: 'Book an appointment',
  loading: 'Loading…',
  service: 'What is the visit for?',
  minutes: (n: number) => `${n} minutes`,
  provider: 'Provider',
  anyProvider: 'Any provider',
  location: 'Location',
  anyLocation: 'Any location',
  zoneIs: (zone: string, id: string) => `Times are in ${zone} (${id}).`,
  zoneDiffers: (here: string) => `Times shown are the clinic's local time; it is ${here} where you are.`,
  freeTimes: 'Free times',
  day: 'Day',
  timesCount: (n: number) => (n === 1 ? '1 time' : `${n} times`),
  noTimes: 'No free times in these days. Try the next week.',
  earlier: 'Earlier days',
  later: 'Later days',
  moreTimes: 'There are more times than shown: pick a provider or a later week.',
  chooseTime: 'Choose a time',
  changeTime: 'Change the time',
  chosen: 'Your time',
  aboutYou: 'About you',
  givenName: 'First name',
  familyName: 'Last name',
  dateOfBirth: 'Date of birth',
  phone: 'Mobile phone',
  phoneHint: 'We text reminders to this number',
  email: 'E-mail',
  contactNeeded: 'Please give a mobile phone or an e-mail so we can reach you.',
  languagePreferred: 'Messages in',
  notes: 'Anything the clinic should know (optional)',
  book: 'Book this time',
  slotTaken: 'Someone just took this time',
  slotTakenHint: 'Please pick one of the next free times:',
  noNewPatients: 'This visit is for patients of the clinic',
  bookFailed: 'The appointment was not booked',
  booked: 'You are booked',
  bookedHint: 'We sent a confirmation. Keep this link to see, confirm, move or cancel your visit:',
  manage: 'Manage your appointment',
  addToCalendar: 'Add to my calendar',
  with: 'With',
  where: 'Where',
  when: 'When',
  what: 'Visit',
  appointmentTitle: 'Your appointment',
  hello: (name: string) => `Hello ${name}`,
  status: {
    booked: 'Booked', confirmed: 'Confirmed', arrived: 'Checked in', in_room: 'With the provider', completed: 'Completed', cancelled: 'Cancelled', no_show: 'Missed',
  } as Record<string, string>,
  confirm: 'Confirm I will come',
  confirmed: 'Thank you, your visit is confirmed.',
  reschedule: 'Reschedule',
  anyProviderToo: 'Show times with other providers too',
  moveTo: (label: string) => `Move my visit to ${label}`,
  moved: 'Done: your visit is moved.',
  cancel: 'Cancel the visit',
  cancelQuestion: 'Cancel this visit?',
  cancelNote: 'Reason (optional)',
  keep: 'Keep it',
  cancelYes: 'Yes, cancel',
  cancelledNote: 'This visit is cancelled. To come another time, book again or call the clinic.',
  checkIn: "I'm here",
  checkInHint: 'When you arrive at the clinic, tap the button to let us know.',
  checkedIn: 'Thank you, you are checked in. Please take a seat: we will call you.',
  questionnaire: 'Before your visit',
  required: 'required',
  yes: 'Yes',
  no: 'No',
  send: 'Send answers',
  answersSaved: 'Thank you, your answers are saved. You can change them until the visit.',
  answered: (when: string) => `Answered ${when}.`,
  pickOne: 'Choose one',
  linkExpired: 'This link has expired',
  linkInvalid: 'This link does not work',
  notFound: 'We could not find this page',
  wait: 'Please wait a moment',
  couldNotOpen: 'We could not open this page',
  callClinic: 'If you need help, please call the clinic.',
  somethingWrong: 'That did not work',
  offerTitle: 'A time opened up for you',
  offerAccept: 'Yes, book this time',
  offerDecline: 'No thanks',
  offerGone: 'Sorry, someone else took this time',
  offerGoneHint: 'You are still on the waiting list: we will tell you when another time opens up.',
  offerAccepted: 'You are booked. We sent you a confirmation.',
  offerDeclined: 'Thank you for telling us. You stay on the waiting list.',
  offerExpires: (when: string) => `This offer is open until ${when}.`,
  privacy: 'This page is private to you: please do not share its link.',
};

export type Texts = typeof en;

const es: Texts = {
  language: 'Idioma',
  bookTitle: 'Pedir una cita',
  loading: 'Cargando…',
  service: '¿Para qué es la visita?',
  minutes: (n) => `${n} minutos`,
  provider: 'Profesional',
  anyProvider: 'Cualquier profesional',
  location: 'Lugar',
  anyLocation: 'Cualquier lugar',
  zoneIs: (zone, id) => `Las horas están en ${zone} (${id}).`,
  zoneDiffers: (here) => `Las horas son las de la clínica; donde usted está son las ${here}.`,
  freeTimes: 'Horas libres',
  day: 'Día',
  timesCount: (n) => (n === 1 ? '1 hora' : `${n} horas`),
  noTimes: 'No hay horas libres en estos días. Pruebe la semana siguiente.',
  earlier: 'Días anteriores',
  later: 'Días siguientes',
  moreTimes: 'Hay más horas de las que se muestran: elija un profesional o una semana posterior.',
  chooseTime: 'Elija una hora',
  changeTime: 'Cambiar la hora',
  chosen: 'Su hora',
  aboutYou: 'Sus datos',
  givenName: 'Nombre',
  familyName: 'Apellido',
  dateOfBirth: 'Fecha de nacimiento',
  phone: 'Teléfono móvil',
  phoneHint: 'Le enviamos recordatorios por mensaje de texto a este número',
  email: 'Correo electrónico',
  contactNeeded: 'Indique un teléfono móvil o un correo electrónico para poder contactarle.',
  languagePreferred: 'Mensajes en',
  notes: 'Algo que la clínica deba saber (opcional)',
  book: 'Reservar esta hora',
  slotTaken: 'Alguien acaba de tomar esta hora',
  slotTakenHint: 'Elija una de las próximas horas libres:',
  noNewPatients: 'Esta visita es para pacientes de la clínica',
  bookFailed: 'La cita no se reservó',
  booked: 'Su cita está reservada',
  bookedHint: 'Le enviamos una confirmación. Guarde este enlace para ver, confirmar, cambiar o cancelar su visita:',
  manage: 'Gestionar su cita',
  addToCalendar: 'Añadir a mi calendario',
  with: 'Con',
  where: 'Dónde',
  when: 'Cuándo',
  what: 'Visita',
  appointmentTitle: 'Su cita',
  hello: (name) => `Hola ${name}`,
  status: {
    booked: 'Reservada', confirmed: 'Confirmada', arrived: 'Registrada su llegada', in_room: 'Con el profesional', completed: 'Terminada', cancelled: 'Cancelada', no_show: 'No asistió',
  },
  confirm: 'Confirmo que iré',
  confirmed: 'Gracias, su visita está confirmada.',
  reschedule: 'Cambiar la hora',
  anyProviderToo: 'Mostrar también horas con otros profesionales',
  moveTo: (label) => `Cambiar mi visita a ${label}`,
  moved: 'Listo: su visita se cambió.',
  cancel: 'Cancelar la visita',
  cancelQuestion: '¿Cancelar esta visita?',
  cancelNote: 'Motivo (opcional)',
  keep: 'Mantenerla',
  cancelYes: 'Sí, cancelar',
  cancelledNote: 'Esta visita está cancelada. Para venir otro día, reserve de nuevo o llame a la clínica.',
  checkIn: 'Ya llegué',
  checkInHint: 'Cuando llegue a la clínica, toque el botón para avisarnos.',
  checkedIn: 'Gracias, su llegada está registrada. Tome asiento: le llamaremos.',
  questionnaire: 'Antes de su visita',
  required: 'obligatorio',
  yes: 'Sí',
  no: 'No',
  send: 'Enviar respuestas',
  answersSaved: 'Gracias, sus respuestas están guardadas. Puede cambiarlas hasta la visita.',
  answered: (when) => `Respondido el ${when}.`,
  pickOne: 'Elija una opción',
  linkExpired: 'Este enlace ha caducado',
  linkInvalid: 'Este enlace no funciona',
  notFound: 'No encontramos esta página',
  wait: 'Espere un momento',
  couldNotOpen: 'No pudimos abrir esta página',
  callClinic: 'Si necesita ayuda, llame a la clínica.',
  somethingWrong: 'No funcionó',
  offerTitle: 'Se liberó una hora para usted',
  offerAccept: 'Sí, reservar esta hora',
  offerDecline: 'No, gracias',
  offerGone: 'Lo sentimos, otra persona tomó esta hora',
  offerGoneHint: 'Sigue en la lista de espera: le avisaremos cuando se libere otra hora.',
  offerAccepted: 'Su cita está reservada. Le enviamos una confirmación.',
  offerDeclined: 'Gracias por avisarnos. Sigue en la lista de espera.',
  offerExpires: (when) => `Esta oferta está abierta hasta ${when}.`,
  privacy: 'Esta página es solo para usted: no comparta su enlace.',
};

const DICTIONARY: Record<Language, Texts> = { en, es };
const STORAGE_KEY = 'careloop.patient-language';

function firstLanguage(): Language {
  try {
    const kept = window.localStorage.getItem(STORAGE_KEY);
    if (kept === 'en' || kept === 'es') return kept;
  } catch {
    // Storage can be blocked (private mode): fall back to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** The page's language, its texts, and the switch (remembered on this device). */
export function usePatientLanguage() {
  const [language, setLanguageState] = useState<Language>(firstLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered: the page still switches.
    }
  }, []);
  return { language, t: DICTIONARY[language], setLanguage };
}

export const localeOf = (language: Language) => (language === 'es' ? 'es-US' : 'en-US');
