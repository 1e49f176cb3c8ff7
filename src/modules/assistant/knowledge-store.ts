import { sql, type Insertable, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { KnowledgeArticleTable, KnowledgeCategoryValue, KnowledgeLanguageValue, KnowledgeStatusValue } from '../../db/schema-knowledge.js';
import type { Database } from '../../db/schema.js';

/** The knowledge tables (knowledge_articles, knowledge_versions) and nothing else. */
export type Db = Kysely<Database> | Transaction<Database>;
export type ArticleRow = Selectable<KnowledgeArticleTable>;

export interface ArticleFilter {
  category?: KnowledgeCategoryValue | undefined;
  language?: KnowledgeLanguageValue | undefined;
  status?: KnowledgeStatusValue | undefined;
  archived: boolean;
  limit: number;
  offset: number;
}

export const insertArticle = (db: Db, values: Insertable<KnowledgeArticleTable>) =>
  db.insertInto('knowledge_articles').values(values).returningAll().executeTakeFirstOrThrow();

export const findArticle = (db: Db, organizationId: string, id: string) =>
  db.selectFrom('knowledge_articles').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export const findArticles = async (db: Db, organizationId: string, ids: string[]) => ids.length === 0 ? []
  : db.selectFrom('knowledge_articles').selectAll().where('organization_id', '=', organizationId).where('id', 'in', ids).execute();

export const updateArticle = (db: Db, organizationId: string, id: string, changes: Updateable<KnowledgeArticleTable>) =>
  db.updateTable('knowledge_articles').set({ ...changes, updated_at: sql`now()` })
    .where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();

export async function listArticles(db: Db, organizationId: string, filter: ArticleFilter) {
  let query = db.selectFrom('knowledge_articles').where('organization_id', '=', organizationId)
    .where('archived_at', filter.archived ? 'is not' : 'is', null);
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.language) query = query.where('language', '=', filter.language);
  if (filter.status) query = query.where('status', '=', filter.status);
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('category').orderBy('language').orderBy('title').orderBy('id').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Every article the search indexes: not archived, drafts too (staff search them; the assistant answers only from published ones). */
export const searchableArticles = (db: Db, organizationId: string) =>
  db.selectFrom('knowledge_articles').select(['id', 'title', 'body', 'category', 'language', 'phrasings', 'status'])
    .where('organization_id', '=', organizationId).where('archived_at', 'is', null).execute();

/** The clinic's knowledge version (0 before the first write): one indexed read. */
export async function knowledgeVersion(db: Db, organizationId: string): Promise<number> {
  const row = await db.selectFrom('knowledge_versions').select('version').where('organization_id', '=', organizationId).executeTakeFirst();
  return row ? Number(row.version) : 0;
}

/** Marks the clinic's articles changed, in the writing transaction: every process's index of them is now stale. */
export async function bumpKnowledgeVersion(db: Db, organizationId: string): Promise<void> {
  await db.insertInto('knowledge_versions').values({ organization_id: organizationId, version: 1 })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ version: sql`knowledge_versions.version + 1`, updated_at: sql`now()` }))
    .execute();
}
