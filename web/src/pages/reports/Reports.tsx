import { Title } from '@mantine/core';

export function Reports() {
  return <Title order={1}>Reports</Title>;
}
