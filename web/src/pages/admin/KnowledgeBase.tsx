import { Title } from '@mantine/core';

export function KnowledgeBase() {
  return <Title order={1}>Knowledge base</Title>;
}
