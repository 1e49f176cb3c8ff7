// The shapes of the knowledge base API, taken from the server's schemas as types only (nothing of
// the server reaches the browser bundle, and the two cannot drift apart).
import type { Static } from '@sinclair/typebox';
import type { SearchHit as SearchHitSchema, SearchResult as SearchResultSchema, TryResult as TryResultSchema } from '../../src/modules/assistant/knowledge-schemas.js';
import type { Article, KnowledgeCategory, KnowledgeLanguage } from '../../src/modules/assistant/knowledge-schemas.js';

export type { Article, ArticleChanges, KnowledgeCategory, KnowledgeLanguage, NewArticle } from '../../src/modules/assistant/knowledge-schemas.js';
export type SearchHit = Static<typeof SearchHitSchema>;
export type SearchResult = Static<typeof SearchResultSchema>;
export type TryResult = Static<typeof TryResultSchema>;
export interface ArticleList { items: Article[]; total: number }

/** The categories in the order staff think of them, with their names on screen. */
export const CATEGORY_LABELS: Record<KnowledgeCategory, string> = {
  opening_hours: 'Opening hours', locations: 'Locations', parking: 'Parking', services: 'Services', prices: 'Prices',
  preparation: 'Preparation instructions', insurance: 'Insurance accepted', other: 'Other',
};
export const KNOWLEDGE_LANGUAGE_LABELS: Record<KnowledgeLanguage, string> = { en: 'English', es: 'Spanish' };
export const KNOWLEDGE = 'knowledge';
