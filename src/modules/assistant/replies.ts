import type { AssistantIntent } from '../../db/schema-assistant.js';
import type { Language } from './language.js';

/** What the assistant says, in English and Spanish. Short: a text message should fit in one or two segments. */
const WHAT: Record<AssistantIntent, Record<Language, string>> = {
  book: { en: 'book an appointment', es: 'pedir una cita' },
  reschedule: { en: 'move your appointment', es: 'cambiar su cita' },
  confirm: { en: 'confirm your appointment', es: 'confirmar su cita' },
  cancel: { en: 'cancel your appointment', es: 'cancelar su cita' },
};

export const say = {
  handoff: (l: Language) => l === 'es'
    ? 'Le comunico con una persona del equipo. Le responderán aquí en cuanto puedan.'
    : 'I\'m connecting you to a person from our team. They will answer here as soon as they can.',
  dontKnow: (l: Language) => l === 'es'
    ? 'No lo sé, le comunico con una persona del equipo. Le responderán aquí en cuanto puedan.'
    : 'I don\'t know, connecting you to a person. Someone from our team will answer here as soon as they can.',
  askIdentity: (l: Language, intent: AssistantIntent) => l === 'es'
    ? `Con gusto le ayudo a ${WHAT[intent].es}. Primero, ¿me da su nombre completo y su fecha de nacimiento? (por ejemplo: María López, 04/03/1980)`
    : `I can help you ${WHAT[intent].en}. First, please tell me your full name and date of birth (for example: Maria Lopez, 03/04/1980).`,
  identityRetry: (l: Language) => l === 'es'
    ? 'No encontré un registro con ese nombre y fecha de nacimiento. Inténtelo de nuevo: nombre completo y fecha de nacimiento (día/mes/año).'
    : 'I couldn\'t find a record with that name and date of birth. Please try again: your full name and date of birth (month/day/year).',
  verified: (l: Language, firstName: string) => l === 'es' ? `Gracias, ${firstName}.` : `Thank you, ${firstName}.`,
  chooseService: (l: Language, names: string[]) => (l === 'es' ? '¿Qué tipo de cita necesita? Responda con el número:\n' : 'Which kind of visit do you need? Reply with the number:\n')
    + names.map((n, i) => `${i + 1}. ${n}`).join('\n'),
  offerTimes: (l: Language, service: string, times: string[]) => (l === 'es' ? `Próximos horarios para ${service}. Responda con el número:\n` : `The next free times for ${service}. Reply with the number:\n`)
    + times.map((t, i) => `${i + 1}. ${t}`).join('\n'),
  noTimes: (l: Language, service: string) => l === 'es'
    ? `No hay horarios libres en línea para ${service} en las próximas semanas.`
    : `There are no free times online for ${service} in the coming weeks.`,
  pickNumber: (l: Language, count: number) => l === 'es' ? `Responda con un número del 1 al ${count}, por favor.` : `Please reply with a number from 1 to ${count}.`,
  taken: (l: Language) => l === 'es' ? 'Ese horario ya no está libre.' : 'That time was just taken.',
  booked: (l: Language, service: string, when: string, provider: string) => l === 'es'
    ? `Listo: su cita de ${service} con ${provider} es el ${when}. Le enviaremos la confirmación.`
    : `Done: your ${service} with ${provider} is booked for ${when}. You will get a confirmation.`,
  moved: (l: Language, service: string, when: string) => l === 'es'
    ? `Listo: su cita de ${service} ahora es el ${when}.`
    : `Done: your ${service} is now on ${when}.`,
  confirmed: (l: Language, service: string, when: string) => l === 'es'
    ? `Gracias, su cita de ${service} del ${when} está confirmada.`
    : `Thank you, your ${service} on ${when} is confirmed.`,
  alreadyConfirmed: (l: Language, service: string, when: string) => l === 'es'
    ? `Su cita de ${service} del ${when} ya estaba confirmada.`
    : `Your ${service} on ${when} was already confirmed.`,
  askCancel: (l: Language, service: string, when: string) => l === 'es'
    ? `¿Cancelo su cita de ${service} del ${when}? Responda SÍ para cancelarla o NO para mantenerla.`
    : `Shall I cancel your ${service} on ${when}? Reply YES to cancel it or NO to keep it.`,
  cancelled: (l: Language, service: string, when: string) => l === 'es'
    ? `Su cita de ${service} del ${when} está cancelada.`
    : `Your ${service} on ${when} is cancelled.`,
  kept: (l: Language) => l === 'es' ? 'De acuerdo, su cita se mantiene.' : 'OK, your appointment stays as it is.',
  yesOrNo: (l: Language) => l === 'es' ? 'Responda SÍ o NO, por favor.' : 'Please reply YES or NO.',
  noUpcoming: (l: Language) => l === 'es'
    ? 'No encuentro una cita próxima a su nombre.'
    : 'I can\'t find an upcoming appointment in your name.',
  cannotChange: (l: Language) => l === 'es' ? 'Esa cita ya no se puede cambiar.' : 'That appointment can no longer be changed.',
  anythingElse: (l: Language) => l === 'es' ? '¿Algo más? Escriba "persona" para hablar con el equipo.' : 'Anything else? Write "agent" to talk to a person.',
};
