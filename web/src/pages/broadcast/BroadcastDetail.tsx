import { Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle.js';

export function BroadcastDetail() {
  usePageTitle('Broadcast');
  return (
    <>
      <Title order={1} mb="md">Broadcast</Title>
      <Text>Being built.</Text>
    </>
  );
}
