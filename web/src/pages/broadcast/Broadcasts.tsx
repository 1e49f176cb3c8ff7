import { Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle.js';

export function Broadcasts() {
  usePageTitle('Broadcasts');
  return (
    <>
      <Title order={1} mb="md">Broadcasts</Title>
      <Text>Being built.</Text>
    </>
  );
}
