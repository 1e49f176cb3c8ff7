import { Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle.js';

export function Incidents() {
  usePageTitle('Incidents');
  return (
    <>
      <Title order={1} mb="md">Incidents</Title>
      <Text>Being built.</Text>
    </>
  );
}
