import { Alert, Title } from '@mantine/core';
import { usePageTitle } from './usePageTitle.js';

export function NoAccess({ permission }: { permission: string }) {
  usePageTitle('No access');
  return (
    <>
      <Title order={1} mb="md">No access</Title>
      <Alert color="orange" title="Your role does not include this page">
        This page needs the “{permission}” permission. Ask an administrator if you need it for your work.
      </Alert>
    </>
  );
}
