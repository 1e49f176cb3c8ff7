import type { KnowledgeHit } from './knowledge-search.js';

/**
 * When the assistant may answer with the best article, and when it must say it does not know.
 * Calibrated on the patient questions of test/knowledge.test.ts against the demo clinic's articles:
 * a wrong answer costs more than a hand-over to a person, so every rule errs towards "no".
 */
/** The best article must match this share of the question's words (2 of 2, 2 of 3, 3 of 4, 3 of 5 ...). */
export const MIN_COVERAGE = 0.6;
/**
 * A floor on how strongly the words match (KnowledgeHit.strength, the score threshold that does not
 * move with the number of articles): a word matched only by a typo in the body ("rash" for "cash")
 * is too weak; the word itself in the body, or a typo of it in a title or phrasing, is enough.
 */
export const MIN_STRENGTH = 0.9;
/** When a second article matches as many words, the best must score this many times higher, or it is a guess between the two. */
export const MARGIN = 1.3;

export interface Decision {
  hit: KnowledgeHit | null;
  reason: string;
}

const share = (hit: KnowledgeHit, terms: number) => `${Math.round(hit.coverage * terms)} of ${terms}`;

export function decide(hits: KnowledgeHit[], terms: string[]): Decision {
  if (terms.length === 0) return { hit: null, reason: 'The question has no words the search can use.' };
  const [best, next] = hits;
  if (!best) return { hit: null, reason: 'No published article matches the question.' };
  if (best.coverage < MIN_COVERAGE) {
    return { hit: null, reason: `The closest article ("${best.article.title}") matches only ${share(best, terms.length)} of the question's words.` };
  }
  if (best.strength < MIN_STRENGTH) {
    return { hit: null, reason: `The closest article ("${best.article.title}") matches the question's words only loosely (by typos or word beginnings, in its body).` };
  }
  if (next && next.coverage >= best.coverage && next.score * MARGIN > best.score) {
    return { hit: null, reason: `Two articles fit about equally ("${best.article.title}" and "${next.article.title}"): the assistant would be guessing.` };
  }
  return { hit: best, reason: `"${best.article.title}" matches ${share(best, terms.length)} of the question's words (score ${best.score}).` };
}
