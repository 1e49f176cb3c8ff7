import { Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle.js';

export function FmeaList() {
  usePageTitle('FMEA worksheets');
  return (
    <>
      <Title order={1} mb="md">FMEA worksheets</Title>
      <Text>Being built.</Text>
    </>
  );
}
