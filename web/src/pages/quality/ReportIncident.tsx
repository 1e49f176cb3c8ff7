import { Text, Title } from '@mantine/core';
import { usePageTitle } from '../../components/usePageTitle.js';

export function ReportIncident() {
  usePageTitle('Report an incident');
  return (
    <>
      <Title order={1} mb="md">Report an incident</Title>
      <Text>Being built.</Text>
    </>
  );
}
