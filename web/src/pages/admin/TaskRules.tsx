import { Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle.js';

export function TaskRules() {
  usePageTitle('Task rules');
  return (
    <>
      <Title order={1} mb="md">Task rules</Title>
      <Text>Being built.</Text>
    </>
  );
}
