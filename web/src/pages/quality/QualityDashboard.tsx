import { Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle.js';

export function QualityDashboard() {
  usePageTitle('Quality dashboard');
  return (
    <>
      <Title order={1} mb="md">Quality dashboard</Title>
      <Text>Being built.</Text>
    </>
  );
}
