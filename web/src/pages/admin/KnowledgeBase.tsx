import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api, query } from '../../api.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { ArticleDrawer } from '../../components/knowledge/ArticleDrawer.js';
import { ArticleGroups } from '../../components/knowledge/ArticleGroups.js';
import { TryQuestion } from '../../components/knowledge/TryQuestion.js';
import {
  CATEGORY_LABELS, KNOWLEDGE, KNOWLEDGE_LANGUAGE_LABELS, type Article, type ArticleList, type KnowledgeCategory, type KnowledgeLanguage, type SearchResult,
} from '../../types-knowledge.js';

/**
 * The knowledge base the assistant answers patients from: articles by category and language, a
 * search, and "Try a question". Everyone who reads the inbox looks answers up here; those who manage
 * the assistant write, edit and archive.
 */
export function KnowledgeBase() {
  usePageTitle('Knowledge base');
  const { can } = useSignedIn();
  const canManage = can('assistant:manage');
  const [category, setCategory] = useState<KnowledgeCategory | ''>('');
  const [language, setLanguage] = useState<KnowledgeLanguage | ''>('');
  const [archived, setArchived] = useState(false);
  const [text, setText] = useState('');
  const [searchText] = useDebouncedValue(text.trim(), 250);
  const [open, setOpen] = useState<Article | 'new' | null>(null);

  const list = useQuery({
    queryKey: [KNOWLEDGE, 'list', category, language, archived],
    queryFn: () => api.get<ArticleList>(`/api/knowledge/articles${query({ category, language, archived: archived || undefined, limit: 500 })}`),
    placeholderData: keepPreviousData,
    enabled: !searchText,
  });
  const search = useQuery({
    queryKey: [KNOWLEDGE, 'search', searchText, language],
    queryFn: () => api.get<SearchResult>(`/api/knowledge/search${query({ q: searchText, language, limit: 50 })}`),
    placeholderData: keepPreviousData,
    enabled: !!searchText,
  });
  // The search ranks all languages' unarchived articles; the category filter applies to its hits too.
  const articles = searchText
    ? (search.data?.hits ?? []).map((hit) => hit.article).filter((article) => !category || article.category === category)
    : list.data?.items ?? [];
  const pending = searchText ? search.isPending : list.isPending;
  const count = `${articles.length} article${articles.length === 1 ? '' : 's'}`;

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Knowledge base</Title>
        {canManage && <Button onClick={() => setOpen('new')}>New article</Button>}
      </Group>
      <Stack gap="lg">
        <Text fz="sm" c="gray.7">
          The self-service assistant answers patients from the published articles here: opening hours, locations, parking, services, prices,
          preparation instructions, insurance. When no article fits well enough it says it does not know and hands the conversation to a person.
        </Text>
        <TryQuestion onOpen={setOpen} />
        <Paper withBorder p="md">
          <Group mb="md" align="flex-end">
            <TextInput label="Search" placeholder="parking, precio, flu shot…" value={text} onChange={(e) => setText(e.currentTarget.value)} w={260} maxLength={500} />
            <NativeSelect label="Category" w={220} value={category} onChange={(e) => setCategory(e.currentTarget.value as KnowledgeCategory | '')}
              data={[{ value: '', label: 'Every category' }, ...Object.entries(CATEGORY_LABELS).map(([value, label]) => ({ value, label }))]} />
            <NativeSelect label="Language" w={160} value={language} onChange={(e) => setLanguage(e.currentTarget.value as KnowledgeLanguage | '')}
              data={[{ value: '', label: 'Both languages' }, ...Object.entries(KNOWLEDGE_LANGUAGE_LABELS).map(([value, label]) => ({ value, label }))]} />
            <Checkbox label="Archived articles" checked={archived} disabled={!!searchText} onChange={(e) => setArchived(e.currentTarget.checked)} mb={8} />
          </Group>
          <ErrorAlert error={searchText ? search.error : list.error} title="The articles could not be loaded" />
          <Text fz="sm" c="gray.7" mb="sm" role="status" aria-live="polite">
            {pending ? 'Loading…' : searchText ? `${count} match “${searchText}”, best first` : articles.length === 0 ? (archived ? 'No archived article.' : 'No article yet.') : count}
          </Text>
          {articles.length > 0 && <ArticleGroups articles={articles} ranked={!!searchText} onOpen={setOpen} />}
        </Paper>
      </Stack>
      <ArticleDrawer article={open} canManage={canManage} onClose={() => setOpen(null)} />
    </>
  );
}
