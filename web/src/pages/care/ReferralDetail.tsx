import { Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle.js';

export function ReferralDetail() {
  usePageTitle('Referral');
  return (
    <>
      <Title order={1} mb="md">Referral</Title>
      <Text>Being built.</Text>
    </>
  );
}
