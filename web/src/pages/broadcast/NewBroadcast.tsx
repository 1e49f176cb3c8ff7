import { Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle.js';

export function NewBroadcast() {
  usePageTitle('New broadcast');
  return (
    <>
      <Title order={1} mb="md">New broadcast</Title>
      <Text>Being built.</Text>
    </>
  );
}
