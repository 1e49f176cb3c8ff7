import type { AssistantIntent } from '../../db/schema-assistant.js';

/**
 * What a patient's message asks of the assistant, read with plain patterns in English and Spanish:
 * a person, an appointment change, a choice from a list, yes or no. Anything else is a question for
 * the knowledge base.
 */
const fold = (text: string) => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();

const ASK_FOR_PERSON = [
  /\b(agent|human|representative|operator|receptionist|somebody real|someone real|real person|live person|staff member)\b/,
  /\b(talk|speak|chat) (to|with) (a |an |the |some )?(person|someone|somebody|nurse|doctor|staff|people)\b/,
  /^(a )?(person|human|agent)( please)?[.!]*$/,
  /\b(hablar|comunicarme|comunicar) con (una |un |alguien|el |la )?(persona|humano|agente|alguien|representante|recepcion|enfermer)/,
  /\b(agente|humano|representante|operador(a)?|recepcionista|persona real)\b/,
];
const FRUSTRATION = [
  /\b(useless|pointless|stupid|dumb|ridiculous|terrible|worst|waste of (my )?time|not helpful|unhelpful|(does ?n[o']?t|doesnt|not) (help|work|understand)|you (don'?t|do not) understand|fed up|so annoying)\b/,
  /\b(no sirve|no me (ayuda|entiende|entiendes)|inutil|no entiendes|que mal servicio|harto|harta|perdida de tiempo)\b/,
];

/** "agent", "I want to talk to a person", "hablar con una persona", "this is useless", a shouted message. */
export function asksForPerson(text: string): 'asked' | 'frustrated' | null {
  const folded = fold(text);
  if (ASK_FOR_PERSON.some((pattern) => pattern.test(folded))) return 'asked';
  if (FRUSTRATION.some((pattern) => pattern.test(folded))) return 'frustrated';
  return shouting(text) ? 'frustrated' : null;
}

/** Mostly capitals over a few words ("WHY CAN'T ANYONE ANSWER"): anger, not an acronym. */
function shouting(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  const words = text.trim().split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w));
  if (letters.length < 12 || words.length < 3) return false;
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  return upper / letters.length > 0.8;
}

const VISIT = '(appointment|appt|visit|check-?up|consultation|physical|exam)';
const INTENTS: [AssistantIntent, RegExp[]][] = [
  ['cancel', [
    /\bcancel+(ing|ed)?\b(?!.*\b(policy|policies|fee|fees|charge|charged)\b)/,
    /\b(cancelar|anular)\b(?!.*\b(politica|cargo|multa)\b)/,
  ]],
  ['reschedule', [
    /\bre-?schedul/, /\bre-?book\b/,
    new RegExp(`\\b(move|change|push back|postpone)\\b.*\\b(my|the|our) ${VISIT}`),
    /\b(another|different|later|earlier|new) (time|day|date) for (my|the|our)\b/,
    /\b(cambiar|mover|reprogramar|posponer|aplazar)\b.*\b(mi|la|nuestra) (cita|turno|consulta)\b/, /\breprogramar\b/,
  ]],
  ['confirm', [
    new RegExp(`\\bconfirm(ing)?\\b.*\\b(my|the|our) ${VISIT}`), /^(i )?confirm[.!]*$/, /\bi('| a)?m coming\b/,
    /\bconfirmar\b.*\b(mi|la) (cita|turno|consulta)\b/, /^confirmo[.!]*$/,
  ]],
  ['book', [
    new RegExp(`\\b(book|make|schedule|set up|request)\\b.*\\b${VISIT}`),
    new RegExp(`\\b(need|want|like|get|have)\\b (an? |to (book|make|schedule|get) (an? )?)(new )?${VISIT}`),
    /^book\b/, /\b(see|seen by) (a |the )?(doctor|provider|nurse|physician)\b/,
    /\b(necesito|quiero|quisiera|puedo) (una|un|hacer una|pedir una|sacar una|agendar una|reservar una) (cita|turno|consulta)\b/,
    /\b(agendar|reservar|pedir|sacar|hacer|programar) (una |un )?(cita|turno|consulta)\b/,
  ]],
];

/** The appointment change a message asks for, if any (cancel before reschedule before confirm before book). */
export function appointmentIntent(text: string): AssistantIntent | null {
  const folded = fold(text);
  for (const [intent, patterns] of INTENTS) if (patterns.some((p) => p.test(folded))) return intent;
  return null;
}

const ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, one: 1, two: 2, three: 3, four: 4, five: 5,
  primero: 1, primera: 1, segundo: 2, segunda: 2, tercero: 3, tercera: 3, cuarto: 4, cuarta: 4, quinto: 5, quinta: 5,
  uno: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5,
};

/** "2", "#2", "option 2", "the second one", "la segunda": a number from a list (1-based), or null. */
export function choiceNumber(text: string): number | null {
  const folded = fold(text).replace(/[.!)]+$/, '');
  const digits = /^(?:(?:option|opcion|number|numero|no\.?|#)\s*)?#?(\d{1,2})$/.exec(folded);
  if (digits) return Number(digits[1]);
  const word = /^(?:the |la |el |option |opcion )?([a-z]+)(?: one| option| opcion)?$/.exec(folded);
  return word ? ORDINALS[word[1]!] ?? null : null;
}

export function yesOrNo(text: string): 'yes' | 'no' | null {
  const folded = fold(text).replace(/[.!]+$/, '');
  if (/^(yes|y|yeah|yep|yup|sure|ok|okay|correct|please do|do it|si|claro|por favor|dale|vale|de acuerdo|confirmo)\b/.test(folded)) return 'yes';
  if (/^(no|n|nope|nah|don'?t|do not|keep it|never ?mind|mejor no|no gracias)\b/.test(folded)) return 'no';
  return null;
}
