import MiniSearch from 'minisearch';
import type { KnowledgeCategoryValue, KnowledgeLanguageValue, KnowledgeStatusValue } from '../../db/schema-knowledge.js';
import type { Platform } from '../../platform/platform.js';
import { questionTerms, searchTerms } from './knowledge-text.js';
import * as store from './knowledge-store.js';

/**
 * The full-text index of a clinic's articles, held in this process and rebuilt when the clinic's
 * knowledge version (bumped by every write, in the database) is no longer the one it was built
 * at: several server processes each keep their own copy and none serves a stale one for longer
 * than a request.
 */
export interface IndexedArticle {
  id: string;
  title: string;
  body: string;
  category: KnowledgeCategoryValue;
  language: KnowledgeLanguageValue;
  phrasings: string[];
  status: KnowledgeStatusValue;
}

interface ClinicIndex {
  version: number;
  search: MiniSearch<IndexedArticle>;
  articles: Map<string, IndexedArticle>;
}

export interface KnowledgeHit {
  article: IndexedArticle;
  score: number;
  /** The share of the question's words (0..1) this article matched, exactly, by typo or by prefix. */
  coverage: number;
  matched: string[];
  /**
   * How well the matched words match, independent of how many articles the clinic has (MiniSearch's
   * score grows with the corpus: one article alone scores low on anything): per question word, the
   * boost of the best field it was found in, times 1 for the word itself, 0.45 for a typo, 0.375 for
   * a prefix; averaged over the question's words.
   */
  strength: number;
}

/** Words naming each category, indexed with the article so "parking" finds the parking article even when its text says "garage". */
const CATEGORY_WORDS: Record<KnowledgeCategoryValue, string> = {
  opening_hours: 'hours horario', locations: 'address direccion', parking: 'parking', services: 'services servicios',
  prices: 'price', preparation: 'preparation preparacion', insurance: 'insurance', other: '',
};

/** Field boosts: a patient's question looks most like a title or a phrasing, least like a paragraph of body text. */
const BOOST = { title: 3, phrasings: 3, category: 1.5, body: 1 };
/** Typo tolerance: a fifth of the word's letters (one typo in "parkng", two in a long word); short words must be exact. */
const fuzzy = (term: string) => (term.length >= 4 ? 0.2 : false);
const prefix = (term: string) => term.length >= 4;
const WEIGHT = { exact: 1, fuzzy: 0.45, prefix: 0.375 };

/** See KnowledgeHit.strength. `match`: MiniSearch's article words found, with the fields each was found in. */
function strengthOf(terms: string[], queryTerms: string[], match: Record<string, string[]>): number {
  const fieldBoost = (fields: string[]) => Math.max(...fields.map((field) => BOOST[field as keyof typeof BOOST] ?? 1));
  let total = 0;
  for (const term of new Set(queryTerms)) {
    let best = 0;
    for (const [word, fields] of Object.entries(match)) {
      const weight = word === term ? WEIGHT.exact : word.startsWith(term) ? WEIGHT.prefix : terms.includes(word) ? 0 : WEIGHT.fuzzy;
      best = Math.max(best, weight * fieldBoost(fields));
    }
    total += best;
  }
  return total / terms.length;
}

const indexes = new WeakMap<Platform, Map<string, Promise<ClinicIndex>>>();

function build(articles: IndexedArticle[], version: number): ClinicIndex {
  const search = new MiniSearch<IndexedArticle>({
    fields: ['title', 'phrasings', 'category', 'body'],
    // Each article's text is read in its own language (stop words, synonyms) before MiniSearch sees it.
    extractField: (article, field) => {
      if (field === 'id') return article.id;
      const text = field === 'phrasings' ? article.phrasings.join('\n') : field === 'category' ? CATEGORY_WORDS[article.category] : String(article[field as keyof IndexedArticle]);
      return searchTerms(text, article.language).join(' ');
    },
    tokenize: (text) => text.split(' ').filter(Boolean),
    processTerm: (term) => term,
  });
  search.addAll(articles);
  return { version, search, articles: new Map(articles.map((article) => [article.id, article])) };
}

/** The clinic's index, rebuilt when its knowledge version moved since it was built (one cheap read per call). */
async function clinicIndex(platform: Platform, organizationId: string): Promise<ClinicIndex> {
  let clinics = indexes.get(platform);
  if (!clinics) indexes.set(platform, (clinics = new Map()));
  const version = await store.knowledgeVersion(platform.db, organizationId);
  const cached = clinics.get(organizationId);
  if (cached) {
    const index = await cached.catch(() => null);
    if (index && index.version === version) return index;
  }
  // The version is read before the articles: an index is never labelled newer than what it holds.
  const building = store.searchableArticles(platform.db, organizationId).then((rows) => build(rows, version));
  clinics.set(organizationId, building);
  building.catch(() => { if (clinics.get(organizationId) === building) clinics.delete(organizationId); });
  return building;
}

export interface SearchOptions {
  languages: readonly KnowledgeLanguageValue[];
  publishedOnly: boolean;
  limit: number;
}

/** Articles matching a question, best first; the question is read in its own language. */
export async function searchKnowledge(platform: Platform, organizationId: string, question: string, language: KnowledgeLanguageValue, options: SearchOptions) {
  const terms = questionTerms(question, language);
  if (terms.length === 0) return { terms, hits: [] as KnowledgeHit[] };
  const index = await clinicIndex(platform, organizationId);
  const results = index.search.search(terms.join(' '), {
    boost: BOOST, fuzzy, prefix, combineWith: 'OR',
    tokenize: (text) => text.split(' ').filter(Boolean), processTerm: (term) => term,
    filter: (result) => {
      const article = index.articles.get(String(result.id));
      return !!article && options.languages.includes(article.language) && (!options.publishedOnly || article.status === 'published');
    },
  });
  const hits = results.slice(0, options.limit).map((result): KnowledgeHit => ({
    article: index.articles.get(String(result.id))!,
    score: Math.round(result.score * 100) / 100,
    coverage: new Set(result.queryTerms).size / terms.length,
    matched: [...new Set(result.queryTerms)],
    strength: Math.round(strengthOf(terms, result.queryTerms, result.match) * 100) / 100,
  }));
  return { terms, hits };
}
