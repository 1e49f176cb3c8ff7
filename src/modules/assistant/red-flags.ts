import { isNegated, isPastHistory } from './red-flag-context.js';
import { mentions, spansOf } from './red-flag-match.js';
import { HARMLESS_PHRASES, PATTERNS } from './red-flag-patterns.js';
import { foldWord, sentencesOf, type Sentence } from './red-flag-text.js';
import { RED_FLAG_KINDS, type RedFlag, type RedFlagKind } from './red-flag-types.js';
import { ALLERGY } from './red-flag-vocabulary.js';

export { redFlagReply } from './red-flag-replies.js';
export { RED_FLAG_KINDS, type RedFlag, type RedFlagKind } from './red-flag-types.js';

/**
 * Recognises a message that describes an emergency now: chest pain, stroke signs, severe
 * bleeding, trouble breathing, suicidal or self-harm intent, overdose or poisoning, anaphylaxis,
 * someone unresponsive or having a seizure.
 * Tuned for recall: a symptom counts unless it is clearly denied in its own clause ("no chest
 * pain") or clearly in the distant past ("had a stroke in 2019"). Deterministic and local, so
 * the decision never depends on a language model or the network.
 */
export function detectRedFlag(text: string): RedFlag | null {
  const sentences = sentencesOf(text).map(blankHarmlessPhrases);
  const everything = sentences.flat();
  let best: { kind: RedFlagKind; matched: string } | null = null;
  for (const pattern of PATTERNS) {
    if (best && rank(pattern.kind) >= rank(best.kind)) continue;
    if (pattern.requires && !mentions(everything, pattern.requires)) continue;
    for (const words of sentences) {
      if (pattern.unless && mentions(words, pattern.unless)) continue;
      const span = spansOf(words, pattern.terms, pattern.gap).find((each) => !isNegated(words, each) && !isPastHistory(words, each));
      if (!span) continue;
      best = { kind: pattern.kind, matched: text.slice(words[span.start]!.start, words[span.end - 1]!.end) };
      break;
    }
  }
  if (!best) return null;
  // Trouble breathing after a sting or a food allergen is anaphylaxis until shown otherwise.
  const kind = best.kind === 'breathing' && mentions(everything, ALLERGY) ? 'anaphylaxis' : best.kind;
  return { kind, language: languageOf(everything), matched: best.matched };
}

function rank(kind: RedFlagKind): number {
  return RED_FLAG_KINDS.indexOf(kind);
}

function blankHarmlessPhrases(words: Sentence): Sentence {
  const blanked = words.map((word) => ({ ...word }));
  for (const span of spansOf(blanked, [HARMLESS_PHRASES], 0)) {
    for (let index = span.start; index < span.end; index++) blanked[index]!.text = '';
  }
  return blanked;
}

const SPANISH = new Set(['el', 'la', 'los', 'las', 'de', 'del', 'que', 'y', 'mi', 'me', 'se', 'es', 'esta', 'estoy', 'por', 'para',
  'con', 'una', 'un', 'muy', 'tengo', 'tiene', 'pero', 'duele', 'no', 'le', 'su', 'hijo', 'hija', 'mama', 'papa', 'puedo',
  'puede', 'al', 'lo', 'ya', 'mucho', 'mucha', 'hace', 'ahora', 'como', 'porque', 'quiero', 'ayuda', 'dolor', 'siento', 'hola', 'muchas', 'muchos', 'voy', 'va', 'tome', 'tomo', 'pastillas', 'pecho', 'respirar',
  'garganta', 'cara', 'brazo', 'sangre', 'sangrando', 'cabeza', 'lengua', 'labios', 'matar', 'vivir', 'morir', 'aire', 'choque',
  'sangrado', 'infarto', 'derrame', 'sobredosis', 'hemorragia', 'anafilactico'].map(foldWord));
const ENGLISH = new Set(['the', 'i', 'my', 'is', 'am', 'to', 'of', 'it', 'in', 'have', 'you', 'can', 'not', 'he', 'she',
  'with', 'for', 'his', 'her', 'are', 'was', 'cannot', 'do', 'and', 'but', 'help', 'pain', 'feel', 'please', 'hi', 'hello', 'on',
  'what', 'just', 'so', 'really', 'like', 'up', 'now', 'out', 'hurts', 'took', 'mom', 'dad', 'son', 'wife', 'husband', 'chest', 'breathe',
  'breath', 'breathing', 'face', 'arm', 'bleeding', 'pills', 'throat', 'tongue', 'lips', 'blood', 'myself', 'die', 'kill'].map(foldWord));

/** The language with more of its common words; ties go to English, the clinic's default. */
function languageOf(words: Sentence): 'en' | 'es' {
  let score = 0;
  for (const { text } of words) {
    if (SPANISH.has(text)) score += 1;
    else if (ENGLISH.has(text)) score -= 1;
  }
  return score > 0 ? 'es' : 'en';
}
