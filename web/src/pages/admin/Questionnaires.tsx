import { Title } from '@mantine/core';

export function Questionnaires() {
  return <Title order={1}>Pre-visit questionnaires</Title>;
}
