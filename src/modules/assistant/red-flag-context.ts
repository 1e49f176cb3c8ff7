import { lexicon, mentions, spansOf, type Span } from './red-flag-match.js';
import { foldWord, type Sentence } from './red-flag-text.js';

/**
 * Whether a matched symptom is denied or belongs to the past. Both rules are narrow on purpose:
 * a missed emergency costs far more than an unneeded "call 911", so anything not clearly
 * negated or clearly over counts as current.
 */

const folded = (words: string[]) => new Set(words.map(foldWord));

const NEGATIONS = folded(['not', 'no', 'never', 'without', 'denies', 'deny', 'denied', 'denying', 'nor', 'neither', 'none',
  'sin', 'ni', 'nunca', 'jamas', 'tampoco', 'niega', 'niego', 'negativo', 'negative']);

/** Words that may stand between a negation and what it denies: "don't have ANY chest pain". */
const FILLERS = folded(['have', 'has', 'had', 'having', 'any', 'got', 'get', 'getting', 'feel', 'feeling', 'felt', 'experiencing',
  'experienced', 'a', 'an', 'the', 'really', 'much', 'more', 'anymore', 'been', 'of', 'signs', 'sign', 'symptoms', 'symptom',
  'do', 'does', 'did', 'is', 'am', 'are', 'was', 'were', 'i', 'he', 'she', 'they', 'it', 'this', 'that', 'think', 'believe',
  'currently', 'real', 'tengo', 'tiene', 'tenia', 'tuve', 'tuvo', 'siento', 'sentia', 'senti', 'hay', 'habia', 'ningun',
  'ninguna', 'ninguno', 'nada', 'take', 'taken', 'took', 'estoy', 'esta', 'pensando', 'en', 'thinking', 'about', 'de', 'del', 'me', 'le', 'te', 'se', 'el', 'la', 'los', 'las', 'lo', 'un', 'una', 'ha', 'he',
  'han', 'tenido', 'presenta', 'creo', 'que', 'es', 'sea', 'mas', 'ya', 'ningunos', 'algun', 'alguna']);

/** "no fever OR cough": a negation reaches every item of a list joined by "or". */
const LIST_WORDS = folded(['or', 'o', 'u']);

/** True when a negation clearly governs the match: within its clause, only fillers between. */
export function isNegated(words: Sentence, span: Span): boolean {
  const clause = words[span.start]!.clause;
  const lastClause = words[span.end - 1]!.clause;
  // "my chest doesn't hurt": a negation inside the match, when the match is a single clause.
  if (clause === lastClause && span.gaps.some(([from, to]) => words.slice(from, to).some((word) => NEGATIONS.has(word.text)))) return true;
  let inList = false;
  for (let index = span.start - 1; index >= 0 && index >= span.start - 12; index--) {
    const word = words[index]!;
    if (word.clause !== clause) return false;
    if (NEGATIONS.has(word.text)) return true;
    if (LIST_WORDS.has(word.text)) { inList = true; continue; }
    if (!inList && !FILLERS.has(word.text)) return false;
  }
  return false;
}

const DISTANT_UNITS = lexicon('year', 'years', 'month', 'months', 'week', 'weeks', 'ano', 'anos', 'mes', 'meses', 'semanas', 'semana', 'decade', 'decades', 'while');
const SINCE = lexicon('since', 'desde');
const AGO = lexicon('ago');
const HACE = lexicon('hace');
const PAST_PHRASES = lexicon('last year', 'last month', 'last week', 'last summer', 'last winter', 'last spring', 'last fall',
  'back in', 'history of', 'hx of', 'used to', 'when i was', 'as a kid', 'as a child', 'in the past', 'previous', 'previously',
  'el ano pasado', 'el mes pasado', 'la semana pasada', 'el verano pasado', 'el invierno pasado', 'historial de',
  'antecedentes de', 'antecedente de', 'solia', 'cuando era', 'de nino', 'de nina', 'en el pasado', 'anteriormente',
  'as a teenager', 'as a teen', 'in high school', 'in college', 'de adolescente', 'de joven', 'recovering from', 'recovery from',
  'se recupera de', 'recuperandose de', 'recuperando de', 'survived', 'sobrevivio', 'survivor', 'survivors', 'sobreviviente');

/** Markers that put the symptom of their own clause in the present: "now my face is drooping". */
const PRESENT = lexicon('now', 'right now', 'currently', 'today', 'tonight', 'this morning', 'this afternoon', 'this evening',
  'started', 'starting', 'suddenly', 'keeps', 'still', 'ahora', 'ahorita', 'aun', 'hoy', 'esta manana', 'esta tarde', 'esta noche',
  'actualmente', 'de repente', 'todavia', 'sigue', 'sigo');
/** Markers that bring back whatever the sentence spoke of: "had chest pain last year and now it is back". */
const RECURRING = lexicon('again', 'is back', 'came back', 'coming back', 'its back', 'otra vez', 'de nuevo', 'volvio', 'regreso');
const RECOVERED_NOW = folded(['fine', 'ok', 'okay', 'better', 'good', 'well', 'great', 'bien', 'normal']);

function year(text: string): boolean {
  return /^(19|20)\d\d$/.test(text);
}

/** A clearly distant time in the sentence: "last year", "3 years ago", "hace un año", "in 2019". */
function distantAnchor(words: Sentence): boolean {
  if (mentions(words, PAST_PHRASES)) return true;
  return words.some((word, index) => {
    const before = words.slice(Math.max(0, index - 4), index);
    if (before.some((each) => mentions([each], SINCE))) return false;
    if (year(word.text)) return true;
    if (mentions([word], AGO)) return before.some((each) => mentions([each], DISTANT_UNITS));
    if (mentions([word], HACE)) return words.slice(index + 1, index + 4).some((each) => mentions([each], DISTANT_UNITS));
    return false;
  });
}

/** "now" counts as present unless it says the patient is fine now. */
function presentMarker(clause: Sentence): boolean {
  return spansOf(clause, [PRESENT], 0).some((span) => !(span.start > 0 && RECOVERED_NOW.has(clause[span.start - 1]!.text)));
}

/** True when the match sits in a sentence about the distant past and its own clause has nothing current. */
export function isPastHistory(words: Sentence, span: Span): boolean {
  if (!distantAnchor(words)) return false;
  if (mentions(words, RECURRING)) return false;
  const clause = words.filter((word) => word.clause === words[span.start]!.clause || word.clause === words[span.end - 1]!.clause);
  return !presentMarker(clause);
}
