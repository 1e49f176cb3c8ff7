import { sql, type Kysely } from 'kysely';

/**
 * The assistant's knowledge base: articles staff write (opening hours, parking, prices, ...) and,
 * per clinic, a version number every write bumps, so each server process knows when the search
 * index it holds in memory is stale (one cheap read) and rebuilds it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table knowledge_articles (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organizations,
      title text not null check (length(btrim(title)) between 1 and 200),
      body text not null check (length(btrim(body)) between 1 and 10000),
      category text not null check (category in ('opening_hours', 'locations', 'parking', 'services', 'prices', 'preparation', 'insurance', 'other')),
      language text not null check (language in ('en', 'es')),
      -- Questions patients ask in their own words, and keywords: searched like the title.
      phrasings text[] not null default '{}',
      status text not null default 'draft' check (status in ('draft', 'published')),
      archived_at timestamptz,
      created_by uuid references users,
      created_at timestamptz not null default now(),
      updated_by uuid references users,
      updated_by_name text,
      updated_at timestamptz not null default now()
    );
    create index knowledge_articles_list on knowledge_articles (organization_id, category, language, title);

    create table knowledge_versions (
      organization_id uuid primary key references organizations,
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table knowledge_versions; drop table knowledge_articles;`.execute(db);
}
