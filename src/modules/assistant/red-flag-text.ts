/**
 * Turns a patient's message into words the red-flag vocabulary can be compared with.
 * Chat and SMS text arrives in every shape: "CANT BREATHEEE", "dolor de pésho", "my dad's face".
 * Every word is folded the same way the vocabulary is (lower case, accents gone, repeated letters
 * collapsed so "breeeathe" and "breathe" meet), common SMS short forms are written out, and each
 * word remembers its sentence and clause: negation only reaches within a clause, past-history
 * anchors only within a sentence.
 */

export interface Word {
  /** Folded form; '' for words blanked out by a harmless phrase ("stroke of luck"). */
  text: string;
  clause: number;
  /** Where the word sits in the original message (several words share a written-out short form). */
  start: number;
  end: number;
}

export type Sentence = Word[];

/** Lower case, accents removed ("ñ" → "n"), every run of one letter collapsed to one letter. */
export function foldWord(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/([a-z])\1+/g, '$1');
}

/** SMS and chat short forms, in both languages, written out (keys are compared folded). */
const SHORT_FORMS: Record<string, string> = {
  cant: 'cannot', cnt: 'cannot', cn: 'can', cudnt: 'could not', dont: 'do not', dnt: 'do not', doesnt: 'does not',
  didnt: 'did not', isnt: 'is not', aint: 'is not', wont: 'will not', wasnt: 'was not', werent: 'were not',
  arent: 'are not', havent: 'have not', hasnt: 'has not', hadnt: 'had not', couldnt: 'could not',
  wouldnt: 'would not', shouldnt: 'should not', im: 'i am', ive: 'i have', hes: 'he is', shes: 'she is',
  theyre: 'they are', thats: 'that is', its: 'it is', whats: 'what is', u: 'you', ur: 'your', pls: 'please', plz: 'please',
  bc: 'because', cuz: 'because', cos: 'because', rn: 'right now', idk: 'i do not know', alot: 'a lot',
  lil: 'little', n: 'and', thru: 'through', tonite: 'tonight', '2nite': 'tonight', '2day': 'today', sm: 'so much',
  smth: 'something', abt: 'about', b4: 'before', ppl: 'people', hrs: 'hours', yrs: 'years', yr: 'year',
  q: 'que', k: 'que', ke: 'que', xq: 'porque', pq: 'porque', porq: 'porque', tb: 'tambien', tmb: 'tambien',
  d: 'de', dl: 'del', toy: 'estoy', ta: 'esta', tas: 'estas', ns: 'no se', pa: 'para', porfa: 'por favor',
  xfa: 'por favor', bn: 'bien', muxo: 'mucho', mxo: 'mucho', muxa: 'mucha', kiero: 'quiero', qiero: 'quiero',
  kiere: 'quiere', aki: 'aqui', nd: 'nada', tngo: 'tengo',
};

const FOLDED_SHORT_FORMS = new Map(Object.entries(SHORT_FORMS).map(([from, to]) => [foldWord(from), to.split(' ').map(foldWord)]));

/** Words that end a sentence the way a full stop does: what follows "but" is a new statement. */
const SENTENCE_WORDS = new Set(['but', 'however', 'though', 'although', 'pero', 'aunque', 'sino', 'except'].map(foldWord));
/** Words that start a new clause: a negation before "and" does not reach the symptom after it. */
const CLAUSE_WORDS = new Set(['and', 'y', 'e', 'then', 'luego', 'because', 'porque', 'mientras'].map(foldWord));

/**
 * The message folded one character at a time, remembering where each folded character came from,
 * so a match can be shown to staff in the patient's own words ("cant breath", not "canot breath").
 */
function foldedWithOrigins(text: string): { folded: string; from: number[]; to: number[] } {
  let folded = '';
  const from: number[] = [];
  const to: number[] = [];
  let index = 0;
  for (const character of text) {
    const plain = character.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[’‘`´]/g, "'");
    for (const each of plain) {
      folded += each;
      from.push(index);
      to.push(index + character.length);
    }
    index += character.length;
  }
  return { folded, from, to };
}

// Words (with inner apostrophes: "can't", "dad's"), sentence ends, clause breaks. A hyphen or slash
// between two letters joins rather than breaks ("x-ray", "w/"), so it is simply skipped.
const TOKENS = /[a-z0-9]+(?:'[a-z0-9]+)*|[.!?;\n¿¡]+|(?<![a-z0-9])[-–—]+|[-–—]+(?![a-z0-9])|[,:()"&]+/g;

/** The message as sentences of folded words; punctuation and joining words mark the boundaries. */
export function sentencesOf(text: string): Sentence[] {
  const { folded: prepared, from, to } = foldedWithOrigins(text);
  const sentences: Sentence[] = [];
  let sentence: Sentence = [];
  let clause = 0;
  const endSentence = () => {
    if (sentence.length) sentences.push(sentence);
    sentence = [];
    clause += 1;
  };
  for (const match of prepared.matchAll(TOKENS)) {
    const token = match[0];
    if (/^[.!?;\n¿¡]+$/.test(token)) { endSentence(); continue; }
    if (!/^[a-z0-9]/.test(token)) { clause += 1; continue; }
    const start = from[match.index]!;
    const end = to[match.index + token.length - 1]!;
    const word = foldWord(token.replace(/'/g, ''));
    if (SENTENCE_WORDS.has(word)) { endSentence(); continue; }
    if (CLAUSE_WORDS.has(word)) { clause += 1; continue; }
    const shortForm = word === 'w' && prepared[match.index + 1] === '/' ? ['with'] : FOLDED_SHORT_FORMS.get(word);
    for (const each of shortForm ?? [word]) {
      const previous = sentence[sentence.length - 1];
      // "can not" and "can't" are the same inability, and never a negation of what follows.
      if (each === 'not' && previous?.text === 'can') Object.assign(previous, { text: foldWord('cannot'), end });
      else sentence.push({ text: each, clause, start, end });
    }
  }
  endSentence();
  return sentences;
}
