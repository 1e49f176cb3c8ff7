import { Paper, Text, Title } from '@mantine/core';
import { usePageTitle } from '../components/usePageTitle.js';

/** Any address inside the console that no page answers. */
export function PageNotFound() {
  usePageTitle('Page not found');
  return (
    <>
      <Title order={1} mb="md">Page not found</Title>
      <Paper withBorder p="lg" maw={720}>
        <Text>There is no page at this address. Use the navigation to find what you need.</Text>
      </Paper>
    </>
  );
}
