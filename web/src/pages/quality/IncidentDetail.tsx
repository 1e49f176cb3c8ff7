import { Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle.js';

export function IncidentDetail() {
  usePageTitle('Incident');
  return (
    <>
      <Title order={1} mb="md">Incident</Title>
      <Text>Being built.</Text>
    </>
  );
}
