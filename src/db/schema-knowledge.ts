import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Defaulted, Timestamp } from './columns.js';

/** Table types of migration 0012_knowledge. */
export type KnowledgeCategoryValue = 'opening_hours' | 'locations' | 'parking' | 'services' | 'prices' | 'preparation' | 'insurance' | 'other';
export type KnowledgeLanguageValue = 'en' | 'es';
export type KnowledgeStatusValue = 'draft' | 'published';

export interface KnowledgeArticleTable {
  id: Generated<string>;
  organization_id: string;
  title: string;
  body: string;
  category: KnowledgeCategoryValue;
  language: KnowledgeLanguageValue;
  phrasings: ColumnType<string[], string[] | undefined, string[]>;
  status: Defaulted<KnowledgeStatusValue>;
  archived_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_by: string | null;
  updated_by_name: string | null;
  updated_at: Timestamp;
}

export interface KnowledgeVersionTable {
  organization_id: string;
  /** Bumped by every write to the clinic's articles: a process holding an older index rebuilds it. */
  version: Defaulted<number>;
  updated_at: Timestamp;
}

export interface KnowledgeTables {
  knowledge_articles: KnowledgeArticleTable;
  knowledge_versions: KnowledgeVersionTable;
}
