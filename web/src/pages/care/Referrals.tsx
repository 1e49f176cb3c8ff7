import { Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle.js';

export function Referrals() {
  usePageTitle('Referrals');
  return (
    <>
      <Title order={1} mb="md">Referrals</Title>
      <Text>Being built.</Text>
    </>
  );
}
