import { Type, type Static } from '@sinclair/typebox';
import { NullableTimestamp, OneOf, Timestamp, Uuid } from '../../platform/schemas.js';

/** Request and response schemas of the knowledge base API (/api/knowledge). */
export const KNOWLEDGE_CATEGORIES = ['opening_hours', 'locations', 'parking', 'services', 'prices', 'preparation', 'insurance', 'other'] as const;
export type KnowledgeCategory = (typeof KNOWLEDGE_CATEGORIES)[number];
export const KNOWLEDGE_LANGUAGES = ['en', 'es'] as const;
export type KnowledgeLanguage = (typeof KNOWLEDGE_LANGUAGES)[number];
/** draft: staff see it and search it; published: the assistant may answer with it. */
export const ARTICLE_STATUSES = ['draft', 'published'] as const;

export const TITLE_MAX = 200;
export const BODY_MAX = 10_000;
export const PHRASING_MAX = 200;
export const PHRASINGS_MAX = 30;

const Text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, pattern: '\\S', description });
const Category = OneOf(KNOWLEDGE_CATEGORIES, {
  description: 'opening_hours, locations, parking, services, prices, preparation (instructions before a visit or test), insurance (plans accepted), other',
});
const Language = OneOf(KNOWLEDGE_LANGUAGES, { description: 'en (English) or es (Spanish)' });
const Status = OneOf(ARTICLE_STATUSES, { description: 'draft (staff only) or published (the assistant may answer with it)' });
const Phrasings = Type.Array(Text(PHRASING_MAX, 'a question as patients ask it, or a keyword (not only spaces)'), {
  maxItems: PHRASINGS_MAX, description: 'other ways patients ask for this article, and keywords: searched with the same weight as the title',
});

export const NewArticle = Type.Object({
  title: Text(TITLE_MAX, 'a title that is not only spaces'),
  body: Text(BODY_MAX, 'the answer, plain text or light markdown, not only spaces'),
  category: Category,
  language: Language,
  phrasings: Type.Optional(Phrasings),
  status: Type.Optional(Status),
}, { additionalProperties: false });
export type NewArticle = Static<typeof NewArticle>;

export const ArticleChanges = Type.Object({
  title: Type.Optional(Text(TITLE_MAX, 'a title that is not only spaces')),
  body: Type.Optional(Text(BODY_MAX, 'the answer, plain text or light markdown, not only spaces')),
  category: Type.Optional(Category),
  language: Type.Optional(Language),
  phrasings: Type.Optional(Phrasings),
  status: Type.Optional(Status),
  archived: Type.Optional(Type.Boolean({ description: 'true archives the article (hidden from the list and the assistant), false brings it back' })),
}, { additionalProperties: false, minProperties: 1 });
export type ArticleChanges = Static<typeof ArticleChanges>;

const Person = Type.Union([Type.Object({ id: Type.Union([Uuid, Type.Null()]), name: Type.String() }), Type.Null()]);

export const Article = Type.Object({
  id: Uuid,
  title: Type.String(),
  body: Type.String(),
  category: Category,
  language: Language,
  phrasings: Type.Array(Type.String()),
  status: Status,
  archived: Type.Boolean(),
  archivedAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  updatedBy: Person,
});
export type Article = Static<typeof Article>;

export const ArticleQuery = Type.Object({
  category: Type.Optional(Category),
  language: Type.Optional(Language),
  status: Type.Optional(Status),
  archived: Type.Optional(Type.Boolean({ default: false, description: 'true lists the archived articles instead' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
}, { additionalProperties: false });
export type ArticleQuery = Static<typeof ArticleQuery>;

export const ArticleList = Type.Object({ items: Type.Array(Article), total: Type.Integer() });

const Question = Type.String({ minLength: 1, maxLength: 500, pattern: '\\S', description: 'a question in the patient\'s words (not only spaces)' });

export const SearchQuery = Type.Object({
  q: Question,
  language: Type.Optional(Language),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
}, { additionalProperties: false });
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchHit = Type.Object({
  article: Article,
  score: Type.Number({ description: 'relevance (higher is better; comparable within one search only)' }),
  coverage: Type.Number({ description: 'share of the question\'s words the article matched, 0..1' }),
  strength: Type.Number({ description: 'how closely the words match, per question word: the best field\'s boost (title and phrasings 3, category 1.5, body 1) times 1 for the word itself, 0.45 for a typo, 0.375 for a word beginning' }),
  matched: Type.Array(Type.String(), { description: 'the question\'s words (as the search reads them) this article matched' }),
});
export const SearchResult = Type.Object({
  terms: Type.Array(Type.String(), { description: 'the words the search read in the question: no small words, synonyms folded (e.g. cost -> price)' }),
  hits: Type.Array(SearchHit),
});

export const TryBody = Type.Object({
  question: Question,
  language: Language,
}, { additionalProperties: false });
export type TryBody = Static<typeof TryBody>;

export const KnowledgeAnswerSchema = Type.Object({
  articleId: Uuid, title: Type.String(), body: Type.String(), category: Type.String(), language: Language, score: Type.Number(),
});

export const TryResult = Type.Object({
  answer: Type.Union([KnowledgeAnswerSchema, Type.Null()], { description: 'what the assistant would answer; null: it would say it does not know and hand over to a person' }),
  reason: Type.String({ description: 'why it answers or not, for the staff trying questions' }),
  terms: Type.Array(Type.String()),
  hits: Type.Array(SearchHit, { description: 'the closest published articles (at most 3)' }),
});
