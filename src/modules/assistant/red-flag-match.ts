import { foldWord, type Sentence } from './red-flag-text.js';

/**
 * A small phrase matcher instead of one large regular expression: a pattern is a few terms
 * (each a list of words or short phrases) that must appear in order, with at most `gap` other
 * words between them. Words are compared folded, and long key words tolerate one typo
 * ("brethe", "sangrnado") through an edit distance, so the vocabulary stays readable.
 */

/** Words shorter than this get no typo tolerance: "pain" must not match "paid". */
const TYPO_MIN_LENGTH = 7;

interface VocabularyWord { text: string; prefix: boolean; exact: boolean }

/** One way of saying a term: consecutive words ("short of breath"). */
type Phrase = VocabularyWord[];

/**
 * `phrases` is every way of saying the term; `byFirstWord` indexes the phrases whose first word
 * can only match exactly, and `loose` holds the rest (prefixes, typo-tolerant long words), so a
 * message word is compared with a handful of phrases instead of all of them.
 */
export interface Lexicon { phrases: Phrase[]; words: Set<string>; byFirstWord: Map<string, Phrase[]>; loose: Phrase[] }

function indexed(phrases: Phrase[]): Lexicon {
  const byFirstWord = new Map<string, Phrase[]>();
  const loose: Phrase[] = [];
  for (const phrase of phrases) {
    const first = phrase[0]!;
    if (first.prefix || (!first.exact && first.text.length >= TYPO_MIN_LENGTH)) loose.push(phrase);
    else byFirstWord.set(first.text, [...(byFirstWord.get(first.text) ?? []), phrase]);
  }
  return { phrases, words: new Set(phrases.flat().map((word) => word.text)), byFirstWord, loose };
}

/**
 * Builds a term from phrases. "suicid*" matches any word starting with "suicid"; "=stroke" is
 * compared exactly (no typo tolerance) where a near neighbour is an everyday word ("stoke").
 */
export function lexicon(...phrases: string[]): Lexicon {
  const built = phrases.map((phrase) => phrase.split(' ').filter(Boolean).map((raw): VocabularyWord => {
    const exact = raw.startsWith('=');
    const prefix = raw.endsWith('*');
    return { text: foldWord(raw.replace(/^=|\*$/g, '')), prefix, exact };
  }));
  return indexed(built);
}

/** Joins lexicons (the same concept in English and Spanish, or a wider concept). */
export function joined(...lexicons: Lexicon[]): Lexicon {
  return indexed(lexicons.flatMap((each) => each.phrases));
}


/** Damerau-Levenshtein (optimal string alignment) distance, stopping early past `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = value;
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
  }
  return rows[a.length]![b.length]!;
}

function wordMatches(word: string, vocabulary: VocabularyWord): boolean {
  if (!word) return false;
  if (vocabulary.prefix) return word.startsWith(vocabulary.text);
  if (word === vocabulary.text) return true;
  if (vocabulary.exact || vocabulary.text.length < TYPO_MIN_LENGTH || word.length < TYPO_MIN_LENGTH - 1) return false;
  // Typos rarely hit the first letter, and requiring it keeps "bleeding" away from "pleading".
  if (word[0] !== vocabulary.text[0]) return false;
  const allowed = vocabulary.text.length >= 11 ? 2 : 1;
  return editDistance(word, vocabulary.text, allowed) <= allowed;
}

/** Ends (exclusive) of every phrase of the lexicon that matches at `start`. */
function phraseEnds(words: Sentence, start: number, term: Lexicon): number[] {
  const ends: number[] = [];
  const first = words[start]!.text;
  if (!first) return ends;
  for (const candidates of [term.byFirstWord.get(first), term.loose]) {
    for (const phrase of candidates ?? []) {
      if (start + phrase.length > words.length) continue;
      if (phrase.every((vocabulary, offset) => wordMatches(words[start + offset]!.text, vocabulary))) ends.push(start + phrase.length);
    }
  }
  return ends;
}

/** Where a pattern matched: the word range, and the ranges of words between its terms. */
export interface Span { start: number; end: number; gaps: [number, number][] }

/** True when some phrase of the lexicon appears anywhere in the sentence. */
export function mentions(words: Sentence, term: Lexicon): boolean {
  return words.some((_, index) => phraseEnds(words, index, term).length > 0);
}

/**
 * Little words that do not count towards a gap: "pain in the middle of my chest" has one word
 * ("middle") between its terms, and so has "dolor muy fuerte en el pecho" ("fuerte").
 */
const LIGHT_WORDS = new Set(['the', 'a', 'an', 'my', 'his', 'her', 'their', 'your', 'our', 'of', 'in', 'on', 'at', 'to', 'is', 'are',
  'was', 'it', 'its', 'this', 'that', 'very', 'so', 'really', 'de', 'el', 'la', 'los', 'las', 'en', 'del', 'al', 'mi', 'mis', 'su',
  'sus', 'un', 'una', 'muy', 'me', 'le', 'se', 'te', 'lo', 'es', 'esta'].map(foldWord));

/** Every place the terms appear in order, with at most `gap` words (little words aside) between them. */
export function spansOf(words: Sentence, terms: Lexicon[], gap: number): Span[] {
  const spans: Span[] = [];
  const extend = (termIndex: number, from: number, start: number, gaps: [number, number][]) => {
    let between = 0;
    for (let position = from; position < words.length && (termIndex === 0 || between <= gap); position++) {
      for (const end of phraseEnds(words, position, terms[termIndex]!)) {
        const spanStart = termIndex === 0 ? position : start;
        const spanGaps: [number, number][] = termIndex === 0 ? [] : [...gaps, [from, position]];
        if (termIndex === terms.length - 1) spans.push({ start: spanStart, end, gaps: spanGaps });
        else extend(termIndex + 1, end, spanStart, spanGaps);
      }
      if (!LIGHT_WORDS.has(words[position]!.text)) between += 1;
    }
  };
  extend(0, 0, 0, []);
  return spans;
}
