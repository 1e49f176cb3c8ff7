import { Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle.js';

export function NewReferral() {
  usePageTitle('New referral');
  return (
    <>
      <Title order={1} mb="md">New referral</Title>
      <Text>Being built.</Text>
    </>
  );
}
