import { notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { iso } from '../../platform/schemas.js';
import { decide } from './knowledge-confidence.js';
import type { Article, ArticleChanges, ArticleQuery, KnowledgeLanguage, NewArticle, SearchQuery, TryBody } from './knowledge-schemas.js';
import { searchKnowledge, type KnowledgeHit } from './knowledge-search.js';
import * as store from './knowledge-store.js';
import type { ArticleRow } from './knowledge-store.js';

/** The clinic's knowledge base: articles staff write, and the answers the assistant takes from them. */
export interface KnowledgeAnswer { articleId: string; title: string; body: string; category: string; language: 'en' | 'es'; score: number }

const other = (language: KnowledgeLanguage): KnowledgeLanguage => (language === 'en' ? 'es' : 'en');
const cleanPhrasings = (phrasings: string[]) => [...new Set(phrasings.map((phrasing) => phrasing.trim()))];

export function presentArticle(row: ArticleRow): Article {
  return {
    id: row.id, title: row.title, body: row.body, category: row.category, language: row.language, phrasings: row.phrasings,
    status: row.status, archived: row.archived_at !== null, archivedAt: iso(row.archived_at),
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by_name ? { id: row.updated_by, name: row.updated_by_name } : null,
  };
}

export async function listArticles(platform: Platform, actor: Actor, query: ArticleQuery) {
  const { rows, total } = await store.listArticles(platform.db, actor.organizationId, {
    category: query.category, language: query.language, status: query.status, archived: query.archived ?? false,
    limit: query.limit ?? 200, offset: query.offset ?? 0,
  });
  return { items: rows.map(presentArticle), total };
}

export async function getArticle(platform: Platform, actor: Actor, id: string): Promise<Article> {
  const row = await store.findArticle(platform.db, actor.organizationId, id);
  if (!row) throw notFound('knowledge article', id);
  return presentArticle(row);
}

const author = (actor: Actor) => ({ updated_by: actor.type === 'user' ? actor.id : null, updated_by_name: actor.label });

export async function createArticle(platform: Platform, actor: Actor, input: NewArticle): Promise<Article> {
  const row = await platform.db.transaction().execute(async (trx) => {
    const inserted = await store.insertArticle(trx, {
      organization_id: actor.organizationId, title: input.title.trim(), body: input.body.trim(), category: input.category, language: input.language,
      phrasings: cleanPhrasings(input.phrasings ?? []), status: input.status ?? 'draft',
      created_by: actor.type === 'user' ? actor.id : null, ...author(actor),
    });
    await store.bumpKnowledgeVersion(trx, actor.organizationId);
    return inserted;
  });
  return presentArticle(row);
}

export async function updateArticle(platform: Platform, actor: Actor, id: string, changes: ArticleChanges): Promise<Article> {
  const row = await platform.db.transaction().execute(async (trx) => {
    const current = await store.findArticle(trx, actor.organizationId, id);
    if (!current) throw notFound('knowledge article', id);
    const archivedAt = changes.archived === undefined ? current.archived_at : changes.archived ? (current.archived_at ?? new Date()) : null;
    const updated = await store.updateArticle(trx, actor.organizationId, id, {
      ...(changes.title !== undefined && { title: changes.title.trim() }),
      ...(changes.body !== undefined && { body: changes.body.trim() }),
      ...(changes.category !== undefined && { category: changes.category }),
      ...(changes.language !== undefined && { language: changes.language }),
      ...(changes.phrasings !== undefined && { phrasings: cleanPhrasings(changes.phrasings) }),
      ...(changes.status !== undefined && { status: changes.status }),
      archived_at: archivedAt, ...author(actor),
    });
    if (!updated) throw notFound('knowledge article', id);
    await store.bumpKnowledgeVersion(trx, actor.organizationId);
    return updated;
  });
  return presentArticle(row);
}

const presentHit = (hit: KnowledgeHit, rows: Map<string, ArticleRow>) => ({
  article: presentArticle(rows.get(hit.article.id)!), score: hit.score, coverage: Math.round(hit.coverage * 100) / 100, strength: hit.strength, matched: hit.matched,
});

/** The hits' full articles, read fresh (the index holds only what it searches). */
async function withRows(platform: Platform, organizationId: string, hits: KnowledgeHit[]) {
  const rows = await store.findArticles(platform.db, organizationId, hits.map((hit) => hit.article.id));
  const found = new Map(rows.map((row) => [row.id, row]));
  return hits.filter((hit) => found.has(hit.article.id)).map((hit) => presentHit(hit, found));
}

/** Staff search: drafts and published articles, in one language or both, ranked. */
export async function searchArticles(platform: Platform, actor: Actor, query: SearchQuery) {
  const language = query.language ?? 'en';
  const { terms, hits } = await searchKnowledge(platform, actor.organizationId, query.q, language, {
    languages: query.language ? [query.language] : ['en', 'es'], publishedOnly: false, limit: query.limit ?? 10,
  });
  return { terms, hits: await withRows(platform, actor.organizationId, hits) };
}

/**
 * The published articles matching a question in its own language and the decision on them; only
 * when that gives no confident answer, the same for the articles in the other language (a
 * Spanish question about something written only in English).
 */
async function consider(platform: Platform, organizationId: string, question: string, language: KnowledgeLanguage) {
  const search = (languages: KnowledgeLanguage[]) => searchKnowledge(platform, organizationId, question, language, { languages, publishedOnly: true, limit: 3 });
  let found = await search([language]);
  let decision = decide(found.hits, found.terms);
  if (!decision.hit && found.terms.length > 0) {
    const elsewhere = await search([other(language)]);
    const fallback = decide(elsewhere.hits, elsewhere.terms);
    if (fallback.hit) [found, decision] = [elsewhere, fallback];
  }
  let answer: KnowledgeAnswer | null = null;
  if (decision.hit) {
    // Read fresh: an article archived or unpublished a moment ago (in another process) is not given.
    const row = await store.findArticle(platform.db, organizationId, decision.hit.article.id);
    if (row && !row.archived_at && row.status === 'published') {
      answer = { articleId: row.id, title: row.title, body: row.body, category: row.category, language: row.language, score: decision.hit.score };
    }
  }
  return { ...found, decision, answer };
}

/**
 * The best published article for a patient's question, only when the search is confident
 * (knowledge-confidence.ts); null means the assistant says "I don't know, connecting you to a person".
 */
export async function answerFromKnowledge(platform: Platform, organizationId: string, question: string, language: 'en' | 'es'): Promise<KnowledgeAnswer | null> {
  return (await consider(platform, organizationId, question, language)).answer;
}

/** What the assistant would answer, with why, for staff trying questions on the knowledge base screen. */
export async function tryQuestion(platform: Platform, actor: Actor, input: TryBody) {
  const { terms, hits, decision, answer } = await consider(platform, actor.organizationId, input.question, input.language);
  return { answer, reason: decision.reason, terms, hits: await withRows(platform, actor.organizationId, hits) };
}
