import { Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle.js';

export function CapaActions() {
  usePageTitle('Corrective and preventive actions');
  return (
    <>
      <Title order={1} mb="md">Corrective and preventive actions</Title>
      <Text>Being built.</Text>
    </>
  );
}
