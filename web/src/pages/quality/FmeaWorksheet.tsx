import { Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle.js';

export function FmeaWorksheet() {
  usePageTitle('FMEA worksheet');
  return (
    <>
      <Title order={1} mb="md">FMEA worksheet</Title>
      <Text>Being built.</Text>
    </>
  );
}
