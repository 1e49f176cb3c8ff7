import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Drawer, Group, NativeSelect, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { api } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import {
  CATEGORY_LABELS, KNOWLEDGE, KNOWLEDGE_LANGUAGE_LABELS, type Article, type KnowledgeCategory, type KnowledgeLanguage,
} from '../../types-knowledge.js';

interface Draft { title: string; body: string; category: KnowledgeCategory; language: KnowledgeLanguage; phrasings: string; published: boolean }

const draftOf = (article: Article | null): Draft => article
  ? { title: article.title, body: article.body, category: article.category, language: article.language, phrasings: article.phrasings.join('\n'), published: article.status === 'published' }
  : { title: '', body: '', category: 'opening_hours', language: 'en', phrasings: '', published: true };

/** What the API receives: one phrasing per line, blank lines left out. */
const bodyOf = (draft: Draft) => ({
  title: draft.title, body: draft.body, category: draft.category, language: draft.language,
  phrasings: draft.phrasings.split('\n').map((line) => line.trim()).filter(Boolean), status: draft.published ? 'published' : 'draft',
});

interface Props {
  /** 'new' to write one; null: closed. */
  article: Article | 'new' | null;
  canManage: boolean;
  onClose(): void;
}

/** One article: written and edited by those who manage the assistant, read by everyone else. */
export function ArticleDrawer({ article, canManage, onClose }: Props) {
  const title = article === 'new' ? 'New article' : article ? article.title : '';
  return (
    <Drawer opened={article !== null} onClose={onClose} position="right" size="lg" title={title} closeButtonProps={{ 'aria-label': 'Close' }}>
      {article !== null && (canManage
        ? <ArticleForm key={article === 'new' ? 'new' : `${article.id}-${article.updatedAt}`} article={article === 'new' ? null : article} onClose={onClose} />
        : article !== 'new' && <ArticleView article={article} />)}
    </Drawer>
  );
}

function Meta({ article }: { article: Article }) {
  return (
    <Group gap="xs">
      <Badge variant="light" color={article.status === 'published' ? 'green' : 'gray'}>{article.status === 'published' ? 'Published' : 'Draft'}</Badge>
      {article.archived && <Badge variant="light" color="orange">Archived</Badge>}
      <Badge variant="light" color="gray">{CATEGORY_LABELS[article.category]}</Badge>
      <Badge variant="light" color="gray">{KNOWLEDGE_LANGUAGE_LABELS[article.language]}</Badge>
      <Text fz="xs" c="gray.7">Updated {formatDateTime(article.updatedAt)}{article.updatedBy ? ` by ${article.updatedBy.name}` : ''}</Text>
    </Group>
  );
}

function ArticleView({ article }: { article: Article }) {
  return (
    <Stack gap="md" data-testid="article-view">
      <Meta article={article} />
      <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>{article.body}</Text>
      {article.phrasings.length > 0 && (
        <div>
          <Text fz="xs" c="gray.7" fw={600} tt="uppercase">Patients also ask</Text>
          {article.phrasings.map((phrasing) => <Text key={phrasing} fz="sm">{phrasing}</Text>)}
        </div>
      )}
      <Text fz="xs" c="gray.7">Only staff who manage the assistant can change articles.</Text>
    </Stack>
  );
}

function ArticleForm({ article, onClose }: { article: Article | null; onClose(): void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(article));
  const refresh = () => queryClient.invalidateQueries({ queryKey: [KNOWLEDGE] });
  const save = useMutation({
    mutationFn: () => (article ? api.patch<Article>(`/api/knowledge/articles/${article.id}`, bodyOf(draft)) : api.post<Article>('/api/knowledge/articles', bodyOf(draft))),
    onSuccess: async () => { await refresh(); onClose(); },
  });
  const archive = useMutation({
    mutationFn: (archived: boolean) => api.patch<Article>(`/api/knowledge/articles/${article?.id ?? ''}`, { archived }),
    onSuccess: async () => { await refresh(); onClose(); },
  });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const error = (field: string) => fieldError(save.error, field);
  return (
    <form aria-label={article ? `Edit ${article.title}` : 'New article'} onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      <Stack gap="md">
        {article && <Meta article={article} />}
        <TextInput label="Title" required maxLength={200} value={draft.title} onChange={(e) => set('title', e.currentTarget.value)} error={error('title')}
          description="Say it as a patient would ask: “Parking”, “Before a blood test”." />
        <Group grow>
          <NativeSelect label="Category" value={draft.category} onChange={(e) => set('category', e.currentTarget.value as KnowledgeCategory)} error={error('category')}
            data={Object.entries(CATEGORY_LABELS).map(([value, label]) => ({ value, label }))} />
          <NativeSelect label="Language" value={draft.language} onChange={(e) => set('language', e.currentTarget.value as KnowledgeLanguage)} error={error('language')}
            data={Object.entries(KNOWLEDGE_LANGUAGE_LABELS).map(([value, label]) => ({ value, label }))} />
        </Group>
        <Textarea label="Answer" required autosize minRows={5} maxRows={16} maxLength={10_000} value={draft.body} onChange={(e) => set('body', e.currentTarget.value)}
          error={error('body')} description="What the assistant sends. Short paragraphs; a list with “- ” at the start of lines is fine." />
        <Textarea label="Questions patients ask" autosize minRows={3} maxRows={10} value={draft.phrasings} onChange={(e) => set('phrasings', e.currentTarget.value)}
          error={error('phrasings')} description="One per line, in their words (“Where do I leave my car?”), and keywords (“garage”). Searched like the title." />
        <Switch label="Published: the assistant may answer with it" checked={draft.published} onChange={(e) => set('published', e.currentTarget.checked)} />
        <ErrorAlert error={save.error ?? archive.error} title="The article was not saved" />
        <Group justify="space-between">
          <Group gap="xs">
            <Button type="submit" loading={save.isPending}>{article ? 'Save' : 'Create article'}</Button>
            <Button variant="default" onClick={onClose}>Cancel</Button>
          </Group>
          {article && (article.archived
            ? <Button variant="default" loading={archive.isPending} onClick={() => archive.mutate(false)}>Restore</Button>
            : <Button variant="subtle" color="red.9" c="red.9" loading={archive.isPending} onClick={() => archive.mutate(true)}>Archive</Button>)}
        </Group>
      </Stack>
    </form>
  );
}
