import { Badge, Button, Stack, Table, Text, Title } from '@mantine/core';
import { formatDateTime } from '../../format.js';
import { CATEGORY_LABELS, KNOWLEDGE_LANGUAGE_LABELS, type Article, type KnowledgeCategory } from '../../types-knowledge.js';

interface Group { key: string; heading: string; items: Article[] }

/**
 * Articles under their category's heading, in the categories' usual order (a category without
 * articles is left out); or, for search results, one list in the search's order.
 */
export function ArticleGroups({ articles, ranked = false, onOpen }: { articles: Article[]; ranked?: boolean; onOpen(article: Article): void }) {
  const groups: Group[] = ranked ? [{ key: 'matches', heading: 'Best matches first', items: articles }] : (Object.keys(CATEGORY_LABELS) as KnowledgeCategory[])
    .map((category) => ({ key: category, heading: CATEGORY_LABELS[category], items: articles.filter((article) => article.category === category) }))
    .filter((group) => group.items.length > 0);
  // Fixed widths, so the tables of the categories line up under each other.
  const headings: [string, number | undefined][] = [['Article', undefined], ...(ranked ? [['Category', 200] as [string, number]] : []), ['Language', 110], ['Status', 120], ['Updated', 210]];
  return (
    <Stack gap="lg">
      {groups.map(({ key, heading, items }) => (
        <section key={key} aria-labelledby={`knowledge-${key}`}>
          <Title order={2} fz="md" mb={4} id={`knowledge-${key}`}>{heading} <Text span c="gray.7" fz="sm">({items.length})</Text></Title>
          <Table.ScrollContainer minWidth={640}>
            <Table aria-labelledby={`knowledge-${key}`} striped layout="fixed">
              <Table.Thead>
                <Table.Tr>{headings.map(([h, width]) => <Table.Th key={h} scope="col" w={width}>{h}</Table.Th>)}</Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((article) => (
                  <Table.Tr key={article.id}>
                    <Table.Td>
                      <Button variant="subtle" size="compact-sm" px={4} onClick={() => onOpen(article)}>{article.title}</Button>
                      {article.phrasings.length > 0 && <Text fz="xs" c="gray.7" px={4} lineClamp={1}>{article.phrasings.join(' · ')}</Text>}
                    </Table.Td>
                    {ranked && <Table.Td><Text fz="sm">{CATEGORY_LABELS[article.category]}</Text></Table.Td>}
                    <Table.Td><Text fz="sm">{KNOWLEDGE_LANGUAGE_LABELS[article.language]}</Text></Table.Td>
                    <Table.Td>
                      {article.archived ? <Badge variant="light" color="orange">Archived</Badge>
                        : <Badge variant="light" color={article.status === 'published' ? 'green' : 'gray'}>{article.status === 'published' ? 'Published' : 'Draft'}</Badge>}
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm">{formatDateTime(article.updatedAt)}</Text>
                      {article.updatedBy && <Text fz="xs" c="gray.7">{article.updatedBy.name}</Text>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </section>
      ))}
    </Stack>
  );
}
