/**
 * Words and phrases in a patient's free text that signal a complaint, in English and Spanish.
 * Text is folded (lower case, accents removed) before matching, so "Pésimo", "pesimo" and "PÉSIMO"
 * are the same; each pattern matches whole words only ("rude" never matches "prudent").
 */
const COMPLAINT_PATTERNS: { label: string; pattern: RegExp }[] = [
  // English
  { label: 'rude', pattern: /\brude(ly|ness)?\b/ },
  { label: 'disrespectful', pattern: /\bdisrespect(ful|ed)?\b/ },
  { label: 'complaint', pattern: /\bcomplain(t|ts|ed|ing|s)?\b/ },
  { label: 'unacceptable', pattern: /\bunacceptable\b/ },
  { label: 'never again', pattern: /\bnever (coming |going |come |go )?(back )?again\b/ },
  { label: 'terrible', pattern: /\bterrible\b/ },
  { label: 'horrible', pattern: /\bhorrible\b/ },
  { label: 'awful', pattern: /\bawful\b/ },
  { label: 'worst', pattern: /\bworst\b/ },
  { label: 'waited hours', pattern: /\bwait(ed|ing)? (for )?(over |more than )?(\d+ |two |three |several |many )?hours\b/ },
  { label: 'nobody called back', pattern: /\b(nobody|no one|no-one|no body|never) (ever )?(called|call|rang|phoned) (me )?back\b/ },
  { label: 'lawyer', pattern: /\b(lawyers?|attorneys?|suing|lawsuit)\b/ },
  // Spanish
  { label: 'queja', pattern: /\b(quejas?|quejarme|quejare|me quejo)\b/ },
  { label: 'grosero', pattern: /\bgroser(o|a|os|as|ia)\b/ },
  { label: 'maltrato', pattern: /\bmaltrat(o|os|aron|ada|ado|an)\b/ },
  { label: 'inaceptable', pattern: /\binaceptable\b/ },
  { label: 'nunca más', pattern: /\bnunca mas\b/ },
  { label: 'pésimo', pattern: /\bpesim(o|a|os|as)\b/ },
  { label: 'horrible', pattern: /\bhorrorosa?\b/ },
  { label: 'nadie me llamó', pattern: /\bnadie (me )?(llamo|devolvio la llamada|contesto|respondio)\b/ },
  { label: 'esperé horas', pattern: /\bespere (por )?(mas de )?(\d+ |dos |tres |varias |muchas )?horas\b/ },
  { label: 'abogado', pattern: /\b(abogad(o|a|os)|demandar(los|les)?)\b/ },
  { label: 'falta de respeto', pattern: /\bfalta de respeto\b/ },
];

/**
 * A negation just before a word turns it around: "not rude at all", "no complaints",
 * "nothing to complain about", "sin quejas", "no fue grosero". Only the last few words of the
 * same clause count, so "I was not happy, the nurse was rude" still flags "rude".
 */
const NEGATIONS = new Set(['not', 'no', 'never', 'nothing', 'without', 'none', 'nobody', 'sin', 'ni', 'nada', 'nadie', 'nunca', 'tampoco', 'cannot']);
const NEGATION_WINDOW = 3;

/** Lower case, accents removed ("Pésimo" -> "pesimo", "ñ" -> "n"), apostrophes kept. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[’‘`]/g, "'");
}

function negated(clause: string, matchStart: number): boolean {
  const before = clause.slice(0, matchStart).split(/\s+/).filter(Boolean).slice(-NEGATION_WINDOW);
  return before.some((word) => NEGATIONS.has(word) || word.endsWith("n't"));
}

/** The complaint words found in a text (their labels, each once), or an empty list. */
export function complaintWords(text: string): string[] {
  const found = new Set<string>();
  // Clauses end at punctuation: a negation does not reach past a comma or a full stop.
  for (const clause of foldText(text).split(/[.,;:!?¡¿()\n]+/)) {
    const words = clause.replace(/[^a-z0-9'\s-]/g, ' ').replace(/\s+/g, ' ').trim();
    for (const { label, pattern } of COMPLAINT_PATTERNS) {
      const match = pattern.exec(words);
      if (match && !negated(words, match.index)) found.add(label);
    }
  }
  return [...found];
}
