import { Title } from '@mantine/core';

export function Responses() {
  return <Title order={1}>Responses</Title>;
}
