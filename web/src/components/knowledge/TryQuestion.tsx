import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, List, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { api } from '../../api.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { CATEGORY_LABELS, KNOWLEDGE_LANGUAGE_LABELS, type Article, type KnowledgeLanguage, type TryResult } from '../../types-knowledge.js';

/**
 * "Try a question": what the assistant would answer a patient, from the published articles, or that
 * it would hand over to a person; with the reason and the closest articles, so staff can see which
 * phrasing to add when a question that should find an article does not.
 */
export function TryQuestion({ onOpen }: { onOpen(article: Article): void }) {
  const [question, setQuestion] = useState('');
  const [language, setLanguage] = useState<KnowledgeLanguage>('en');
  const ask = useMutation({ mutationFn: () => api.post<TryResult>('/api/knowledge/try', { question, language }) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (question.trim()) ask.mutate();
  };
  const result = ask.data;
  return (
    <Paper withBorder p="md">
      <Title order={2} fz="lg" mb={4}>Try a question</Title>
      <Text fz="sm" c="gray.7" mb="sm">Ask as a patient would, typos and all: you see what the assistant would answer from the published articles.</Text>
      <form onSubmit={submit} aria-label="Try a question">
        <Group align="flex-end" gap="sm">
          <TextInput label="Question" placeholder="Where can I park?" value={question} onChange={(e) => setQuestion(e.currentTarget.value)} maxLength={500} style={{ flex: 1 }} miw={240} />
          <NativeSelect label="Language" w={140} value={language} onChange={(e) => setLanguage(e.currentTarget.value as KnowledgeLanguage)}
            data={Object.entries(KNOWLEDGE_LANGUAGE_LABELS).map(([value, label]) => ({ value, label }))} />
          <Button type="submit" loading={ask.isPending} disabled={!question.trim()}>Ask</Button>
        </Group>
      </form>
      <Stack gap="sm" mt="md" aria-live="polite" data-testid="try-result">
        <ErrorAlert error={ask.error} title="The question could not be tried" />
        {result && (result.answer ? (
          <Alert color="green" variant="light" title={`The assistant would answer with “${result.answer.title}”`}>
            <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>{result.answer.body}</Text>
            <Text fz="xs" c="gray.7" mt="xs">{result.reason}</Text>
          </Alert>
        ) : (
          <Alert color="gray" variant="light" title="I don't know — would hand over to a person">
            <Text fz="sm">{result.reason}</Text>
          </Alert>
        ))}
        {result && result.hits.length > 0 && (
          <div>
            <Text fz="sm" fw={600}>Closest published articles</Text>
            <List size="sm" spacing={4}>
              {result.hits.map((hit) => (
                <List.Item key={hit.article.id}>
                  <Button variant="subtle" size="compact-sm" px={4} onClick={() => onOpen(hit.article)}>{hit.article.title}</Button>
                  <Badge variant="light" color="gray" size="sm" ml={4}>{CATEGORY_LABELS[hit.article.category]}</Badge>
                  <Text span fz="xs" c="gray.7" ml={6}>score {hit.score} · {Math.round(hit.coverage * 100)}% of the words · strength {hit.strength}</Text>
                </List.Item>
              ))}
            </List>
          </div>
        )}
      </Stack>
    </Paper>
  );
}
